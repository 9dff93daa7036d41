package dev.torch2jax.core;

import dev.torch2jax.DType;
import dev.torch2jax.hlo.ShapedType;
import dev.torch2jax.hlo.TensorType;
import java.util.Arrays;

/**
 * The abstract value of an array: its shape and element type, without data. Equal by content, so it
 * can key caches.
 *
 * <p>It is the tracer's view of a {@link TensorType}: the same shape and element type (checked
 * there), spelled like JAX ({@code f32[2,3]}) in jaxprs and messages.
 */
public final class ShapedArray implements ShapedType {
  private final TensorType type;

  /** An abstract value of {@code shape} and {@code dtype}; negative dimensions are rejected. */
  public ShapedArray(long[] shape, DType dtype) {
    this.type = new TensorType(shape, dtype);
  }

  /** The abstract value of any array, concrete or traced. */
  public static ShapedArray of(dev.torch2jax.Array a) {
    return switch (a) {
      case DeviceArray d -> d.aval();
      case Tracer t -> t.aval();
      default -> new ShapedArray(a.shape(), a.dtype());
    };
  }

  /** The StableHLO tensor type of this value. */
  public TensorType tensorType() {
    return type;
  }

  /** The dimensions (a copy). */
  @Override
  public long[] shape() {
    return type.shape();
  }

  /** Dimension {@code axis}. */
  @Override
  public long dim(int axis) {
    return type.dim(axis);
  }

  /** The number of dimensions. */
  @Override
  public int rank() {
    return type.rank();
  }

  /** The element type. */
  @Override
  public DType dtype() {
    return type.dtype();
  }

  /** The number of elements. */
  public long size() {
    return type.elementCount();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ShapedArray s && s.type.equals(type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  /** Like {@code f32[2,3]}. */
  @Override
  public String toString() {
    return type.dtype().xlaName() + Arrays.toString(type.shape()).replace(" ", "");
  }
}
