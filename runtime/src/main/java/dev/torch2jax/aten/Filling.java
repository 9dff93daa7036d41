package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import java.util.Arrays;

/**
 * Writing values into a tensor: {@code copy_}, {@code fill_}, {@code zero_}, {@code masked_fill}.
 * Each returns the new value of {@code self} (same shape and dtype); the interpreter rebinds it.
 */
public final class Filling {
  private Filling() {}

  /** Zeros shaped and typed like {@code self}. */
  @Implements("aten::zero")
  public static Array zero(Array self) {
    return Jnp.zerosLike(self);
  }

  private static Array full(Array self, Number value) {
    DType t = self.dtype();
    Array s =
        value instanceof Double || value instanceof Float
            ? Jnp.scalarOf(value.doubleValue(), t)
            : dev.torch2jax.core.DeviceArray.scalar(value.longValue(), t);
    return Jnp.broadcastTo(s, self.shape());
  }

  private static Array broadcastInto(Array self, Array src, String op) {
    try {
      return Jnp.broadcastTo(src, self.shape());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          op
              + ": the source of shape "
              + Arrays.toString(src.shape())
              + " cannot be broadcast to the destination's shape "
              + Arrays.toString(self.shape()),
          e);
    }
  }
}
