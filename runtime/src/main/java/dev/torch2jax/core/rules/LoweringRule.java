package dev.torch2jax.core.rules;

import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.hlo.Value;
import java.util.List;

/** Emits a primitive's StableHLO into {@link LoweringContext#builder()}; returns the outputs. */
@FunctionalInterface
public interface LoweringRule {
  /** The output values, one per output aval of the context. */
  List<Value> lower(LoweringContext ctx, Primitive primitive, List<Value> inputs, Params params);
}
