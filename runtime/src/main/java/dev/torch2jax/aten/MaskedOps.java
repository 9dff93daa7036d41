package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;

/**
 * {@code masked_scatter}: the elements of {@code source}, in order, written where a bool mask
 * holds. Shapes stay static under {@code jit}: the k-th true position (row-major) takes {@code
 * source.flatten()[k]}, k found by a running count of the mask.
 */
public final class MaskedOps {
  private MaskedOps() {}

  /**
   * {@code self} and {@code mask} broadcast together, with the true positions filled from {@code
   * source} in row-major order. {@code source} needs at least as many elements as the mask has true
   * values; eagerly that is checked, under {@code jit} or {@code vmap} extra true positions repeat
   * the last element of {@code source}.
   */
  @Implements("aten::masked_scatter")
  public static Array maskedScatter(Array self, Array mask, Array source) {
    String op = "masked_scatter";
    check(op, self, mask, source);
    long[] shape = Shapes.broadcast(op, self.shape(), mask.shape());
    return scatter(op, Jnp.broadcastTo(self, shape), Jnp.broadcastTo(mask, shape), source);
  }

  /** The in-place form: {@code mask} must broadcast to {@code self}'s shape. */
  @Implements("aten::masked_scatter_")
  public static Array maskedScatterInPlace(Array self, Array mask, Array source) {
    String op = "masked_scatter_";
    check(op, self, mask, source);
    long[] shape = Shapes.broadcast(op, self.shape(), mask.shape());
    if (!Arrays.equals(shape, self.shape())) {
      throw new IllegalArgumentException(
          op
              + ": the mask of shape "
              + Arrays.toString(mask.shape())
              + " must broadcast to self's shape "
              + Arrays.toString(self.shape())
              + "; use the out-of-place masked_scatter to broadcast both");
    }
    return scatter(op, self, Jnp.broadcastTo(mask, shape), source);
  }

  private static Array scatter(String op, Array self, Array mask, Array source) {
    long n = self.size();
    long available = source.size();
    Array flatMask = ShapeOps.reshape(mask, new long[] {n});
    checkCount(op, flatMask, available);
    if (available == 0) {
      return self;
    }
    // The k-th true position reads source[k]; false positions read a clamped, unused index.
    Array rank =
        Jnp.subtract(Jnp.cumsum(Jnp.astype(flatMask, DType.I64), 0), Jnp.scalarOf(1, DType.I64));
    Array index =
        Jnp.minimum(
            Jnp.maximum(rank, Jnp.scalarOf(0, DType.I64)), Jnp.scalarOf(available - 1, DType.I64));
    Array picked = Gathers.take(ShapeOps.reshape(source, new long[] {available}), 0, index);
    Array flatSelf = ShapeOps.reshape(self, new long[] {n});
    return ShapeOps.reshape(Jnp.where(flatMask, picked, flatSelf), self.shape());
  }

  private static void check(String op, Array self, Array mask, Array source) {
    if (mask.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(
          op
              + ": only bool masks are supported, got a mask of dtype "
              + mask.dtype().torchName()
              + "; compare it with 0 (mask != 0) first");
    }
    DTypeChecks.requireSameDtype(op, "self and source", self, source);
  }

  /** Eagerly (a concrete mask), too few source elements are an error as in libtorch. */
  private static void checkCount(String op, Array flatMask, long available) {
    if (!(flatMask instanceof DeviceArray)) {
      return;
    }
    long ones = 0;
    for (boolean b : flatMask.toBooleanArray()) {
      ones += b ? 1 : 0;
    }
    if (ones > available) {
      throw new IllegalArgumentException(
          op
              + ": the mask has "
              + ones
              + " true elements but source has only "
              + available
              + " elements; source needs at least one element per true mask position");
    }
  }
}
