package dev.torch2jax.pjrt;

/** No PJRT plugin library could be found in any of the places the runtime looks. */
public final class PluginNotFoundException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  PluginNotFoundException(String message) {
    super(message);
  }
}
