package dev.torch2jax;

/**
 * An n-dimensional array: concrete and device-resident, or a tracer standing for one while a
 * function is transformed.
 */
public abstract class Array {
  /** Subclasses live in this library only. */
  protected Array() {}

  /** The dimensions, outermost first; empty for a scalar. */
  public abstract long[] shape();

  /** The element type. */
  public abstract DType dtype();
}
