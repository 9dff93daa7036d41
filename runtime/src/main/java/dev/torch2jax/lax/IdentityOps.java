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
import java.util.Arrays;
import java.util.List;

/**
 * The identities that tell a transformation or the compiler something: {@code stop_gradient},
 * through which no cotangent flows, and {@code optimization_barrier}, whose operand XLA computes
 * once and stores instead of fusing it into (and so recomputing it in) each of its consumers.
 */
public final class IdentityOps {
  private static final Primitive STOP_GRADIENT = Primitive.of("stop_gradient");
  private static final Primitive OPTIMIZATION_BARRIER = Primitive.of("optimization_barrier");
  private static final String BOTH = "stop_gradient optimization_barrier";

  private IdentityOps() {}

  /** {@code x}, treated as a constant by reverse mode ({@code tensor.detach()}). */
  public static Array stopGradient(Array x) {
    return STOP_GRADIENT.bind1(Params.EMPTY, x);
  }

  /**
   * {@code x}, materialized once in a compiled program. For values that are costly per element but
   * look elementwise to XLA's fusion heuristics, such as a depthwise convolution written as a sum
   * of slices.
   */
  public static Array optimizationBarrier(Array x) {
    return OPTIMIZATION_BARRIER.bind1(Params.EMPTY, x);
  }

  /** The operand's shape and dtype. */
  @AbstractEval(BOTH)
  public static List<ShapedArray> identityAval(Primitive p, List<ShapedArray> in, Params params) {
    return List.of(in.getFirst());
  }

  /** Elementwise: the batch axis stays. */
  @BatchRule(BOTH)
  public static Batched identityBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    return Batched.of(p.bind1(params, in.getFirst()), bdims[0]);
  }

  /** Nothing to emit: the operand is the result. */
  @Lowering("stop_gradient")
  public static List<Value> stopGradientLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(in.getFirst());
  }

  /** No cotangent for the operand. */
  @VjpRule("stop_gradient")
  public static List<Array> stopGradientVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    return Arrays.asList((Array) null);
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
}
