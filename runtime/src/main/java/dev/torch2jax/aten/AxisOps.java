package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.lax.ShapeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Array ops along one axis or over all axes that skip their no-op cases: permute, move an axis,
 * slice along an axis, insert a size-1 axis, reshape, and a shape with one axis replaced.
 */
final class AxisOps {
  private AxisOps() {}

  /** {@code x} with its axes in {@code perm} order, skipping the identity permutation. */
  static Array permute(Array x, int[] perm) {
    boolean identity = true;
    long[] p = new long[perm.length];
    for (int i = 0; i < perm.length; i++) {
      p[i] = perm[i];
      identity &= perm[i] == i;
    }
    return identity ? x : ShapeOps.transpose(x, p);
  }

  /** Axis {@code from} moved to position {@code to}, the others in order. */
  static Array moveAxis(Array x, int from, int to) {
    int rank = x.ndim();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      if (i != from) {
        order.add(i);
      }
    }
    order.add(to, from);
    return permute(x, order.stream().mapToInt(Integer::intValue).toArray());
  }

  /** Elements {@code start, start+step, ...} below {@code limit} of axis {@code axis}. */
  static Array sliceAxis(Array x, int axis, long start, long limit, long step) {
    long[] shape = x.shape();
    if (start == 0 && limit == shape[axis] && step == 1) {
      return x;
    }
    long[] lo = new long[shape.length];
    long[] hi = shape.clone();
    long[] st = new long[shape.length];
    Arrays.fill(st, 1);
    lo[axis] = start;
    hi[axis] = Math.max(start, limit);
    st[axis] = step;
    return ShapeOps.slice(x, lo, hi, st);
  }

  /** {@code x} reshaped, skipping a no-op. */
  static Array reshape(Array x, long[] shape) {
    return Arrays.equals(x.shape(), shape) ? x : ShapeOps.reshape(x, shape.clone());
  }

  /** {@code shape} with {@code axis} replaced by {@code sizes}. */
  static long[] replaceAxis(long[] shape, int axis, long... sizes) {
    long[] out = new long[shape.length - 1 + sizes.length];
    System.arraycopy(shape, 0, out, 0, axis);
    System.arraycopy(sizes, 0, out, axis, sizes.length);
    System.arraycopy(shape, axis + 1, out, axis + sizes.length, shape.length - axis - 1);
    return out;
  }

  /** {@code x} with a size-1 axis inserted at {@code axis}. */
  static Array unsqueeze(Array x, int axis) {
    long[] s = x.shape();
    long[] out = new long[s.length + 1];
    System.arraycopy(s, 0, out, 0, axis);
    out[axis] = 1;
    System.arraycopy(s, axis, out, axis + 1, s.length - axis);
    return ShapeOps.reshape(x, out);
  }
}
