package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;

/**
 * Forwarders left for {@link Attention}, which another change is rewriting: once that has landed,
 * its calls go to {@link DTypeChecks}, {@link Constants} directly and this class goes.
 */
final class NnSupport {
  private NnSupport() {}

  static void requireFloat(String op, Array x) {
    DTypeChecks.requireFloat(op, x);
  }

  static Array times(Array x, double s) {
    return Constants.times(x, s);
  }

  static Array iota(long[] shape, int dim) {
    return Constants.iota(DType.I64, shape, dim);
  }

  static Array scalar(double value, DType dtype) {
    return Constants.scalar(value, dtype);
  }
}
