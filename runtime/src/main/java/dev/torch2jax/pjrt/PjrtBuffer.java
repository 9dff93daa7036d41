package dev.torch2jax.pjrt;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.torch2jax.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/** A device buffer: an element type, dimensions, and the data on one device. */
@SuppressWarnings("restricted") // this package is the one place that reads raw PJRT pointers
public final class PjrtBuffer extends ClientResource {
  private static final AtomicLong LIVE = new AtomicLong();

  private final long address;
  private final DType dtype;
  private final long[] dims;

  private PjrtBuffer(ClientHandle client, long address, DType dtype, long[] dims) {
    super(client, LIVE, () -> client.api.destroy(ApiSlot.BUFFER_DESTROY, address));
    this.address = address;
    this.dtype = dtype;
    this.dims = dims.clone();
  }

  /**
   * How many buffers of this process are not yet released: a number that returns to where it was
   * once a workload closes what it made (a leak check for tests and soaks). A buffer dropped
   * without {@link #close()} counts until the garbage collector finds it.
   */
  public static long liveCount() {
    return LIVE.get();
  }

  /** Takes ownership of {@code address}, whose element type and dimensions are known. */
  static PjrtBuffer adopt(ClientHandle client, long address, DType dtype, long[] dims) {
    return new PjrtBuffer(client, address, dtype, dims);
  }

  /** Takes ownership of {@code address} and asks the plugin for its type and dimensions. */
  static PjrtBuffer adopt(ClientHandle client, long address) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment t = client.api.callOn(arena, ApiSlot.BUFFER_ELEMENT_TYPE, address);
      MemorySegment d = client.api.callOn(arena, ApiSlot.BUFFER_DIMENSIONS, address);
      return adopt(client, address, DType.fromPjrtCode(t.get(JAVA_INT, 24)), PjrtApi.longs(d, 24));
    }
  }

  /** Bytes of dense row-major data of this type and shape. */
  static long byteSize(DType dtype, long[] dims) {
    long n = 1;
    for (long d : dims) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
      }
      n = Math.multiplyExact(n, d);
    }
    return Math.multiplyExact(n, dtype.byteSize());
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** The dimensions, outermost first. */
  public long[] dims() {
    return dims.clone();
  }

  /** Size of the dense row-major host copy in bytes. */
  public long byteSize() {
    return byteSize(dtype, dims);
  }

  /** Copies the data to {@code dst} (exactly {@link #byteSize()} bytes, native memory). */
  public void toHost(MemorySegment dst) {
    checkOpen("PJRT buffer");
    if (dst.byteSize() != byteSize()) {
      throw new IllegalArgumentException(
          "destination holds " + dst.byteSize() + " bytes, buffer has " + byteSize());
    }
    if (byteSize() == 0) {
      return;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment args = Struct.allocate(arena, ApiSlot.BUFFER_TO_HOST_BUFFER);
      args.set(JAVA_LONG, 16, address);
      args.set(ADDRESS, 32, dst);
      args.set(JAVA_LONG, 40, dst.byteSize());
      client.api.call(ApiSlot.BUFFER_TO_HOST_BUFFER, args);
      client.api.awaitAndDestroy(args.get(ADDRESS, 48));
    } finally {
      // The copy reads this buffer until its event completes; its cleaner must not free it first.
      Reference.reachabilityFence(this);
    }
  }

  /** A host copy of the data as bytes (dense, row-major, little-endian). */
  public byte[] toBytes() {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment dst = arena.allocate(Math.max(byteSize(), 1), 64).asSlice(0, byteSize());
      toHost(dst);
      return dst.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }
  }

  long address() {
    checkOpen("PJRT buffer");
    return address;
  }

  @Override
  public String toString() {
    return "PjrtBuffer[" + dtype + Arrays.toString(dims) + (isClosed() ? ", closed]" : "]");
  }
}
