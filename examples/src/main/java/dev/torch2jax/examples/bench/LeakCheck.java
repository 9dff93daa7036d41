package dev.torch2jax.examples.bench;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Resident memory over a long loop of calls whose results are never closed (the {@code Cleaner}
 * must release them), eager and jitted. Prints RSS after each block; flat means no leak.
 *
 * <p>Run: {@code ./t2j example dev.torch2jax.examples.bench.LeakCheck [calls]}
 */
public final class LeakCheck {
  private LeakCheck() {}

  /** Runs {@code calls} (default 1,000,000) eager adds and as many jitted calls. */
  public static void main(String[] args) throws Exception {
    long calls = args.length > 0 && !args[0].isBlank() ? Long.parseLong(args[0].trim()) : 1_000_000;
    Array a = Array.of(new float[64], 8, 8);
    Fn jitted = Jax.jit(x -> Jnp.tanh(Jnp.add((Array) x[0], (Array) x[0])));
    run("eager Jnp.add", calls, () -> Jnp.add(a, a));
    run("jit(tanh(x + x))", calls, () -> (Array) jitted.apply(a));
  }

  private static void run(String name, long calls, java.util.function.Supplier<Array> op)
      throws Exception {
    long block = Math.max(1, calls / 5);
    System.out.printf(Locale.ROOT, "%s: RSS %d MiB at start%n", name, rssMiB());
    for (long i = 1; i <= calls; i++) {
      op.get();
      if (i % block == 0) {
        System.out.printf(Locale.ROOT, "%s: RSS %d MiB after %d calls%n", name, rssMiB(), i);
      }
    }
  }

  private static long rssMiB() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }
}
