package dev.torch2jax.sharding;

import dev.torch2jax.Mesh;
import dev.torch2jax.pjrt.PjrtApi;
import dev.torch2jax.pjrt.PjrtClient;
import dev.torch2jax.pjrt.PluginLocator;

/**
 * A CPU client with 4 devices for the sharding tests, beside the process-wide one-device client, so
 * the default suite keeps one device (and its speed).
 */
final class FourDevices {
  static final PjrtClient CLIENT = PjrtClient.create(PjrtApi.load(PluginLocator.locate()), 4);

  private FourDevices() {}

  /** A mesh of the client's first devices. */
  static Mesh mesh(int[] shape, String... axisNames) {
    return Mesh.of(CLIENT, shape, axisNames);
  }
}
