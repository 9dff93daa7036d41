package dev.torch2jax.core;

import dev.torch2jax.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads and writes elements of every {@link DType} in dense little-endian host memory, converting
 * to and from Java's numeric types (f16 and bf16 through float, unsigned types by their value).
 * Complex elements are read as their real part and written with a zero imaginary part, as a cast
 * between complex and real does; read both parts as the floats of {@link DType#realType()}.
 */
public final class HostData {
  private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
  private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
  private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
  private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
  private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;

  private HostData() {}

  /** Element {@code i} as a double (exact for every type but 64-bit integers beyond 2^53). */
  public static double getDouble(MemorySegment s, DType t, long i) {
    return switch (t) {
      case F32 -> s.getAtIndex(FLOAT, i);
      case F64 -> s.getAtIndex(DOUBLE, i);
      case F16 -> Float.float16ToFloat(s.getAtIndex(SHORT, i));
      case BF16 -> Float.intBitsToFloat((s.getAtIndex(SHORT, i) & 0xFFFF) << 16);
      case U64 -> unsignedLongToDouble(s.getAtIndex(LONG, i));
      case C64, C128 -> getDouble(s, t.realType(), 2 * i);
      default -> getLong(s, t, i);
    };
  }

  /** Element {@code i} as a long; floats are truncated toward zero like a C cast. */
  public static long getLong(MemorySegment s, DType t, long i) {
    return switch (t) {
      case BOOL -> s.get(ValueLayout.JAVA_BYTE, i) != 0 ? 1 : 0;
      case I8 -> s.get(ValueLayout.JAVA_BYTE, i);
      case U8 -> s.get(ValueLayout.JAVA_BYTE, i) & 0xFF;
      case I16 -> s.getAtIndex(SHORT, i);
      case U16 -> s.getAtIndex(SHORT, i) & 0xFFFF;
      case I32 -> s.getAtIndex(INT, i);
      case U32 -> s.getAtIndex(INT, i) & 0xFFFF_FFFFL;
      case I64, U64 -> s.getAtIndex(LONG, i);
      case F16, BF16, F32, F64, C64, C128 -> (long) getDouble(s, t, i);
    };
  }

  /** Writes {@code v} as element {@code i}, rounding to the type (floats round to nearest even). */
  public static void setDouble(MemorySegment s, DType t, long i, double v) {
    switch (t) {
      case F32 -> s.setAtIndex(FLOAT, i, (float) v);
      case F64 -> s.setAtIndex(DOUBLE, i, v);
      case F16 -> s.setAtIndex(SHORT, i, Float.floatToFloat16((float) v));
      case BF16 -> s.setAtIndex(SHORT, i, floatToBfloat16((float) v));
      case BOOL -> s.set(ValueLayout.JAVA_BYTE, i, (byte) (v != 0 ? 1 : 0));
      case C64, C128 -> {
        setDouble(s, t.realType(), 2 * i, v);
        setDouble(s, t.realType(), 2 * i + 1, 0);
      }
      default -> setLong(s, t, i, (long) v);
    }
  }

  /** Writes {@code v} as element {@code i}, wrapping to the integer width like a C cast. */
  public static void setLong(MemorySegment s, DType t, long i, long v) {
    switch (t) {
      case BOOL -> s.set(ValueLayout.JAVA_BYTE, i, (byte) (v != 0 ? 1 : 0));
      case I8, U8 -> s.set(ValueLayout.JAVA_BYTE, i, (byte) v);
      case I16, U16 -> s.setAtIndex(SHORT, i, (short) v);
      case I32, U32 -> s.setAtIndex(INT, i, (int) v);
      case I64, U64 -> s.setAtIndex(LONG, i, v);
      case F16, BF16, F32, F64, C64, C128 -> setDouble(s, t, i, v);
    }
  }

  /** Float to bfloat16 bits, rounding to nearest even; NaN stays a quiet NaN. */
  public static short floatToBfloat16(float f) {
    int bits = Float.floatToRawIntBits(f);
    if (Float.isNaN(f)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounding = 0x7FFF + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  private static double unsignedLongToDouble(long v) {
    double d = (double) (v >>> 1) * 2.0;
    return v >= 0 ? v : d + (v & 1);
  }
}
