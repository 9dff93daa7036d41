package dev.torch2jax.aten;

import java.util.List;

/**
 * One ATen overload as the interpreter calls it: the arguments in schema order, as interpreter
 * values ({@link dev.torch2jax.Array}, {@code Long}, {@code Double}, {@code Boolean}, {@code
 * String}, lists, {@link dev.torch2jax.DType}, null for None). Trailing arguments with schema
 * defaults may be left out.
 *
 * <p>Generated dispatch tables implement it with a direct call of the {@code @Implements} method,
 * converting each argument with {@link Args}.
 */
@FunctionalInterface
public interface AtenOp {
  /**
   * Runs the op.
   *
   * @return an {@code Array}, a {@code List<Array>} for tuple and list returns, a boxed number or
   *     boolean, or null for ops that return nothing
   * @throws OpArgumentException when an argument does not fit the schema
   */
  Object call(List<Object> args);
}
