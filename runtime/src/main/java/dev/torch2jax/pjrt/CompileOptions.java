package dev.torch2jax.pjrt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hand-encoded {@code xla.CompileOptionsProto}, so the binding needs no protobuf library.
 *
 * <p>Only the fields a single-device or SPMD compile needs: {@code executable_build_options} (field
 * 3) with {@code device_ordinal} (1), {@code num_replicas} (4), {@code num_partitions} (5), {@code
 * use_spmd_partitioning} (6) and {@code device_assignment} (9); and {@code env_option_overrides}
 * (7), XLA debug options set one by one by name (a whole {@code debug_options} message would reset
 * every option it leaves out to zero). Empty options are not an option: XLA would copy zero
 * replicas verbatim.
 */
public final class CompileOptions {
  private static final int EXECUTABLE_BUILD_OPTIONS = 3;
  private static final int DEVICE_ORDINAL = 1;
  private static final int NUM_REPLICAS = 4;
  private static final int NUM_PARTITIONS = 5;
  private static final int USE_SPMD_PARTITIONING = 6;
  private static final int DEVICE_ASSIGNMENT = 9;
  private static final int ENV_OPTION_OVERRIDES = 7;
  private static final int REPLICA_COUNT = 1;
  private static final int COMPUTATION_COUNT = 2;
  private static final int COMPUTATION_DEVICES = 3;
  private static final int REPLICA_DEVICE_IDS = 1;
  private static final int MAP_KEY = 1;
  private static final int MAP_VALUE = 2;
  private static final int STRING_FIELD = 1;
  private static final int BOOL_FIELD = 2;
  private static final int INT_FIELD = 3;

  private CompileOptions() {}

  /** Options for one replica and one partition; {@code deviceOrdinal} -1 lets XLA choose. */
  public static byte[] singleDevice(int deviceOrdinal) {
    return singleDevice(deviceOrdinal, Map.of());
  }

  /**
   * {@link #singleDevice(int)} with XLA debug options overridden by name, e.g. {@code
   * xla_backend_optimization_level} to 0: values are {@code Boolean}, {@code Long}/{@code Integer}
   * or {@code String}.
   *
   * @throws IllegalArgumentException for a value of another type
   */
  public static byte[] singleDevice(int deviceOrdinal, Map<String, Object> overrides) {
    ByteArrayOutputStream build = new ByteArrayOutputStream();
    varintField(build, DEVICE_ORDINAL, deviceOrdinal);
    varintField(build, NUM_REPLICAS, 1);
    varintField(build, NUM_PARTITIONS, 1);
    return withOverrides(build, overrides);
  }

  /** {@link #spmd(int[], Map)} with the XLA options of {@code -Dtorch2jax.xla.options}. */
  public static byte[] spmd(int[] deviceIds) {
    return spmd(deviceIds, XlaOptions.fromSystemProperty());
  }

  /**
   * Options for one program partitioned by XLA's SPMD partitioner (GSPMD {@code mhlo.sharding}
   * attributes) over {@code deviceIds.length} devices: one replica, {@code num_partitions}
   * partitions, {@code use_spmd_partitioning}, and a device assignment whose partition p runs on
   * device {@code deviceIds[p]} (the ids the plugin reports). XLA debug options as in {@link
   * #singleDevice(int, Map)}.
   *
   * @throws IllegalArgumentException for no device or a device listed twice
   */
  public static byte[] spmd(int[] deviceIds, Map<String, Object> overrides) {
    if (deviceIds.length == 0) {
      throw new IllegalArgumentException("an SPMD program needs at least one device");
    }
    if (java.util.Arrays.stream(deviceIds).distinct().count() != deviceIds.length) {
      throw new IllegalArgumentException(
          "device %s listed twice in an SPMD device assignment"
              .formatted(java.util.Arrays.toString(deviceIds)));
    }
    ByteArrayOutputStream assignment = new ByteArrayOutputStream();
    varintField(assignment, REPLICA_COUNT, 1);
    varintField(assignment, COMPUTATION_COUNT, deviceIds.length);
    for (int id : deviceIds) {
      ByteArrayOutputStream computation = new ByteArrayOutputStream();
      varintField(computation, REPLICA_DEVICE_IDS, id);
      bytesField(assignment, COMPUTATION_DEVICES, computation.toByteArray());
    }
    ByteArrayOutputStream build = new ByteArrayOutputStream();
    varintField(build, DEVICE_ORDINAL, -1);
    varintField(build, NUM_REPLICAS, 1);
    varintField(build, NUM_PARTITIONS, deviceIds.length);
    varintField(build, USE_SPMD_PARTITIONING, 1);
    bytesField(build, DEVICE_ASSIGNMENT, assignment.toByteArray());
    return withOverrides(build, overrides);
  }

  /** {@code executable_build_options} from {@code build}, then the XLA option overrides. */
  private static byte[] withOverrides(ByteArrayOutputStream build, Map<String, Object> overrides) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    bytesField(out, EXECUTABLE_BUILD_OPTIONS, build.toByteArray());
    for (var e : new TreeMap<>(overrides).entrySet()) {
      ByteArrayOutputStream value = new ByteArrayOutputStream();
      switch (e.getValue()) {
        case Boolean b -> varintField(value, BOOL_FIELD, b ? 1 : 0);
        case Long l -> varintField(value, INT_FIELD, l);
        case Integer i -> varintField(value, INT_FIELD, i);
        case String str -> bytesField(value, STRING_FIELD, str.getBytes(StandardCharsets.UTF_8));
        default ->
            throw new IllegalArgumentException(
                "XLA option "
                    + e.getKey()
                    + ": expected a Boolean, Long, Integer or String value, got "
                    + e.getValue());
      }
      ByteArrayOutputStream entry = new ByteArrayOutputStream();
      bytesField(entry, MAP_KEY, e.getKey().getBytes(StandardCharsets.UTF_8));
      bytesField(entry, MAP_VALUE, value.toByteArray());
      bytesField(out, ENV_OPTION_OVERRIDES, entry.toByteArray());
    }
    return out.toByteArray();
  }

  private static void bytesField(ByteArrayOutputStream out, int field, byte[] bytes) {
    tag(out, field, 2);
    varint(out, bytes.length);
    out.writeBytes(bytes);
  }

  private static void varintField(ByteArrayOutputStream out, int field, long value) {
    tag(out, field, 0);
    varint(out, value);
  }

  private static void tag(ByteArrayOutputStream out, int field, int wireType) {
    varint(out, ((long) field << 3) | wireType);
  }

  /** Protobuf varint; negative int32/int64 values take ten bytes, as the format requires. */
  private static void varint(ByteArrayOutputStream out, long value) {
    long v = value;
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
