package dev.torch2jax.core;

import dev.torch2jax.Array;
import dev.torch2jax.DType;

/**
 * An array whose shape and dtype are those of its abstract value ({@link ShapedArray}), as every
 * JAX array has an {@code aval}: device arrays, sharded arrays and tracers.
 */
public abstract class AvalArray extends Array {
  /** For subclasses. */
  protected AvalArray() {}

  /** Shape and dtype. */
  public abstract ShapedArray aval();

  @Override
  public final long[] shape() {
    return aval().shape();
  }

  @Override
  public final DType dtype() {
    return aval().dtype();
  }
}
