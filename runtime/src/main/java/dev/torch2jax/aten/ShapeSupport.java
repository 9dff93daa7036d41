package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.hlo.GatherDimensionNumbers;
import dev.torch2jax.hlo.ScatterDimensionNumbers;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.IndexingOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Helpers shared by the shape, indexing and creation families: dim wrapping as PyTorch does it,
 * constants, and gathers/scatters written with full coordinate vectors.
 *
 * <p>Index values are data: XLA clamps an out-of-range gather index into range and drops an
 * out-of-range scatter update instead of raising as libtorch does. Negative indices are wrapped
 * where PyTorch wraps them (advanced indexing), nowhere else.
 */
final class ShapeSupport {
  private ShapeSupport() {}

  /** A dim of a tensor of {@code rank}, negatives counted from the end (0-d tensors take 0, -1). */
  static int dim(String op, long d, int rank) {
    int r = Math.max(rank, 1);
    if (d < -r || d >= r) {
      throw new IndexOutOfBoundsException(
          op
              + ": dimension out of range (expected to be in range of ["
              + -r
              + ", "
              + (r - 1)
              + "], but got "
              + d
              + ")");
    }
    return (int) (d < 0 ? d + r : d);
  }

  /** A 0-d constant of {@code dtype} (a bool is true for any nonzero value). */
  static Array constant(Number value, DType dtype) {
    if (dtype == DType.BOOL) {
      return DeviceArray.scalar(value.doubleValue() != 0 ? 1L : 0L, DType.BOOL);
    }
    if (value instanceof Double || value instanceof Float) {
      if (!dtype.isFloatingPoint()) {
        // libtorch casts a float Scalar to an integral dtype by truncation.
        return DeviceArray.scalar((long) value.doubleValue(), dtype);
      }
      return DeviceArray.scalar(value.doubleValue(), dtype);
    }
    return DeviceArray.scalar(value.longValue(), dtype);
  }

  /** {@code value} broadcast to {@code shape}. */
  static Array full(long[] shape, Number value, DType dtype) {
    return ShapeOps.broadcastInDim(constant(value, dtype), shape.clone(), new long[0]);
  }

  /** Counts up from 0 along {@code dim} of {@code shape}; bools go through int32. */
  static Array iota(DType dtype, long[] shape, int dim) {
    if (dtype == DType.BOOL) {
      return ElementwiseOps.convert(ShapeOps.iota(DType.I32, shape.clone(), dim), DType.BOOL);
    }
    return ShapeOps.iota(dtype, shape.clone(), dim);
  }

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

  /** Integer indices as int64, negatives wrapped by {@code size} (as advanced indexing does). */
  static Array wrapNegative(Array idx, long size) {
    Array i = ElementwiseOps.convert(idx, DType.I64);
    long[] s = i.shape();
    Array zero = full(s, 0L, DType.I64);
    Array neg = ElementwiseOps.compare(ComparisonDirection.LT, i, zero);
    return ElementwiseOps.select(neg, ElementwiseOps.add(i, full(s, size, DType.I64)), i);
  }

  /** Throws unless {@code idx} holds integers, naming {@code op}. */
  static void checkIndexDtype(String op, Array idx) {
    if (!idx.dtype().isInteger()) {
      throw new IllegalArgumentException(
          op + ": expected an index tensor of dtype int64, got " + idx.dtype().torchName());
    }
  }

  /**
   * {@code x.index_select(axis, idx)} for an index of any shape: the result is {@code
   * x.shape[:axis] + idx.shape + x.shape[axis+1:]}.
   */
  static Array take(Array x, int axis, Array idx) {
    long[] xs = x.shape();
    long[] is = idx.shape();
    long[] out = replaceAxis(xs, axis, is);
    if (Shapes.size(out) == 0) {
      return full(out, 0L, x.dtype());
    }
    int rank = xs.length;
    long[] offsetDims = new long[rank - 1];
    for (int d = 0, k = 0; d < rank; d++) {
      if (d != axis) {
        offsetDims[k++] = d < axis ? d : d - 1 + is.length;
      }
    }
    long[] sizes = xs.clone();
    sizes[axis] = 1;
    GatherDimensionNumbers dn =
        GatherDimensionNumbers.of(offsetDims, new long[] {axis}, new long[] {axis}, is.length);
    return IndexingOps.gather(x, ElementwiseOps.convert(idx, DType.I64), dn, sizes);
  }

  /**
   * The coordinate vectors ({@code idx.shape + [rank]}, int64) of the elements that {@code gather}
   * and {@code scatter} along {@code axis} touch: {@code idx} at {@code axis}, the position
   * elsewhere.
   */
  static Array coordinates(Array idx, int axis) {
    long[] s = idx.shape();
    int rank = s.length;
    long[] one = Arrays.copyOf(s, rank + 1);
    one[rank] = 1;
    List<Array> parts = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      Array c = d == axis ? ElementwiseOps.convert(idx, DType.I64) : iota(DType.I64, s, d);
      parts.add(ShapeOps.reshape(c, one));
    }
    return ShapeOps.concatenate(parts, rank);
  }

  /** The elements of {@code x} at the coordinate vectors {@code coords} ({@code B + [rank]}). */
  static Array gatherPoints(Array x, Array coords) {
    int rank = x.ndim();
    long[] cs = coords.shape();
    long[] out = Arrays.copyOf(cs, cs.length - 1);
    if (Shapes.size(out) == 0) {
      return full(out, 0L, x.dtype());
    }
    long[] all = new long[rank];
    Arrays.setAll(all, i -> i);
    long[] ones = new long[rank];
    Arrays.fill(ones, 1);
    GatherDimensionNumbers dn = GatherDimensionNumbers.of(new long[0], all, all, cs.length - 1);
    return IndexingOps.gather(x, coords, dn, ones);
  }

  /**
   * {@code x} with {@code updates} (shaped like {@code coords} less its last axis) written, or
   * added with {@code add}, at the coordinate vectors {@code coords}.
   */
  static Array scatterPoints(Array x, Array coords, Array updates, boolean add) {
    if (updates.size() == 0) {
      return x;
    }
    int rank = x.ndim();
    long[] all = new long[rank];
    Arrays.setAll(all, i -> i);
    ScatterDimensionNumbers dn =
        ScatterDimensionNumbers.of(new long[0], all, all, coords.ndim() - 1);
    return add
        ? IndexingOps.scatterAdd(x, coords, updates, dn)
        : IndexingOps.scatter(x, coords, updates, dn);
  }

  /** Throws unless explicit generators are absent: randomness comes from {@link RandomState}. */
  static void noGenerator(String op, Object generator) {
    if (generator != null) {
      throw new UnsupportedOperationException(
          op
              + ": libtorch generators are not supported; set the random key with"
              + " RandomState.withKey");
    }
  }
}
