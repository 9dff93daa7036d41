package dev.torch2jax;

/**
 * One axis of an indexing expression for {@link Jnp#get}: a single position (the axis disappears),
 * a slice {@code start:stop:step} (Python's rules: negative positions count from the end,
 * out-of-range bounds clamp), or the whole axis.
 */
public final class Index {
  private final boolean single;
  private final Long start;
  private final Long stop;
  private final long step;

  private Index(boolean single, Long start, Long stop, long step) {
    this.single = single;
    this.start = start;
    this.stop = stop;
    this.step = step;
  }

  /** Position {@code i} ({@code x[i]}); negative counts from the end. */
  public static Index at(long i) {
    return new Index(true, i, null, 1);
  }

  /** {@code x[start:stop]}; null bounds mean the axis' ends. */
  public static Index slice(Long start, Long stop) {
    return slice(start, stop, 1);
  }

  /** {@code x[start:stop:step]} with a positive step; null bounds mean the axis' ends. */
  public static Index slice(Long start, Long stop, long step) {
    if (step <= 0) {
      throw new IllegalArgumentException("slice step must be positive, got " + step);
    }
    return new Index(false, start, stop, step);
  }

  /** The whole axis ({@code x[:]}). */
  public static Index all() {
    return new Index(false, null, null, 1);
  }

  boolean isSingle() {
    return single;
  }

  long step() {
    return step;
  }

  /** The resolved position of a single index on an axis of {@code size}. */
  long position(long size, int axis) {
    long i = start < 0 ? start + size : start;
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(
          "index " + start + " is out of bounds for axis " + axis + " with size " + size);
    }
    return i;
  }

  /** The resolved {@code [start, stop)} of a slice on an axis of {@code size}. */
  long[] bounds(long size) {
    long s = clamp(start == null ? 0 : start, size);
    long e = clamp(stop == null ? size : stop, size);
    return new long[] {s, Math.max(s, e)};
  }

  private static long clamp(long v, long size) {
    long r = v < 0 ? v + size : v;
    return Math.max(0, Math.min(size, r));
  }

  @Override
  public String toString() {
    if (single) {
      return Long.toString(start);
    }
    return (start == null ? "" : start)
        + ":"
        + (stop == null ? "" : stop)
        + (step == 1 ? "" : ":" + step);
  }
}
