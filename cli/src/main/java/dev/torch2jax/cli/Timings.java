package dev.torch2jax.cli;

import java.util.Arrays;

/** Summaries of repeated timings. */
final class Timings {
  private Timings() {}

  /** The median (the upper one of an even count). */
  static double median(double[] ms) {
    double[] s = ms.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** The smallest. */
  static double min(double[] ms) {
    return Arrays.stream(ms).min().orElse(Double.NaN);
  }
}
