package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.lax.ShapeOps;
import dev.torch2jax.lax.SortOps;
import java.util.List;

/**
 * Sorting (ATen's Sorting): {@code sort}, {@code argsort} and {@code topk}, with the indices as
 * int64.
 */
public final class Sorting {
  private Sorting() {}

  /**
   * {@code (values, indices)} sorted along {@code dim}; always stable, so the {@code stable} flag
   * changes nothing.
   */
  @Implements(value = "aten::sort aten::sort.stable", ignores = "stable")
  public static List<Array> sort(Array self, long dim, boolean descending) {
    return sortWithIndices("sort", self, dim, descending);
  }

  /** The indices that sort {@code self} along {@code dim}; always stable. */
  @Implements(value = "aten::argsort aten::argsort.stable", ignores = "stable")
  public static Array argsort(Array self, long dim, boolean descending) {
    return sortWithIndices("argsort", self, dim, descending).get(1);
  }

  private static List<Array> sortWithIndices(String op, Array self, long dim, boolean descending) {
    int ax = Dims.wrap(op, dim, self.ndim());
    if (self.ndim() == 0) {
      return List.of(self, Jnp.zeros(new long[0], DType.I64));
    }
    Array idx = ShapeOps.iota(DType.I64, self.shape(), ax);
    List<Array> r = SortOps.sort(List.of(self, idx), ax, true, 1, descending);
    return List.of(r.get(0), r.get(1));
  }

  /** The {@code k} largest (or smallest) along {@code dim}, sorted, with their indices. */
  @Implements(value = "aten::topk", ignores = "sorted")
  public static List<Array> topk(Array self, long k, long dim, boolean largest) {
    int ax = Dims.wrap("topk", dim, self.ndim());
    long n = self.ndim() == 0 ? 1 : self.shape()[ax];
    if (k < 0 || k > n) {
      throw new IllegalArgumentException(
          "topk: selected index k out of range (k=" + k + ", size " + n + ")");
    }
    if (self.ndim() == 0) {
      return List.of(self, Jnp.zeros(new long[0], DType.I64));
    }
    List<Array> s = sortWithIndices("topk", self, ax, largest);
    long[] start = new long[self.ndim()];
    long[] limit = self.shape();
    limit[ax] = k;
    return List.of(ShapeOps.slice(s.get(0), start, limit), ShapeOps.slice(s.get(1), start, limit));
  }
}
