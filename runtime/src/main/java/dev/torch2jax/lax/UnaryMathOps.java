package dev.torch2jax.lax;

import static dev.torch2jax.lax.ElementwiseOps.add;
import static dev.torch2jax.lax.ElementwiseOps.cos;
import static dev.torch2jax.lax.ElementwiseOps.cosh;
import static dev.torch2jax.lax.ElementwiseOps.div;
import static dev.torch2jax.lax.ElementwiseOps.exp;
import static dev.torch2jax.lax.ElementwiseOps.fullLike;
import static dev.torch2jax.lax.ElementwiseOps.mul;
import static dev.torch2jax.lax.ElementwiseOps.neg;
import static dev.torch2jax.lax.ElementwiseOps.rsqrt;
import static dev.torch2jax.lax.ElementwiseOps.sign;
import static dev.torch2jax.lax.ElementwiseOps.sin;
import static dev.torch2jax.lax.ElementwiseOps.sinh;
import static dev.torch2jax.lax.ElementwiseOps.sub;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.annotations.AbstractEval;
import dev.torch2jax.annotations.BatchRule;
import dev.torch2jax.annotations.Lowering;
import dev.torch2jax.annotations.NotDifferentiable;
import dev.torch2jax.annotations.VjpRule;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.core.rules.LoweringContext;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.hlo.FunctionBuilder;
import dev.torch2jax.hlo.TensorType;
import dev.torch2jax.hlo.UnaryOp;
import dev.torch2jax.hlo.Value;
import java.util.List;
import java.util.Map;

/**
 * The rules of the elementwise unary primitives; their API functions are in {@link ElementwiseOps}.
 * The CHLO-only ones (asin, erf, ...) are expanded by {@link MathExpansions}.
 */
public final class UnaryMathOps {
  private static final Map<String, UnaryOp> NATIVE =
      Map.ofEntries(
          Map.entry("neg", UnaryOp.NEGATE),
          Map.entry("abs", UnaryOp.ABS),
          Map.entry("sign", UnaryOp.SIGN),
          Map.entry("exp", UnaryOp.EXPONENTIAL),
          Map.entry("expm1", UnaryOp.EXPONENTIAL_MINUS_ONE),
          Map.entry("log", UnaryOp.LOG),
          Map.entry("log1p", UnaryOp.LOG_PLUS_ONE),
          Map.entry("sqrt", UnaryOp.SQRT),
          Map.entry("rsqrt", UnaryOp.RSQRT),
          Map.entry("tanh", UnaryOp.TANH),
          Map.entry("logistic", UnaryOp.LOGISTIC),
          Map.entry("sin", UnaryOp.SINE),
          Map.entry("cos", UnaryOp.COSINE),
          Map.entry("tan", UnaryOp.TAN),
          Map.entry("floor", UnaryOp.FLOOR),
          Map.entry("ceil", UnaryOp.CEIL),
          Map.entry("is_finite", UnaryOp.IS_FINITE),
          Map.entry("not", UnaryOp.NOT));

  /** The differentiable unary math primitives, which share every rule. */
  static final String MATH =
      "neg abs sign exp expm1 log log1p sqrt rsqrt tanh logistic sin cos tan asin acos atan sinh"
          + " cosh asinh acosh atanh erf erf_inv floor ceil round";

  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

  private UnaryMathOps() {}

  // ---- abstract evaluation ------------------------------------------------------------------

  /**
   * Same shape and dtype as the operand: neg takes signed integers, floats or complex numbers, abs
   * and sign integers or floats, the others floats.
   */
  @AbstractEval(MATH)
  public static List<ShapedArray> unaryAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    DType.Kind k = x.dtype().kind();
    boolean ok =
        switch (p.name()) {
          case "neg" -> k == DType.Kind.SIGNED || k == DType.Kind.FLOAT || k == DType.Kind.COMPLEX;
          case "abs", "sign" -> k != DType.Kind.BOOL && k != DType.Kind.COMPLEX;
          default -> k == DType.Kind.FLOAT;
        };
    if (!ok) {
      String want =
          switch (p.name()) {
            case "neg" -> "a signed integer, floating-point or complex";
            case "abs", "sign" -> "an integer or floating-point";
            default -> "a floating-point";
          };
      throw new IllegalArgumentException(p + " needs " + want + " operand, got " + x);
    }
    if (p.name().equals("round")
        && !(params.get("rounding_method") instanceof ElementwiseOps.RoundingMethod)) {
      throw new IllegalArgumentException(
          p + ": rounding_method must be a RoundingMethod, got " + params);
    }
    return List.of(x);
  }

  /** is_finite: a float operand, a bool result. */
  @AbstractEval("is_finite")
  @NotDifferentiable("its output is boolean")
  public static List<ShapedArray> isFiniteAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(p + " needs a floating-point operand, got " + x);
    }
    return List.of(new ShapedArray(x.shape(), DType.BOOL));
  }

  /** not: logical not of bools, bitwise not of integers. */
  @AbstractEval("not")
  @NotDifferentiable("it is a logical or bitwise operation")
  public static List<ShapedArray> notAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    if (x.dtype() != DType.BOOL && !x.dtype().isInteger()) {
      throw new IllegalArgumentException(p + " needs a bool or integer operand, got " + x);
    }
    return List.of(x);
  }

  // ---- lowering -----------------------------------------------------------------------------

  /** The matching StableHLO op, or an expansion into StableHLO ops for the CHLO-only ones. */
  @Lowering(MATH + " is_finite not")
  public static List<Value> unaryLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    FunctionBuilder b = ctx.builder();
    Value x = in.getFirst();
    String name = p.name();
    if (MathExpansions.handles(name)) {
      return List.of(MathExpansions.expand(b, name, x));
    }
    if (x.dtype().kind() == DType.Kind.UNSIGNED && name.equals("abs")) {
      return List.of(x);
    }
    if (x.dtype().kind() == DType.Kind.UNSIGNED && name.equals("sign")) {
      // 0 or 1: StableHLO's sign takes only signed and float operands.
      TensorType t = x.type();
      Value isZero = b.compare(ComparisonDirection.EQ, x, b.constant(t, 0L));
      return List.of(b.select(isZero, b.constant(t, 0L), b.constant(t, 1L)));
    }
    if (name.equals("round")) {
      return List.of(
          switch (params.get("rounding_method", ElementwiseOps.RoundingMethod.class)) {
            case AWAY_FROM_ZERO -> b.roundNearestAfz(x);
            case TO_NEAREST_EVEN -> b.roundNearestEven(x);
          });
    }
    return List.of(b.unary(NATIVE.get(name), x));
  }

  // ---- differentiation ----------------------------------------------------------------------

  /**
   * The derivative of each unary op applied to the cotangent. Piecewise constant ones (sign, floor,
   * ceil, round) give zeros, as in JAX; an integer operand gets no cotangent.
   */
  @VjpRule(MATH)
  public static List<Array> unaryVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array ct = cts.getFirst();
    Array x = primals.getFirst();
    Array y = outs.getFirst();
    if (!x.dtype().isInexact()) {
      return java.util.Arrays.asList((Array) null);
    }
    return List.of(
        switch (p.name()) {
          case "neg" -> neg(ct);
          case "abs" -> mul(ct, sign(x));
          case "sign", "floor", "ceil", "round" -> fullLike(x, 0);
          case "exp" -> mul(ct, y);
          case "expm1" -> mul(ct, add(y, one(y)));
          case "log" -> div(ct, x);
          case "log1p" -> div(ct, add(x, one(x)));
          case "sqrt" -> div(ct, mul(fullLike(y, 2), y));
          // d/dx x^(-1/2) = -y^3 / 2
          case "rsqrt" -> mul(ct, mul(fullLike(y, -0.5), mul(y, mul(y, y))));
          case "tanh" -> mul(ct, sub(one(y), mul(y, y)));
          case "logistic" -> mul(ct, mul(y, sub(one(y), y)));
          case "sin" -> mul(ct, cos(x));
          case "cos" -> neg(mul(ct, sin(x)));
          case "tan" -> mul(ct, add(one(y), mul(y, y)));
          case "asin" -> mul(ct, rsqrt(oneMinusSquare(x)));
          case "acos" -> neg(mul(ct, rsqrt(oneMinusSquare(x))));
          case "atan" -> div(ct, add(one(y), mul(x, x)));
          case "sinh" -> mul(ct, cosh(x));
          case "cosh" -> mul(ct, sinh(x));
          case "asinh" -> mul(ct, rsqrt(add(mul(x, x), one(x))));
          case "acosh" -> mul(ct, rsqrt(mul(sub(x, one(x)), add(x, one(x)))));
          case "atanh" -> div(ct, oneMinusSquare(x));
          case "erf" -> mul(ct, mul(fullLike(x, TWO_OVER_SQRT_PI), exp(neg(mul(x, x)))));
          case "erf_inv" -> mul(ct, mul(fullLike(x, 1 / TWO_OVER_SQRT_PI), exp(mul(y, y))));
          default -> throw new IllegalStateException("no VJP for " + p);
        });
  }

  private static Array oneMinusSquare(Array x) {
    Array one = one(x);
    return mul(sub(one, x), add(one, x));
  }

  private static Array one(Array like) {
    return fullLike(like, 1);
  }

  // ---- batching -----------------------------------------------------------------------------

  /** Elementwise: the batch axis stays where it is. */
  @BatchRule(MATH + " is_finite not convert_element_type")
  public static Batched unaryBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    return Batched.of(p.bind1(params, in.getFirst()), bdims[0]);
  }
}
