package dev.torch2jax.core;

import java.util.Arrays;

/** Shape arithmetic shared by arrays, ops and transformations. */
public final class Shapes {
  private Shapes() {}

  /** The element count of {@code shape}; throws on overflow or a negative dimension. */
  public static long size(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /**
   * The broadcast of two shapes by PyTorch's (and NumPy's) rule: align trailing dimensions; each
   * pair must be equal or contain a 1.
   */
  public static long[] broadcast(String op, long[] a, long[] b) {
    int rank = Math.max(a.length, b.length);
    long[] out = new long[rank];
    for (int i = 0; i < rank; i++) {
      long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            op
                + ": shapes "
                + Arrays.toString(a)
                + " and "
                + Arrays.toString(b)
                + " cannot be broadcast together (dimension "
                + i
                + ": "
                + da
                + " vs "
                + db
                + ")");
      }
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /** True when an array of shape {@code from} broadcasts to {@code to} (NumPy's rule). */
  public static boolean broadcastsTo(long[] from, long[] to) {
    if (from.length > to.length) {
      return false;
    }
    int lead = to.length - from.length;
    for (int i = 0; i < from.length; i++) {
      if (from[i] != 1 && from[i] != to[lead + i]) {
        return false;
      }
    }
    return true;
  }

  /** Normalizes a possibly negative axis against {@code rank}, naming {@code op} on error. */
  public static int axis(String op, long axis, int rank) {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= Math.max(rank, 1) || (rank == 0 && a != 0)) {
      throw new IllegalArgumentException(
          op + ": axis " + axis + " is out of range for an array of rank " + rank);
    }
    return (int) a;
  }

  /** Like {@code [2, 3]}. */
  public static String str(long[] shape) {
    return Arrays.toString(shape);
  }
}
