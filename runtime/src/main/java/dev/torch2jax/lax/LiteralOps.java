package dev.torch2jax.lax;

import dev.torch2jax.Array;
import dev.torch2jax.annotations.AbstractEval;
import dev.torch2jax.annotations.BatchRule;
import dev.torch2jax.annotations.Lowering;
import dev.torch2jax.annotations.NotDifferentiable;
import dev.torch2jax.core.Literal;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.core.rules.LoweringContext;
import dev.torch2jax.hlo.FunctionBuilder;
import dev.torch2jax.hlo.TensorType;
import dev.torch2jax.hlo.Value;
import java.util.List;

/** The rules of {@link Literal#PRIMITIVE}: a constant written into the program. */
public final class LiteralOps {
  private LiteralOps() {}

  /** No inputs; the value's dtype and shape. */
  @AbstractEval("literal")
  @NotDifferentiable("it has no inputs")
  public static List<ShapedArray> literalAval(Primitive p, List<ShapedArray> in, Params params) {
    if (!in.isEmpty()) {
      throw new IllegalArgumentException(p + " takes no operands, got " + in);
    }
    return List.of(new ShapedArray(params.longs("shape"), params.dtype("dtype")));
  }

  /** {@code stablehlo.constant}. */
  @Lowering("literal")
  public static List<Value> literalLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    FunctionBuilder b = ctx.builder();
    TensorType type = new TensorType(params.longs("shape"), params.dtype("dtype"));
    return List.of(
        switch (params.get("value", Object.class)) {
          case Boolean v -> b.constant(type, v);
          case Long v -> b.constant(type, v);
          case Double v -> b.constant(type, v);
          default -> throw new IllegalArgumentException(p + ": unsupported value in " + params);
        });
  }

  /** Having no inputs, a literal is never batched. */
  @BatchRule("literal")
  public static Batched literalBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    return Batched.of(p.bind(params, in).getFirst(), Batched.NOT_MAPPED);
  }
}
