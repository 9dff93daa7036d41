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

/** {@code stop_gradient}: the identity, through which no cotangent flows. */
public final class GradientOps {
  private static final Primitive STOP_GRADIENT = Primitive.of("stop_gradient");

  private GradientOps() {}

  /** {@code x}, treated as a constant by reverse mode ({@code tensor.detach()}). */
  public static Array stopGradient(Array x) {
    return STOP_GRADIENT.bind1(Params.EMPTY, x);
  }

  /** The operand's shape and dtype. */
  @AbstractEval("stop_gradient")
  public static List<ShapedArray> stopGradientAval(
      Primitive p, List<ShapedArray> in, Params params) {
    return List.of(in.getFirst());
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

  /** Elementwise: the batch axis stays. */
  @BatchRule("stop_gradient")
  public static Batched stopGradientBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    return Batched.of(stopGradient(in.getFirst()), bdims[0]);
  }
}
