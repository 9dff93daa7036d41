package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import java.util.Arrays;

/** Matrix products. */
public final class Linalg {
  private Linalg() {}

  /** {@code torch.matmul}: vectors, matrices and broadcast batches. */
  @Implements("aten::matmul")
  public static Array matmul(Array self, Array other) {
    return Jnp.matmul(self, other);
  }

  /** A 2-D by 2-D product. */
  @Implements("aten::mm")
  public static Array mm(Array self, Array mat2) {
    if (self.ndim() != 2 || mat2.ndim() != 2) {
      throw new IllegalArgumentException(
          "aten::mm needs two matrices, got shapes "
              + Arrays.toString(self.shape())
              + " and "
              + Arrays.toString(mat2.shape()));
    }
    return Jnp.matmul(self, mat2);
  }
}
