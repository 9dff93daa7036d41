package dev.torch2jax.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Times the long steps (load, trace, compile) and, on a terminal, shows each on standard error
 * while it runs ({@code loading resnet18.pt ...} then {@code loading resnet18.pt: 412 ms}), so
 * standard output stays clean for pipes.
 */
final class Progress {
  private final PrintWriter err;

  private Progress(PrintWriter err) {
    this.err = err;
  }

  /** Progress shown on {@code err} when the process has a terminal, else nowhere. */
  static Progress of(PrintWriter err) {
    return new Progress(System.console() != null ? err : null);
  }

  /** A value and the milliseconds it took. */
  record Timed<T>(T value, double ms) {}

  /** Runs {@code step}, showing {@code what} while it runs; returns its value and time. */
  <T> Timed<T> step(String what, Supplier<T> step) {
    if (err != null) {
      err.print(what + " ...");
      err.flush();
    }
    long t0 = System.nanoTime();
    T value = step.get();
    double ms = (System.nanoTime() - t0) / 1e6;
    if (err != null) {
      err.printf(Locale.ROOT, "\r%s: %.0f ms%n", what, ms);
      err.flush();
    }
    return new Timed<>(value, ms);
  }
}
