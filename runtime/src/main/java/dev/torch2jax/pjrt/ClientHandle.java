package dev.torch2jax.pjrt;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code PJRT_Client*} shared by the client and everything made from it. Buffers and executables
 * hold a reference, so the client is destroyed only after the last of them, whatever order the
 * program (or the garbage collector) closes them in.
 */
final class ClientHandle {
  final PjrtApi api;
  final long address;
  private final AtomicInteger references = new AtomicInteger(1);

  ClientHandle(PjrtApi api, long address) {
    this.api = api;
    this.address = address;
  }

  void retain() {
    if (references.getAndIncrement() <= 0) {
      references.decrementAndGet();
      throw new IllegalStateException("PJRT client is closed");
    }
  }

  void release() {
    if (references.decrementAndGet() == 0) {
      api.destroy(ApiSlot.CLIENT_DESTROY, address);
    }
  }
}
