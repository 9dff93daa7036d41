package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.lax.ReductionOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * Reductions over a list of axes with {@code keepdim}, as the reduction, normalization and loss
 * overloads use them.
 */
final class AxisReductions {
  private AxisReductions() {}

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
}
