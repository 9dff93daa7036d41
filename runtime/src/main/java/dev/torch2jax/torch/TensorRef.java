package dev.torch2jax.torch;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.aten.ViewOps;
import dev.torch2jax.hlo.ScatterDimensionNumbers;
import dev.torch2jax.lax.DynamicSliceOps;
import dev.torch2jax.lax.IndexingOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tensor as the interpreter sees it: a {@link Storage} (the current value of a base tensor) and
 * the chain of view steps from the base to this tensor. Reads recompute the view from the base's
 * current value; writes go back through the chain's inverses into a new base value, so every view
 * of the base sees them, as in PyTorch.
 */
final class TensorRef {
  private static final AtomicLong VERSIONS = new AtomicLong();

  /** The mutable cell holding a base tensor's current (immutable) value. */
  static final class Storage {
    private static final AtomicLong IDS = new AtomicLong();

    final long id = IDS.incrementAndGet();
    private Array value;
    private long version = VERSIONS.incrementAndGet();

    Storage(Array value) {
      this.value = value;
    }

    Array value() {
      return value;
    }

    long version() {
      return version;
    }

    /** Replaces the value (the interpreter records it for branches being staged). */
    void set(Array v) {
      value = v;
      version = VERSIONS.incrementAndGet();
    }
  }

  final Storage storage;
  final List<ViewStep> chain;
  private long cachedVersion = -1;
  private Object cachedScope;
  private Array cached;

  private TensorRef(Storage storage, List<ViewStep> chain) {
    this.storage = storage;
    this.chain = chain;
  }

  /** A new base tensor holding {@code value}. */
  static TensorRef fresh(Array value) {
    return new TensorRef(new Storage(value), List.of());
  }

  /** Another tensor over an existing storage (the state dict's, read again). */
  static TensorRef of(Storage storage) {
    return new TensorRef(storage, List.of());
  }

  /** The id the next storage will get: storages with smaller ids exist already. */
  static long nextStorageId() {
    return Storage.IDS.get() + 1;
  }

  /** A view of this tensor through one more step. */
  TensorRef view(ViewStep step) {
    List<ViewStep> c = new ArrayList<>(chain);
    c.add(step);
    return new TensorRef(storage, List.copyOf(c));
  }

  /**
   * A view of this tensor through one more step whose value, read in {@code scope}, is already
   * known to be {@code value} (the view op computed it).
   */
  TensorRef view(ViewStep step, Array value, Object scope) {
    TensorRef v = view(step);
    v.cached = value;
    v.cachedVersion = storage.version();
    v.cachedScope = scope;
    return v;
  }

  /** Another name for the same tensor ({@code alias}, {@code detach}, a no-op {@code to}). */
  TensorRef alias() {
    return new TensorRef(storage, chain);
  }

  /**
   * Sizes, strides and storage offset as libtorch would report them: the base is taken as
   * contiguous (inputs, op results and state are), each view step applies libtorch's rule.
   */
  TensorLayout layout() {
    TensorLayout l = TensorLayout.contiguous(storage.value().shape());
    for (ViewStep s : chain) {
      l = s.layout(l);
    }
    return l;
  }

  /** libtorch's {@code is_contiguous()} of this tensor. */
  boolean isContiguous() {
    return layout().isContiguous(null);
  }

  /**
   * The current value. {@code scope} identifies the branch being staged (null outside): a cached
   * value computed in another scope may hold another trace's tracers and is not reused.
   */
  Array read(Object scope) {
    if (cached != null && cachedVersion == storage.version() && cachedScope == scope) {
      return cached;
    }
    Array a = storage.value();
    for (ViewStep s : chain) {
      a = s.apply(a);
    }
    cached = a;
    cachedVersion = storage.version();
    cachedScope = scope;
    return a;
  }

  /** The base's new value after writing {@code v} (shaped and typed like this view) into it. */
  Array baseWith(Array v) {
    List<Array> bases = new ArrayList<>(chain.size());
    Array a = storage.value();
    for (ViewStep s : chain) {
      bases.add(a);
      a = s.apply(a);
    }
    Array out = v;
    for (int i = chain.size() - 1; i >= 0; i--) {
      out = chain.get(i).writeBack(bases.get(i), out);
    }
    return out;
  }

  // ---- view steps ---------------------------------------------------------------------------

  /** One view of a tensor: how to read it from its base and how to write it back. */
  sealed interface ViewStep {
    Array apply(Array base);

    /** {@code base} with this view's elements replaced by {@code view}. */
    Array writeBack(Array base, Array view);

    /** The view's sizes, strides and offset, given its base's. */
    TensorLayout layout(TensorLayout base);
  }

  /** {@code detach}: the same storage, read without a gradient. */
  record Detached() implements ViewStep {
    @Override
    public Array apply(Array base) {
      return dev.torch2jax.lax.IdentityOps.stopGradient(base);
    }

    @Override
    public Array writeBack(Array base, Array view) {
      return view;
    }

    @Override
    public TensorLayout layout(TensorLayout base) {
      return base;
    }
  }

  /**
   * {@code view}, {@code reshape} where the strides allow it, {@code flatten}, {@code unflatten}.
   */
  record Reshape(long[] from, long[] to) implements ViewStep {
    @Override
    public Array apply(Array base) {
      return ShapeOps.reshape(base, to);
    }

    @Override
    public Array writeBack(Array base, Array view) {
      return ShapeOps.reshape(view, from);
    }

    @Override
    public TensorLayout layout(TensorLayout base) {
      long[] strides = base.viewStrides(to);
      // libtorch refuses such a view; the base may be laid out differently there (libtorch's
      // pointwise ops keep their input's strides), so the view is kept, read as contiguous.
      return new TensorLayout(
          to.clone(),
          strides != null ? strides : dev.torch2jax.aten.TensorMetadata.contiguousStrides(to),
          base.offset());
    }
  }

  /** {@code squeeze}: the size-1 dims {@code dims} (ascending) removed, other strides kept. */
  record Squeeze(long[] dims) implements ViewStep {
    @Override
    public Array apply(Array base) {
      return ShapeOps.squeeze(base, dims);
    }

    @Override
    public Array writeBack(Array base, Array view) {
      return ShapeOps.expandDims(view, dims);
    }

    @Override
    public TensorLayout layout(TensorLayout base) {
      int rank = base.sizes().length - dims.length;
      long[] sizes = new long[rank];
      long[] strides = new long[rank];
      for (int d = 0, k = 0, out = 0; d < base.sizes().length; d++) {
        if (k < dims.length && dims[k] == d) {
          k++;
        } else {
          sizes[out] = base.sizes()[d];
          strides[out++] = base.strides()[d];
        }
      }
      return new TensorLayout(sizes, strides, base.offset());
    }
  }

  /** {@code unsqueeze}: a size-1 dim at {@code dim} of the view. */
  record Unsqueeze(long dim) implements ViewStep {
    @Override
    public Array apply(Array base) {
      return ShapeOps.expandDims(base, new long[] {dim});
    }

    @Override
    public Array writeBack(Array base, Array view) {
      return ShapeOps.squeeze(view, new long[] {dim});
    }

    @Override
    public TensorLayout layout(TensorLayout base) {
      int d = (int) dim;
      int rank = base.sizes().length;
      long stride = d >= rank ? 1 : base.sizes()[d] * base.strides()[d];
      return new TensorLayout(
          insert(base.sizes(), d, 1), insert(base.strides(), d, stride), base.offset());
    }
  }

  /** {@code permute}, {@code transpose}, {@code t}. */
  record Permute(long[] perm) implements ViewStep {
    @Override
    public Array apply(Array base) {
      return ShapeOps.transpose(base, perm);
    }

    @Override
    public Array writeBack(Array base, Array view) {
      long[] inv = new long[perm.length];
      for (int i = 0; i < perm.length; i++) {
        inv[(int) perm[i]] = i;
      }
      return ShapeOps.transpose(view, inv);
    }

    @Override
    public TensorLayout layout(TensorLayout base) {
      long[] sizes = new long[perm.length];
      long[] strides = new long[perm.length];
      for (int i = 0; i < perm.length; i++) {
        sizes[i] = base.sizes()[(int) perm[i]];
        strides[i] = base.strides()[(int) perm[i]];
      }
      return new TensorLayout(sizes, strides, base.offset());
    }
  }

  /** {@code select} (an index along a dimension, which disappears). */
  record Select(int dim, long index) implements ViewStep {
    @Override
    public Array apply(Array base) {
      return ViewOps.select(base, dim, index);
    }

    @Override
    public Array writeBack(Array base, Array view) {
      long[] starts = new long[base.ndim()];
      starts[dim] = index;
      return DynamicSliceOps.dynamicUpdateSlice(
          base, ShapeOps.expandDims(view, new long[] {dim}), startArrays(starts));
    }

    @Override
    public TensorLayout layout(TensorLayout base) {
      return new TensorLayout(
          remove(base.sizes(), dim),
          remove(base.strides(), dim),
          base.offset() + index * base.strides()[dim]);
    }
  }

  /** {@code slice} and {@code narrow}: {@code start <= i < end} every {@code step}. */
  record Slice(int dim, long start, long end, long step) implements ViewStep {
    @Override
    public Array apply(Array base) {
      return ViewOps.slice(base, dim, start, end, step);
    }

    @Override
    public Array writeBack(Array base, Array view) {
      if (step == 1) {
        long[] starts = new long[base.ndim()];
        starts[dim] = start;
        return DynamicSliceOps.dynamicUpdateSlice(base, view, startArrays(starts));
      }
      long[] b = base.shape();
      long[] v = view.shape();
      return scatterFlat(
          base,
          view,
          flatIndices(
              v,
              (idx, out) -> {
                long[] full = idx.clone();
                full[dim] = start + idx[dim] * step;
                return flat(full, b);
              }));
    }

    @Override
    public TensorLayout layout(TensorLayout base) {
      long[] sizes = base.sizes().clone();
      long[] strides = base.strides().clone();
      sizes[dim] = (end - start + step - 1) / step;
      strides[dim] *= step;
      return new TensorLayout(sizes, strides, base.offset() + start * base.strides()[dim]);
    }
  }

  /** {@code diagonal}: the last dimension of the view runs along the diagonal. */
  record Diagonal(long offset, int dim1, int dim2) implements ViewStep {
    @Override
    public Array apply(Array base) {
      return ViewOps.diagonal(base, offset, dim1, dim2);
    }

    @Override
    public Array writeBack(Array base, Array view) {
      long[] b = base.shape();
      long r0 = offset >= 0 ? 0 : -offset;
      long c0 = offset >= 0 ? offset : 0;
      return scatterFlat(
          base,
          view,
          flatIndices(
              view.shape(),
              (idx, out) -> {
                long[] full = new long[b.length];
                int k = 0;
                for (int d = 0; d < b.length; d++) {
                  if (d != dim1 && d != dim2) {
                    full[d] = idx[k++];
                  }
                }
                long i = idx[idx.length - 1];
                full[dim1] = r0 + i;
                full[dim2] = c0 + i;
                return flat(full, b);
              }));
    }

    @Override
    public TensorLayout layout(TensorLayout base) {
      long[] s = base.sizes();
      long[] st = base.strides();
      long length =
          Math.max(
              offset >= 0
                  ? Math.min(s[dim1], s[dim2] - offset)
                  : Math.min(s[dim1] + offset, s[dim2]),
              0);
      // libtorch leaves the offset alone for an empty diagonal (an offset "off the end").
      long start = length == 0 ? 0 : offset >= 0 ? offset * st[dim2] : -offset * st[dim1];
      int rank = s.length - 1;
      long[] sizes = new long[rank];
      long[] strides = new long[rank];
      for (int d = 0, k = 0; d < s.length; d++) {
        if (d != dim1 && d != dim2) {
          sizes[k] = s[d];
          strides[k++] = st[d];
        }
      }
      sizes[rank - 1] = length;
      strides[rank - 1] = st[dim1] + st[dim2];
      return new TensorLayout(sizes, strides, base.offset() + start);
    }
  }

  /** {@code expand}: read-only where it broadcasts, as PyTorch refuses such writes. */
  record Expand(long[] from, long[] to) implements ViewStep {
    @Override
    public Array apply(Array base) {
      return Jnp.broadcastTo(base, to);
    }

    @Override
    public Array writeBack(Array base, Array view) {
      if (broadcasts()) {
        throw new UnsupportedOperationException(
            "unsupported operation: more than one element of the written-to tensor refers to a"
                + " single memory location (a view made by expand "
                + Arrays.toString(from)
                + " -> "
                + Arrays.toString(to)
                + "). Please clone() the tensor before performing the operation.");
      }
      return ShapeOps.reshape(view, from);
    }

    @Override
    public TensorLayout layout(TensorLayout base) {
      int rank = to.length;
      long[] strides = new long[rank];
      int baseRank = base.sizes().length;
      if (baseRank == 0) {
        // libtorch gives every dim of an expanded 0-d tensor stride 0.
        return new TensorLayout(to.clone(), strides, base.offset());
      }
      for (int i = rank - 1; i >= 0; i--) {
        int d = baseRank - rank + i;
        long size = d >= 0 ? base.sizes()[d] : 1;
        long stride = d >= 0 ? base.strides()[d] : to[i + 1] * strides[i + 1];
        strides[i] = size == to[i] ? stride : 0;
      }
      return new TensorLayout(to.clone(), strides, base.offset());
    }

    private boolean broadcasts() {
      int off = to.length - from.length;
      for (int i = 0; i < to.length; i++) {
        long src = i < off ? 1 : from[i - off];
        if (src != to[i] && to[i] != 1) {
          return true;
        }
      }
      return false;
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private interface IndexMap {
    long map(long[] viewIndex, long[] unused);
  }

  private static long[] remove(long[] a, int i) {
    long[] out = new long[a.length - 1];
    System.arraycopy(a, 0, out, 0, i);
    System.arraycopy(a, i + 1, out, i, a.length - i - 1);
    return out;
  }

  private static long[] insert(long[] a, int i, long v) {
    long[] out = new long[a.length + 1];
    System.arraycopy(a, 0, out, 0, i);
    out[i] = v;
    System.arraycopy(a, i, out, i + 1, a.length - i);
    return out;
  }

  private static List<Array> startArrays(long[] starts) {
    List<Array> out = new ArrayList<>(starts.length);
    for (long s : starts) {
      out.add(Array.scalar(s));
    }
    return out;
  }

  private static long flat(long[] idx, long[] shape) {
    long f = 0;
    for (int d = 0; d < shape.length; d++) {
      f = f * shape[d] + idx[d];
    }
    return f;
  }

  /** For each element of a view of {@code viewShape} (row-major), its flat index in the base. */
  private static long[] flatIndices(long[] viewShape, IndexMap map) {
    long n = dev.torch2jax.core.Shapes.size(viewShape);
    long[] out = new long[(int) n];
    long[] idx = new long[viewShape.length];
    for (int i = 0; i < n; i++) {
      out[i] = map.map(idx, null);
      for (int d = viewShape.length - 1; d >= 0; d--) {
        if (++idx[d] < viewShape[d]) {
          break;
        }
        idx[d] = 0;
      }
    }
    return out;
  }

  /** {@code base} with the view's elements written at the flat indices {@code idx}. */
  private static Array scatterFlat(Array base, Array view, long[] idx) {
    long[] shape = base.shape();
    if (idx.length == 0) {
      return base;
    }
    Array flatBase = ShapeOps.reshape(base, new long[] {base.size()});
    Array updates = ShapeOps.reshape(view, new long[] {idx.length});
    Array indices = Array.of(idx, idx.length, 1);
    ScatterDimensionNumbers dn =
        ScatterDimensionNumbers.of(new long[0], new long[] {0}, new long[] {0}, 1);
    return ShapeOps.reshape(IndexingOps.scatter(flatBase, indices, updates, dn), shape);
  }
}
