package dev.torch2jax.core.rules;

import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import java.util.List;

/**
 * Shape and dtype inference of a primitive: the output avals for input avals and parameters.
 * Invalid input throws {@link IllegalArgumentException} naming the primitive and the shapes.
 */
@FunctionalInterface
public interface AbstractEvalRule {
  /** The outputs' shapes and dtypes. */
  List<ShapedArray> abstractEval(Primitive primitive, List<ShapedArray> inputs, Params params);
}
