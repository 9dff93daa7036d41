package dev.torch2jax.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map that keeps at most {@code capacity} entries, dropping the least recently used: the traces
 * and program texts a long-lived process would otherwise keep for every shape it ever saw. Safe for
 * concurrent use; values are computed by the caller outside the lock, so two threads missing the
 * same key at once may both compute it (the first stored wins).
 *
 * @param <K> the key
 * @param <V> the value
 */
public final class LruCache<K, V> {
  private final Map<K, V> entries = new LinkedHashMap<>(16, 0.75f, true);
  private int capacity;

  /**
   * @throws IllegalArgumentException when {@code capacity} is below 1
   */
  public LruCache(int capacity) {
    this.capacity = checked(capacity);
  }

  /** The value of {@code key}, now the most recently used, or null. */
  public synchronized V get(K key) {
    return entries.get(key);
  }

  /**
   * Stores {@code value} unless {@code key} already has one, and returns the value now held (the
   * earlier one when there was one).
   */
  public synchronized V putIfAbsent(K key, V value) {
    V held = entries.putIfAbsent(key, value);
    trim();
    return held == null ? value : held;
  }

  /** How many entries are held. */
  public synchronized int size() {
    return entries.size();
  }

  /** Changes the bound, dropping the least recently used entries over it. */
  public synchronized void resize(int capacity) {
    this.capacity = checked(capacity);
    trim();
  }

  private void trim() {
    var eldest = entries.entrySet().iterator();
    while (entries.size() > capacity) {
      eldest.next();
      eldest.remove();
    }
  }

  private static int checked(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "a cache needs room for at least one entry, got %d".formatted(capacity));
    }
    return capacity;
  }
}
