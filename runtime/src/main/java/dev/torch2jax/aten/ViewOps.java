package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;

/**
 * The view arithmetic the TorchScript interpreter uses to keep {@code select}, {@code slice},
 * {@code narrow}, {@code unsqueeze}, {@code diagonal} and {@code flatten} as views of their base
 * (so that writes through them reach the base). The ATen overloads of these ops live in {@link
 * Selection} and {@link TensorShape}. Indices follow PyTorch: negative ones count from the end,
 * slice bounds are clamped, an out-of-range index is an {@link IndexOutOfBoundsException}.
 */
public final class ViewOps {
  private ViewOps() {}

  /** {@code self} indexed at {@code index} along {@code dim}, which disappears. */
  public static Array select(Array self, long dim, long index) {
    int d = Dims.wrap("select", dim, self.ndim());
    long i = selectIndex(self.shape(), d, index);
    long[] start = new long[self.ndim()];
    long[] limit = self.shape();
    start[d] = i;
    limit[d] = i + 1;
    return ShapeOps.squeeze(ShapeOps.slice(self, start, limit), new long[] {d});
  }

  /**
   * The index {@code index} of dimension {@code d} of {@code shape}, negative counted from the end.
   *
   * @throws IndexOutOfBoundsException out of range, with PyTorch's message
   */
  public static long selectIndex(long[] shape, int d, long index) {
    long n = shape[d];
    if (index < -n || index >= n) {
      throw new IndexOutOfBoundsException(
          "select(): index "
              + index
              + " out of range for tensor of size "
              + Arrays.toString(shape)
              + " at dimension "
              + d);
    }
    return index < 0 ? index + n : index;
  }

  /** Elements {@code start <= i < end} every {@code step} along {@code dim}. */
  public static Array slice(Array self, long dim, Long start, Long end, long step) {
    int d = Dims.wrap("slice", dim, self.ndim());
    long[] b = sliceBounds(self.shape()[d], start, end, step);
    long[] s = new long[self.ndim()];
    long[] l = self.shape();
    long[] st = new long[self.ndim()];
    Arrays.fill(st, 1);
    s[d] = b[0];
    l[d] = b[1];
    st[d] = step;
    return ShapeOps.slice(self, s, l, st);
  }

  /**
   * PyTorch's slice bounds for a dimension of {@code size}: {@code {start, end}} with negatives
   * wrapped, both clamped to {@code [0, size]} and {@code end >= start}.
   */
  public static long[] sliceBounds(long size, Long start, Long end, long step) {
    if (step <= 0) {
      throw new IllegalArgumentException("slice step must be positive, got " + step);
    }
    long s = start == null ? 0 : start;
    long e = end == null ? size : end;
    if (s < 0) {
      s += size;
    }
    if (e < 0) {
      e += size;
    }
    s = Math.min(Math.max(s, 0), size);
    e = Math.min(Math.max(e, s), size);
    return new long[] {s, e};
  }

  /** {@code length} elements from {@code start} along {@code dim}. */
  public static Array narrow(Array self, long dim, long start, long length) {
    int d = Dims.wrap("narrow", dim, self.ndim());
    long n = self.shape()[d];
    long s = start < 0 ? start + n : start;
    if (s < 0 || length < 0 || s + length > n) {
      throw new IndexOutOfBoundsException(
          "narrow(): start ("
              + start
              + ") + length ("
              + length
              + ") exceeds dimension size ("
              + n
              + ")");
    }
    return slice(self, d, s, s + length, 1);
  }

  /** A size-1 dimension inserted at {@code dim} (which may be {@code ndim}). */
  public static Array unsqueeze(Array self, long dim) {
    return ShapeOps.expandDims(self, new long[] {Dims.wrap("unsqueeze", dim, self.ndim() + 1)});
  }

  /**
   * The diagonal at {@code offset} of the matrices spanned by {@code dim1} and {@code dim2}, as a
   * new last dimension.
   */
  public static Array diagonal(Array self, long offset, long dim1, long dim2) {
    int a = Dims.wrap("diagonal", dim1, self.ndim());
    int b = Dims.wrap("diagonal", dim2, self.ndim());
    if (a == b) {
      throw new IllegalArgumentException(
          "diagonal dimensions cannot be identical " + dim1 + ", " + dim2);
    }
    int rank = self.ndim();
    long[] perm = new long[rank];
    int k = 0;
    for (int i = 0; i < rank; i++) {
      if (i != a && i != b) {
        perm[k++] = i;
      }
    }
    perm[k++] = a;
    perm[k] = b;
    Array moved = ShapeOps.transpose(self, perm);
    long[] ms = moved.shape();
    long n = ms[rank - 2];
    long m = ms[rank - 1];
    long r0 = offset >= 0 ? 0 : -offset;
    long c0 = offset >= 0 ? offset : 0;
    long len = Math.max(0, Math.min(n - r0, m - c0));
    long[] batch = Arrays.copyOf(ms, rank - 2);
    long[] flatShape = Arrays.copyOf(batch, rank - 1);
    flatShape[rank - 2] = n * m;
    Array flat = ShapeOps.reshape(moved, flatShape);
    long[] start = new long[rank - 1];
    long[] limit = flatShape.clone();
    long[] strides = new long[rank - 1];
    Arrays.fill(strides, 1);
    if (len == 0) {
      start[rank - 2] = 0;
      limit[rank - 2] = 0;
    } else {
      start[rank - 2] = r0 * m + c0;
      limit[rank - 2] = start[rank - 2] + (len - 1) * (m + 1) + 1;
      strides[rank - 2] = m + 1;
    }
    return ShapeOps.slice(flat, start, limit, strides);
  }

  /** Dimensions {@code startDim..endDim} merged into one. */
  public static Array flatten(Array self, long startDim, long endDim) {
    if (self.ndim() == 0) {
      return Jnp.reshape(self, 1);
    }
    int s = Dims.wrap("flatten", startDim, self.ndim());
    int e = Dims.wrap("flatten", endDim, self.ndim());
    if (s > e) {
      throw new IllegalArgumentException(
          "flatten() has invalid args: start_dim cannot come after end_dim");
    }
    long[] shape = self.shape();
    long[] out = new long[shape.length - (e - s)];
    int k = 0;
    for (int i = 0; i < s; i++) {
      out[k++] = shape[i];
    }
    long prod = 1;
    for (int i = s; i <= e; i++) {
      prod *= shape[i];
    }
    out[k++] = prod;
    for (int i = e + 1; i < shape.length; i++) {
      out[k++] = shape[i];
    }
    return Jnp.reshape(self, out);
  }
}
