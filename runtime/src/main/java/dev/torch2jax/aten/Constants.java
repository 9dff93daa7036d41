package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ShapeOps;

/**
 * Constants of a dtype: the one "scalar of a dtype" and "full of a dtype" conversion of a Java
 * number (libtorch's Scalar rules, complex included), constants from Java arrays, counting
 * sequences, and scaling by a Java number.
 */
final class Constants {
  private Constants() {}

  /**
   * A 0-d tensor of {@code dtype} holding {@code value}, converted as libtorch converts a Scalar: a
   * float to an integer dtype truncates toward zero (as a C++ cast), anything nonzero is {@code
   * true} for bool, and a complex dtype gets the value as its real part.
   */
  static Array scalar(Number value, DType dtype) {
    return DeviceArray.scalar(value, dtype);
  }

  /** {@code value} (converted as {@link #scalar} does) broadcast to {@code shape}. */
  static Array full(long[] shape, Number value, DType dtype) {
    return ShapeOps.broadcastInDim(scalar(value, dtype), shape.clone(), new long[0]);
  }

  /** A constant like {@code x} (its shape and dtype). */
  static Array like(Array x, double value) {
    return ElementwiseOps.fullLike(x, value);
  }

  /** A constant of {@code dtype} and {@code shape} holding {@code data} (row-major). */
  static Array constant(double[] data, DType dtype, long... shape) {
    Array a = Array.of(data, shape);
    // Array.of without a shape is 1-D; a 0-d constant is reshaped explicitly.
    return ElementwiseOps.convert(shape.length == 0 ? ShapeOps.reshape(a, shape) : a, dtype);
  }

  /** An int64 constant of {@code shape} holding {@code data}. */
  static Array longs(long[] data, long... shape) {
    Array a = Array.of(data, shape);
    return shape.length == 0 ? ShapeOps.reshape(a, shape) : a;
  }

  /** Counts up from 0 along {@code dim} of {@code shape}; bools go through int32. */
  static Array iota(DType dtype, long[] shape, int dim) {
    if (dtype == DType.BOOL) {
      return ElementwiseOps.convert(ShapeOps.iota(DType.I32, shape.clone(), dim), DType.BOOL);
    }
    return ShapeOps.iota(dtype, shape.clone(), dim);
  }

  /** The least value of {@code dtype}: -inf for floats, false, the integer minimum (0 unsigned). */
  static Array lowest(DType dtype) {
    if (dtype.isFloatingPoint()) {
      return scalar(Double.NEGATIVE_INFINITY, dtype);
    }
    return scalar(
        dtype.kind() == DType.Kind.SIGNED ? -1L << (8 * dtype.byteSize() - 1) : 0L, dtype);
  }

  /** The greatest value of {@code dtype}: +inf for floats, true, the integer maximum. */
  static Array highest(DType dtype) {
    if (dtype.isFloatingPoint()) {
      return scalar(Double.POSITIVE_INFINITY, dtype);
    }
    int bits =
        dtype == DType.BOOL
            ? 1
            : 8 * dtype.byteSize() - (dtype.kind() == DType.Kind.SIGNED ? 1 : 0);
    // uint64's maximum has all 64 bits set: -1 as a Java long, which the conversion wraps to it.
    return scalar(bits == 64 ? -1L : (1L << bits) - 1, dtype);
  }

  /** {@code x * s} for a Java number, in {@code x}'s dtype. */
  static Array times(Array x, double s) {
    return s == 1 ? x : ElementwiseOps.mul(x, Jnp.broadcastTo(scalar(s, x.dtype()), x.shape()));
  }
}
