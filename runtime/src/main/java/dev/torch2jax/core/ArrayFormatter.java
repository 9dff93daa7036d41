package dev.torch2jax.core;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * NumPy-like text for arrays: {@code Array(float32[2, 3], [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])},
 * with rows on their own lines, and the middle of each axis elided past {@value #ELIDE_ABOVE}
 * elements.
 */
public final class ArrayFormatter {
  static final long ELIDE_ABOVE = 1000;
  private static final int EDGE_ITEMS = 3;

  private ArrayFormatter() {}

  /** The text of {@code array}; a tracer shows only its shape and dtype. */
  public static String format(Array array) {
    String head = array.dtype().torchName() + Arrays.toString(array.shape());
    byte[] bytes;
    try {
      bytes = array.toBytes();
    } catch (IllegalStateException e) {
      return "Array(" + head + ", traced)";
    }
    long[] shape = array.shape();
    StringBuilder b = new StringBuilder("Array(").append(head).append(",\n");
    appendAxis(
        b,
        MemorySegment.ofArray(bytes),
        array.dtype(),
        shape,
        0,
        0,
        Shapes.size(shape) > ELIDE_ABOVE);
    return b.append(")").toString();
  }

  private static void appendAxis(
      StringBuilder b,
      MemorySegment m,
      DType t,
      long[] shape,
      int axis,
      long offset,
      boolean elide) {
    if (axis == shape.length) {
      b.append(element(m, t, offset));
      return;
    }
    long stride = 1;
    for (int i = axis + 1; i < shape.length; i++) {
      stride *= shape[i];
    }
    long n = shape[axis];
    b.append('[');
    for (long i = 0; i < n; i++) {
      if (elide && n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
        b.append("...");
        i = n - EDGE_ITEMS - 1;
      } else {
        appendAxis(b, m, t, shape, axis + 1, offset + i * stride, elide);
      }
      if (i < n - 1) {
        b.append(',');
        b.append(axis == shape.length - 1 ? " " : "\n" + " ".repeat(axis + 1));
      }
    }
    b.append(']');
  }

  private static String element(MemorySegment m, DType t, long i) {
    if (t == DType.BOOL) {
      return HostData.getLong(m, t, i) != 0 ? "true" : "false";
    }
    if (t.isComplex()) {
      // Python's spelling, e.g. (1.0-2.5j).
      String im = real(m, t.realType(), 2 * i + 1);
      return "(" + real(m, t.realType(), 2 * i) + (im.startsWith("-") ? "" : "+") + im + "j)";
    }
    if (!t.isFloatingPoint()) {
      return t == DType.U64
          ? Long.toUnsignedString(HostData.getLong(m, t, i))
          : Long.toString(HostData.getLong(m, t, i));
    }
    return real(m, t, i);
  }

  private static String real(MemorySegment m, DType t, long i) {
    double v = HostData.getDouble(m, t, i);
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return t == DType.F64 ? Double.toString(v) : Float.toString((float) v);
  }
}
