package dev.torch2jax.examples.serving;

import dev.torch2jax.Array;
import dev.torch2jax.Buckets;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded soak: {@code calls} calls from 8 threads of a plain jit (a new shape now and then, far
 * more shapes than its cache bound) and a bucketed jit (batch 1 to 64), with one bad input in 100
 * (a wrong width), printing resident memory as it goes. Fails unless every bad input got its error
 * and every good call its result.
 *
 * <p>Run: {@code ./t2j example dev.torch2jax.examples.serving.Soak [calls]} (with e.g. {@code
 * -Dtorch2jax.executables=64 -Dtorch2jax.jit.signatures=32} for a small envelope)
 */
public final class Soak {
  private static final int THREADS = 8;

  private Soak() {}

  /** Runs the soak and prints RSS every tenth of the calls. */
  public static void main(String[] args) throws Exception {
    long calls = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    Array w = Array.of(new float[16 * 8], 16, 8);
    Fn plain = Jax.jit(a -> Jnp.tanh(Jnp.matmul((Array) a[0], (Array) a[1])));
    Fn bucketed = Buckets.powersOfTwo(64).jit(a -> Jnp.tanh(Jnp.matmul((Array) a[0], w)));
    AtomicLong next = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      for (int t = 0; t < THREADS; t++) {
        pool.submit(
            () -> {
              for (long i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                int rows = (int) (i * 7919 % 64) + 1;
                boolean bad = i % 100 == 99;
                Array x = Array.of(new float[rows * (bad ? 15 : 16)], rows, bad ? 15 : 16);
                try {
                  Array y =
                      (Array)
                          (i % 2 == 0
                              ? bucketed.apply(x)
                              // A plain jit sees a new shape every 1000 calls.
                              : plain.apply(
                                  Array.of(
                                      new float[(int) (i / 1000 + 1) * (bad ? 15 : 16)],
                                      i / 1000 + 1,
                                      bad ? 15 : 16),
                                  w));
                  if (bad || y.shape()[1] != 8) {
                    throw new IllegalStateException(
                        "call %d: a bad input was not refused".formatted(i));
                  }
                  y.close();
                } catch (IllegalArgumentException e) {
                  if (!bad) {
                    throw e;
                  }
                  refused.incrementAndGet();
                }
                x.close();
                if (i % (calls / 10) == 0) {
                  System.out.printf(
                      "%d calls, %.0f s: RSS %d MiB%n",
                      i, (System.nanoTime() - start) / 1e9, rssMiB());
                }
              }
              return null;
            });
      }
    }
    System.out.printf(
        "done: %d calls, %d bad inputs refused, RSS %d MiB%n", calls, refused.get(), rssMiB());
  }

  private static long rssMiB() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }
}
