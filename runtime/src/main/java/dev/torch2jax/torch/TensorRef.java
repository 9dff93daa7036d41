package dev.torch2jax.torch;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.aten.ViewOps;
import dev.torch2jax.hlo.ScatterDimensionNumbers;
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
  final boolean contiguous;
  private long cachedVersion = -1;
  private Object cachedScope;
  private Array cached;

  private TensorRef(Storage storage, List<ViewStep> chain, boolean contiguous) {
    this.storage = storage;
    this.chain = chain;
    this.contiguous = contiguous;
  }

  /** A new base tensor holding {@code value}. */
  static TensorRef fresh(Array value) {
    return new TensorRef(new Storage(value), List.of(), true);
  }

  /** Another tensor over an existing storage (the state dict's, read again). */
  static TensorRef of(Storage storage) {
    return new TensorRef(storage, List.of(), true);
  }

  /** The id the next storage will get: storages with smaller ids exist already. */
  static long nextStorageId() {
    return Storage.IDS.get() + 1;
  }

  /** A view of this tensor (whose current shape is {@code shape}) through one more step. */
  TensorRef view(ViewStep step, long[] shape) {
    List<ViewStep> c = new ArrayList<>(chain);
    c.add(step);
    return new TensorRef(storage, List.copyOf(c), contiguous && step.keepsContiguity(shape));
  }

  /** Another name for the same tensor ({@code alias}, {@code detach}, a no-op {@code to}). */
  TensorRef alias() {
    return new TensorRef(storage, chain, contiguous);
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

    /** Whether a contiguous base stays contiguous through this view ({@code shape}: the base's). */
    boolean keepsContiguity(long[] shape);
  }

  /** {@code detach}: the same storage, read without a gradient. */
  record Detached() implements ViewStep {
    @Override
    public Array apply(Array base) {
      return dev.torch2jax.lax.GradientOps.stopGradient(base);
    }

    @Override
    public Array writeBack(Array base, Array view) {
      return view;
    }

    @Override
    public boolean keepsContiguity(long[] shape) {
      return true;
    }
  }

  /** {@code view}, {@code reshape} of a contiguous tensor, {@code (un)squeeze}, {@code flatten}. */
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
    public boolean keepsContiguity(long[] shape) {
      return true;
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
    public boolean keepsContiguity(long[] shape) {
      // Moving only size-1 axes keeps the memory order.
      long last = -1;
      for (long p : perm) {
        if (shape[(int) p] != 1) {
          if (p < last) {
            return false;
          }
          last = p;
        }
      }
      return true;
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
      return ShapeOps.dynamicUpdateSlice(
          base, ShapeOps.expandDims(view, new long[] {dim}), startArrays(starts));
    }

    @Override
    public boolean keepsContiguity(long[] shape) {
      return leadingOnes(shape, dim);
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
        return ShapeOps.dynamicUpdateSlice(base, view, startArrays(starts));
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
    public boolean keepsContiguity(long[] shape) {
      boolean whole = start == 0 && end == shape[dim] && step == 1;
      return whole || (leadingOnes(shape, dim) && (step == 1 || end - start <= 1));
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
    public boolean keepsContiguity(long[] shape) {
      return false;
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
    public boolean keepsContiguity(long[] shape) {
      return !broadcasts();
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

  private static boolean leadingOnes(long[] shape, int dim) {
    for (int i = 0; i < dim; i++) {
      if (shape[i] != 1) {
        return false;
      }
    }
    return true;
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
