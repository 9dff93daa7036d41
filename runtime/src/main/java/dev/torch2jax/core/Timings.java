package dev.torch2jax.core;

import java.lang.System.Logger.Level;

/**
 * With {@code -Dtorch2jax.debug.timings=true}, logs (through {@link System.Logger}, logger {@code
 * dev.torch2jax.timings}, level INFO) how long each new program took to trace, lower to StableHLO
 * and compile with XLA: where the time of a new shape goes.
 */
public final class Timings {
  private static final boolean ENABLED = Boolean.getBoolean("torch2jax.debug.timings");
  private static final System.Logger LOG = System.getLogger("dev.torch2jax.timings");

  private Timings() {}

  /** Whether timings are logged; callers skip reading the clock otherwise. */
  public static boolean enabled() {
    return ENABLED;
  }

  /** Logs that {@code phase} of {@code program} took from {@code startNanos} until now. */
  public static void log(String phase, String program, long startNanos) {
    double ms = (System.nanoTime() - startNanos) / 1e6;
    LOG.log(Level.INFO, () -> "%s %s: %.1f ms".formatted(program, phase, ms));
  }
}
