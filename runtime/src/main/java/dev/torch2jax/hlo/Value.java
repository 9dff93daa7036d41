package dev.torch2jax.hlo;

import dev.torch2jax.DType;

/**
 * An SSA value of one function or region: its name in the text (e.g. {@code %0}, {@code %arg1},
 * {@code %3#1}) and its type. Values can only be used by ops of the builder that made them.
 */
public final class Value {
  private final String name;
  private final TensorType type;
  private final OpWriter owner;

  Value(String name, TensorType type, OpWriter owner) {
    this.name = name;
    this.type = type;
    this.owner = owner;
  }

  /** The SSA name, with its {@code %}. */
  public String name() {
    return name;
  }

  /** The tensor type. */
  public TensorType type() {
    return type;
  }

  /** The element type. */
  public DType dtype() {
    return type.dtype();
  }

  /** A copy of the dimension sizes. */
  public long[] shape() {
    return type.shape();
  }

  /** The number of dimensions. */
  public int rank() {
    return type.rank();
  }

  OpWriter owner() {
    return owner;
  }

  /** The name and type, e.g. {@code %0: tensor<2xf32>}. */
  @Override
  public String toString() {
    return name + ": " + type;
  }
}
