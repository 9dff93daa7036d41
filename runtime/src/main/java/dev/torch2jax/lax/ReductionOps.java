package dev.torch2jax.lax;

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
import dev.torch2jax.hlo.BinaryOp;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.hlo.FunctionBuilder;
import dev.torch2jax.hlo.TensorType;
import dev.torch2jax.hlo.TypeRules;
import dev.torch2jax.hlo.Value;
import java.util.Arrays;
import java.util.List;

/**
 * Reductions over axes ({@code reduce_sum/max/min/prod/and/or}) and the index reductions {@code
 * argmax/argmin}: the reduced axes disappear from the shape.
 */
public final class ReductionOps {
  private static final Primitive REDUCE_SUM = Primitive.of("reduce_sum");
  private static final Primitive REDUCE_MAX = Primitive.of("reduce_max");
  private static final Primitive REDUCE_MIN = Primitive.of("reduce_min");
  private static final Primitive REDUCE_PROD = Primitive.of("reduce_prod");
  private static final Primitive REDUCE_AND = Primitive.of("reduce_and");
  private static final Primitive REDUCE_OR = Primitive.of("reduce_or");
  private static final Primitive ARGMAX = Primitive.of("argmax");
  private static final Primitive ARGMIN = Primitive.of("argmin");

  private ReductionOps() {}

  /** The sum over {@code axes}, which disappear from the shape. */
  public static Array reduceSum(Array x, long[] axes) {
    return REDUCE_SUM.bind1(Params.of("axes", axes), x);
  }

  /** The largest element over {@code axes} ({@code -inf} or the least integer when empty). */
  public static Array reduceMax(Array x, long[] axes) {
    return REDUCE_MAX.bind1(Params.of("axes", axes), x);
  }

  /** The smallest element over {@code axes} ({@code +inf} or the largest integer when empty). */
  public static Array reduceMin(Array x, long[] axes) {
    return REDUCE_MIN.bind1(Params.of("axes", axes), x);
  }

  /** The product over {@code axes}. */
  public static Array reduceProd(Array x, long[] axes) {
    return REDUCE_PROD.bind1(Params.of("axes", axes), x);
  }

  /** Logical (bool) or bitwise (integer) and over {@code axes}. */
  public static Array reduceAnd(Array x, long[] axes) {
    return REDUCE_AND.bind1(Params.of("axes", axes), x);
  }

  /** Logical (bool) or bitwise (integer) or over {@code axes}. */
  public static Array reduceOr(Array x, long[] axes) {
    return REDUCE_OR.bind1(Params.of("axes", axes), x);
  }

  /**
   * The index of the largest element along {@code axis}, as {@code indexDtype}: the first one on
   * ties, and a NaN counts as larger than any number (as in PyTorch and JAX).
   */
  public static Array argmax(Array x, long axis, DType indexDtype) {
    return ARGMAX.bind1(Params.of("axes", new long[] {axis}, "index_dtype", indexDtype), x);
  }

  /** The index of the smallest element along {@code axis}; first on ties, NaN counts as least. */
  public static Array argmin(Array x, long axis, DType indexDtype) {
    return ARGMIN.bind1(Params.of("axes", new long[] {axis}, "index_dtype", indexDtype), x);
  }

  /** Removes the axes; they must be distinct and in range (max and min: of a real operand). */
  @AbstractEval({"reduce_sum", "reduce_max", "reduce_min", "reduce_prod"})
  public static List<ShapedArray> reduceAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    if (p == REDUCE_PROD && x.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(p + " does not accept bool operands, got " + x);
    }
    if ((p == REDUCE_MAX || p == REDUCE_MIN) && x.dtype().isComplex()) {
      throw new IllegalArgumentException(
          p + " needs real operands (complex numbers have no order), got " + x);
    }
    return List.of(new ShapedArray(keptShape(p, x, params.longs("axes")), x.dtype()));
  }

  /** Like the other reductions, for bool or integer operands. */
  @AbstractEval({"reduce_and", "reduce_or"})
  @NotDifferentiable("its operands and result are bools or integers")
  public static List<ShapedArray> logicalReduceAval(
      Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    if (x.dtype() != DType.BOOL && !x.dtype().isInteger()) {
      throw new IllegalArgumentException(p + " needs a bool or integer operand, got " + x);
    }
    return List.of(new ShapedArray(keptShape(p, x, params.longs("axes")), x.dtype()));
  }

  /** One non-empty axis of an integer or floating-point operand; an integer {@code index_dtype}. */
  @AbstractEval({"argmax", "argmin"})
  @NotDifferentiable("its result is an index")
  public static List<ShapedArray> argAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    long[] axes = params.longs("axes");
    DType index = params.dtype("index_dtype");
    if (axes.length != 1) {
      throw new IllegalArgumentException(
          p + " reduces exactly one axis, got " + Arrays.toString(axes) + " for " + x);
    }
    long[] shape = keptShape(p, x, axes);
    if (x.dim((int) axes[0]) == 0) {
      throw new IllegalArgumentException(
          p + " needs a non-empty axis, got axis " + axes[0] + " of " + x);
    }
    if (!x.dtype().isInteger() && !x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(p + " needs integer or float operands, got " + x);
    }
    if (!index.isInteger()) {
      throw new IllegalArgumentException(p + ": index_dtype must be an integer type, got " + index);
    }
    return List.of(new ShapedArray(shape, index));
  }

  /** {@code stablehlo.reduce} with an add region. */
  @Lowering("reduce_sum")
  public static List<Value> reduceSumLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(ctx.builder().reduceSum(in.getFirst(), params.longs("axes")));
  }

  /** {@code stablehlo.reduce} with the matching region. */
  @Lowering({"reduce_max", "reduce_min", "reduce_prod", "reduce_and", "reduce_or"})
  public static List<Value> reduceLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    FunctionBuilder b = ctx.builder();
    Value x = in.getFirst();
    long[] axes = params.longs("axes");
    return List.of(
        switch (p.name()) {
          case "reduce_max" -> floatExtreme(b, BinaryOp.MAXIMUM, x, axes);
          case "reduce_min" -> floatExtreme(b, BinaryOp.MINIMUM, x, axes);
          case "reduce_prod" -> b.reduceProd(x, axes);
          case "reduce_and" -> b.reduceAnd(x, axes);
          case "reduce_or" -> b.reduceOr(x, axes);
          default -> throw new IllegalStateException("no lowering for " + p);
        });
  }

  /** Max or min; for floats with a region that propagates NaN (XLA's CPU maximum does not). */
  private static Value floatExtreme(FunctionBuilder b, BinaryOp op, Value x, long[] axes) {
    if (!x.dtype().isFloatingPoint()) {
      return op == BinaryOp.MAXIMUM ? b.reduceMax(x, axes) : b.reduceMin(x, axes);
    }
    Value init = CumulativeOps.identity(b, op, x.dtype());
    return b.reduce(
            List.of(x),
            List.of(init),
            axes,
            (r, args) -> r.returns(CumulativeOps.combine(r, op, args.get(0), args.get(1))))
        .getFirst();
  }

  /**
   * A two-operand {@code stablehlo.reduce} of (value, index) pairs: the better value wins, NaN
   * beats numbers, and on ties (NaN ties NaN) the smaller index wins.
   */
  @Lowering({"argmax", "argmin"})
  public static List<Value> argLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    FunctionBuilder b = ctx.builder();
    Value x = in.getFirst();
    long axis = params.longs("axes")[0];
    DType index = params.dtype("index_dtype");
    boolean max = p == ARGMAX;
    DType t = x.dtype();
    TensorType scalar = TensorType.scalar(t);
    Value iota = b.iota(new TensorType(x.shape(), index), axis);
    Value init;
    if (t.isFloatingPoint()) {
      init = b.constant(scalar, max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    } else {
      init = b.constant(scalar, max ? minValue(t) : maxValue(t));
    }
    Value zero = b.constant(TensorType.scalar(index), 0L);
    ComparisonDirection better = max ? ComparisonDirection.GT : ComparisonDirection.LT;
    return List.of(
        b.reduce(
                List.of(x, iota),
                List.of(init, zero),
                new long[] {axis},
                (r, args) -> {
                  Value a = args.get(0);
                  Value ia = args.get(1);
                  Value c = args.get(2);
                  Value ic = args.get(3);
                  Value pickA = r.compare(better, a, c);
                  Value tie = r.compare(ComparisonDirection.EQ, a, c);
                  if (t.isFloatingPoint()) {
                    Value aNaN = r.compare(ComparisonDirection.NE, a, a);
                    Value cNaN = r.compare(ComparisonDirection.NE, c, c);
                    pickA = r.or(pickA, r.and(aNaN, r.not(cNaN)));
                    tie = r.or(tie, r.and(aNaN, cNaN));
                  }
                  pickA = r.or(pickA, r.and(tie, r.compare(ComparisonDirection.LT, ia, ic)));
                  r.returns(r.select(pickA, a, c), r.select(pickA, ia, ic));
                })
            .get(1));
  }

  private static long minValue(DType t) {
    int bits = 8 * t.byteSize();
    if (t.kind() == DType.Kind.UNSIGNED) {
      return 0;
    }
    return bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
  }

  private static long maxValue(DType t) {
    int bits = 8 * t.byteSize();
    if (t.kind() == DType.Kind.UNSIGNED) {
      return bits == 64 ? -1L : (1L << bits) - 1;
    }
    return bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
  }

  /**
   * Max and min: the cotangent goes to the elements equal to the result, shared equally among ties
   * (as PyTorch's {@code amax} and JAX do). Prod: the product of the other elements, also where
   * some are zero. Integer operands get none.
   */
  @VjpRule({"reduce_max", "reduce_min", "reduce_prod"})
  public static List<Array> reduceChooserVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array x = primals.getFirst();
    if (!x.dtype().isFloatingPoint()) {
      return Arrays.asList((Array) null);
    }
    long[] shape = x.shape();
    long[] kept = keptAxes(shape.length, params.longs("axes"));
    long[] axes = params.longs("axes");
    Array ct = ShapeOps.broadcastInDim(cts.getFirst(), shape, kept);
    Array zero = ElementwiseOps.fullLike(x, 0);
    if (p == REDUCE_PROD) {
      Array isZero = ElementwiseOps.compare(ComparisonDirection.EQ, x, zero);
      Array zeros =
          ShapeOps.broadcastInDim(
              reduceSum(ElementwiseOps.convert(isZero, x.dtype()), axes), shape, kept);
      Array safe = ElementwiseOps.select(isZero, ElementwiseOps.fullLike(x, 1), x);
      Array others = ShapeOps.broadcastInDim(reduceProd(safe, axes), shape, kept);
      // No zero: prod / x. One zero: the product of the others goes to that zero. More: nothing.
      Array noZero =
          ElementwiseOps.select(
              ElementwiseOps.compare(ComparisonDirection.EQ, zeros, zero),
              ElementwiseOps.div(others, safe),
              zero);
      Array oneZero =
          ElementwiseOps.select(
              ElementwiseOps.compare(ComparisonDirection.EQ, zeros, ElementwiseOps.fullLike(x, 1)),
              others,
              zero);
      return List.of(ElementwiseOps.mul(ct, ElementwiseOps.select(isZero, oneZero, noZero)));
    }
    Array y = ShapeOps.broadcastInDim(outs.getFirst(), shape, kept);
    Array hit =
        ElementwiseOps.convert(ElementwiseOps.compare(ComparisonDirection.EQ, x, y), x.dtype());
    Array count = ShapeOps.broadcastInDim(reduceSum(hit, axes), shape, kept);
    return List.of(ElementwiseOps.div(ElementwiseOps.mul(ct, hit), count));
  }

  /** The cotangent broadcast back over the summed axes. */
  @VjpRule("reduce_sum")
  public static List<Array> reduceSumVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    long[] shape = primals.getFirst().shape();
    return List.of(
        ShapeOps.broadcastInDim(
            cts.getFirst(), shape, keptAxes(shape.length, params.longs("axes"))));
  }

  /** Batch axis to the front; the reduced axes shift by one. */
  @BatchRule({
    "reduce_sum",
    "reduce_max",
    "reduce_min",
    "reduce_prod",
    "reduce_and",
    "reduce_or",
    "argmax",
    "argmin"
  })
  public static Batched reduceBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    Array x = BatchAxes.toFront(in.getFirst(), bdims[0]);
    long[] axes = params.longs("axes");
    long[] shifted = Arrays.stream(axes).map(a -> a + 1).toArray();
    return Batched.of(p.bind1(params.with("axes", shifted), x), 0);
  }

  /** The axes of a rank-{@code rank} array not in {@code axes}, in order. */
  static long[] keptAxes(int rank, long[] axes) {
    return java.util.stream.LongStream.range(0, rank)
        .filter(a -> Arrays.stream(axes).noneMatch(r -> r == a))
        .toArray();
  }

  static long[] keptShape(Primitive p, ShapedArray x, long[] axes) {
    return TypeRules.reduce(p.name(), "axes", x, axes);
  }
}
