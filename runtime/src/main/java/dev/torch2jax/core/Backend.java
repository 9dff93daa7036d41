package dev.torch2jax.core;

import dev.torch2jax.pjrt.CachedCompiler;
import dev.torch2jax.pjrt.PjrtApi;
import dev.torch2jax.pjrt.PjrtClient;
import dev.torch2jax.pjrt.PjrtDevice;
import dev.torch2jax.pjrt.PluginLocator;

/**
 * The process-wide PJRT client and device that arrays live on, created on first use from the plugin
 * {@link PluginLocator} finds, and its compiler. They live as long as the process.
 */
public final class Backend {
  private Backend() {}

  private static final class Holder {
    static final PjrtClient CLIENT = PjrtClient.create(PjrtApi.load(PluginLocator.locate()));
  }

  private static final class CompilerHolder {
    static final CachedCompiler COMPILER = CachedCompiler.fromSystemProperties(client());
  }

  /** The default client. */
  public static PjrtClient client() {
    return Holder.CLIENT;
  }

  /**
   * The default client's compiler, through the persistent compile cache the system properties
   * configure (see {@link CachedCompiler}).
   */
  public static CachedCompiler compiler() {
    return CompilerHolder.COMPILER;
  }

  /** The default device: the client's first addressable device. */
  public static PjrtDevice device() {
    return client().devices().getFirst();
  }
}
