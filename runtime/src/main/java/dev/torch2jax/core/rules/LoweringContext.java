package dev.torch2jax.core.rules;

import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.hlo.FunctionBuilder;
import dev.torch2jax.hlo.Value;
import java.util.List;

/** What a lowering rule may use: the function being built and the expected output avals. */
public interface LoweringContext {
  /** The builder of the function the primitive is lowered into. */
  FunctionBuilder builder();

  /** The outputs' shapes and dtypes, from abstract evaluation. */
  List<ShapedArray> outputAvals();

  /**
   * Lowers a sub-jaxpr (of a higher-order primitive such as {@code pjit} or {@code cond}) inline
   * into {@code builder}, its inputs bound to {@code inputs}; returns its outputs.
   */
  List<Value> lowerJaxpr(
      FunctionBuilder builder, dev.torch2jax.core.Jaxpr jaxpr, List<Value> inputs);
}
