package dev.torch2jax.aten.testing;

import dev.torch2jax.Array;
import dev.torch2jax.DType;

/** A shape-and-dtype-only array for dispatch tests. */
public final class TestArray extends Array {
  private final long[] shape;
  private final DType dtype;

  /** An array of the given dtype and shape. */
  public TestArray(DType dtype, long... shape) {
    this.dtype = dtype;
    this.shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  @Override
  public DType dtype() {
    return dtype;
  }

  /** Zeros: dispatch tests only look at shapes and dtypes. */
  @Override
  public byte[] toBytes() {
    return new byte[Math.toIntExact(size() * dtype.byteSize())];
  }
}
