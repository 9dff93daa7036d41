package dev.torch2jax.pjrt;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.torch2jax.DType;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A PJRT client: devices, compilation of StableHLO, and buffers.
 *
 * <p>Closing the client releases it once every buffer and executable made from it is released too,
 * so no order of {@code close()} calls can crash the process.
 */
@SuppressWarnings("restricted") // this package is the one place that reads raw PJRT pointers
public final class PjrtClient extends NativeResource {
  private static final int IMMUTABLE_ONLY_DURING_CALL = 0;

  private final ClientHandle handle;
  private final String platformName;
  private final String platformVersion;
  private final List<PjrtDevice> devices;

  private PjrtClient(ClientHandle handle) {
    super(handle::release);
    this.handle = handle;
    this.platformName = clientString(ApiSlot.CLIENT_PLATFORM_NAME);
    this.platformVersion = clientString(ApiSlot.CLIENT_PLATFORM_VERSION);
    this.devices = List.copyOf(readDevices());
  }

  /** A client with the plugin's default options. */
  public static PjrtClient create(PjrtApi api) {
    return create(api, 0);
  }

  /**
   * A client; {@code cpuDeviceCount > 0} asks a CPU plugin for that many devices (option {@code
   * cpu_device_count}), 0 keeps the plugin's default.
   */
  public static PjrtClient create(PjrtApi api, int cpuDeviceCount) {
    if (cpuDeviceCount < 0) {
      throw new IllegalArgumentException("cpuDeviceCount must be >= 0, got " + cpuDeviceCount);
    }
    return create(
        api, cpuDeviceCount > 0 ? Map.of("cpu_device_count", (long) cpuDeviceCount) : Map.of());
  }

  /**
   * A client created with named options, e.g. {@code cpu_device_count} for a CPU plugin or {@code
   * preallocate}, {@code memory_fraction}, {@code visible_devices} for the CUDA plugin. Values are
   * {@code Long}/{@code Integer} (int64), {@code long[]} (int64 list), {@code Float}/{@code Double}
   * (float), {@code Boolean} or {@code String}; a plugin may reject names it does not know.
   *
   * @throws IllegalArgumentException for a value of another type
   * @throws PjrtException when the plugin rejects an option
   */
  public static PjrtClient create(PjrtApi api, Map<String, ?> options) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment args = Struct.allocate(arena, ApiSlot.CLIENT_CREATE);
      if (!options.isEmpty()) {
        MemorySegment values = arena.allocate(Struct.NAMED_VALUE * options.size(), 8);
        long i = 0;
        for (var e : new TreeMap<String, Object>(options).entrySet()) {
          MemorySegment v = values.asSlice(i++ * Struct.NAMED_VALUE, Struct.NAMED_VALUE);
          PjrtApi.NamedValues.set(arena, v, e.getKey(), e.getValue());
        }
        args.set(ADDRESS, 16, values);
        args.set(JAVA_LONG, 24, options.size());
      }
      api.call(ApiSlot.CLIENT_CREATE, args);
      return new PjrtClient(new ClientHandle(api, args.get(JAVA_LONG, 64)));
    }
  }

  /** The plugin this client runs on. */
  public PjrtApi api() {
    return handle.api;
  }

  /** The platform, e.g. {@code "cpu"} or {@code "cuda"}. */
  public String platformName() {
    return platformName;
  }

  /** The platform's version string. */
  public String platformVersion() {
    return platformVersion;
  }

  /** The devices this process can address. */
  public List<PjrtDevice> devices() {
    return devices;
  }

  /**
   * Compiles a StableHLO module (MLIR text, entry function {@code @main}) for one device, with
   * {@link #compileOptions()}.
   *
   * @throws PjrtException with XLA's message when the program does not parse or verify
   */
  public PjrtExecutable compile(String stablehlo) {
    return compile(stablehlo, compileOptions());
  }

  /**
   * The serialized {@code CompileOptionsProto} {@link #compile(String)} uses now: one device, and
   * the XLA options of the system property {@code torch2jax.xla.options}.
   */
  public byte[] compileOptions() {
    return CompileOptions.singleDevice(-1, XlaOptions.fromSystemProperty());
  }

  /**
   * Compiles a StableHLO module with a serialized {@code CompileOptionsProto} (see {@link
   * CompileOptions}).
   *
   * @throws PjrtException with XLA's message when the program does not parse or verify
   */
  public PjrtExecutable compile(String stablehlo, byte[] options) {
    checkOpen("PJRT client");
    byte[] code = stablehlo.getBytes(StandardCharsets.UTF_8);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment program = Struct.allocate(arena, Struct.PROGRAM);
      MemorySegment format = arena.allocateFrom("mlir");
      program.set(ADDRESS, 16, arena.allocateFrom(JAVA_BYTE, code));
      program.set(JAVA_LONG, 24, code.length);
      program.set(ADDRESS, 32, format);
      program.set(JAVA_LONG, 40, 4);
      MemorySegment args = Struct.allocate(arena, ApiSlot.CLIENT_COMPILE);
      args.set(JAVA_LONG, 16, handle.address);
      args.set(ADDRESS, 24, program);
      args.set(ADDRESS, 32, arena.allocateFrom(JAVA_BYTE, options));
      args.set(JAVA_LONG, 40, options.length);
      handle.api.call(ApiSlot.CLIENT_COMPILE, args);
      return PjrtExecutable.adopt(handle, args.get(JAVA_LONG, 48));
    }
  }

  /**
   * Loads an executable from {@link PjrtExecutable#serialize()}'s bytes, made by the same plugin
   * build on the same kind of host.
   *
   * @throws UnsupportedOperationException when the plugin lacks deserialization
   * @throws PjrtException when the plugin refuses the bytes
   */
  public PjrtExecutable deserialize(byte[] serialized) {
    checkOpen("PJRT client");
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment args =
          Struct.allocate(
              arena, Struct.DESERIALIZE_AND_LOAD, Struct.DESERIALIZE_AND_LOAD_ALLOCATION);
      args.set(JAVA_LONG, 16, handle.address);
      args.set(ADDRESS, 24, arena.allocateFrom(JAVA_BYTE, serialized));
      args.set(JAVA_LONG, 32, serialized.length);
      handle.api.call(ApiSlot.EXECUTABLE_DESERIALIZE_AND_LOAD, args);
      return PjrtExecutable.adopt(handle, args.get(JAVA_LONG, 40));
    }
  }

  /**
   * Copies dense row-major host data to a new buffer on {@code device}.
   *
   * @param data exactly {@code product(dims) * dtype.byteSize()} bytes
   */
  public PjrtBuffer bufferFromHost(
      MemorySegment data, DType dtype, long[] dims, PjrtDevice device) {
    checkOpen("PJRT client");
    long expected = PjrtBuffer.byteSize(dtype, dims);
    if (data.byteSize() != expected) {
      throw new IllegalArgumentException(
          "host data holds %d bytes, but %s%s needs %d"
              .formatted(data.byteSize(), dtype, java.util.Arrays.toString(dims), expected));
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment host = arena.allocate(Math.max(expected, 1), 64);
      MemorySegment.copy(data, 0, host, 0, expected);
      MemorySegment dimsSegment =
          arena.allocateFrom(JAVA_LONG, dims.length == 0 ? new long[1] : dims);
      MemorySegment args = Struct.allocate(arena, ApiSlot.CLIENT_BUFFER_FROM_HOST_BUFFER);
      args.set(JAVA_LONG, 16, handle.address);
      args.set(ADDRESS, 24, host);
      args.set(JAVA_INT, 32, dtype.pjrtCode());
      args.set(ADDRESS, 40, dimsSegment);
      args.set(JAVA_LONG, 48, dims.length);
      args.set(JAVA_INT, 72, IMMUTABLE_ONLY_DURING_CALL);
      args.set(JAVA_LONG, 80, device.address());
      handle.api.call(ApiSlot.CLIENT_BUFFER_FROM_HOST_BUFFER, args);
      PjrtBuffer buffer = PjrtBuffer.adopt(handle, args.get(JAVA_LONG, 112), dtype, dims);
      try {
        handle.api.awaitAndDestroy(args.get(ADDRESS, 104));
      } catch (RuntimeException e) {
        buffer.close();
        throw e;
      }
      return buffer;
    }
  }

  /** Copies to the first device. */
  public PjrtBuffer bufferFromHost(MemorySegment data, DType dtype, long[] dims) {
    return bufferFromHost(data, dtype, dims, devices.getFirst());
  }

  private String clientString(ApiSlot slot) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment args = handle.api.callOn(arena, slot, handle.address);
      return PjrtApi.NamedValues.string(args.get(ADDRESS, 24), args.get(JAVA_LONG, 32));
    }
  }

  private List<PjrtDevice> readDevices() {
    List<PjrtDevice> out = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment args =
          handle.api.callOn(arena, ApiSlot.CLIENT_ADDRESSABLE_DEVICES, handle.address);
      for (long device : PjrtApi.longs(args, 24)) {
        long description =
            handle.api.callOn(arena, ApiSlot.DEVICE_GET_DESCRIPTION, device).get(JAVA_LONG, 24);
        out.add(
            new PjrtDevice(
                descriptionId(arena, description),
                descriptionString(arena, ApiSlot.DEVICE_DESCRIPTION_KIND, description),
                descriptionString(arena, ApiSlot.DEVICE_DESCRIPTION_DEBUG_STRING, description),
                device));
      }
    }
    return out;
  }

  private int descriptionId(Arena arena, long description) {
    return handle.api.callOn(arena, ApiSlot.DEVICE_DESCRIPTION_ID, description).get(JAVA_INT, 24);
  }

  private String descriptionString(Arena arena, ApiSlot slot, long description) {
    MemorySegment args = handle.api.callOn(arena, slot, description);
    return PjrtApi.NamedValues.string(args.get(ADDRESS, 24), args.get(JAVA_LONG, 32));
  }

  @Override
  public String toString() {
    return "PjrtClient["
        + platformName
        + " "
        + platformVersion
        + ", "
        + devices.size()
        + " devices]";
  }
}
