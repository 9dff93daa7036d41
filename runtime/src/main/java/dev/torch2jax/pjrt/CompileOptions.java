package dev.torch2jax.pjrt;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A hand-encoded {@code xla.CompileOptionsProto}, so the binding needs no protobuf library.
 *
 * <p>Only the fields a single-device compile needs: {@code executable_build_options} (field 3) with
 * {@code device_ordinal} (1), {@code num_replicas} (4) and {@code num_partitions} (5); and {@code
 * env_option_overrides} (7), XLA debug options set one by one by name (a whole {@code
 * debug_options} message would reset every option it leaves out to zero). Empty options are not an
 * option: XLA would copy zero replicas verbatim.
 */
public final class CompileOptions {
  private static final int EXECUTABLE_BUILD_OPTIONS = 3;
  private static final int DEVICE_ORDINAL = 1;
  private static final int NUM_REPLICAS = 4;
  private static final int NUM_PARTITIONS = 5;
  private static final int ENV_OPTION_OVERRIDES = 7;
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
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] nested = build.toByteArray();
    tag(out, EXECUTABLE_BUILD_OPTIONS, 2);
    varint(out, nested.length);
    out.writeBytes(nested);
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
