package dev.torch2jax.examples.serving;

import dev.torch2jax.Array;
import dev.torch2jax.Buckets;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.pjrt.PjrtBuffer;
import dev.torch2jax.pjrt.PjrtExecutable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    List<Future<?>> workers = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
      for (int t = 0; t < THREADS; t++) {
        workers.add(
            pool.submit(
                () -> {
                  for (long i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                    boolean bad = i % 100 == 99;
                    int cols = bad ? 15 : 16;
                    // Even calls: the bucketed jit, 1 to 64 rows; odd: the plain jit, whose shape
                    // changes every 1000 calls.
                    boolean bucketedCall = i % 2 == 0;
                    long rows = bucketedCall ? i * 7919 % 64 + 1 : i / 1000 + 1;
                    // Every array is closed: one left to the garbage collector holds its native
                    // memory until a collection, which the JVM's heap pressure does not predict.
                    try (Array x = Array.of(new float[(int) rows * cols], rows, cols)) {
                      try (Array y =
                          (Array) (bucketedCall ? bucketed.apply(x) : plain.apply(x, w))) {
                        if (bad || y.shape()[1] != 8) {
                          throw new IllegalStateException(
                              "call %d: a bad input was not refused".formatted(i));
                        }
                      }
                    } catch (IllegalArgumentException e) {
                      if (!bad) {
                        throw e;
                      }
                      refused.incrementAndGet();
                    }
                    if (i % (calls / 10) == 0) {
                      System.out.printf(
                          "%d calls, %.0f s: RSS %d MiB%n",
                          i, (System.nanoTime() - start) / 1e9, rssMiB());
                    }
                  }
                  return null;
                }));
      }
    }
    for (Future<?> worker : workers) {
      worker.get(); // a worker's failure (a wrong result, an unexpected error) fails the soak
    }
    w.close();
    System.out.printf(
        "done: %d calls, %d bad inputs refused, RSS %d MiB; alive: %d buffers, %d executables%n",
        calls, refused.get(), rssMiB(), PjrtBuffer.liveCount(), PjrtExecutable.liveCount());
    if (refused.get() != calls / 100) {
      throw new IllegalStateException(
          "%d bad inputs refused, expected %d".formatted(refused.get(), calls / 100));
    }
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
