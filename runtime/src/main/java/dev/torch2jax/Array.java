package dev.torch2jax;

import dev.torch2jax.core.ArrayFormatter;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.core.HostData;
import dev.torch2jax.core.Shapes;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * An n-dimensional array: concrete and device-resident, or a tracer standing for one while a
 * function is transformed.
 *
 * <p>Concrete arrays are made with the {@code of} and {@code scalar} factories and hold a device
 * buffer, released by {@link #close()} or, as a backstop, when the array becomes unreachable.
 */
public abstract class Array implements AutoCloseable {
  /** Subclasses live in this library only. */
  protected Array() {}

  /** A float32 array of {@code shape} (1-D of the data's length when no shape is given). */
  public static Array of(float[] data, long... shape) {
    return fromFloats(data, shapeFor(data.length, shape));
  }

  /** A float64 array of {@code shape} (1-D of the data's length when no shape is given). */
  public static Array of(double[] data, long... shape) {
    return fromDoubles(data, shapeFor(data.length, shape));
  }

  /** An int32 array of {@code shape} (1-D of the data's length when no shape is given). */
  public static Array of(int[] data, long... shape) {
    long[] s = shapeFor(data.length, shape);
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment m = arena.allocate(4L * data.length, 8);
      MemorySegment.copy(data, 0, m, java.lang.foreign.ValueLayout.JAVA_INT, 0, data.length);
      return DeviceArray.upload(m, DType.I32, s);
    }
  }

  /** An int64 array of {@code shape} (1-D of the data's length when no shape is given). */
  public static Array of(long[] data, long... shape) {
    return fromLongs(data, shapeFor(data.length, shape));
  }

  /** A bool array of {@code shape} (1-D of the data's length when no shape is given). */
  public static Array of(boolean[] data, long... shape) {
    long[] s = shapeFor(data.length, shape);
    byte[] bytes = new byte[data.length];
    for (int i = 0; i < data.length; i++) {
      bytes[i] = (byte) (data[i] ? 1 : 0);
    }
    return DeviceArray.upload(bytes, DType.BOOL, s);
  }

  /**
   * An array of any dtype from raw little-endian bytes (bools one byte each, f16 and bf16 as their
   * 16-bit patterns); the byte count must match the shape.
   */
  public static Array fromBytes(byte[] data, DType dtype, long... shape) {
    return DeviceArray.upload(data, dtype, shape);
  }

  /** A 0-d float32 array. */
  public static Array scalar(float value) {
    return fromFloats(new float[] {value}, new long[0]);
  }

  /** A 0-d float64 array. */
  public static Array scalar(double value) {
    return fromDoubles(new double[] {value}, new long[0]);
  }

  /** A 0-d int64 array. */
  public static Array scalar(long value) {
    return fromLongs(new long[] {value}, new long[0]);
  }

  /** The dimensions, outermost first; empty for a scalar. */
  public abstract long[] shape();

  /** The element type. */
  public abstract DType dtype();

  /**
   * The data as dense row-major little-endian bytes (bools one byte each).
   *
   * @throws IllegalStateException for a tracer, whose value is not known while tracing
   */
  public abstract byte[] toBytes();

  /**
   * True when the value can be read now ({@link #toBytes} succeeds): a device array, or a tracer of
   * a transformation that knows values ({@code grad} of a known value); false under {@code jit} and
   * {@code vmap}.
   */
  public boolean isConcrete() {
    return true;
  }

  /** Releases the device memory now; using the array afterwards fails. Tracers ignore it. */
  @Override
  public void close() {}

  /** The number of dimensions. */
  public int ndim() {
    return shape().length;
  }

  /** The number of elements. */
  public long size() {
    return Shapes.size(shape());
  }

  /**
   * The elements as floats, converted from any dtype like a C cast. A complex array gives two
   * floats per element, interleaved: real part, imaginary part, real part, ...
   */
  public float[] toFloatArray() {
    double[] d = toDoubleArray();
    float[] out = new float[d.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) d[i];
    }
    return out;
  }

  /**
   * The elements as doubles, converted from any dtype. A complex array gives two doubles per
   * element, interleaved: real part, imaginary part, real part, ...
   */
  public double[] toDoubleArray() {
    MemorySegment m = MemorySegment.ofArray(toBytes());
    DType t = dtype().realType();
    int parts = dtype().isComplex() ? 2 : 1;
    double[] out = new double[Math.multiplyExact(elementCount(), parts)];
    for (int i = 0; i < out.length; i++) {
      out[i] = HostData.getDouble(m, t, i);
    }
    return out;
  }

  /**
   * The elements as ints, converted from any dtype like a C cast (floats truncate, complex numbers
   * give their real part).
   */
  public int[] toIntArray() {
    MemorySegment m = MemorySegment.ofArray(toBytes());
    int[] out = new int[elementCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) HostData.getLong(m, dtype(), i);
    }
    return out;
  }

  /**
   * The elements as longs, converted from any dtype like a C cast (floats truncate, complex numbers
   * give their real part).
   */
  public long[] toLongArray() {
    MemorySegment m = MemorySegment.ofArray(toBytes());
    long[] out = new long[elementCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = HostData.getLong(m, dtype(), i);
    }
    return out;
  }

  /** The elements as booleans: true where non-zero (a complex number: either part). */
  public boolean[] toBooleanArray() {
    double[] d = toDoubleArray();
    int parts = d.length / Math.max(elementCount(), 1);
    boolean[] out = new boolean[elementCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = d[parts * i] != 0 || d[parts * i + parts - 1] != 0;
    }
    return out;
  }

  /**
   * The truth of a one-element array, like Python's {@code bool(x)}: true when non-zero.
   *
   * @throws IllegalArgumentException when the array has more than one element
   * @throws IllegalStateException for a value traced by jit or vmap (use {@code Jnp.where})
   */
  public boolean bool() {
    return item() != 0;
  }

  /**
   * The value of a one-element array as a double, like Python's {@code x.item()}; for a complex
   * array its real part (read both parts with {@link #toDoubleArray()}).
   */
  public double item() {
    if (size() != 1) {
      throw new IllegalArgumentException(
          "item() needs exactly one element, the array has shape " + Arrays.toString(shape()));
    }
    return toDoubleArray()[0];
  }

  /** Shape, dtype and values, NumPy style, elided in the middle when large. */
  @Override
  public String toString() {
    return ArrayFormatter.format(this);
  }

  private int elementCount() {
    long n = size();
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(
          "array of "
              + n
              + " elements does not fit in one Java array; shape "
              + Arrays.toString(shape()));
    }
    return (int) n;
  }

  private static long[] shapeFor(int length, long[] shape) {
    if (shape.length == 0) {
      return new long[] {length};
    }
    long n = Shapes.size(shape);
    if (n != length) {
      throw new IllegalArgumentException(
          "data holds "
              + length
              + " elements, but shape "
              + Arrays.toString(shape)
              + " needs "
              + n);
    }
    return shape.clone();
  }

  private static Array fromFloats(float[] data, long[] shape) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment m = arena.allocate(4L * data.length, 8);
      MemorySegment.copy(data, 0, m, java.lang.foreign.ValueLayout.JAVA_FLOAT, 0, data.length);
      return DeviceArray.upload(m, DType.F32, shape);
    }
  }

  private static Array fromDoubles(double[] data, long[] shape) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment m = arena.allocate(8L * data.length, 8);
      MemorySegment.copy(data, 0, m, java.lang.foreign.ValueLayout.JAVA_DOUBLE, 0, data.length);
      return DeviceArray.upload(m, DType.F64, shape);
    }
  }

  private static Array fromLongs(long[] data, long[] shape) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment m = arena.allocate(8L * data.length, 8);
      MemorySegment.copy(data, 0, m, java.lang.foreign.ValueLayout.JAVA_LONG, 0, data.length);
      return DeviceArray.upload(m, DType.I64, shape);
    }
  }
}
