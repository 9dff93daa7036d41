package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.hlo.GatherDimensionNumbers;
import dev.torch2jax.hlo.ScatterDimensionNumbers;
import dev.torch2jax.lax.IndexingOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Advanced indexing: {@code x[idx]} ({@code index.Tensor}) and {@code x[idx] = v} ({@code
 * index_put}). Supported: integer index tensors for the leading dimensions (broadcast together,
 * negatives wrap), and for {@code index_put} a boolean mask over the leading dimensions with a
 * value that broadcasts (a mask selecting a data-dependent number of elements cannot be gathered
 * into a static shape).
 */
public final class Indexing {
  private Indexing() {}

  /** {@code self[indices]} for integer index tensors on the leading dimensions. */
  @Implements("aten::index.Tensor")
  public static Array index(Array self, List<Array> indices) {
    int k = leading(indices, "index");
    if (indices.getFirst().dtype() == DType.BOOL) {
      throw new IllegalArgumentException(
          "aten::index.Tensor: boolean-mask indexing gives a data-dependent shape, which XLA"
              + " cannot trace; use torch.where or masked_fill instead");
    }
    Array idx = stackedIndices(self, indices, k);
    long[] ishape = Arrays.copyOf(idx.shape(), idx.ndim() - 1);
    long[] s = self.shape();
    long[] rest = Arrays.copyOfRange(s, k, s.length);
    long[] offsetDims = new long[rest.length];
    Arrays.setAll(offsetDims, i -> ishape.length + i);
    long[] collapsed = new long[k];
    Arrays.setAll(collapsed, i -> i);
    long[] sliceSizes = new long[s.length];
    Arrays.fill(sliceSizes, 0, k, 1);
    System.arraycopy(rest, 0, sliceSizes, k, rest.length);
    GatherDimensionNumbers dn =
        GatherDimensionNumbers.of(offsetDims, collapsed, collapsed.clone(), ishape.length);
    return IndexingOps.gather(self, idx, dn, sliceSizes);
  }

  /** {@code self} with {@code values} written (or added) at {@code indices}. */
  @Implements({"aten::index_put", "aten::index_put_"})
  public static Array indexPut(Array self, List<Array> indices, Array values, boolean accumulate) {
    int k = leading(indices, "index_put");
    Array v = Jnp.astype(values, self.dtype());
    Array first = indices.getFirst();
    if (first.dtype() == DType.BOOL) {
      if (k != 1 || first.ndim() > self.ndim()) {
        throw new IllegalArgumentException(
            "aten::index_put: only one boolean mask over the leading dimensions is supported");
      }
      long[] s = self.shape();
      long[] maskShape = Arrays.copyOf(first.shape(), s.length);
      Arrays.fill(maskShape, first.ndim(), s.length, 1);
      Array mask = Jnp.broadcastTo(ShapeOps.reshape(first, maskShape), s);
      if (v.size() != 1) {
        throw new IllegalArgumentException(
            "aten::index_put: with a boolean mask only a single value is supported (the number"
                + " of selected elements is data-dependent), got values of shape "
                + Arrays.toString(v.shape()));
      }
      Array fill = Jnp.broadcastTo(Jnp.reshape(v), s);
      return accumulate
          ? Jnp.add(self, Jnp.where(mask, fill, Jnp.zerosLike(self)))
          : Jnp.where(mask, fill, self);
    }
    Array idx = stackedIndices(self, indices, k);
    long[] ishape = Arrays.copyOf(idx.shape(), idx.ndim() - 1);
    long[] s = self.shape();
    long[] rest = Arrays.copyOfRange(s, k, s.length);
    long m = Shapes.size(ishape);
    long[] target = new long[ishape.length + rest.length];
    System.arraycopy(ishape, 0, target, 0, ishape.length);
    System.arraycopy(rest, 0, target, ishape.length, rest.length);
    long[] flatUpd = new long[1 + rest.length];
    flatUpd[0] = m;
    System.arraycopy(rest, 0, flatUpd, 1, rest.length);
    Array updates = ShapeOps.reshape(Jnp.broadcastTo(v, target), flatUpd);
    Array flatIdx = ShapeOps.reshape(idx, new long[] {m, k});
    long[] window = new long[rest.length];
    Arrays.setAll(window, i -> i + 1);
    long[] inserted = new long[k];
    Arrays.setAll(inserted, i -> i);
    ScatterDimensionNumbers dn = ScatterDimensionNumbers.of(window, inserted, inserted.clone(), 1);
    return accumulate
        ? IndexingOps.scatterAdd(self, flatIdx, updates, dn)
        : IndexingOps.scatter(self, flatIdx, updates, dn);
  }

  /** The number of leading non-null indices; the rest must be null (not supported otherwise). */
  private static int leading(List<Array> indices, String op) {
    int k = 0;
    while (k < indices.size() && indices.get(k) != null) {
      k++;
    }
    for (int i = k; i < indices.size(); i++) {
      if (indices.get(i) != null) {
        throw new IllegalArgumentException(
            "aten::" + op + ": only index tensors for the leading dimensions are supported");
      }
    }
    if (k == 0) {
      throw new IllegalArgumentException("aten::" + op + ": no index tensor");
    }
    return k;
  }

  /** Integer indices broadcast together, negatives wrapped, stacked on a new last axis (int64). */
  private static Array stackedIndices(Array self, List<Array> indices, int k) {
    if (k > self.ndim()) {
      throw new IndexOutOfBoundsException(
          "too many indices for tensor of dimension " + self.ndim());
    }
    long[] shape = new long[0];
    for (int i = 0; i < k; i++) {
      if (!indices.get(i).dtype().isInteger()) {
        throw new IllegalArgumentException(
            "tensors used as indices must be long, int, byte or bool tensors, got "
                + indices.get(i).dtype().torchName());
      }
      shape = Shapes.broadcast("index", shape, indices.get(i).shape());
    }
    List<Array> parts = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      Array ix = Jnp.broadcastTo(Jnp.astype(indices.get(i), DType.I64), shape);
      Array size = Array.scalar(self.shape()[i]);
      Array zero = Array.scalar(0L);
      ix = Jnp.where(Jnp.less(ix, zero), Jnp.add(ix, size), ix);
      parts.add(ShapeOps.expandDims(ix, new long[] {shape.length}));
    }
    return parts.size() == 1 ? parts.getFirst() : ShapeOps.concatenate(parts, shape.length);
  }
}
