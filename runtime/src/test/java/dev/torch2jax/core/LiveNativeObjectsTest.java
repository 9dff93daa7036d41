package dev.torch2jax.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Buckets;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.pjrt.PjrtBuffer;
import dev.torch2jax.pjrt.PjrtExecutable;
import dev.torch2jax.transform.Jit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The native objects a serving workload leaves behind: after many shapes (far more than the cache
 * bound), bucketed calls and refused inputs, with every input and output closed, no PJRT buffer is
 * left alive and every executable alive is one the cache holds.
 */
class LiveNativeObjectsTest {
  private static final int BOUND = 4;
  private static final int SHAPES = 10 * BOUND;

  @Test
  void closedWorkloadLeavesNoBuffersAndOnlyCachedExecutables() throws Exception {
    String before = System.getProperty(Jit.SIGNATURES_PROPERTY);
    System.setProperty(Jit.SIGNATURES_PROPERTY, String.valueOf(BOUND));
    Eager.resizeCaches(BOUND);
    try (Array w = Array.of(new float[16 * 8], 16, 8)) {
      Fn plain = Jax.jit(a -> Jnp.tanh(Jnp.matmul((Array) a[0], (Array) a[1])));
      Fn bucketed = Buckets.powersOfTwo(32).jit(a -> Jnp.tanh(Jnp.matmul((Array) a[0], w)));
      long buffers = settledBufferCount();
      long uncachedExecutables = PjrtExecutable.liveCount() - Eager.cacheSize();
      try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
        List<Future<?>> calls = new ArrayList<>();
        for (int i = 0; i < 4 * SHAPES; i++) {
          int call = i;
          calls.add(pool.submit(() -> callOnce(plain, bucketed, w, call)));
        }
        for (Future<?> call : calls) {
          call.get();
        }
      }
      assertTrue(Eager.cacheSize() <= BOUND, "executables cached: " + Eager.cacheSize());
      assertEquals(
          uncachedExecutables,
          PjrtExecutable.liveCount() - Eager.cacheSize(),
          "executables alive outside the cache (evicted but not closed?)");
      assertEquals(buffers, PjrtBuffer.liveCount(), "buffers alive after closing every array");
    } finally {
      Eager.resizeCaches(4096);
      if (before == null) {
        System.clearProperty(Jit.SIGNATURES_PROPERTY);
      } else {
        System.setProperty(Jit.SIGNATURES_PROPERTY, before);
      }
    }
  }

  /**
   * Call {@code i}: a plain jit of a shape of its own, or a bucketed jit of 1 to 31 rows; one in 5
   * has the wrong width and must be refused.
   */
  private static void callOnce(Fn plain, Fn bucketed, Array w, int i) {
    boolean bad = i % 5 == 4;
    int rows = i % 2 == 0 ? i / 4 + 1 : i % 31 + 1;
    try (Array x = Array.of(new float[rows * (bad ? 15 : 16)], rows, bad ? 15 : 16)) {
      Fn f = i % 2 == 0 ? plain : bucketed;
      Object[] args = i % 2 == 0 ? new Object[] {x, w} : new Object[] {x};
      if (bad) {
        assertThrows(IllegalArgumentException.class, () -> f.apply(args));
        return;
      }
      try (Array y = (Array) f.apply(args)) {
        assertEquals(rows * 8L, y.size(), "call %d: result size".formatted(i));
      }
    }
  }

  /**
   * The live buffer count once the garbage collector has released what earlier tests dropped
   * without closing, so that the count before the workload is not lowered by them during it.
   */
  private static long settledBufferCount() throws InterruptedException {
    long previous = -1;
    long now = PjrtBuffer.liveCount();
    for (int i = 0; i < 20 && now != previous; i++) {
      System.gc();
      Thread.sleep(50);
      previous = now;
      now = PjrtBuffer.liveCount();
    }
    return now;
  }
}
