package dev.torch2jax.core.rules;

import java.util.List;

/**
 * A hand-written VJP of a function of pytrees, used by {@code custom_vjp_call} in place of
 * differentiating through the function's primitives (for speed or numerical stability). It is
 * written with ordinary ops, so it is itself traceable and differentiable.
 */
@FunctionalInterface
public interface CustomVjpRule {
  /**
   * The cotangent of each argument: an {@code Array} (or a {@code List<Array>}) for array
   * arguments, {@code null} for the others or where the argument gets no cotangent.
   *
   * @param args the function's arguments, as it received them
   * @param output the function's result
   * @param cotangent the cotangent of the result, shaped like it
   */
  List<Object> vjp(List<Object> args, Object output, Object cotangent);
}
