package dev.torch2jax.aten;

import dev.torch2jax.Array;
import java.util.Arrays;

/**
 * Dim arithmetic shared by the ATen overloads: the one way to wrap a possibly negative dim (with
 * libtorch's message), the dim lists of reductions, and per-spatial-dim argument lists of
 * convolutions and pooling.
 */
public final class Dims {
  private Dims() {}

  /**
   * {@code dim} of a rank-{@code rank} tensor as a non-negative index, negatives counted from the
   * end, as libtorch wraps dims: a 0-d tensor takes 0 and -1 (as if it had one dim).
   *
   * @throws IndexOutOfBoundsException with libtorch's message, naming {@code op}
   */
  public static int wrap(String op, long dim, int rank) {
    int r = Math.max(rank, 1);
    if (dim < -r || dim >= r) {
      throw new IndexOutOfBoundsException(
          "%s: Dimension out of range (expected to be in range of [%d, %d], but got %d)"
              .formatted(op, -r, r - 1, dim));
    }
    return (int) (dim < 0 ? dim + r : dim);
  }

  /** Sorted distinct non-negative axes; {@code null} or empty means all axes. */
  static long[] reductionDims(String op, long[] dims, int rank) {
    if (dims == null || dims.length == 0) {
      long[] all = new long[rank];
      Arrays.setAll(all, i -> i);
      return all;
    }
    boolean[] seen = new boolean[Math.max(rank, 1)];
    for (long d : dims) {
      int a = wrap(op, d, rank);
      if (seen[a]) {
        throw new IllegalArgumentException(
            "%s: dim %d appears multiple times in the list of dims".formatted(op, a));
      }
      seen[a] = true;
    }
    if (rank == 0) {
      return new long[0];
    }
    long[] out = new long[rank];
    int n = 0;
    for (int i = 0; i < rank; i++) {
      if (seen[i]) {
        out[n++] = i;
      }
    }
    return Arrays.copyOf(out, n);
  }

  /**
   * Normalizes a list for {@code n} spatial dimensions: one entry repeats, empty uses {@code def}.
   */
  static long[] spatial(String op, String what, long[] v, int n, long[] def) {
    if (v == null || v.length == 0) {
      if (def == null) {
        throw new IllegalArgumentException("%s: %s must not be empty".formatted(op, what));
      }
      return def.clone();
    }
    if (v.length == 1 && n > 1) {
      long[] out = new long[n];
      Arrays.fill(out, v[0]);
      return out;
    }
    if (v.length != n) {
      throw new IllegalArgumentException(
          "%s: %s must have %d elements, got %s".formatted(op, what, n, Arrays.toString(v)));
    }
    return v.clone();
  }

  /**
   * Throws unless {@code x} has {@code n} spatial dims after one channel dim and at most one batch
   * dim, as pooling and padding layers take it.
   */
  static void requireSpatialInput(String op, Array x, int n) {
    if (x.ndim() != n + 1 && x.ndim() != n + 2) {
      throw new IllegalArgumentException(
          "%s: expected a %d-D or %d-D input, got shape %s"
              .formatted(op, n + 1, n + 2, Arrays.toString(x.shape())));
    }
  }

  /** {@code n} copies of {@code v}. */
  static long[] filled(int n, long v) {
    long[] out = new long[n];
    Arrays.fill(out, v);
    return out;
  }
}
