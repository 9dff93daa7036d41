package dev.torch2jax.pjrt;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A native handle released exactly once: by {@link #close()}, or by a {@link Cleaner} when the
 * owner becomes unreachable without being closed.
 */
abstract class NativeResource implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  /** The count of handles nobody asks about (clients: a process has one or two). */
  private static final AtomicLong UNCOUNTED = new AtomicLong();

  private final Release release;
  private final Cleaner.Cleanable cleanable;

  /** {@code release} must not refer to the owner, or it would never become unreachable. */
  NativeResource(Runnable release) {
    this(release, UNCOUNTED);
  }

  /**
   * {@code release} must not refer to the owner, or it would never become unreachable; {@code live}
   * counts the owner's kind of handle from here until it is released.
   */
  NativeResource(Runnable release, AtomicLong live) {
    this.release = new Release(release, live);
    this.cleanable = CLEANER.register(this, this.release);
  }

  /** Releases the native handle; later calls do nothing. */
  @Override
  public void close() {
    cleanable.clean();
  }

  /** True once released. */
  public boolean isClosed() {
    return release.done.get();
  }

  /** Throws when the handle was released; {@code what} names the object for the message. */
  void checkOpen(String what) {
    if (isClosed()) {
      throw new IllegalStateException(what + " is closed");
    }
  }

  private static final class Release implements Runnable {
    final AtomicBoolean done = new AtomicBoolean();
    final Runnable action;
    final AtomicLong live;

    Release(Runnable action, AtomicLong live) {
      this.action = action;
      this.live = live;
      live.incrementAndGet();
    }

    @Override
    public void run() {
      if (done.compareAndSet(false, true)) {
        try {
          action.run();
        } finally {
          live.decrementAndGet();
        }
      }
    }
  }
}
