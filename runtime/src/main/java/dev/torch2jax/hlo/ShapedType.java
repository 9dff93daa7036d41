package dev.torch2jax.hlo;

import dev.torch2jax.DType;

/**
 * A static shape and an element type: what {@link TypeRules} needs to know of an operand. Both the
 * builder's {@link TensorType} and the tracer's abstract values implement it, each with its own
 * spelling in messages ({@code tensor<2x3xf32>}, {@code f32[2,3]}).
 */
public interface ShapedType {

  /** A copy of the dimension sizes. */
  long[] shape();

  /** The element type. */
  DType dtype();

  /** The number of dimensions. */
  default int rank() {
    return shape().length;
  }

  /** The size of dimension {@code axis}. */
  default long dim(int axis) {
    return shape()[axis];
  }
}
