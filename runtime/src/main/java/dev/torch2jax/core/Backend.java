package dev.torch2jax.core;

import dev.torch2jax.pjrt.CachedCompiler;
import dev.torch2jax.pjrt.ClientConfig;
import dev.torch2jax.pjrt.PjrtApi;
import dev.torch2jax.pjrt.PjrtClient;
import dev.torch2jax.pjrt.PjrtDevice;

/**
 * The process-wide PJRT client and device that arrays live on, created on first use with the plugin
 * and options {@link ClientConfig} reads from system properties ({@code -Dtorch2jax.platform},
 * {@code -Dtorch2jax.cpu.devices}, ...), and its compiler. They live as long as the process.
 */
public final class Backend {
  private Backend() {}

  private static final class Holder {
    static final PjrtClient CLIENT = create(ClientConfig.fromSystem());

    private static PjrtClient create(ClientConfig config) {
      return PjrtClient.create(PjrtApi.load(config.plugin()), config.createOptions());
    }
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

  /** The client's addressable devices. */
  public static java.util.List<PjrtDevice> devices() {
    return client().devices();
  }

  /** The default device: the client's first addressable device. */
  public static PjrtDevice device() {
    return client().devices().getFirst();
  }
}
