package dev.torch2jax;

/** Test stand-in for the runtime's Array. */
public abstract class Array {
  protected Array() {}

  public abstract long[] shape();

  public abstract DType dtype();
}
