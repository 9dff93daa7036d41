package dev.torch2jax.core;

import java.util.List;

/**
 * One equation of a jaxpr: {@code outputs = primitive[params] inputs}.
 *
 * @param primitive the primitive applied
 * @param params its static parameters
 * @param inputs variables defined earlier (or jaxpr inputs)
 * @param outputs the variables it defines
 */
public record JaxprEqn(Primitive primitive, Params params, List<Var> inputs, List<Var> outputs) {
  /** Copies the lists. */
  public JaxprEqn {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }
}
