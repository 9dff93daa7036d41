package dev.torch2jax.lax;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.annotations.AbstractEval;
import dev.torch2jax.annotations.BatchRule;
import dev.torch2jax.annotations.Lowering;
import dev.torch2jax.annotations.NotDifferentiable;
import dev.torch2jax.annotations.VjpRule;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.core.rules.LoweringContext;
import dev.torch2jax.hlo.BinaryOp;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.hlo.UnaryOp;
import dev.torch2jax.hlo.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Elementwise primitives, like {@code jax.lax}: operands of one shape and dtype (no broadcasting,
 * no promotion; {@code Jnp} does those), results of that shape.
 */
public final class ElementwiseOps {
  private static final Map<String, BinaryOp> BINARY =
      Map.of(
          "add", BinaryOp.ADD,
          "sub", BinaryOp.SUBTRACT,
          "mul", BinaryOp.MULTIPLY,
          "div", BinaryOp.DIVIDE,
          "max", BinaryOp.MAXIMUM,
          "min", BinaryOp.MINIMUM);

  private static final Map<String, UnaryOp> UNARY =
      Map.of(
          "neg", UnaryOp.NEGATE,
          "exp", UnaryOp.EXPONENTIAL,
          "log", UnaryOp.LOG,
          "tanh", UnaryOp.TANH);

  private static final Primitive CONVERT = Primitive.of("convert_element_type");
  private static final Primitive COMPARE = Primitive.of("compare");
  private static final Primitive SELECT = Primitive.of("select_n");

  private ElementwiseOps() {}

  // ---- public API ---------------------------------------------------------------------------

  /** {@code x + y}. */
  public static Array add(Array x, Array y) {
    return binary("add", x, y);
  }

  /** {@code x - y}. */
  public static Array sub(Array x, Array y) {
    return binary("sub", x, y);
  }

  /** {@code x * y}. */
  public static Array mul(Array x, Array y) {
    return binary("mul", x, y);
  }

  /** {@code x / y} (integer division truncates toward zero, as in C). */
  public static Array div(Array x, Array y) {
    return binary("div", x, y);
  }

  /** The larger of each pair; NaN propagates. */
  public static Array max(Array x, Array y) {
    return binary("max", x, y);
  }

  /** The smaller of each pair; NaN propagates. */
  public static Array min(Array x, Array y) {
    return binary("min", x, y);
  }

  /** {@code -x}. */
  public static Array neg(Array x) {
    return Primitive.of("neg").bind1(Params.EMPTY, x);
  }

  /** {@code e^x}. */
  public static Array exp(Array x) {
    return Primitive.of("exp").bind1(Params.EMPTY, x);
  }

  /** Natural logarithm. */
  public static Array log(Array x) {
    return Primitive.of("log").bind1(Params.EMPTY, x);
  }

  /** Hyperbolic tangent. */
  public static Array tanh(Array x) {
    return Primitive.of("tanh").bind1(Params.EMPTY, x);
  }

  /** Converts the element type (float to integer truncates toward zero). */
  public static Array convert(Array x, DType to) {
    if (x.dtype() == to) {
      return x;
    }
    return CONVERT.bind1(Params.of("new_dtype", to), x);
  }

  /** {@code x <op> y} elementwise, a bool array. */
  public static Array compare(ComparisonDirection direction, Array x, Array y) {
    return COMPARE.bind1(Params.of("direction", direction), x, y);
  }

  /** Where {@code which} is true {@code onTrue}, else {@code onFalse}. */
  public static Array select(Array which, Array onTrue, Array onFalse) {
    return SELECT.bind1(Params.EMPTY, which, onFalse, onTrue);
  }

  /** A constant of {@code x}'s shape and dtype, every element {@code value}. */
  public static Array fullLike(Array x, double value) {
    Array scalar =
        DeviceArray.scalar(x.dtype().isFloatingPoint() ? value : (Number) (long) value, x.dtype());
    return ShapeOps.broadcastInDim(scalar, x.shape(), new long[0]);
  }

  private static Array binary(String name, Array x, Array y) {
    return Primitive.of(name).bind1(Params.EMPTY, x, y);
  }

  // ---- binary rules -------------------------------------------------------------------------

  /** Both operands of one shape and dtype. */
  @AbstractEval({"add", "sub", "mul", "div", "max", "min"})
  public static List<ShapedArray> binaryAval(Primitive p, List<ShapedArray> in, Params params) {
    return List.of(sameTypes(p, in));
  }

  /** The matching StableHLO op. */
  @Lowering({"add", "sub", "mul", "div", "max", "min"})
  public static List<Value> binaryLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(ctx.builder().binary(BINARY.get(p.name()), in.get(0), in.get(1)));
  }

  /** The derivative of each binary op, applied to the cotangent. */
  @VjpRule({"add", "sub", "mul", "div", "max", "min"})
  public static List<Array> binaryVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array ct = cts.getFirst();
    Array x = primals.get(0);
    Array y = primals.get(1);
    return switch (p.name()) {
      case "add" -> List.of(ct, ct);
      case "sub" -> List.of(ct, neg(ct));
      case "mul" -> List.of(mul(ct, y), mul(ct, x));
      case "div" -> List.of(div(ct, y), neg(mul(ct, div(outs.getFirst(), y))));
      case "max", "min" -> {
        // Ties share the cotangent equally, as PyTorch and JAX do.
        ComparisonDirection wins =
            p.name().equals("max") ? ComparisonDirection.GT : ComparisonDirection.LT;
        Array half = fullLike(ct, 0.5);
        Array zero = fullLike(ct, 0);
        Array tie = compare(ComparisonDirection.EQ, x, y);
        Array xShare = select(compare(wins, x, y), ct, select(tie, mul(ct, half), zero));
        yield List.of(xShare, sub(ct, xShare));
      }
      default -> throw new IllegalStateException("no VJP for " + p);
    };
  }

  /** Gives both operands a leading batch axis. */
  @BatchRule({"add", "sub", "mul", "div", "max", "min", "compare"})
  public static Batched binaryBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    long size = BatchAxes.size(in, bdims);
    Array x = BatchAxes.materialize(in.get(0), bdims[0], size);
    Array y = BatchAxes.materialize(in.get(1), bdims[1], size);
    return Batched.of(p.bind1(params, x, y), 0);
  }

  // ---- unary rules --------------------------------------------------------------------------

  /** Same shape and dtype as the operand; transcendental ones need floats. */
  @AbstractEval({"neg", "exp", "log", "tanh"})
  public static List<ShapedArray> unaryAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    if (!p.name().equals("neg") && !x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(p + " needs a floating-point operand, got " + x);
    }
    if (x.dtype() == DType.BOOL || x.dtype().kind() == DType.Kind.UNSIGNED) {
      throw new IllegalArgumentException(p + " does not accept " + x);
    }
    return List.of(x);
  }

  /** The matching StableHLO op. */
  @Lowering({"neg", "exp", "log", "tanh"})
  public static List<Value> unaryLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(ctx.builder().unary(UNARY.get(p.name()), in.getFirst()));
  }

  /** The derivative of each unary op, applied to the cotangent. */
  @VjpRule({"neg", "exp", "log", "tanh"})
  public static List<Array> unaryVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array ct = cts.getFirst();
    Array x = primals.getFirst();
    Array y = outs.getFirst();
    return List.of(
        switch (p.name()) {
          case "neg" -> neg(ct);
          case "exp" -> mul(ct, y);
          case "log" -> div(ct, x);
          case "tanh" -> mul(ct, sub(fullLike(y, 1), mul(y, y)));
          default -> throw new IllegalStateException("no VJP for " + p);
        });
  }

  /** Elementwise: the batch axis stays where it is. */
  @BatchRule({"neg", "exp", "log", "tanh", "convert_element_type"})
  public static Batched unaryBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    return Batched.of(p.bind1(params, in.getFirst()), bdims[0]);
  }

  // ---- convert_element_type -----------------------------------------------------------------

  /** Same shape, the new dtype. */
  @AbstractEval("convert_element_type")
  public static List<ShapedArray> convertAval(Primitive p, List<ShapedArray> in, Params params) {
    return List.of(new ShapedArray(in.getFirst().shape(), params.dtype("new_dtype")));
  }

  /** {@code stablehlo.convert}. */
  @Lowering("convert_element_type")
  public static List<Value> convertLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(ctx.builder().convert(in.getFirst(), params.dtype("new_dtype")));
  }

  /** The cotangent converted back; integer and bool operands get none. */
  @VjpRule("convert_element_type")
  public static List<Array> convertVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array x = primals.getFirst();
    return Arrays.asList(x.dtype().isFloatingPoint() ? convert(cts.getFirst(), x.dtype()) : null);
  }

  // ---- compare and select -------------------------------------------------------------------

  /** Operands of one shape and dtype; a bool result. */
  @AbstractEval("compare")
  @NotDifferentiable("its output is boolean")
  public static List<ShapedArray> compareAval(Primitive p, List<ShapedArray> in, Params params) {
    return List.of(new ShapedArray(sameTypes(p, in).shape(), DType.BOOL));
  }

  /** {@code stablehlo.compare}. */
  @Lowering("compare")
  public static List<Value> compareLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(
        ctx.builder()
            .compare(params.get("direction", ComparisonDirection.class), in.get(0), in.get(1)));
  }

  /** {@code select_n(which, onFalse, onTrue)}: a bool selector, two cases of one type. */
  @AbstractEval("select_n")
  public static List<ShapedArray> selectAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray which = in.get(0);
    ShapedArray cases = sameTypes(p, in.subList(1, 3));
    if (which.dtype() != DType.BOOL || !Arrays.equals(which.shape(), cases.shape())) {
      throw new IllegalArgumentException(
          p + ": the selector must be bool of the cases' shape, got " + which + " for " + cases);
    }
    return List.of(cases);
  }

  /** {@code stablehlo.select}. */
  @Lowering("select_n")
  public static List<Value> selectLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(ctx.builder().select(in.get(0), in.get(2), in.get(1)));
  }

  /** Each case gets the cotangent where it was chosen, zero elsewhere. */
  @VjpRule("select_n")
  public static List<Array> selectVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array ct = cts.getFirst();
    Array which = primals.getFirst();
    Array zero = fullLike(ct, 0);
    return Arrays.asList(null, select(which, zero, ct), select(which, ct, zero));
  }

  /** Gives all three operands a leading batch axis. */
  @BatchRule("select_n")
  public static Batched selectBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    long size = BatchAxes.size(in, bdims);
    List<Array> batched = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      batched.add(BatchAxes.materialize(in.get(i), bdims[i], size));
    }
    return Batched.of(p.bind(params, batched).getFirst(), 0);
  }

  private static ShapedArray sameTypes(Primitive p, List<ShapedArray> in) {
    ShapedArray x = in.get(0);
    ShapedArray y = in.get(1);
    if (!x.equals(y)) {
      throw new IllegalArgumentException(p + ": operand types differ: " + x + " vs " + y);
    }
    return x;
  }
}
