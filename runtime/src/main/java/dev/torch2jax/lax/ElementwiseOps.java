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
import dev.torch2jax.hlo.FunctionBuilder;
import dev.torch2jax.hlo.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Elementwise primitives, like {@code jax.lax}: operands of one shape and dtype (no broadcasting,
 * no promotion; {@code Jnp} does those), results of that shape.
 *
 * <p>This class holds the API function of every elementwise primitive and the rules of the binary
 * and ternary ones; the unary ones' rules are in {@link UnaryMathOps}.
 */
public final class ElementwiseOps {
  /** How {@link #round} breaks ties. */
  public enum RoundingMethod {
    /** Halfway cases go away from zero (C's {@code round}; JAX's default). */
    AWAY_FROM_ZERO,
    /** Halfway cases go to the even neighbour ({@code torch.round}, NumPy). */
    TO_NEAREST_EVEN
  }

  private static final Map<String, BinaryOp> BINARY =
      Map.ofEntries(
          Map.entry("add", BinaryOp.ADD),
          Map.entry("sub", BinaryOp.SUBTRACT),
          Map.entry("mul", BinaryOp.MULTIPLY),
          Map.entry("div", BinaryOp.DIVIDE),
          Map.entry("rem", BinaryOp.REMAINDER),
          Map.entry("pow", BinaryOp.POWER),
          Map.entry("max", BinaryOp.MAXIMUM),
          Map.entry("min", BinaryOp.MINIMUM),
          Map.entry("atan2", BinaryOp.ATAN2),
          Map.entry("and", BinaryOp.AND),
          Map.entry("or", BinaryOp.OR),
          Map.entry("xor", BinaryOp.XOR),
          Map.entry("shift_left", BinaryOp.SHIFT_LEFT),
          Map.entry("shift_right_arithmetic", BinaryOp.SHIFT_RIGHT_ARITHMETIC),
          Map.entry("shift_right_logical", BinaryOp.SHIFT_RIGHT_LOGICAL));

  private static final Primitive CONVERT = Primitive.of("convert_element_type");
  private static final Primitive COMPARE = Primitive.of("compare");
  private static final Primitive SELECT = Primitive.of("select_n");
  private static final Primitive CLAMP = Primitive.of("clamp");
  private static final Primitive ROUND = Primitive.of("round");

  private ElementwiseOps() {}

  // ---- public API: binary -------------------------------------------------------------------

  /** {@code x + y} (logical or on bools). */
  public static Array add(Array x, Array y) {
    return binary("add", x, y);
  }

  /** {@code x - y}. */
  public static Array sub(Array x, Array y) {
    return binary("sub", x, y);
  }

  /** {@code x * y} (logical and on bools). */
  public static Array mul(Array x, Array y) {
    return binary("mul", x, y);
  }

  /** {@code x / y} (integer division truncates toward zero, as in C). */
  public static Array div(Array x, Array y) {
    return binary("div", x, y);
  }

  /** The remainder of {@code x / y} with the sign of {@code x}, as C's {@code fmod}. */
  public static Array rem(Array x, Array y) {
    return binary("rem", x, y);
  }

  /** {@code x ^ y}, for floats or for integers (exponents not negative). */
  public static Array pow(Array x, Array y) {
    return binary("pow", x, y);
  }

  /** The larger of each pair; NaN propagates. */
  public static Array max(Array x, Array y) {
    return binary("max", x, y);
  }

  /** The smaller of each pair; NaN propagates. */
  public static Array min(Array x, Array y) {
    return binary("min", x, y);
  }

  /** The angle of the point {@code (x, y)}: {@code atan(y / x)} in the right quadrant. */
  public static Array atan2(Array y, Array x) {
    return binary("atan2", y, x);
  }

  /** Logical and of bools, bitwise and of integers. */
  public static Array and(Array x, Array y) {
    return binary("and", x, y);
  }

  /** Logical or of bools, bitwise or of integers. */
  public static Array or(Array x, Array y) {
    return binary("or", x, y);
  }

  /** Logical or bitwise exclusive or. */
  public static Array xor(Array x, Array y) {
    return binary("xor", x, y);
  }

  /** {@code x << y} (0 where {@code y} is at least the bit width). */
  public static Array shiftLeft(Array x, Array y) {
    return binary("shift_left", x, y);
  }

  /** {@code x >> y}, copying the sign bit. */
  public static Array shiftRightArithmetic(Array x, Array y) {
    return binary("shift_right_arithmetic", x, y);
  }

  /** {@code x >>> y}, filling with zeros (the bits read as unsigned). */
  public static Array shiftRightLogical(Array x, Array y) {
    return binary("shift_right_logical", x, y);
  }

  // ---- public API: unary --------------------------------------------------------------------

  /** {@code -x}. */
  public static Array neg(Array x) {
    return unary("neg", x);
  }

  /** {@code |x|}. */
  public static Array abs(Array x) {
    return unary("abs", x);
  }

  /** -1, 0 or 1 by the sign of {@code x} (NaN stays NaN). */
  public static Array sign(Array x) {
    return unary("sign", x);
  }

  /** {@code e^x}. */
  public static Array exp(Array x) {
    return unary("exp", x);
  }

  /** {@code e^x - 1}, accurate near 0. */
  public static Array expm1(Array x) {
    return unary("expm1", x);
  }

  /** Natural logarithm. */
  public static Array log(Array x) {
    return unary("log", x);
  }

  /** {@code log(1 + x)}, accurate near 0. */
  public static Array log1p(Array x) {
    return unary("log1p", x);
  }

  /** Square root. */
  public static Array sqrt(Array x) {
    return unary("sqrt", x);
  }

  /** {@code 1 / sqrt(x)}. */
  public static Array rsqrt(Array x) {
    return unary("rsqrt", x);
  }

  /** Hyperbolic tangent. */
  public static Array tanh(Array x) {
    return unary("tanh", x);
  }

  /** The logistic sigmoid {@code 1 / (1 + e^-x)}. */
  public static Array logistic(Array x) {
    return unary("logistic", x);
  }

  /** Sine. */
  public static Array sin(Array x) {
    return unary("sin", x);
  }

  /** Cosine. */
  public static Array cos(Array x) {
    return unary("cos", x);
  }

  /** Tangent. */
  public static Array tan(Array x) {
    return unary("tan", x);
  }

  /** Inverse sine. */
  public static Array asin(Array x) {
    return unary("asin", x);
  }

  /** Inverse cosine. */
  public static Array acos(Array x) {
    return unary("acos", x);
  }

  /** Inverse tangent. */
  public static Array atan(Array x) {
    return unary("atan", x);
  }

  /** Hyperbolic sine. */
  public static Array sinh(Array x) {
    return unary("sinh", x);
  }

  /** Hyperbolic cosine. */
  public static Array cosh(Array x) {
    return unary("cosh", x);
  }

  /** Inverse hyperbolic sine. */
  public static Array asinh(Array x) {
    return unary("asinh", x);
  }

  /** Inverse hyperbolic cosine. */
  public static Array acosh(Array x) {
    return unary("acosh", x);
  }

  /** Inverse hyperbolic tangent. */
  public static Array atanh(Array x) {
    return unary("atanh", x);
  }

  /** The error function. */
  public static Array erf(Array x) {
    return unary("erf", x);
  }

  /** The inverse of the error function on (-1, 1). */
  public static Array erfInv(Array x) {
    return unary("erf_inv", x);
  }

  /** Rounds toward negative infinity. */
  public static Array floor(Array x) {
    return unary("floor", x);
  }

  /** Rounds toward positive infinity. */
  public static Array ceil(Array x) {
    return unary("ceil", x);
  }

  /** Rounds to the nearest integer, ties broken by {@code method}. */
  public static Array round(Array x, RoundingMethod method) {
    return ROUND.bind1(Params.of("rounding_method", method), x);
  }

  /** True where {@code x} is neither infinite nor NaN. */
  public static Array isFinite(Array x) {
    return unary("is_finite", x);
  }

  /** Logical not of bools, bitwise not of integers. */
  public static Array not(Array x) {
    return unary("not", x);
  }

  // ---- public API: others -------------------------------------------------------------------

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

  /**
   * {@code x} limited to {@code [lo, hi]}: {@code min(max(x, lo), hi)}, so {@code hi} wins where
   * {@code lo > hi}. The bounds are scalars or of {@code x}'s shape, all of one dtype.
   */
  public static Array clamp(Array lo, Array x, Array hi) {
    return CLAMP.bind1(Params.EMPTY, lo, x, hi);
  }

  /**
   * A constant of {@code x}'s shape and dtype, every element {@code value} (for complex {@code x},
   * real part {@code value} and imaginary part 0).
   */
  public static Array fullLike(Array x, double value) {
    Array scalar =
        DeviceArray.scalar(x.dtype().isInexact() ? value : (Number) (long) value, x.dtype());
    return ShapeOps.broadcastInDim(scalar, x.shape(), new long[0]);
  }

  private static Array binary(String name, Array x, Array y) {
    return Primitive.of(name).bind1(Params.EMPTY, x, y);
  }

  private static Array unary(String name, Array x) {
    return Primitive.of(name).bind1(Params.EMPTY, x);
  }

  // ---- binary rules -------------------------------------------------------------------------

  /**
   * Both operands of one shape and dtype: add and mul take any dtype, sub, div and pow integers,
   * floats or complex numbers, max, min and rem anything but complex numbers, atan2 floats.
   */
  @AbstractEval({"add", "sub", "mul", "div", "rem", "pow", "max", "min", "atan2"})
  public static List<ShapedArray> binaryAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = sameTypes(p, in);
    switch (p.name()) {
      case "add", "mul" -> {}
      case "max", "min" -> requireDType(p, x, "real (not complex)", t -> !t.isComplex());
      case "rem" ->
          requireDType(
              p, x, "integer or floating-point", t -> t.isInteger() || t.isFloatingPoint());
      case "atan2" -> requireDType(p, x, "floating-point", DType::isFloatingPoint);
      default -> requireDType(p, x, "integer or floating-point", t -> t != DType.BOOL);
    }
    return List.of(x);
  }

  /** Bitwise and shift ops: bool or integer operands (shifts integers only), of one type. */
  @AbstractEval({"and", "or", "xor", "shift_left", "shift_right_arithmetic", "shift_right_logical"})
  @NotDifferentiable("it is a logical or bitwise operation on bools or integers")
  public static List<ShapedArray> bitwiseAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = sameTypes(p, in);
    if (p.name().startsWith("shift")) {
      requireDType(p, x, "integer", DType::isInteger);
    } else {
      requireDType(p, x, "bool or integer", t -> t == DType.BOOL || t.isInteger());
    }
    return List.of(x);
  }

  /** The matching StableHLO op. */
  @Lowering({
    "add",
    "sub",
    "mul",
    "div",
    "rem",
    "pow",
    "max",
    "min",
    "atan2",
    "and",
    "or",
    "xor",
    "shift_left",
    "shift_right_arithmetic",
    "shift_right_logical"
  })
  public static List<Value> binaryLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    FunctionBuilder b = ctx.builder();
    Value x = in.get(0);
    Value y = in.get(1);
    Value r = b.binary(BINARY.get(p.name()), x, y);
    if ((p.name().equals("max") || p.name().equals("min")) && x.dtype().isFloatingPoint()) {
      // The CPU plugin lowers float maximum/minimum without NaN propagation (XLA's fast min/max),
      // so max(1, NaN) would be 1; PyTorch and StableHLO's spec give NaN.
      r = b.select(b.compare(ComparisonDirection.NE, y, y), y, r);
      r = b.select(b.compare(ComparisonDirection.NE, x, x), x, r);
    }
    return List.of(r);
  }

  /**
   * The derivative of each binary op, applied to the cotangent; integers get no cotangent. Complex
   * operands follow JAX's convention: the transpose of the linear map, without conjugation.
   */
  @VjpRule({"add", "sub", "mul", "div", "rem", "pow", "max", "min", "atan2"})
  public static List<Array> binaryVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array ct = cts.getFirst();
    Array x = primals.get(0);
    Array y = primals.get(1);
    if (!x.dtype().isInexact()) {
      return Arrays.asList(null, null);
    }
    return switch (p.name()) {
      case "add" -> List.of(ct, ct);
      case "sub" -> List.of(ct, neg(ct));
      case "mul" -> List.of(mul(ct, y), mul(ct, x));
      case "div" -> List.of(div(ct, y), neg(mul(ct, div(outs.getFirst(), y))));
      case "rem" -> {
        // x - y trunc(x / y): d/dy = -trunc(x / y), as torch.fmod's derivative.
        Array q = div(x, y);
        yield List.of(ct, neg(mul(ct, mul(sign(q), floor(abs(q))))));
      }
      case "pow" -> {
        // d/dx = y x^(y-1) (0 where y = 0); d/dy = log(x) x^y (0 where x = 0), as in JAX.
        Array zero = fullLike(x, 0);
        Array one = fullLike(x, 1);
        Array dx =
            select(compare(ComparisonDirection.EQ, y, zero), zero, mul(y, pow(x, sub(y, one))));
        Array safeX = select(compare(ComparisonDirection.EQ, x, zero), one, x);
        yield List.of(mul(ct, dx), mul(ct, mul(log(safeX), outs.getFirst())));
      }
      case "atan2" -> {
        // atan2(x, y): d/dx = y / (x^2 + y^2), d/dy = -x / (x^2 + y^2).
        Array r2 = add(mul(x, x), mul(y, y));
        yield List.of(mul(ct, div(y, r2)), neg(mul(ct, div(x, r2))));
      }
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

  /**
   * Operands mapped at the same axis keep it; otherwise both get a leading batch axis (an unmapped
   * one broadcast).
   */
  @BatchRule({
    "add",
    "sub",
    "mul",
    "div",
    "rem",
    "pow",
    "max",
    "min",
    "atan2",
    "and",
    "or",
    "xor",
    "shift_left",
    "shift_right_arithmetic",
    "shift_right_logical",
    "compare"
  })
  public static Batched binaryBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    if (bdims[0] == bdims[1]) {
      return Batched.of(p.bind1(params, in.get(0), in.get(1)), bdims[0]);
    }
    long size = BatchAxes.size(in, bdims);
    Array x = BatchAxes.materialize(in.get(0), bdims[0], size);
    Array y = BatchAxes.materialize(in.get(1), bdims[1], size);
    return Batched.of(p.bind1(params, x, y), 0);
  }

  // ---- clamp --------------------------------------------------------------------------------

  /**
   * {@code clamp(lo, x, hi)}: integer or float {@code x}; bounds of its dtype, scalar or its shape.
   */
  @AbstractEval("clamp")
  public static List<ShapedArray> clampAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.get(1);
    requireDType(p, x, "integer or floating-point", t -> t != DType.BOOL);
    for (ShapedArray bound : List.of(in.get(0), in.get(2))) {
      if (bound.dtype() != x.dtype()
          || (bound.rank() != 0 && !Arrays.equals(bound.shape(), x.shape()))) {
        throw new IllegalArgumentException(
            p
                + ": the bounds must be scalars or of the operand's shape, of its dtype; got "
                + in.get(0)
                + ", "
                + x
                + ", "
                + in.get(2));
      }
    }
    return List.of(x);
  }

  /** {@code stablehlo.clamp}. */
  @Lowering("clamp")
  public static List<Value> clampLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(ctx.builder().clamp(in.get(0), in.get(1), in.get(2)));
  }

  /**
   * As {@code torch.clamp}: {@code x} gets the cotangent where {@code lo <= x <= hi}, {@code lo}
   * where {@code x < lo < hi}, {@code hi} where {@code x > hi} or {@code hi < lo}; a scalar bound
   * gets the sum.
   */
  @VjpRule("clamp")
  public static List<Array> clampVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array ct = cts.getFirst();
    Array lo = primals.get(0);
    Array x = primals.get(1);
    Array hi = primals.get(2);
    if (!x.dtype().isFloatingPoint()) {
      return Arrays.asList(null, null, null);
    }
    long[] shape = x.shape();
    Array loB = lo.ndim() == shape.length ? lo : ShapeOps.broadcastInDim(lo, shape, new long[0]);
    Array hiB = hi.ndim() == shape.length ? hi : ShapeOps.broadcastInDim(hi, shape, new long[0]);
    Array zero = fullLike(ct, 0);
    Array inside =
        and(compare(ComparisonDirection.GE, x, loB), compare(ComparisonDirection.LE, x, hiB));
    Array below =
        and(compare(ComparisonDirection.LT, x, loB), compare(ComparisonDirection.LT, loB, hiB));
    Array above =
        or(compare(ComparisonDirection.GT, x, hiB), compare(ComparisonDirection.LT, hiB, loB));
    return List.of(
        sumTo(select(below, ct, zero), lo),
        select(inside, ct, zero),
        sumTo(select(above, ct, zero), hi));
  }

  /** {@code ct} summed over every axis when {@code like} is a scalar (and shapes differ). */
  private static Array sumTo(Array ct, Array like) {
    if (like.ndim() == ct.ndim()) {
      return ct;
    }
    long[] all = new long[ct.ndim()];
    Arrays.setAll(all, i -> i);
    return ReductionOps.reduceSum(ct, all);
  }

  /**
   * Unmapped scalar bounds stay scalars; otherwise every operand gets a leading batch axis of the
   * full shape.
   */
  @BatchRule("clamp")
  public static Batched clampBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    boolean scalarBounds =
        bdims[0] == Batched.NOT_MAPPED
            && bdims[2] == Batched.NOT_MAPPED
            && in.get(0).ndim() == 0
            && in.get(2).ndim() == 0;
    if (scalarBounds) {
      return Batched.of(p.bind(params, in).getFirst(), bdims[1]);
    }
    long size = BatchAxes.size(in, bdims);
    Array x = BatchAxes.materialize(in.get(1), bdims[1], size);
    long[] shape = x.shape();
    List<Array> args = new ArrayList<>(3);
    for (int i : new int[] {0, 2}) {
      Array bound = BatchAxes.materialize(in.get(i), bdims[i], size);
      if (bound.ndim() != shape.length) {
        // A (batched) scalar bound: broadcast along the batch axis to the operand's shape.
        bound = ShapeOps.broadcastInDim(bound, shape, new long[] {0});
      }
      args.add(bound);
    }
    return Batched.of(p.bind1(params, args.get(0), x, args.get(1)), 0);
  }

  // ---- convert_element_type -----------------------------------------------------------------

  /** Same shape, the new dtype. */
  @AbstractEval("convert_element_type")
  public static List<ShapedArray> convertAval(Primitive p, List<ShapedArray> in, Params params) {
    return List.of(new ShapedArray(in.getFirst().shape(), params.dtype("new_dtype")));
  }

  /**
   * {@code stablehlo.convert}; complex to real keeps the real part (XLA converts complex only to
   * complex), real to complex gives a zero imaginary part.
   */
  @Lowering("convert_element_type")
  public static List<Value> convertLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    FunctionBuilder b = ctx.builder();
    Value x = in.getFirst();
    DType to = params.dtype("new_dtype");
    if (x.dtype().isComplex() && !to.isComplex()) {
      x = b.real(x);
    }
    return List.of(x.dtype() == to ? x : b.convert(x, to));
  }

  /**
   * Float or complex to float or complex: the cotangent converted back (as JAX: real to complex
   * gets the real part of the cotangent, complex to real a cotangent with zero imaginary part);
   * float to integer or bool: zeros (the result is piecewise constant); integer and bool operands
   * get none.
   */
  @VjpRule("convert_element_type")
  public static List<Array> convertVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array x = primals.getFirst();
    if (!x.dtype().isInexact()) {
      return Arrays.asList((Array) null);
    }
    Array ct = cts.getFirst();
    return List.of(ct.dtype().isInexact() ? convert(ct, x.dtype()) : fullLike(x, 0));
  }

  // ---- compare and select -------------------------------------------------------------------

  /** Operands of one shape and dtype; a bool result. */
  @AbstractEval("compare")
  @NotDifferentiable("its output is boolean")
  public static List<ShapedArray> compareAval(Primitive p, List<ShapedArray> in, Params params) {
    if (!(params.get("direction") instanceof ComparisonDirection)) {
      throw new IllegalArgumentException(
          p + ": direction must be a ComparisonDirection, got " + params);
    }
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
    if (in.size() != 3) {
      throw new IllegalArgumentException(
          p + " takes a selector and two cases, got " + in.size() + " operands: " + in);
    }
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

  /** Each case gets the cotangent where it was chosen, zero elsewhere; integer cases get none. */
  @VjpRule("select_n")
  public static List<Array> selectVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    if (!primals.get(1).dtype().isInexact()) {
      return Arrays.asList(null, null, null);
    }
    Array ct = cts.getFirst();
    Array which = primals.getFirst();
    Array zero = fullLike(ct, 0);
    return Arrays.asList(null, select(which, zero, ct), select(which, ct, zero));
  }

  /** Operands mapped at one axis keep it; otherwise all three get a leading batch axis. */
  @BatchRule("select_n")
  public static Batched selectBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    if (bdims[0] == bdims[1] && bdims[1] == bdims[2]) {
      return Batched.of(p.bind(params, in).getFirst(), bdims[0]);
    }
    List<Array> batched = BatchAxes.materializeAll(in, bdims, BatchAxes.size(in, bdims));
    return Batched.of(p.bind(params, batched).getFirst(), 0);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static ShapedArray sameTypes(Primitive p, List<ShapedArray> in) {
    if (in.size() != 2) {
      throw new IllegalArgumentException(p + " takes two operands, got " + in.size() + ": " + in);
    }
    ShapedArray x = in.get(0);
    ShapedArray y = in.get(1);
    if (!x.equals(y)) {
      throw new IllegalArgumentException(p + ": operand types differ: " + x + " vs " + y);
    }
    return x;
  }

  private static void requireDType(
      Primitive p, ShapedArray x, String what, Predicate<DType> accepts) {
    if (!accepts.test(x.dtype())) {
      throw new IllegalArgumentException(p + " needs " + what + " operands, got " + x);
    }
  }
}
