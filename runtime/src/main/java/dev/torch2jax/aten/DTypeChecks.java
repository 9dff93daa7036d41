package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;

/**
 * Dtype checks with PyTorch's messages: float-only ops, ops that reject bool, integral alphas,
 * index dtypes.
 */
final class DTypeChecks {
  private DTypeChecks() {}

  /** Throws PyTorch's "not implemented for" error unless {@code x} is floating point. */
  static void requireFloat(String op, Array x) {
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          op + ": not implemented for '" + x.dtype().torchName() + "' (needs a float tensor)");
    }
  }

  /** Throws unless {@code x} is not a bool tensor. */
  static void rejectBool(String op, Array x) {
    if (x.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(op + ": not implemented for 'bool'");
    }
  }

  /** PyTorch's alpha check: no float alpha for integral results, no bool alpha for non-bool. */
  static void checkAlpha(String op, DType t, Number alpha) {
    if (!t.isInexact() && ResultTypes.isFloat(alpha)) {
      throw new IllegalArgumentException(
          op
              + ": for integral input tensors, argument alpha must not be a floating point number"
              + " (got "
              + alpha
              + " for "
              + t.torchName()
              + ")");
    }
  }

  /**
   * Throws unless {@code a} and {@code b} share a dtype; {@code names} says which arguments they
   * are, e.g. {@code "self and source"}.
   */
  static void requireSameDtype(String op, String names, Array a, Array b) {
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException(
          "%s: expected %s to have the same dtype, got %s and %s; convert one of them first"
              .formatted(op, names, a.dtype().torchName(), b.dtype().torchName()));
    }
  }

  /** Throws unless {@code idx} holds integers, naming {@code op}. */
  static void checkIndexDtype(String op, Array idx) {
    if (!idx.dtype().isInteger()) {
      throw new IllegalArgumentException(
          op + ": expected an index tensor of dtype int64, got " + idx.dtype().torchName());
    }
  }
}
