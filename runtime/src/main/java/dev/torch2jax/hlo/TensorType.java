package dev.torch2jax.hlo;

import dev.torch2jax.DType;
import java.util.Arrays;
import java.util.Objects;

/**
 * A ranked tensor type with static dimensions, written {@code tensor<2x3xf32>} ({@code tensor<f32>}
 * for a scalar).
 *
 * @param shape the dimension sizes, each at least zero; empty for a scalar
 * @param dtype the element type
 */
public record TensorType(long[] shape, DType dtype) implements ShapedType {

  /** Checks the dimensions and keeps a private copy of {@code shape}. */
  public TensorType {
    Objects.requireNonNull(dtype, "dtype");
    shape = shape.clone();
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
    }
  }

  /** The type with element type {@code dtype} and dimensions {@code shape}. */
  public static TensorType of(DType dtype, long... shape) {
    return new TensorType(shape, dtype);
  }

  /** The rank-0 type of {@code dtype}. */
  public static TensorType scalar(DType dtype) {
    return new TensorType(new long[0], dtype);
  }

  /** A copy of the dimension sizes. */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The number of dimensions. */
  @Override
  public int rank() {
    return shape.length;
  }

  /** The size of dimension {@code axis}. */
  @Override
  public long dim(int axis) {
    return shape[axis];
  }

  /** The number of elements: the product of the dimensions (1 for a scalar). */
  public long elementCount() {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** The same shape with element type {@code other}. */
  public TensorType withDType(DType other) {
    return new TensorType(shape, other);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorType t && t.dtype == dtype && Arrays.equals(t.shape, shape);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + dtype.hashCode();
  }

  /**
   * The MLIR spelling, e.g. {@code tensor<2x3xf32>}, {@code tensor<f32>}, {@code tensor<0x3xi1>}.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("tensor<");
    for (long d : shape) {
      sb.append(d).append('x');
    }
    return sb.append(dtype.xlaName()).append('>').toString();
  }
}
