package dev.torch2jax.core;

import dev.torch2jax.pjrt.PjrtExecutable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Compiled executables by key, at most {@code capacity} of them: the least recently used goes first
 * and is closed once no call runs it. Unbounded, a long-lived process would run out of memory
 * mappings (XLA's CPU code takes three per executable; Linux allows about 65k by default). A key is
 * compiled outside the cache's lock, once: other callers of the same key wait for it, callers of
 * other keys do not.
 *
 * @param <K> the key (e.g. a primitive with its parameters and input types)
 */
final class ExecutableCache<K> {
  /** A cached executable (or its compile under way) with the number of calls using it. */
  static final class Lease {
    private final CompletableFuture<PjrtExecutable> executable = new CompletableFuture<>();
    private int users;
    private boolean evicted;

    /** The executable, waiting for its compile when another call is running it. */
    PjrtExecutable executable() {
      try {
        return executable.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
  }

  private final Map<K, Lease> entries = new LinkedHashMap<>(16, 0.75f, true);
  private int capacity;

  /**
   * @throws IllegalArgumentException when {@code capacity} is below 1
   */
  ExecutableCache(int capacity) {
    this.capacity = checked(capacity);
  }

  /**
   * The executable of {@code key}, compiled by {@code compile} when absent; the caller runs it and
   * then calls {@link #release}. A failed compile is not cached, and its error reaches every caller
   * that waited for it.
   */
  Lease acquire(K key, Function<K, PjrtExecutable> compile) {
    Lease lease;
    boolean mine = false;
    synchronized (this) {
      lease = entries.get(key);
      if (lease == null) {
        lease = new Lease();
        entries.put(key, lease);
        mine = true;
        evictOverflow();
      }
      lease.users++;
    }
    if (mine) {
      try {
        lease.executable.complete(compile.apply(key));
      } catch (RuntimeException | Error e) {
        lease.executable.completeExceptionally(e);
        synchronized (this) {
          entries.remove(key, lease);
          lease.users--;
        }
        throw e;
      }
    }
    try {
      lease.executable();
    } catch (RuntimeException e) {
      synchronized (this) {
        lease.users--;
      }
      throw e;
    }
    return lease;
  }

  /** Ends a call's use of {@code lease}; an evicted executable is closed by its last user. */
  synchronized void release(Lease lease) {
    lease.users--;
    closeIfUnused(lease);
  }

  synchronized int size() {
    return entries.size();
  }

  /** Changes the bound, evicting the least recently used executables over it. */
  synchronized void resize(int capacity) {
    this.capacity = checked(capacity);
    evictOverflow();
  }

  private void evictOverflow() {
    Iterator<Lease> eldest = entries.values().iterator();
    while (entries.size() > capacity) {
      Lease lease = eldest.next();
      eldest.remove();
      lease.evicted = true;
      closeIfUnused(lease);
    }
  }

  private static void closeIfUnused(Lease lease) {
    // A lease is in use from acquire to release, so an unused one has finished compiling.
    if (lease.evicted && lease.users == 0 && !lease.executable.isCompletedExceptionally()) {
      lease.executable.join().close();
    }
  }

  private static int checked(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "the executable cache needs room for at least one executable, got %d"
              .formatted(capacity));
    }
    return capacity;
  }
}
