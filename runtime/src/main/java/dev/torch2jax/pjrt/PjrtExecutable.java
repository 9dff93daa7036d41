package dev.torch2jax.pjrt;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Reference;
import java.util.concurrent.atomic.AtomicLong;

/** A compiled program, loaded on its client's devices, run on one device or on several (SPMD). */
@SuppressWarnings("restricted") // this package is the one place that reads raw PJRT pointers
public final class PjrtExecutable extends ClientResource {
  private static final AtomicLong LIVE = new AtomicLong();

  private final long loaded;
  private final long executable;
  private final int numOutputs;

  private PjrtExecutable(ClientHandle client, long loaded, long executable, int numOutputs) {
    super(
        client,
        LIVE,
        () -> {
          client.api.destroy(ApiSlot.EXECUTABLE_DESTROY, executable);
          client.api.destroy(ApiSlot.LOADED_EXECUTABLE_DESTROY, loaded);
        });
    this.loaded = loaded;
    this.executable = executable;
    this.numOutputs = numOutputs;
  }

  static PjrtExecutable adopt(ClientHandle client, long loaded) {
    try (Arena arena = Arena.ofConfined()) {
      long executable =
          client
              .api
              .callOn(arena, ApiSlot.LOADED_EXECUTABLE_GET_EXECUTABLE, loaded)
              .get(JAVA_LONG, 24);
      MemorySegment n = client.api.callOn(arena, ApiSlot.EXECUTABLE_NUM_OUTPUTS, executable);
      return new PjrtExecutable(client, loaded, executable, (int) n.get(JAVA_LONG, 24));
    } catch (RuntimeException e) {
      client.api.destroy(ApiSlot.LOADED_EXECUTABLE_DESTROY, loaded);
      throw e;
    }
  }

  /**
   * How many executables of this process are not yet released (compiled or loaded, not closed): a
   * leak check for tests and soaks, e.g. that evicted executables are closed.
   */
  public static long liveCount() {
    return LIVE.get();
  }

  /** How many results one run returns. */
  public int numOutputs() {
    return numOutputs;
  }

  /** True when the plugin can {@link #serialize} executables. */
  public boolean isSerializable() {
    return client.api.supports(ApiSlot.EXECUTABLE_SERIALIZE)
        && client.api.supports(ApiSlot.EXECUTABLE_DESERIALIZE_AND_LOAD);
  }

  /**
   * The plugin's serialization of this executable, which {@link PjrtClient#deserialize} loads
   * again. It is specific to the plugin build and the host's CPU: a blob from elsewhere may be
   * refused or, worse, accepted and compute garbage.
   *
   * @throws UnsupportedOperationException when the plugin lacks serialization
   * @throws PjrtException when the plugin fails to serialize
   */
  public byte[] serialize() {
    checkOpen("PJRT executable");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment args = client.api.callOn(arena, ApiSlot.EXECUTABLE_SERIALIZE, executable);
      MemorySegment backing = args.get(ADDRESS, 40);
      MemorySegment deleter = args.get(ADDRESS, 48);
      try {
        long size = args.get(JAVA_LONG, 32);
        return args.get(ADDRESS, 24).reinterpret(size).toArray(JAVA_BYTE);
      } finally {
        if (!deleter.equals(MemorySegment.NULL)) {
          client.api.callDeleter(deleter, backing);
        }
      }
    }
  }

  /**
   * Runs the program on {@code arguments} and waits for it; returns new buffers the caller owns.
   * The arguments are not consumed.
   */
  public PjrtBuffer[] execute(PjrtBuffer... arguments) {
    checkOpen("PJRT executable");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment argList = arena.allocate(Math.max(arguments.length, 1) * 8L, 8);
      for (int i = 0; i < arguments.length; i++) {
        if (arguments[i].client != client) {
          throw new IllegalArgumentException(
              "argument " + i + " lives on another PJRT client than this executable");
        }
        argList.set(JAVA_LONG, i * 8L, arguments[i].address());
      }
      MemorySegment argLists = arena.allocate(8, 8);
      argLists.set(ADDRESS, 0, argList);
      MemorySegment outList = arena.allocate(Math.max(numOutputs, 1) * 8L, 8);
      MemorySegment outLists = arena.allocate(8, 8);
      outLists.set(ADDRESS, 0, outList);
      MemorySegment events = arena.allocate(8, 8);

      launch(arena, 1, arguments.length, argLists, outLists, events);

      PjrtBuffer[] out = new PjrtBuffer[numOutputs];
      try {
        for (int i = 0; i < numOutputs; i++) {
          out[i] = PjrtBuffer.adopt(client, outList.get(JAVA_LONG, i * 8L));
        }
        client.api.awaitAndDestroy(events.get(ADDRESS, 0));
      } catch (RuntimeException e) {
        for (PjrtBuffer b : out) {
          if (b != null) {
            b.close();
          }
        }
        throw e;
      }
      return out;
    } finally {
      keepAlive(arguments);
    }
  }

  /**
   * The {@code PJRT_Device*} addresses this executable runs on, in the order {@link
   * #executeSharded} takes its argument lists (compare with {@link PjrtDevice#address()}).
   */
  public long[] addressableDevices() {
    checkOpen("PJRT executable");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment args =
          client.api.callOn(arena, ApiSlot.LOADED_EXECUTABLE_ADDRESSABLE_DEVICES, loaded);
      return PjrtApi.longs(args, 24);
    }
  }

  /**
   * Runs a program compiled for several devices (SPMD partitions): {@code argumentLists[d]} holds
   * device d's arguments (its shards, on that device), devices in {@link #addressableDevices()}
   * order. Returns the outputs per device, {@code [device][output]}, new buffers the caller owns.
   *
   * @throws IllegalArgumentException when the lists are ragged or an argument is on another client
   * @throws PjrtException when XLA rejects the arguments (wrong device, wrong shard shape)
   */
  public PjrtBuffer[][] executeSharded(PjrtBuffer[][] argumentLists) {
    checkOpen("PJRT executable");
    int devices = argumentLists.length;
    int numArgs = devices == 0 ? 0 : argumentLists[0].length;
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment argLists = arena.allocate(Math.max(devices, 1) * 8L, 8);
      MemorySegment outLists = arena.allocate(Math.max(devices, 1) * 8L, 8);
      MemorySegment[] outs = new MemorySegment[devices];
      for (int d = 0; d < devices; d++) {
        PjrtBuffer[] list = argumentLists[d];
        if (list.length != numArgs) {
          throw new IllegalArgumentException(
              "argument list %d has %d arguments, list 0 has %d"
                  .formatted(d, list.length, numArgs));
        }
        MemorySegment argList = arena.allocate(Math.max(numArgs, 1) * 8L, 8);
        for (int i = 0; i < numArgs; i++) {
          if (list[i].client != client) {
            throw new IllegalArgumentException(
                "argument %d of device %d lives on another PJRT client than this executable"
                    .formatted(i, d));
          }
          argList.set(JAVA_LONG, i * 8L, list[i].address());
        }
        argLists.set(ADDRESS, d * 8L, argList);
        outs[d] = arena.allocate(Math.max(numOutputs, 1) * 8L, 8);
        outLists.set(ADDRESS, d * 8L, outs[d]);
      }
      MemorySegment events = arena.allocate(Math.max(devices, 1) * 8L, 8);
      launch(arena, devices, numArgs, argLists, outLists, events);

      PjrtBuffer[][] out = new PjrtBuffer[devices][numOutputs];
      RuntimeException failure = null;
      for (int d = 0; d < devices; d++) {
        for (int i = 0; i < numOutputs; i++) {
          out[d][i] = PjrtBuffer.adopt(client, outs[d].get(JAVA_LONG, i * 8L));
        }
      }
      for (int d = 0; d < devices; d++) {
        try {
          client.api.awaitAndDestroy(events.get(ADDRESS, d * 8L));
        } catch (RuntimeException e) {
          failure = failure == null ? e : failure;
        }
      }
      if (failure != null) {
        for (PjrtBuffer[] row : out) {
          for (PjrtBuffer b : row) {
            b.close();
          }
        }
        throw failure;
      }
      return out;
    } finally {
      keepAlive(argumentLists);
    }
  }

  /**
   * The plugin reads the argument buffers until the execution's events complete: until then neither
   * they nor this executable may become unreachable, or their cleaners could free them under a
   * running program (a caller's temporary array is often their last reference).
   */
  private void keepAlive(Object arguments) {
    Reference.reachabilityFence(arguments);
    Reference.reachabilityFence(this);
  }

  /**
   * {@code PJRT_LoadedExecutable_Execute} with default options: {@code argLists} and {@code
   * outLists} hold one list per device, {@code events} receives one completion event per device.
   */
  private void launch(
      Arena arena,
      long devices,
      long numArgs,
      MemorySegment argLists,
      MemorySegment outLists,
      MemorySegment events) {
    MemorySegment args = Struct.allocate(arena, ApiSlot.LOADED_EXECUTABLE_EXECUTE);
    args.set(JAVA_LONG, 16, loaded);
    args.set(ADDRESS, 24, Struct.allocate(arena, Struct.EXECUTE_OPTIONS));
    args.set(ADDRESS, 32, argLists);
    args.set(JAVA_LONG, 40, devices);
    args.set(JAVA_LONG, 48, numArgs);
    args.set(ADDRESS, 56, outLists);
    args.set(ADDRESS, 64, events);
    client.api.call(ApiSlot.LOADED_EXECUTABLE_EXECUTE, args);
  }

  @Override
  public String toString() {
    return "PjrtExecutable[" + numOutputs + " outputs" + (isClosed() ? ", closed]" : "]");
  }
}
