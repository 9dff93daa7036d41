package dev.torch2jax.pjrt;

import java.io.ByteArrayOutputStream;

/**
 * A hand-encoded {@code xla.CompileOptionsProto}, so the binding needs no protobuf library.
 *
 * <p>Only the fields a single-device compile needs: {@code executable_build_options} (field 3) with
 * {@code device_ordinal} (1), {@code num_replicas} (4) and {@code num_partitions} (5). Empty
 * options are not an option: XLA would copy zero replicas verbatim.
 */
public final class CompileOptions {
  private static final int EXECUTABLE_BUILD_OPTIONS = 3;
  private static final int DEVICE_ORDINAL = 1;
  private static final int NUM_REPLICAS = 4;
  private static final int NUM_PARTITIONS = 5;

  private CompileOptions() {}

  /** Options for one replica and one partition; {@code deviceOrdinal} -1 lets XLA choose. */
  public static byte[] singleDevice(int deviceOrdinal) {
    ByteArrayOutputStream build = new ByteArrayOutputStream();
    varintField(build, DEVICE_ORDINAL, deviceOrdinal);
    varintField(build, NUM_REPLICAS, 1);
    varintField(build, NUM_PARTITIONS, 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] nested = build.toByteArray();
    tag(out, EXECUTABLE_BUILD_OPTIONS, 2);
    varint(out, nested.length);
    out.writeBytes(nested);
    return out.toByteArray();
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
