package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.ConcretizationException;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.hlo.GatherDimensionNumbers;
import dev.torch2jax.hlo.ScatterDimensionNumbers;
import dev.torch2jax.lax.DynamicSliceOps;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.IndexingOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Selection: slices, select, narrow, index_select, advanced indexing ({@code index.Tensor}, {@code
 * index_put}), the {@code *_scatter} inverses of views, {@code take} and {@code nonzero}.
 *
 * <p>Differences from libtorch: index values are data, so an out-of-range index is clamped (gather)
 * or dropped (scatter) as XLA does instead of raising; bool masks in {@code index.Tensor} and
 * {@code nonzero} give data-dependent shapes, so they need concrete values (eager, not under jit or
 * vmap). {@code index_put} with a bool mask and values that broadcast over the selected elements
 * (the {@code x[mask] = v} pattern) is a select and traces fine.
 */
public final class Selection {
  private Selection() {}

  /** {@code self[start:end:step]} along {@code dim}, Python's clamping rules, positive step. */
  @Implements("aten::slice.Tensor aten::slice_copy.Tensor")
  public static Array slice(Array self, long dim, Long start, Long end, long step) {
    if (self.ndim() == 0) {
      throw new IllegalArgumentException("slice() cannot be applied to a 0-dim tensor.");
    }
    int d = Dims.wrap("slice", dim, self.ndim());
    long[] b = ViewOps.sliceBounds(self.shape()[d], start, end, step);
    return AxisOps.sliceAxis(self, d, b[0], b[1], step);
  }

  /** Element {@code index} along {@code dim}, which disappears. */
  @Implements("aten::select.int aten::select_copy.int")
  public static Array select(Array self, long dim, long index) {
    if (self.ndim() == 0) {
      throw new IndexOutOfBoundsException("select() cannot be applied to a 0-dim tensor.");
    }
    int d = Dims.wrap("select", dim, self.ndim());
    long n = self.shape()[d];
    if (index < -n || index >= n) {
      throw new IndexOutOfBoundsException(
          "select(): index "
              + index
              + " out of range for tensor of size "
              + Shapes.str(self.shape())
              + " at dimension "
              + d);
    }
    long i = index < 0 ? index + n : index;
    long[] rest = AxisOps.replaceAxis(self.shape(), d);
    return ShapeOps.reshape(AxisOps.sliceAxis(self, d, i, i + 1, 1), rest);
  }

  /**
   * {@code length} elements from {@code start} (negative counts from the end) along {@code dim}.
   */
  @Implements("aten::narrow aten::narrow_copy")
  public static Array narrow(Array self, long dim, long start, long length) {
    if (self.ndim() == 0) {
      throw new IllegalArgumentException("narrow() cannot be applied to a 0-dim tensor.");
    }
    int d = Dims.wrap("narrow", dim, self.ndim());
    long n = self.shape()[d];
    if (start < -n || start > n) {
      throw new IndexOutOfBoundsException(
          "start out of range (expected to be in range of ["
              + -n
              + ", "
              + n
              + "], but got "
              + start
              + ")");
    }
    long s = start < 0 ? start + n : start;
    if (length < 0 || s + length > n) {
      throw new IllegalArgumentException(
          "start (" + s + ") + length (" + length + ") exceeds dimension size (" + n + ").");
    }
    return AxisOps.sliceAxis(self, d, s, s + length, 1);
  }

  /**
   * {@code narrow} with the start in a 0-d integer tensor (traceable: a dynamic slice, so a start
   * too large is clamped as XLA does rather than raising).
   */
  @Implements("aten::narrow.Tensor")
  public static Array narrowTensor(Array self, long dim, Array start, long length) {
    int d = Dims.wrap("narrow", dim, self.ndim());
    long n = self.shape()[d];
    if (start.ndim() != 0 || !start.dtype().isInteger()) {
      throw new IllegalArgumentException(
          "start must be an 0-dim integral Tensor, got "
              + start.dtype().torchName()
              + Shapes.str(start.shape()));
    }
    if (length < 0 || length > n) {
      throw new IllegalArgumentException(
          "narrow: length " + length + " exceeds dimension size " + n);
    }
    Array s = Gathers.wrapNegative(start, n);
    List<Array> starts = new ArrayList<>();
    for (int i = 0; i < self.ndim(); i++) {
      starts.add(i == d ? s : Constants.scalar(0L, DType.I64));
    }
    long[] sizes = self.shape();
    sizes[d] = length;
    return DynamicSliceOps.dynamicSlice(self, starts, sizes);
  }

  /** The slices at positions {@code index} (1-d or 0-d) along {@code dim}. */
  @Implements("aten::index_select")
  public static Array indexSelect(Array self, long dim, Array index) {
    DTypeChecks.checkIndexDtype("index_select", index);
    if (index.ndim() > 1) {
      throw new IllegalArgumentException("index_select(): Index is supposed to be a vector");
    }
    if (self.ndim() == 0) {
      Dims.wrap("index_select", dim, 0);
      return AxisOps.reshape(
          Gathers.take(AxisOps.reshape(self, new long[] {1}), 0, index), new long[0]);
    }
    int d = Dims.wrap("index_select", dim, self.ndim());
    Array idx = AxisOps.reshape(index, new long[] {index.size()});
    return Gathers.take(self, d, idx);
  }

  /** The elements of {@code self} flattened at {@code index} (negatives wrap), shaped like it. */
  @Implements("aten::take")
  public static Array take(Array self, Array index) {
    DTypeChecks.checkIndexDtype("take", index);
    Array flat = AxisOps.reshape(self, new long[] {self.size()});
    return Gathers.take(flat, 0, Gathers.wrapNegative(index, self.size()));
  }

  /**
   * The coordinates of nonzero elements, {@code [count, ndim]} int64, row-major order. The count
   * depends on the values: eager only.
   */
  @Implements("aten::nonzero")
  public static Array nonzero(Array self) {
    boolean[] nz = concreteMask("nonzero", self);
    long[] shape = self.shape();
    int rank = shape.length;
    int count = 0;
    for (boolean b : nz) {
      count += b ? 1 : 0;
    }
    long[] out = new long[count * rank];
    long[] pos = new long[rank];
    for (int i = 0, k = 0; i < nz.length; i++) {
      if (nz[i]) {
        System.arraycopy(pos, 0, out, k * rank, rank);
        k++;
      }
      for (int d = rank - 1; d >= 0; d--) {
        if (++pos[d] < shape[d]) {
          break;
        }
        pos[d] = 0;
      }
    }
    return Array.of(out, count, rank);
  }

  /**
   * The elements of {@code self} where {@code mask} (broadcast together) holds, 1-d; eager only.
   */
  @Implements("aten::masked_select")
  public static Array maskedSelect(Array self, Array mask) {
    long[] shape = Shapes.broadcast("masked_select", self.shape(), mask.shape());
    Array x = Jnp.broadcastTo(self, shape);
    Array m = Jnp.broadcastTo(mask, shape);
    return index(x, List.of(m));
  }

  private static boolean[] concreteMask(String op, Array a) {
    Array b =
        a.dtype() == DType.BOOL
            ? a
            : ElementwiseOps.compare(
                ComparisonDirection.NE, a, Constants.full(a.shape(), 0L, a.dtype()));
    try {
      return b.toBooleanArray();
    } catch (ConcretizationException e) {
      throw new ConcretizationException(
          op
              + ": the result's shape depends on the mask's values, which are not known under jit"
              + " or vmap; use torch.where or masked_fill, or run eagerly ("
              + e.getMessage()
              + ")");
    }
  }

  // ---- advanced indexing ---------------------------------------------------------------------

  /**
   * {@code self[indices]} with PyTorch's advanced indexing: null entries take a dim whole, integer
   * tensors (broadcast together, negatives wrapped) select, bool masks select where they hold. The
   * broadcast index dims go where the indexed dims were if those are adjacent, else in front.
   */
  @Implements("aten::index.Tensor aten::index.Tensor_hacked_twin aten::_unsafe_index.Tensor")
  public static Array index(Array self, List<Array> indices) {
    Indexed ix = Indexed.of("index", self, indices);
    if (ix.positions.length == 0) {
      return ix.self;
    }
    long[] outIndexLayout = ix.resultShape();
    if (Shapes.size(outIndexLayout) == 0) {
      return Constants.full(outIndexLayout, 0L, self.dtype());
    }
    Array x = AxisOps.permute(ix.self, ix.perm());
    int k = ix.positions.length;
    int nb = ix.broadcast.length;
    long[] rest = ix.restShape();
    long[] offsetDims = new long[rest.length];
    Arrays.setAll(offsetDims, i -> nb + i);
    long[] kDims = new long[k];
    Arrays.setAll(kDims, i -> i);
    long[] sizes = new long[k + rest.length];
    Arrays.fill(sizes, 0, k, 1);
    System.arraycopy(rest, 0, sizes, k, rest.length);
    Array g =
        IndexingOps.gather(
            x, ix.coordinates(), GatherDimensionNumbers.of(offsetDims, kDims, kDims, nb), sizes);
    return AxisOps.permute(g, ix.toIndexLayout());
  }

  /**
   * {@code self} with {@code values} (broadcast to the shape {@code self[indices]} has) written to,
   * or with {@code accumulate} added to, the elements {@code indices} select. Values are converted
   * to {@code self}'s dtype.
   */
  @Implements({
    "aten::index_put aten::index_put_ aten::index_put.hacked_twin",
    "aten::index_put_.hacked_twin aten::_unsafe_index_put"
  })
  public static Array indexPut(Array self, List<Array> indices, Array values, boolean accumulate) {
    Array v = ElementwiseOps.convert(values, self.dtype());
    Array masked = maskedPut(self, indices, v, accumulate);
    if (masked != null) {
      return masked;
    }
    Indexed ix = Indexed.of("index_put", self, indices);
    if (ix.self != self) {
      throw new UnsupportedOperationException("index_put: 0-d bool indices are not supported");
    }
    if (ix.positions.length == 0) {
      Array b = Jnp.broadcastTo(v, self.shape());
      return accumulate ? ElementwiseOps.add(self, b) : b;
    }
    long[] layout = ix.resultShape();
    Array u = Jnp.broadcastTo(v, layout);
    if (u.size() == 0) {
      return self;
    }
    // Updates in gather layout: the broadcast index dims first, then the others in order.
    Array updates = AxisOps.permute(u, inverse(ix.toIndexLayout()));
    int[] perm = ix.perm();
    Array x = AxisOps.permute(self, perm);
    int k = ix.positions.length;
    int nb = ix.broadcast.length;
    int restRank = self.ndim() - k;
    long[] window = new long[restRank];
    Arrays.setAll(window, i -> nb + i);
    long[] kDims = new long[k];
    Arrays.setAll(kDims, i -> i);
    ScatterDimensionNumbers dn = ScatterDimensionNumbers.of(window, kDims, kDims, nb);
    Array coords = ix.coordinates();
    Array out =
        accumulate
            ? IndexingOps.scatterAdd(x, coords, updates, dn)
            : IndexingOps.scatter(x, coords, updates, dn);
    return AxisOps.permute(out, inverse(perm));
  }

  /**
   * {@code self[mask] = v} as a select when the only index is one bool mask and {@code v} is the
   * same for every selected element; null otherwise.
   */
  private static Array maskedPut(Array self, List<Array> indices, Array v, boolean accumulate) {
    int at = -1;
    for (int i = 0; i < indices.size(); i++) {
      Array e = indices.get(i);
      if (e != null) {
        if (at >= 0 || !(e.dtype() == DType.BOOL || e.dtype() == DType.U8) || e.ndim() == 0) {
          return null;
        }
        at = i;
      }
    }
    if (at < 0) {
      return null;
    }
    Array mask = indices.get(at);
    int k = mask.ndim();
    long[] s = self.shape();
    if (at + k > s.length) {
      return null;
    }
    long[] post = Arrays.copyOfRange(s, at + k, s.length);
    long[] vs = v.shape();
    // v right-aligned against [pre..., count, post...]: the count position must be absent or 1.
    int countPos = vs.length - post.length - 1;
    if (countPos >= 0 && vs[countPos] != 1) {
      return null;
    }
    if (vs.length > s.length - k + 1) {
      return null;
    }
    long[] aligned = new long[s.length];
    Arrays.fill(aligned, 1);
    // Values' dims after the count go after the mask dims; those before it before the mask dims.
    for (int i = 0; i < vs.length; i++) {
      int fromEnd = vs.length - 1 - i;
      if (fromEnd < post.length) {
        aligned[s.length - 1 - fromEnd] = vs[i];
      } else if (fromEnd > post.length) {
        int preFromEnd = fromEnd - post.length - 1;
        aligned[at - 1 - preFromEnd] = vs[i];
      }
    }
    long[] maskShape = mask.shape();
    for (int i = 0; i < k; i++) {
      if (maskShape[i] != s[at + i]) {
        throw new IndexOutOfBoundsException(
            "The shape of the mask "
                + Shapes.str(maskShape)
                + " at index "
                + i
                + " does not match the shape of the indexed tensor "
                + Shapes.str(s)
                + " at index "
                + (at + i));
      }
    }
    Array m = mask.dtype() == DType.BOOL ? mask : ElementwiseOps.convert(mask, DType.BOOL);
    long[] mdims = new long[k];
    for (int i = 0; i < k; i++) {
      mdims[i] = at + i;
    }
    Array fullMask = ShapeOps.broadcastInDim(m, s, mdims);
    Array fullV = Jnp.broadcastTo(ShapeOps.reshape(v, aligned), s);
    if (accumulate) {
      return ElementwiseOps.add(
          self, ElementwiseOps.select(fullMask, fullV, Constants.full(s, 0L, self.dtype())));
    }
    return ElementwiseOps.select(fullMask, fullV, self);
  }

  static int[] inverse(int[] perm) {
    int[] inv = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inv[perm[i]] = i;
    }
    return inv;
  }

  /** Indices resolved against a tensor: bool masks expanded, negatives wrapped, broadcast. */
  private static final class Indexed {
    Array self;
    int[] positions;
    List<Array> tensors;
    long[] broadcast;

    static Indexed of(String op, Array self, List<Array> indices) {
      Indexed ix = new Indexed();
      List<Array> per = new ArrayList<>();
      Array x = self;
      int dimPos = 0;
      for (Array e : indices) {
        if (e == null) {
          per.add(null);
          dimPos++;
        } else if (e.dtype() == DType.BOOL || e.dtype() == DType.U8) {
          if (e.ndim() == 0) {
            // x[True] adds a dim of size 1 and takes it; x[False] takes none of it.
            x = AxisOps.unsqueeze(x, dimPos);
            boolean on = concreteMask(op, e)[0];
            per.add(on ? Array.of(new long[] {0}, 1) : Array.of(new long[0], 0));
            dimPos++;
            continue;
          }
          long[] ms = e.shape();
          long[] xs = x.shape();
          for (int i = 0; i < ms.length; i++) {
            if (dimPos + i >= xs.length || ms[i] != xs[dimPos + i]) {
              throw new IndexOutOfBoundsException(
                  "The shape of the mask "
                      + Shapes.str(ms)
                      + " at index "
                      + i
                      + " does not match the shape of the indexed tensor "
                      + Shapes.str(xs)
                      + " at index "
                      + (dimPos + i));
            }
          }
          Array nz = nonzero(e);
          long count = nz.shape()[0];
          long[] all = nz.toLongArray();
          for (int i = 0; i < ms.length; i++) {
            long[] col = new long[(int) count];
            for (int r = 0; r < count; r++) {
              col[r] = all[r * ms.length + i];
            }
            per.add(Array.of(col, count));
          }
          dimPos += ms.length;
        } else if (e.dtype().isInteger()) {
          per.add(e);
          dimPos++;
        } else {
          throw new IndexOutOfBoundsException(
              "tensors used as indices must be long, int, byte or bool tensors, got "
                  + e.dtype().torchName());
        }
      }
      if (per.size() > x.ndim()) {
        throw new IndexOutOfBoundsException(
            "too many indices for tensor of dimension " + x.ndim() + " (got " + per.size() + ")");
      }
      List<Integer> pos = new ArrayList<>();
      List<Array> ts = new ArrayList<>();
      long[] b = new long[0];
      long[] xs = x.shape();
      for (int i = 0; i < per.size(); i++) {
        if (per.get(i) != null) {
          pos.add(i);
          Array t = Gathers.wrapNegative(per.get(i), xs[i]);
          ts.add(t);
          b = Shapes.broadcast(op, b, t.shape());
        }
      }
      ix.self = x;
      ix.positions = pos.stream().mapToInt(Integer::intValue).toArray();
      ix.tensors = ts;
      ix.broadcast = b;
      return ix;
    }

    boolean adjacent() {
      for (int i = 1; i < positions.length; i++) {
        if (positions[i] != positions[i - 1] + 1) {
          return false;
        }
      }
      return true;
    }

    /** Indexed dims first (in order), then the others. */
    int[] perm() {
      int rank = self.ndim();
      int[] p = new int[rank];
      boolean[] used = new boolean[rank];
      int k = 0;
      for (int q : positions) {
        p[k++] = q;
        used[q] = true;
      }
      for (int i = 0; i < rank; i++) {
        if (!used[i]) {
          p[k++] = i;
        }
      }
      return p;
    }

    long[] restShape() {
      int[] p = perm();
      long[] s = self.shape();
      long[] r = new long[s.length - positions.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = s[p[positions.length + i]];
      }
      return r;
    }

    /** From gather layout ({@code B + rest}) to the result's: B moved to the first indexed dim. */
    int[] toIndexLayout() {
      int nb = broadcast.length;
      int restRank = self.ndim() - positions.length;
      int[] p = new int[nb + restRank];
      int before = adjacent() ? positions[0] : 0;
      int k = 0;
      for (int i = 0; i < before; i++) {
        p[k++] = nb + i;
      }
      for (int i = 0; i < nb; i++) {
        p[k++] = i;
      }
      for (int i = before; i < restRank; i++) {
        p[k++] = nb + i;
      }
      return p;
    }

    long[] resultShape() {
      long[] rest = restShape();
      long[] gatherLayout = TensorShape.append(broadcast, rest);
      int[] p = toIndexLayout();
      long[] out = new long[p.length];
      for (int i = 0; i < p.length; i++) {
        out[i] = gatherLayout[p[i]];
      }
      return out;
    }

    /** The index vectors, {@code B + [k]} int64. */
    Array coordinates() {
      int nb = broadcast.length;
      long[] one = Arrays.copyOf(broadcast, nb + 1);
      one[nb] = 1;
      List<Array> parts = new ArrayList<>();
      for (Array t : tensors) {
        parts.add(ShapeOps.reshape(Jnp.broadcastTo(t, broadcast), one));
      }
      return parts.size() == 1 ? parts.getFirst() : ShapeOps.concatenate(parts, nb);
    }
  }

  // ---- scatters of views ----------------------------------------------------------------------

  /** {@code self} with {@code src} written into {@code self[start:end:step]} along {@code dim}. */
  @Implements("aten::slice_scatter")
  public static Array sliceScatter(
      Array self, Array src, long dim, Long start, Long end, long step) {
    int d = Dims.wrap("slice_scatter", dim, self.ndim());
    long n = self.shape()[d];
    long[] b = ViewOps.sliceBounds(n, start, end, step);
    long count = b[1] <= b[0] ? 0 : (b[1] - b[0] + step - 1) / step;
    long[] expected = self.shape();
    expected[d] = count;
    if (!Arrays.equals(expected, src.shape())) {
      throw new IllegalArgumentException(
          "slice_scatter: expected src to have a size equal to the slice of self. src size = "
              + Shapes.str(src.shape())
              + ", slice size = "
              + Shapes.str(expected));
    }
    if (count == 0) {
      return self;
    }
    Array s = ElementwiseOps.convert(src, self.dtype());
    int rank = self.ndim();
    long[] lo = new long[rank];
    long[] hi = new long[rank];
    long[] in = new long[rank];
    lo[d] = b[0];
    hi[d] = n - (b[0] + (count - 1) * step + 1);
    in[d] = step - 1;
    Array placed = ShapeOps.pad(s, Constants.scalar(0L, self.dtype()), lo, hi, in);
    Array mask =
        ShapeOps.pad(
            Constants.full(src.shape(), 1L, DType.BOOL),
            Constants.scalar(0L, DType.BOOL),
            lo,
            hi,
            in);
    return ElementwiseOps.select(mask, placed, self);
  }

  /** {@code self} with {@code src} written into {@code self.select(dim, index)}. */
  @Implements("aten::select_scatter")
  public static Array selectScatter(Array self, Array src, long dim, long index) {
    int d = Dims.wrap("select_scatter", dim, self.ndim());
    long n = self.shape()[d];
    if (index < -n || index >= n) {
      throw new IndexOutOfBoundsException(
          "select_scatter: index " + index + " out of range for dimension " + d + " of size " + n);
    }
    long i = index < 0 ? index + n : index;
    long[] expected = AxisOps.replaceAxis(self.shape(), d);
    if (!Arrays.equals(expected, src.shape())) {
      throw new IllegalArgumentException(
          "select_scatter: expected src to have shape "
              + Shapes.str(expected)
              + ", got "
              + Shapes.str(src.shape()));
    }
    return sliceScatter(self, AxisOps.unsqueeze(src, d), d, i, i + 1, 1);
  }

  /** {@code self} with {@code src} written onto the diagonal {@code torch.diagonal} reads. */
  @Implements("aten::diagonal_scatter")
  public static Array diagonalScatter(Array self, Array src, long offset, long dim1, long dim2) {
    Array diag = TensorShape.diagonal(self, offset, dim1, dim2);
    if (!Arrays.equals(diag.shape(), src.shape())) {
      throw new IllegalArgumentException(
          "diagonal_scatter: expected src to have shape %s, got %s"
              .formatted(Shapes.str(diag.shape()), Shapes.str(src.shape())));
    }
    int rank = self.ndim();
    int a = Dims.wrap("diagonal_scatter", dim1, rank);
    int b = Dims.wrap("diagonal_scatter", dim2, rank);
    long len = diag.shape()[rank - 2];
    if (len == 0) {
      return self;
    }
    // Coordinates in self's own dim order: batch dims from iota, a and b from the diagonal
    // position.
    long[] ds = diag.shape();
    long[] one = Arrays.copyOf(ds, ds.length + 1);
    one[ds.length] = 1;
    List<Array> parts = new ArrayList<>();
    for (int i = 0, k = 0; i < rank; i++) {
      Array c;
      if (i == a) {
        c =
            ElementwiseOps.add(
                Constants.iota(DType.I64, ds, rank - 2),
                Constants.full(ds, Math.max(-offset, 0), DType.I64));
      } else if (i == b) {
        c =
            ElementwiseOps.add(
                Constants.iota(DType.I64, ds, rank - 2),
                Constants.full(ds, Math.max(offset, 0), DType.I64));
      } else {
        c = Constants.iota(DType.I64, ds, k++);
      }
      parts.add(ShapeOps.reshape(c, one));
    }
    Array coords = ShapeOps.concatenate(parts, ds.length);
    return Gathers.scatterPoints(self, coords, ElementwiseOps.convert(src, self.dtype()), false);
  }
}
