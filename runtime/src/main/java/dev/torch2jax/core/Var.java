package dev.torch2jax.core;

/** A variable of a jaxpr: defined once (an input or an equation's output), typed by its aval. */
public final class Var {
  private final ShapedArray aval;

  /** A fresh variable of {@code aval}; identity is the variable's name. */
  public Var(ShapedArray aval) {
    this.aval = aval;
  }

  /** Shape and dtype. */
  public ShapedArray aval() {
    return aval;
  }

  @Override
  public String toString() {
    return "Var(" + aval + ")";
  }
}
