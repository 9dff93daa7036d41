package dev.torch2jax.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.transform.Jit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** A jitted function called with ten times more shapes than the caches hold. */
class BoundedCachesTest {
  private static final int BOUND = 6;
  private static final int SHAPES = 10 * BOUND;

  @Test
  void manyShapesKeepEveryCacheBoundedAndEveryResultRight() throws Exception {
    String before = System.getProperty(Jit.SIGNATURES_PROPERTY);
    System.setProperty(Jit.SIGNATURES_PROPERTY, String.valueOf(BOUND));
    Eager.resizeCaches(BOUND);
    try {
      Jit f = Jax.jit(a -> Jnp.sum(Jnp.tanh(Jnp.matmul((Array) a[0], (Array) a[1])), 1));
      Array w = Array.of(new float[] {0.5f, -1, 0.25f, 2, 1, -0.5f}, 3, 2);
      // Four threads, so that evictions happen while other calls run their executables.
      try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
        List<Future<?>> calls = new ArrayList<>();
        for (int rows = 1; rows <= SHAPES; rows++) {
          int n = rows;
          calls.add(pool.submit(() -> checkRows(f, w, n)));
        }
        for (Future<?> call : calls) {
          call.get();
        }
      }
      assertTrue(f.traceCount() >= SHAPES, "every shape was traced");
      assertTrue(f.cachedSignatures() <= BOUND, "traces held: " + f.cachedSignatures());
      assertTrue(Eager.cacheSize() <= BOUND, "executables held: " + Eager.cacheSize());
      assertTrue(
          Eager.programTextCacheSize() <= BOUND,
          "program texts held: " + Eager.programTextCacheSize());
      checkRows(f, w, 1); // evicted long ago: traced and compiled again
    } finally {
      Eager.resizeCaches(4096);
      if (before == null) {
        System.clearProperty(Jit.SIGNATURES_PROPERTY);
      } else {
        System.setProperty(Jit.SIGNATURES_PROPERTY, before);
      }
    }
  }

  /** {@code f} on an {@code n}x3 input against the same sums computed in Java. */
  private static void checkRows(Jit f, Array w, int n) {
    float[] x = new float[n * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 7) * 0.1f - 0.3f;
    }
    float[] ws = w.toFloatArray();
    float[] expected = new float[n];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < 2; c++) {
        double dot = 0;
        for (int k = 0; k < 3; k++) {
          dot += x[r * 3 + k] * ws[k * 2 + c];
        }
        expected[r] += (float) Math.tanh(dot);
      }
    }
    Array out = (Array) f.apply(Array.of(x, n, 3), w);
    assertEquals(List.of((long) n), toList(out.shape()));
    assertArrayEquals(expected, out.toFloatArray(), 1e-5f);
  }

  private static List<Long> toList(long[] shape) {
    List<Long> out = new ArrayList<>();
    for (long s : shape) {
      out.add(s);
    }
    return out;
  }
}
