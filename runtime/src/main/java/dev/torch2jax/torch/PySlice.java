package dev.torch2jax.torch;

/**
 * Python's {@code seq[start:end:step]} on a sequence of {@code size}: the selected positions, with
 * negative bounds counted from the end and any step but zero (as {@code slice.indices} computes).
 */
record PySlice(long start, long step, long count) {
  /** The positions {@code seq[start:end:step]} selects; null bounds are Python's defaults. */
  static PySlice of(long size, Long start, Long end, long step) {
    if (step == 0) {
      throw new IllegalArgumentException("slice step cannot be zero");
    }
    long lo = step < 0 ? -1 : 0;
    long hi = step < 0 ? size - 1 : size;
    long s = start == null ? (step < 0 ? hi : lo) : clamp(start, size, lo, hi);
    long e = end == null ? (step < 0 ? lo : hi) : clamp(end, size, lo, hi);
    long n =
        step < 0 ? (s > e ? (s - e - 1) / -step + 1 : 0) : (e > s ? (e - s - 1) / step + 1 : 0);
    return new PySlice(s, step, n);
  }

  /** How many of {@code start, start + step, ...} lie before {@code end}: {@code len(range)}. */
  static long count(long start, long end, long step) {
    if (step < 0) {
      return start > end ? (start - end - 1) / -step + 1 : 0;
    }
    return end > start ? (end - start - 1) / step + 1 : 0;
  }

  private static long clamp(long i, long size, long lo, long hi) {
    long j = i < 0 ? i + size : i;
    return Math.min(Math.max(j, lo), hi);
  }

  /** The {@code k}-th selected position. */
  int at(long k) {
    return (int) (start + k * step);
  }
}
