package dev.torch2jax.examples.bench;

import java.util.Arrays;

/** The timing the layer probes share: the mean of a few back-to-back calls, and medians. */
final class ProbeTiming {
  private static final int CALLS = 10;

  private ProbeTiming() {}

  /** Milliseconds per call of {@code r}, over 10 calls in a row. */
  static double msPerCall(Runnable r) {
    long t0 = System.nanoTime();
    for (int i = 0; i < CALLS; i++) {
      r.run();
    }
    return (System.nanoTime() - t0) / 1e6 / CALLS;
  }

  /** The middle value of {@code v} (the upper one of an even count). */
  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
