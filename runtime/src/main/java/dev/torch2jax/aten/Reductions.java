package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import java.util.Arrays;

/** Reductions. */
public final class Reductions {
  private Reductions() {}

  /** The sum of all elements (integers sum to int64), optionally in {@code dtype}. */
  @Implements("aten::sum")
  public static Array sum(Array self, DType dtype) {
    return Jnp.sum(dtype == null ? self : Jnp.astype(self, dtype));
  }

  /** The sum over {@code dim} (all axes when empty or null), keeping them with {@code keepdim}. */
  @Implements("aten::sum.dim_IntList")
  public static Array sumDims(Array self, long[] dim, boolean keepdim, DType dtype) {
    Array x = dtype == null ? self : Jnp.astype(self, dtype);
    long[] axes = dim == null || dim.length == 0 ? allAxes(x.ndim()) : dim.clone();
    Arrays.sort(axes);
    // Sum the highest axis first so the lower axis numbers stay valid without keepdim.
    Array out = x;
    for (int i = axes.length - 1; i >= 0; i--) {
      out = Jnp.sum(out, (int) axes[i], keepdim);
    }
    return axes.length == 0 ? Jnp.sum(x) : out;
  }

  private static long[] allAxes(int rank) {
    long[] a = new long[rank];
    Arrays.setAll(a, i -> i);
    return a;
  }
}
