package dev.torch2jax.lax;

import dev.torch2jax.Array;
import dev.torch2jax.annotations.AbstractEval;
import dev.torch2jax.annotations.BatchRule;
import dev.torch2jax.annotations.Lowering;
import dev.torch2jax.annotations.VjpRule;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.core.rules.LoweringContext;
import dev.torch2jax.hlo.Value;
import java.util.List;

/**
 * {@code optimization_barrier}: the identity, whose operand XLA computes once and stores instead of
 * fusing it into (and so recomputing it in) each of its consumers. For values that are costly per
 * element but look elementwise to XLA's fusion heuristics, such as a depthwise convolution written
 * as a sum of slices.
 */
public final class OptimizationBarrierOps {
  private static final Primitive OPTIMIZATION_BARRIER = Primitive.of("optimization_barrier");

  private OptimizationBarrierOps() {}

  /** {@code x}, materialized once in a compiled program. */
  public static Array optimizationBarrier(Array x) {
    return OPTIMIZATION_BARRIER.bind1(Params.EMPTY, x);
  }

  /** The operand's shape and dtype. */
  @AbstractEval("optimization_barrier")
  public static List<ShapedArray> optimizationBarrierAval(
      Primitive p, List<ShapedArray> in, Params params) {
    return List.of(in.getFirst());
  }

  /** {@code stablehlo.optimization_barrier}. */
  @Lowering("optimization_barrier")
  public static List<Value> optimizationBarrierLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(ctx.builder().optimizationBarrier(in.getFirst()));
  }

  /** The cotangent passes unchanged. */
  @VjpRule("optimization_barrier")
  public static List<Array> optimizationBarrierVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    return List.of(cts.getFirst());
  }

  /** Elementwise: the batch axis stays. */
  @BatchRule("optimization_barrier")
  public static Batched optimizationBarrierBatch(
      Primitive p, List<Array> in, int[] bdims, Params params) {
    return Batched.of(optimizationBarrier(in.getFirst()), bdims[0]);
  }
}
