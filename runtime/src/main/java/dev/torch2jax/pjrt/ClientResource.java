package dev.torch2jax.pjrt;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A native object that belongs to one client: it holds a reference to the client from construction
 * until it is released, so the client outlives it.
 */
abstract class ClientResource extends NativeResource {
  final ClientHandle client;

  /**
   * {@code destroy} frees the object itself (it must not refer to the owner); {@code live} counts
   * the owner's kind of object.
   */
  ClientResource(ClientHandle client, AtomicLong live, Runnable destroy) {
    super(releasing(client, destroy), live);
    client.retain();
    this.client = client;
  }

  private static Runnable releasing(ClientHandle client, Runnable destroy) {
    return () -> {
      try {
        destroy.run();
      } finally {
        client.release();
      }
    };
  }
}
