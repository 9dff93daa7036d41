package dev.torch2jax.core;

import dev.torch2jax.DType;
import java.util.Arrays;

/**
 * The abstract value of an array: its shape and element type, without data. Equal by content, so it
 * can key caches.
 */
public final class ShapedArray {
  private final long[] shape;
  private final DType dtype;

  /** An abstract value of {@code shape} and {@code dtype}; negative dimensions are rejected. */
  public ShapedArray(long[] shape, DType dtype) {
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
    }
    this.shape = shape.clone();
    this.dtype = java.util.Objects.requireNonNull(dtype, "dtype");
  }

  /** The abstract value of any array, concrete or traced. */
  public static ShapedArray of(dev.torch2jax.Array a) {
    return switch (a) {
      case DeviceArray d -> d.aval();
      case Tracer t -> t.aval();
      default -> new ShapedArray(a.shape(), a.dtype());
    };
  }

  /** The dimensions (a copy). */
  public long[] shape() {
    return shape.clone();
  }

  /** Dimension {@code axis}. */
  public long dim(int axis) {
    return shape[axis];
  }

  /** The number of dimensions. */
  public int rank() {
    return shape.length;
  }

  /** The element type. */
  public DType dtype() {
    return dtype;
  }

  /** The number of elements. */
  public long size() {
    return Shapes.size(shape);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShapedArray s && s.dtype == dtype && Arrays.equals(s.shape, shape);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + dtype.hashCode();
  }

  /** Like {@code f32[2,3]}. */
  @Override
  public String toString() {
    return dtype.xlaName() + Arrays.toString(shape).replace(" ", "");
  }
}
