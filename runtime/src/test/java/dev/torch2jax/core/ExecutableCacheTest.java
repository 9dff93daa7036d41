package dev.torch2jax.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.pjrt.PjrtExecutable;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecutableCacheTest {
  private static PjrtExecutable compile(int n) {
    return Backend.client()
        .compile(
            """
            module @m {
              func.func public @main(%a: tensor<Nxf32>) -> (tensor<Nxf32>) {
                %0 = "stablehlo.negate"(%a) : (tensor<Nxf32>) -> tensor<Nxf32>
                "func.return"(%0) : (tensor<Nxf32>) -> ()
              }
            }
            """
                .replace("N", String.valueOf(n)));
  }

  @Test
  void keepsTheMostRecentlyUsedAndClosesTheEvicted() {
    ExecutableCache<Integer> cache = new ExecutableCache<>(2);
    ExecutableCache.Lease one = cache.acquire(1, ExecutableCacheTest::compile);
    cache.release(one);
    ExecutableCache.Lease two = cache.acquire(2, ExecutableCacheTest::compile);
    cache.release(two);
    assertSame(one, cache.acquire(1, k -> null)); // a hit compiles nothing and refreshes 1
    cache.release(one);
    ExecutableCache.Lease three = cache.acquire(3, ExecutableCacheTest::compile);
    cache.release(three);
    assertEquals(2, cache.size());
    assertTrue(two.executable().isClosed(), "the least recently used executable is closed");
    assertFalse(one.executable().isClosed());
    assertFalse(three.executable().isClosed());
  }

  @Test
  void anExecutableInUseIsClosedByItsLastUser() {
    ExecutableCache<Integer> cache = new ExecutableCache<>(1);
    ExecutableCache.Lease running = cache.acquire(1, ExecutableCacheTest::compile);
    ExecutableCache.Lease other = cache.acquire(2, ExecutableCacheTest::compile);
    assertFalse(running.executable().isClosed(), "evicted while running: still open");
    cache.release(running);
    assertTrue(running.executable().isClosed());
    cache.release(other);
    assertFalse(other.executable().isClosed());
  }

  @Test
  void aFailedCompileReachesItsCallerAndIsNotCached() {
    ExecutableCache<Integer> cache = new ExecutableCache<>(2);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                cache.acquire(
                    1,
                    k -> {
                      throw new IllegalStateException("no compiler today");
                    }));
    assertEquals("no compiler today", e.getMessage());
    assertEquals(0, cache.size());
    ExecutableCache.Lease one = cache.acquire(1, ExecutableCacheTest::compile);
    cache.release(one);
    assertFalse(one.executable().isClosed());
  }

  @Test
  void shrinkingEvictsTheLeastRecentlyUsed() {
    ExecutableCache<Integer> cache = new ExecutableCache<>(3);
    List<ExecutableCache.Lease> leases = new ArrayList<>();
    for (int n = 1; n <= 3; n++) {
      leases.add(cache.acquire(n, ExecutableCacheTest::compile));
      cache.release(leases.getLast());
    }
    cache.resize(1);
    assertEquals(1, cache.size());
    assertTrue(leases.get(0).executable().isClosed());
    assertTrue(leases.get(1).executable().isClosed());
    assertFalse(leases.get(2).executable().isClosed());
  }

  @Test
  void rejectsAnEmptyCapacity() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ExecutableCache<Integer>(0));
    assertTrue(e.getMessage().contains("at least one"), e.getMessage());
  }
}
