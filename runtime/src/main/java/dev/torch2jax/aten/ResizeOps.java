package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;

/**
 * {@code resize_}: a tensor re-shaped over its storage. The interpreter gives the tensor the new
 * value and shape (it is one of its shape-changing in-place ops).
 */
public final class ResizeOps {
  private ResizeOps() {}

  /**
   * {@code self}'s elements in row-major order laid out in {@code size}: the leading ones when the
   * new size has as many elements or fewer. Growing appends zeros, where PyTorch leaves the new
   * memory uninitialized (any values may appear there).
   */
  @Implements(value = "aten::resize_", ignores = "memory_format")
  public static Array resize(Array self, long[] size) {
    for (long s : size) {
      if (s < 0) {
        throw new IllegalArgumentException(
            "resize_: sizes must be non-negative, got " + Arrays.toString(size));
      }
    }
    if (Arrays.equals(size, self.shape())) {
      return self;
    }
    long want = Shapes.size(size);
    long have = self.size();
    Array flat = ShapeOps.reshape(self, new long[] {have});
    Array kept =
        want <= have
            ? ShapeOps.slice(flat, new long[] {0}, new long[] {want})
            : ShapeOps.pad(
                flat,
                Jnp.scalarOf(0, self.dtype()),
                new long[] {0},
                new long[] {want - have},
                new long[] {0});
    return ShapeOps.reshape(kept, size.clone());
  }
}
