package dev.torch2jax;

/**
 * Grows or cuts an array along one axis by copying through host memory, so that no program is
 * compiled per size (what {@link Buckets} pads inputs and slices outputs with).
 */
final class HostRows {
  private HostRows() {}

  /** {@code a} grown to {@code size} along {@code axis}, the new entries equal to {@code value}. */
  static Array pad(Array a, int axis, long size, double value) {
    long[] shape = a.shape();
    long[] grown = shape.clone();
    grown[axis] = size;
    int block = blockBytes(a, axis);
    byte[] fill;
    try (Array scalar = Jnp.full(new long[0], value, a.dtype())) {
      fill = scalar.toBytes();
    }
    byte[] src = a.toBytes();
    byte[] dst = new byte[Math.toIntExact(outer(shape, axis) * size * block)];
    int have = Math.toIntExact(shape[axis] * block);
    int want = Math.toIntExact(size * block);
    for (long o = 0; o < outer(shape, axis); o++) {
      System.arraycopy(src, (int) (o * have), dst, (int) (o * want), have);
      for (int b = (int) (o * want) + have; b < (o + 1) * want; b += fill.length) {
        System.arraycopy(fill, 0, dst, b, fill.length);
      }
    }
    return Array.fromBytes(dst, a.dtype(), grown);
  }

  /** The first {@code size} entries of {@code a} along {@code axis}. */
  static Array take(Array a, int axis, long size) {
    long[] shape = a.shape();
    long[] cut = shape.clone();
    cut[axis] = size;
    int block = blockBytes(a, axis);
    byte[] src = a.toBytes();
    byte[] dst = new byte[Math.toIntExact(outer(shape, axis) * size * block)];
    int have = Math.toIntExact(shape[axis] * block);
    int want = Math.toIntExact(size * block);
    for (long o = 0; o < outer(shape, axis); o++) {
      System.arraycopy(src, (int) (o * have), dst, (int) (o * want), want);
    }
    return Array.fromBytes(dst, a.dtype(), cut);
  }

  /** Bytes of one entry along {@code axis}: the dimensions after it times the element size. */
  private static int blockBytes(Array a, int axis) {
    long n = a.dtype().byteSize();
    for (int d = axis + 1; d < a.ndim(); d++) {
      n *= a.shape()[d];
    }
    return Math.toIntExact(n);
  }

  private static long outer(long[] shape, int axis) {
    long n = 1;
    for (int d = 0; d < axis; d++) {
      n *= shape[d];
    }
    return n;
  }
}
