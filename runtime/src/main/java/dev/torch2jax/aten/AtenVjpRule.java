package dev.torch2jax.aten;

import java.util.List;

/**
 * A hand-written VJP of an ATen overload, declared with {@code @CustomVjp("aten::...")} on a public
 * static method of this shape. It replaces differentiation through the op's primitives (for speed
 * or numerical stability, e.g. {@code log_softmax}); it is written with ordinary ops, so it is
 * itself traceable and differentiable.
 */
@FunctionalInterface
public interface AtenVjpRule extends dev.torch2jax.core.rules.CustomVjpRule {
  /**
   * The cotangent of each argument, in schema order: an {@code Array} (or a {@code List<Array>} for
   * {@code Tensor[]}) for tensor arguments, {@code null} for the others or where the argument gets
   * no cotangent.
   *
   * @param args the op's arguments, as the op received them
   * @param output the op's result ({@code Array}, or {@code List<Array>} for tuples)
   * @param cotangent the cotangent of the result, shaped like it
   */
  @Override
  List<Object> vjp(List<Object> args, Object output, Object cotangent);
}
