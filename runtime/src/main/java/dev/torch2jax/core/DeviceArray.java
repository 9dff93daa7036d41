package dev.torch2jax.core;

import dev.torch2jax.DType;
import dev.torch2jax.pjrt.PjrtBuffer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A concrete array: one PJRT buffer on the default device. */
public final class DeviceArray extends AvalArray {
  private final PjrtBuffer buffer;
  private final ShapedArray aval;

  /** Wraps {@code buffer}, taking ownership. */
  public DeviceArray(PjrtBuffer buffer) {
    this.buffer = buffer;
    this.aval = new ShapedArray(buffer.dims(), buffer.dtype());
  }

  /** Copies dense little-endian host data of {@code dtype} and {@code shape} to the device. */
  public static DeviceArray upload(MemorySegment data, DType dtype, long[] shape) {
    return new DeviceArray(Backend.client().bufferFromHost(data, dtype, shape, Backend.device()));
  }

  /** Copies raw little-endian bytes to the device, checking their count against the shape. */
  public static DeviceArray upload(byte[] data, DType dtype, long[] shape) {
    try (Arena arena = Arena.ofConfined()) {
      return upload(
          arena.allocateFrom(java.lang.foreign.ValueLayout.JAVA_BYTE, data), dtype, shape);
    }
  }

  /** A 0-d array of {@code dtype} holding {@code value} (rounded or wrapped to the type). */
  public static DeviceArray scalar(Number value, DType dtype) {
    try (Arena arena = Arena.ofConfined()) {
      java.lang.foreign.MemorySegment m = arena.allocate(16, 8).asSlice(0, dtype.byteSize());
      if (value instanceof Double || value instanceof Float) {
        HostData.setDouble(m, dtype, 0, value.doubleValue());
      } else {
        HostData.setLong(m, dtype, 0, value.longValue());
      }
      return upload(m, dtype, new long[0]);
    }
  }

  /** The device buffer. */
  public PjrtBuffer buffer() {
    return buffer;
  }

  @Override
  public ShapedArray aval() {
    return aval;
  }

  @Override
  public byte[] toBytes() {
    return buffer.toBytes();
  }

  @Override
  public void close() {
    buffer.close();
  }
}
