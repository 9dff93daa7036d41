package dev.torch2jax.core;

import java.util.List;

/**
 * A traced function in the tracing core's IR, like JAX's jaxpr: constant inputs (values captured
 * while tracing, passed in at run time), inputs, equations in order, outputs.
 *
 * @param constvars inputs bound to the captured constants
 * @param invars the function's inputs (its flattened arguments)
 * @param eqns the equations, each using only variables defined before it
 * @param outvars the function's outputs (its flattened results)
 */
public record Jaxpr(List<Var> constvars, List<Var> invars, List<JaxprEqn> eqns, List<Var> outvars) {
  /** Copies the lists. */
  public Jaxpr {
    constvars = List.copyOf(constvars);
    invars = List.copyOf(invars);
    eqns = List.copyOf(eqns);
    outvars = List.copyOf(outvars);
  }

  /** The output avals. */
  public List<ShapedArray> outAvals() {
    return outvars.stream().map(Var::aval).toList();
  }

  /** Constants then inputs: the order arguments are passed in. */
  public List<Var> allInputs() {
    return java.util.stream.Stream.concat(constvars.stream(), invars.stream()).toList();
  }

  /** JAX-style text, e.g. {@code { lambda ; a:f32[3]. let b:f32[3] = sin a in (b,) }}. */
  @Override
  public String toString() {
    return JaxprPrinter.print(this);
  }

  // Records compare component lists by content; a jaxpr is identified by the object instead, so
  // that caches keyed on it stay cheap.
  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
