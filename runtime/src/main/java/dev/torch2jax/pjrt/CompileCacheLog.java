package dev.torch2jax.pjrt;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The compile cache's log: its problems never fail a call, so the first storage problem is a
 * warning and the rest (the same disk, most likely) are debug messages.
 */
final class CompileCacheLog {
  private static final System.Logger LOG = System.getLogger("dev.torch2jax.compileCache");
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private CompileCacheLog() {}

  /** A storage or plugin problem; the call goes on without the cache. */
  static void problem(String what, Throwable cause) {
    Level level = WARNED.compareAndSet(false, true) ? Level.WARNING : Level.DEBUG;
    LOG.log(
        level,
        "torch2jax compile cache: %s failed (%s); compiling without the cache. Set -D%s=off to turn it off."
            .formatted(what, cause, CachedCompiler.PROPERTY));
  }

  /** A damaged entry, deleted; its program is compiled again. */
  static void damaged(Path file) {
    LOG.log(Level.INFO, "torch2jax compile cache: %s is damaged; deleted it".formatted(file));
  }
}
