package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.core.Promotion;
import dev.torch2jax.hlo.GatherDimensionNumbers;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.IndexingOps;
import dev.torch2jax.lax.ReductionOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * Helpers shared by the reduction, linear-algebra and neural-network overloads (axes, reductions
 * with {@code keepdim}, constants, taking positions along an axis).
 */
final class NnSupport {
  private NnSupport() {}

  /**
   * {@code dim} as a non-negative axis of a rank-{@code rank} array (a 0-d array accepts 0, -1).
   */
  static int axis(String op, long dim, int rank) {
    int r = Math.max(rank, 1);
    if (dim < -r || dim >= r) {
      throw new IndexOutOfBoundsException(
          op
              + ": dimension out of range (expected to be in range of ["
              + -r
              + ", "
              + (r - 1)
              + "], but got "
              + dim
              + ")");
    }
    return (int) (dim < 0 ? dim + r : dim);
  }

  /** Sorted distinct non-negative axes; {@code null} or empty means all axes. */
  static long[] axes(String op, long[] dims, int rank) {
    if (dims == null || dims.length == 0) {
      long[] all = new long[rank];
      Arrays.setAll(all, i -> i);
      return all;
    }
    boolean[] seen = new boolean[Math.max(rank, 1)];
    for (long d : dims) {
      int a = axis(op, d, rank);
      if (seen[a]) {
        throw new IllegalArgumentException(
            op + ": dim " + a + " appears multiple times in the list of dims");
      }
      seen[a] = true;
    }
    if (rank == 0) {
      return new long[0];
    }
    long[] out = new long[rank];
    int n = 0;
    for (int i = 0; i < rank; i++) {
      if (seen[i]) {
        out[n++] = i;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** {@code op} over {@code axes}; with {@code keepdim} the axes stay with size 1. */
  static Array reduce(BiFunction<Array, long[], Array> op, Array x, long[] axes, boolean keepdim) {
    Array r = op.apply(x, axes);
    return keepdim ? keep(r, x.shape(), axes) : r;
  }

  /** {@code r} reshaped to {@code shape} with {@code axes} set to 1. */
  static Array keep(Array r, long[] shape, long[] axes) {
    long[] kept = shape.clone();
    for (long a : axes) {
      kept[(int) a] = 1;
    }
    return ShapeOps.reshape(r, kept);
  }

  /** The number of elements over {@code axes}. */
  static long count(long[] shape, long[] axes) {
    long n = 1;
    for (long a : axes) {
      n *= shape[(int) a];
    }
    return n;
  }

  /** A 0-d constant of {@code dtype}. */
  static Array scalar(double value, DType dtype) {
    if (dtype == DType.BOOL) {
      return DeviceArray.scalar(value != 0 ? 1L : 0L, dtype);
    }
    return DeviceArray.scalar(dtype.isInexact() ? (Number) value : (Number) (long) value, dtype);
  }

  /** A constant of {@code dtype} and {@code shape} holding {@code data} (row-major). */
  static Array constant(double[] data, DType dtype, long... shape) {
    Array a = Array.of(data, shape);
    // Array.of without a shape is 1-D; a 0-d constant is reshaped explicitly.
    return ElementwiseOps.convert(shape.length == 0 ? ShapeOps.reshape(a, shape) : a, dtype);
  }

  /** An int64 constant of {@code shape} holding {@code data}. */
  static Array longs(long[] data, long... shape) {
    Array a = Array.of(data, shape);
    return shape.length == 0 ? ShapeOps.reshape(a, shape) : a;
  }

  /** {@code x * s} for a Java number, in {@code x}'s dtype. */
  static Array times(Array x, double s) {
    return s == 1 ? x : ElementwiseOps.mul(x, Jnp.broadcastTo(scalar(s, x.dtype()), x.shape()));
  }

  /** {@code x} converted to a floating dtype (integers and bool give float32). */
  static Array floating(Array x) {
    return x.dtype().isInexact() ? x : ElementwiseOps.convert(x, Promotion.DEFAULT_FLOAT);
  }

  /** Rejects non-floating inputs as PyTorch does for ops that only take floats. */
  static void requireFloat(String op, Array x) {
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          op + ": expected a floating-point tensor, got " + x.dtype().torchName());
    }
  }

  /** The sum over {@code axes} in {@code x}'s own dtype. */
  static Array sum(Array x, long[] axes, boolean keepdim) {
    return reduce(ReductionOps::reduceSum, x, axes, keepdim);
  }

  /** The sum of all elements in {@code x}'s own dtype. */
  static Array sumAll(Array x) {
    long[] all = new long[x.ndim()];
    Arrays.setAll(all, i -> i);
    return ReductionOps.reduceSum(x, all);
  }

  /**
   * {@code x} indexed along {@code axis} by the integer array {@code idx} (positions must be in
   * range): the result's shape is {@code x.shape[:axis] + idx.shape + x.shape[axis+1:]}.
   */
  static Array take(Array x, int axis, Array idx) {
    long[] xs = x.shape();
    int ir = idx.ndim();
    long[] sliceSizes = xs.clone();
    sliceSizes[axis] = 1;
    long[] offsetDims = new long[xs.length - 1];
    int n = 0;
    for (int i = 0; i < xs.length; i++) {
      if (i < axis) {
        offsetDims[n++] = i;
      } else if (i > axis) {
        offsetDims[n++] = i - 1 + ir;
      }
    }
    Array ix = ShapeOps.expandDims(ElementwiseOps.convert(idx, DType.I64), new long[] {ir});
    // XLA gathers put batch dims (the index shape) where offset dims are not.
    GatherDimensionNumbers dn =
        GatherDimensionNumbers.of(offsetDims, new long[] {axis}, new long[] {axis}, ir);
    return IndexingOps.gather(x, ix, dn, sliceSizes);
  }

  /** {@code [0, n)} as int64 along {@code dim} of {@code shape}. */
  static Array iota(long[] shape, int dim) {
    return ShapeOps.iota(DType.I64, shape, dim);
  }

  /** The reductions PyTorch names by an int: 0 none, 1 mean, 2 sum. */
  static Array applyReduction(String op, Array loss, long reduction) {
    return switch ((int) reduction) {
      case 0 -> loss;
      case 1 -> Jnp.mean(loss);
      case 2 -> Jnp.sum(loss);
      default -> throw new IllegalArgumentException(op + ": unknown reduction " + reduction);
    };
  }

  /**
   * Normalizes a list for {@code n} spatial dimensions: one entry repeats, empty uses {@code def}.
   */
  static long[] spatial(String op, String what, long[] v, int n, long[] def) {
    if (v == null || v.length == 0) {
      if (def == null) {
        throw new IllegalArgumentException(op + ": " + what + " must not be empty");
      }
      return def.clone();
    }
    if (v.length == 1 && n > 1) {
      long[] out = new long[n];
      Arrays.fill(out, v[0]);
      return out;
    }
    if (v.length != n) {
      throw new IllegalArgumentException(
          op + ": " + what + " must have " + n + " elements, got " + Arrays.toString(v));
    }
    return v.clone();
  }

  /** {@code n} copies of {@code v}. */
  static long[] filled(int n, long v) {
    long[] out = new long[n];
    Arrays.fill(out, v);
    return out;
  }
}
