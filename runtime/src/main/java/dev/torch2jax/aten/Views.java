package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import java.util.Arrays;

/** Shape and view overloads (views are values here: the interpreter functionalizes mutation). */
public final class Views {
  private Views() {}

  /** The same elements in {@code shape} (one -1 inferred). */
  @Implements({"aten::reshape", "aten::view"})
  public static Array reshape(Array self, long[] shape) {
    return Jnp.reshape(self, shape);
  }

  /** Axes reordered by {@code dims}. */
  @Implements("aten::permute")
  public static Array permute(Array self, long[] dims) {
    return Jnp.transpose(self, dims);
  }

  /** The transpose of a matrix (vectors and scalars unchanged). */
  @Implements("aten::t")
  public static Array t(Array self) {
    if (self.ndim() > 2) {
      throw new IllegalArgumentException(
          "aten::t expects a tensor with at most 2 dimensions, got shape "
              + Arrays.toString(self.shape()));
    }
    return Jnp.transpose(self);
  }

  /** {@code x.T}: every dim reversed. */
  @Implements("aten::numpy_T")
  public static Array numpyT(Array self) {
    return Jnp.transpose(self);
  }

  /** Broadcast to {@code size}; -1 keeps a dimension. */
  @Implements("aten::expand")
  public static Array expand(Array self, long[] size, boolean implicit) {
    long[] target = size.clone();
    long[] s = self.shape();
    int offset = target.length - s.length;
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1) {
        if (i < offset) {
          throw new IllegalArgumentException(
              "aten::expand: -1 is not allowed for the new leading dimension "
                  + i
                  + " in "
                  + Arrays.toString(size));
        }
        target[i] = s[i - offset];
      }
    }
    return Jnp.broadcastTo(self, target);
  }
}
