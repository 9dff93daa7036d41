package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;

/**
 * PyTorch's rule for writing a result into a tensor it did not make: an {@code out=} tensor or the
 * {@code self} of an in-place op takes the result cast to its own dtype, where the cast is allowed.
 */
public final class OutTensors {
  private OutTensors() {}

  /**
   * Whether PyTorch casts a {@code from} result into a {@code to} tensor ({@code torch.can_cast}):
   * not a floating-point result into an integer or bool tensor, not a complex result into a real
   * tensor, not a non-bool result into a bool tensor.
   */
  public static boolean canCast(DType from, DType to) {
    if ((from.isFloatingPoint() && !to.isInexact()) || (from.isComplex() && !to.isComplex())) {
      return false;
    }
    return !(from != DType.BOOL && to == DType.BOOL);
  }

  /**
   * {@code result} cast to {@code target}, the dtype of the tensor {@code op} writes it into.
   *
   * @throws IllegalArgumentException when PyTorch refuses the cast (e.g. a float result into an
   *     int64 {@code out=} tensor), saying which dtypes to use instead
   */
  public static Array castTo(String op, Array result, DType target) {
    if (result.dtype() == target) {
      return result;
    }
    if (!canCast(result.dtype(), target)) {
      throw new IllegalArgumentException(
          op
              + ": result type "
              + result.dtype().torchName()
              + " can't be cast to the desired output type "
              + target.torchName()
              + "; pass an output tensor of dtype "
              + result.dtype().torchName()
              + " (or one it casts to)");
    }
    return Jnp.astype(result, target);
  }
}
