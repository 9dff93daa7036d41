package dev.torch2jax.hlo;

import dev.torch2jax.DType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the {@code dense<...>} attribute of {@code stablehlo.constant}.
 *
 * <p>Complex elements are written as the pair of their parts, {@code (1.000000e+00,0.000000e+00)}.
 * Floats are rounded to the element type first (f32, f16 and bf16 to nearest, ties to even), then
 * printed like MLIR prints them ({@code 1.000000e+00}), with more digits only where six would not
 * parse back to the same value; NaN and infinities, which have no decimal spelling, are written as
 * the hex bit pattern of the element type. Unsigned integers are written as unsigned decimals.
 */
final class DenseLiteral {
  private static final String OP = "stablehlo.constant";

  private DenseLiteral() {}

  /**
   * The attribute for {@code values} (one value is a splat) of floating-point or complex {@code
   * type} (complex elements get these real parts and zero imaginary parts).
   */
  static String ofDoubles(TensorType type, double[] values) {
    if (!type.dtype().isInexact()) {
      throw new IllegalArgumentException(
          OP + ": double values need a floating-point type, got " + type);
    }
    checkCount(type, values.length);
    List<String> items = new ArrayList<>(values.length);
    for (double v : values) {
      items.add(floatText(v, type.dtype()));
    }
    return attribute(type, items);
  }

  /**
   * The attribute for {@code values} of any {@code type}: bools take 0 and 1, floats take the
   * nearest value, integers must be in range (for ui64 a negative long is read as unsigned).
   */
  static String ofLongs(TensorType type, long[] values) {
    checkCount(type, values.length);
    DType t = type.dtype();
    List<String> items = new ArrayList<>(values.length);
    for (long v : values) {
      if (t.isInexact()) {
        items.add(floatText((double) v, t));
      } else if (t == DType.BOOL) {
        if (v != 0 && v != 1) {
          throw new IllegalArgumentException(
              OP + ": value " + v + " is not 0 or 1 for bool type " + type);
        }
        items.add(v == 1 ? "true" : "false");
      } else {
        items.add(integerText(v, type));
      }
    }
    return attribute(type, items);
  }

  /** The attribute for {@code values} of bool {@code type}. */
  static String ofBooleans(TensorType type, boolean[] values) {
    if (type.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(OP + ": boolean values need type i1, got " + type);
    }
    checkCount(type, values.length);
    List<String> items = new ArrayList<>(values.length);
    for (boolean v : values) {
      items.add(Boolean.toString(v));
    }
    return attribute(type, items);
  }

  private static void checkCount(TensorType type, int count) {
    long n = type.elementCount();
    if (count != 1 && count != n) {
      throw new IllegalArgumentException(
          OP + ": " + count + " values for " + type + " (needs 1 or " + n + ")");
    }
  }

  private static String attribute(TensorType type, List<String> items) {
    StringBuilder sb = new StringBuilder("dense<");
    if (type.elementCount() > 0 && items.size() == 1) {
      sb.append(items.get(0));
    } else if (type.elementCount() > 0) {
      nest(sb, type.shape(), 0, items, 0);
    } // else: MLIR spells an empty tensor's value as dense<>
    return sb.append("> : ").append(type).toString();
  }

  /** Appends the sub-array of dimension {@code axis} starting at item {@code start}, row-major. */
  private static void nest(
      StringBuilder sb, long[] shape, int axis, List<String> items, int start) {
    if (axis == shape.length) {
      sb.append(items.get(start));
      return;
    }
    int stride = 1;
    for (int i = axis + 1; i < shape.length; i++) {
      stride *= (int) shape[i];
    }
    sb.append('[');
    for (int i = 0; i < shape[axis]; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      nest(sb, shape, axis + 1, items, start + i * stride);
    }
    sb.append(']');
  }

  private static String integerText(long v, TensorType type) {
    DType t = type.dtype();
    int bits = 8 * t.byteSize();
    boolean inRange;
    if (t.kind() == DType.Kind.SIGNED) {
      inRange = bits == 64 || (v >= -(1L << (bits - 1)) && v < (1L << (bits - 1)));
    } else {
      inRange = bits == 64 || (v >= 0 && v < (1L << bits));
    }
    if (!inRange) {
      throw new IllegalArgumentException(OP + ": value " + v + " is out of range for " + type);
    }
    return t.kind() == DType.Kind.UNSIGNED ? Long.toUnsignedString(v) : Long.toString(v);
  }

  /**
   * The text of {@code x} rounded to float type {@code t}; for a complex {@code t}, the pair {@code
   * (x, 0)} of its parts' type, as MLIR writes complex elements.
   */
  static String floatText(double x, DType t) {
    if (t.isComplex()) {
      return "(" + floatText(x, t.realType()) + "," + floatText(0, t.realType()) + ")";
    }
    double r = roundTo(x, t);
    if (!Double.isFinite(r)) {
      return nonFiniteHex(r, t);
    }
    for (int digits = 6; digits <= 17; digits++) {
      String s = String.format(Locale.ROOT, "%." + digits + "e", r);
      if (Double.doubleToRawLongBits(roundTo(Double.parseDouble(s), t))
          == Double.doubleToRawLongBits(r)) {
        return s;
      }
    }
    throw new AssertionError("no decimal round-trips for " + r); // 17 digits always do
  }

  /** {@code x} rounded to the nearest value of float type {@code t}, ties to even. */
  static double roundTo(double x, DType t) {
    return switch (t) {
      case F64 -> x;
      case F32 -> (float) x;
      case F16 -> roundToPrecision(x, 10, -14, 15);
      case BF16 -> roundToPrecision(x, 7, -126, 127);
      default -> throw new IllegalArgumentException("not a floating-point type: " + t);
    };
  }

  /**
   * Rounds to a binary format with {@code mantissaBits} stored fraction bits and normal exponents
   * {@code minExponent..maxExponent} (subnormals included, overflow to infinity).
   */
  private static double roundToPrecision(
      double x, int mantissaBits, int minExponent, int maxExponent) {
    if (x == 0 || !Double.isFinite(x)) {
      return x;
    }
    double a = Math.abs(x);
    int ulpExponent = Math.max(Math.getExponent(a), minExponent) - mantissaBits;
    double r = Math.scalb(Math.rint(Math.scalb(a, -ulpExponent)), ulpExponent);
    double max = Math.scalb(2.0 - Math.scalb(1.0, -mantissaBits), maxExponent);
    return Math.copySign(r > max ? Double.POSITIVE_INFINITY : r, x);
  }

  /** NaN (quiet, positive) or an infinity as {@code 0x...} with the element type's width. */
  private static String nonFiniteHex(double r, DType t) {
    long bits =
        switch (t) {
          case F64 -> Double.doubleToLongBits(r);
          case F32 -> Float.floatToIntBits((float) r) & 0xFFFFFFFFL;
          case BF16 -> Float.floatToIntBits((float) r) >>> 16;
          case F16 -> Float.floatToFloat16((float) r) & 0xFFFFL;
          default -> throw new IllegalArgumentException("not a floating-point type: " + t);
        };
    return String.format(Locale.ROOT, "0x%0" + (2 * t.byteSize()) + "X", bits);
  }
}
