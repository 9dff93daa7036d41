package dev.torch2jax;

/**
 * Grows or cuts an array along one axis by copying through host memory, so that no program is
 * compiled per size (what {@link Buckets} pads inputs and slices outputs with).
 */
final class HostRows {
  private HostRows() {}

  /** {@code a} grown to {@code size} along {@code axis}, the new entries equal to {@code value}. */
  static Array pad(Array a, int axis, long size, double value) {
    try (Array scalar = Jnp.full(new long[0], value, a.dtype())) {
      return resize(a, axis, size, scalar.toBytes());
    }
  }

  /** The first {@code size} entries of {@code a} along {@code axis}. */
  static Array take(Array a, int axis, long size) {
    return resize(a, axis, size, new byte[a.dtype().byteSize()]);
  }

  /**
   * {@code a} with {@code size} entries along {@code axis}: its first ones, then, where that grows
   * it, elements of the bytes {@code fill}.
   */
  private static Array resize(Array a, int axis, long size, byte[] fill) {
    long[] shape = a.shape();
    long[] resized = shape.clone();
    resized[axis] = size;
    int block = blockBytes(a, axis);
    byte[] src = a.toBytes();
    byte[] dst = new byte[Math.toIntExact(outer(shape, axis) * size * block)];
    int have = Math.toIntExact(shape[axis] * block);
    int want = Math.toIntExact(size * block);
    int kept = Math.min(have, want);
    for (long o = 0; o < outer(shape, axis); o++) {
      System.arraycopy(src, (int) (o * have), dst, (int) (o * want), kept);
      for (int b = (int) (o * want) + kept; b < (o + 1) * want; b += fill.length) {
        System.arraycopy(fill, 0, dst, b, fill.length);
      }
    }
    return Array.fromBytes(dst, a.dtype(), resized);
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
