package dev.torch2jax.core;

import dev.torch2jax.pjrt.PjrtExecutable;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Compiled executables by key, at most {@code capacity} of them: the least recently used goes first
 * and is closed once no call runs it. Unbounded, a long-lived process would run out of memory
 * mappings (XLA's CPU code takes three per executable; Linux allows about 65k by default).
 *
 * @param <K> the key (e.g. a primitive with its parameters and input types)
 */
final class ExecutableCache<K> {
  /** A cached executable with the number of calls running it. */
  static final class Lease {
    private final PjrtExecutable executable;
    private int users;
    private boolean evicted;

    private Lease(PjrtExecutable executable) {
      this.executable = executable;
    }

    PjrtExecutable executable() {
      return executable;
    }
  }

  private final int capacity;
  private final Map<K, Lease> entries = new LinkedHashMap<>(16, 0.75f, true);

  /**
   * @throws IllegalArgumentException when {@code capacity} is below 1
   */
  ExecutableCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "the executable cache needs room for at least one executable, got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * The executable of {@code key}, compiled by {@code compile} when absent; the caller runs it and
   * then calls {@link #release}.
   */
  synchronized Lease acquire(K key, Function<K, PjrtExecutable> compile) {
    Lease lease = entries.get(key);
    if (lease == null) {
      lease = new Lease(compile.apply(key));
      entries.put(key, lease);
      evictOverflow();
    }
    lease.users++;
    return lease;
  }

  /** Ends a call's use of {@code lease}; an evicted executable is closed by its last user. */
  synchronized void release(Lease lease) {
    lease.users--;
    if (lease.evicted && lease.users == 0) {
      lease.executable.close();
    }
  }

  synchronized int size() {
    return entries.size();
  }

  private void evictOverflow() {
    Iterator<Lease> eldest = entries.values().iterator();
    while (entries.size() > capacity) {
      Lease lease = eldest.next();
      eldest.remove();
      lease.evicted = true;
      if (lease.users == 0) {
        lease.executable.close();
      }
    }
  }
}
