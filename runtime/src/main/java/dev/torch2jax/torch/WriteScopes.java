package dev.torch2jax.torch;

import dev.torch2jax.Array;
import dev.torch2jax.torch.TensorRef.Storage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The branches being staged, innermost first, and the tensors defined outside each that it writes.
 * A branch of a staged {@code if} is traced once to learn what it writes and once per branch
 * function; every write it makes to an outer storage is undone when it ends, and the saved values
 * tell the staging code which outer tensors the branch must return.
 */
final class WriteScopes {
  /** One staged branch: the outer storages it writes, with their values when it began. */
  static final class Scope {
    private final long firstStorageId;
    private final Map<Storage, Array> saved = new LinkedHashMap<>();

    private Scope(long firstStorageId) {
      this.firstStorageId = firstStorageId;
    }

    /** The storages defined outside this scope that it wrote. */
    java.util.Set<Storage> written() {
      return saved.keySet();
    }
  }

  private final Deque<Scope> scopes = new ArrayDeque<>();

  /** Opens a scope for a branch about to be traced. */
  Scope push() {
    Scope s = new Scope(TensorRef.nextStorageId());
    scopes.push(s);
    return s;
  }

  /** Closes {@code s}, restoring every outer storage it wrote. */
  void pop(Scope s) {
    scopes.remove(s);
    s.saved.forEach(Storage::set);
  }

  /**
   * Writes {@code v} into {@code storage}, remembering the old value in the scopes it is outside.
   */
  void set(Storage storage, Array v) {
    for (Scope s : scopes) {
      if (storage.id < s.firstStorageId) {
        s.saved.putIfAbsent(storage, storage.value());
      }
    }
    storage.set(v);
  }

  /** The innermost scope, or null outside staged branches: the key of cached reads. */
  Object current() {
    return scopes.peek();
  }
}
