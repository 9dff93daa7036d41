package dev.torch2jax.core.rules;

import dev.torch2jax.Array;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import java.util.List;

/**
 * Reverse-mode rule of a primitive: from the cotangents of its outputs (and its primal inputs and
 * outputs) to the cotangents of its inputs. Written with ordinary ops, so the cotangent computation
 * is itself traceable: {@code grad(grad(f))} and {@code jit(grad(f))} follow.
 */
@FunctionalInterface
public interface VjpRule {
  /**
   * One cotangent per input, of the input's shape and dtype, or {@code null} where the input gets
   * none (an integer input, an index).
   */
  List<Array> vjp(
      Primitive primitive,
      List<Array> cotangents,
      List<Array> primals,
      List<Array> outputs,
      Params params);
}
