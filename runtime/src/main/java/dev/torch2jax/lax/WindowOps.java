package dev.torch2jax.lax;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.annotations.AbstractEval;
import dev.torch2jax.annotations.BatchRule;
import dev.torch2jax.annotations.Lowering;
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
import dev.torch2jax.hlo.Value;
import java.util.Arrays;
import java.util.List;

/**
 * Windowed reductions, like {@code jax.lax.reduce_window_sum/max/min} (pooling), and the two
 * primitives their derivatives need: {@code select_and_scatter_add} (max-pool's gradient: each
 * window's cotangent added at the element the window chose) and its transpose {@code
 * select_and_gather_add} (each window picks the tangent at the element it chose).
 *
 * <p>Parameters as in JAX: {@code window_dimensions}, {@code window_strides}, {@code
 * base_dilation}, {@code window_dilation} (one entry per operand dimension) and {@code padding},
 * stored flat as {@code (low0, high0, low1, high1, ...)}. A window of size {@code w} at position
 * {@code i} covers elements {@code i*stride - low + k*window_dilation} ({@code 0 <= k < w}) of the
 * operand dilated by {@code base_dilation}; padding holds the reduction's identity.
 */
public final class WindowOps {
  private static final Primitive REDUCE_WINDOW_SUM = Primitive.of("reduce_window_sum");
  private static final Primitive REDUCE_WINDOW_MAX = Primitive.of("reduce_window_max");
  private static final Primitive REDUCE_WINDOW_MIN = Primitive.of("reduce_window_min");
  private static final Primitive SELECT_AND_SCATTER_ADD = Primitive.of("select_and_scatter_add");
  private static final Primitive SELECT_AND_GATHER_ADD = Primitive.of("select_and_gather_add");

  private WindowOps() {}

  // ---- public API ---------------------------------------------------------------------------

  /** Sums over windows. */
  public static Array reduceWindowSum(Array x, Window window) {
    return REDUCE_WINDOW_SUM.bind1(window.addTo(Params.EMPTY), x);
  }

  /** Maxima over windows (max pooling); padding counts as {@code -inf}. */
  public static Array reduceWindowMax(Array x, Window window) {
    return REDUCE_WINDOW_MAX.bind1(window.addTo(Params.EMPTY), x);
  }

  /** Minima over windows; padding counts as {@code +inf}. */
  public static Array reduceWindowMin(Array x, Window window) {
    return REDUCE_WINDOW_MIN.bind1(window.addTo(Params.EMPTY), x);
  }

  /**
   * An array of {@code operand}'s shape: zero, plus each {@code source} element (one per window)
   * added at the element its window selects: the largest ({@code select} {@code GE}) or smallest
   * ({@code LE}), the first on ties.
   *
   * @throws IllegalArgumentException when the window is dilated
   */
  public static Array selectAndScatterAdd(
      Array source, Array operand, ComparisonDirection select, Window window) {
    return SELECT_AND_SCATTER_ADD.bind1(
        window.addUndilatedTo(Params.of("select_prim", checkSelect(select))), source, operand);
  }

  /**
   * One element per window: the element of {@code tangents} where {@code operand} is largest
   * ({@code GE}) or smallest ({@code LE}) in that window.
   */
  public static Array selectAndGatherAdd(
      Array tangents, Array operand, ComparisonDirection select, Window window) {
    return SELECT_AND_GATHER_ADD.bind1(
        window.addTo(Params.of("select_prim", checkSelect(select))), tangents, operand);
  }

  private static ComparisonDirection checkSelect(ComparisonDirection select) {
    if (select != ComparisonDirection.GE && select != ComparisonDirection.LE) {
      throw new IllegalArgumentException("select must be GE (max) or LE (min), got " + select);
    }
    return select;
  }

  /** {@code [[lo, hi], ...]} as {@code (lo, hi, lo, hi, ...)}. */
  static long[] flatten(long[][] padding) {
    long[] flat = new long[padding.length * 2];
    for (int i = 0; i < padding.length; i++) {
      if (padding[i].length != 2) {
        throw new IllegalArgumentException(
            "padding needs (low, high) pairs, got " + Arrays.deepToString(padding));
      }
      flat[2 * i] = padding[i][0];
      flat[2 * i + 1] = padding[i][1];
    }
    return flat;
  }

  /** {@code (lo, hi, lo, hi, ...)} as {@code [[lo, hi], ...]}. */
  static long[][] pairs(long[] flat) {
    long[][] p = new long[flat.length / 2][];
    for (int i = 0; i < p.length; i++) {
      p[i] = new long[] {flat[2 * i], flat[2 * i + 1]};
    }
    return p;
  }

  // ---- reduce_window_sum / max / min --------------------------------------------------------

  /** One element per window; sums need numbers, max and min take any type. */
  @AbstractEval({"reduce_window_sum", "reduce_window_max", "reduce_window_min"})
  public static List<ShapedArray> reduceWindowAval(
      Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    if (p == REDUCE_WINDOW_SUM && x.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(p + " needs a number operand, got " + x);
    }
    return List.of(new ShapedArray(Window.of(params).counts(p, x), x.dtype()));
  }

  /** {@code stablehlo.reduce_window} from the reduction's identity. */
  @Lowering({"reduce_window_sum", "reduce_window_max", "reduce_window_min"})
  public static List<Value> reduceWindowLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    FunctionBuilder b = ctx.builder();
    Value x = in.getFirst();
    BinaryOp combine =
        p == REDUCE_WINDOW_SUM
            ? BinaryOp.ADD
            : p == REDUCE_WINDOW_MAX ? BinaryOp.MAXIMUM : BinaryOp.MINIMUM;
    Value init =
        x.dtype() == DType.BOOL
            ? b.constant(TensorType.scalar(DType.BOOL), combine == BinaryOp.MINIMUM)
            : CumulativeOps.identity(b, combine, x.dtype());
    Window w = Window.of(params);
    return b.reduceWindow(
        List.of(x),
        List.of(init),
        w.dimensions(),
        w.strides(),
        w.baseDilation(),
        w.windowDilation(),
        w.padding(),
        (r, args) -> r.returns(CumulativeOps.combine(r, combine, args.get(0), args.get(1))));
  }

  /**
   * Sum: every operand element gets the cotangents of the windows that cover it, a windowed sum of
   * the cotangent spread out by the strides (JAX's {@code _reduce_window_sum_transpose_rule}, with
   * the padding folded into the reduction). Max and min: {@code select_and_scatter_add} of the
   * cotangent (without dilations, as in JAX). Integer operands get none.
   */
  @VjpRule({"reduce_window_sum", "reduce_window_max", "reduce_window_min"})
  public static List<Array> reduceWindowVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array x = primals.getFirst();
    Array ct = cts.getFirst();
    if (!x.dtype().isFloatingPoint()) {
      return Arrays.asList((Array) null);
    }
    Window w = Window.of(params);
    if (p == REDUCE_WINDOW_SUM) {
      long[] pads =
          ConvOps.vjpPadding(
                  x.shape(),
                  w.dimensions(),
                  w.strides(),
                  ct.shape(),
                  w.flatPadding(),
                  w.baseDilation(),
                  w.windowDilation())
              .lhs();
      // The strides become the cotangent's dilation and the operand's dilation the strides.
      return List.of(
          reduceWindowSum(
              ct,
              new Window(
                  w.dimensions(), w.baseDilation(), pairs(pads), w.strides(), w.windowDilation())));
    }
    w.requireUndilatedForVjp(p);
    ComparisonDirection select =
        p == REDUCE_WINDOW_MAX ? ComparisonDirection.GE : ComparisonDirection.LE;
    return List.of(selectAndScatterAdd(ct, x, select, w));
  }

  /** A window of size 1 (no padding, no dilation) along the batch axis, which stays put. */
  @BatchRule({"reduce_window_sum", "reduce_window_max", "reduce_window_min"})
  public static Batched reduceWindowBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    int bd = bdims[0];
    Params batched = Window.of(params).batched(bd).addTo(params);
    return Batched.of(p.bind1(batched, in.getFirst()), bd);
  }

  // ---- select_and_scatter_add ---------------------------------------------------------------

  /** {@code source} has one element per window of {@code operand}; the result is the operand's. */
  @AbstractEval("select_and_scatter_add")
  public static List<ShapedArray> selectAndScatterAddAval(
      Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray source = in.get(0);
    ShapedArray operand = in.get(1);
    params.get("select_prim", ComparisonDirection.class);
    if (source.dtype() != operand.dtype() || !operand.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          p + ": source and operand need one floating-point type: " + source + " vs " + operand);
    }
    long[] counts = Window.of(params).counts(p, operand);
    if (!Arrays.equals(counts, source.shape())) {
      throw new IllegalArgumentException(
          "%s: source %s must have one element per window of %s, %s"
              .formatted(p, source, operand, Arrays.toString(counts)));
    }
    return List.of(operand);
  }

  /**
   * {@code stablehlo.select_and_scatter}. The operand is padded with the selection's identity
   * beforehand and the result sliced afterwards, as JAX does to avoid an XLA CPU crash with
   * padding.
   */
  @Lowering("select_and_scatter_add")
  public static List<Value> selectAndScatterAddLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    FunctionBuilder b = ctx.builder();
    Value source = in.get(0);
    Value operand = in.get(1);
    ComparisonDirection select = params.get("select_prim", ComparisonDirection.class);
    Window w = Window.of(params);
    long[] flat = w.flatPadding();
    int rank = operand.rank();
    TensorType scalar = TensorType.scalar(operand.dtype());
    boolean padded = Arrays.stream(flat).anyMatch(v -> v != 0);
    Value x = operand;
    if (padded) {
      long[] lo = new long[rank];
      long[] hi = new long[rank];
      for (int d = 0; d < rank; d++) {
        lo[d] = flat[2 * d];
        hi[d] = flat[2 * d + 1];
      }
      double far =
          select == ComparisonDirection.GE ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
      x = b.pad(operand, b.constant(scalar, far), lo, hi, new long[rank]);
    }
    Value out =
        b.selectAndScatter(
            x,
            source,
            b.constant(scalar, 0L),
            w.dimensions(),
            w.strides(),
            new long[rank][2],
            (r, args) -> r.returns(selects(r, select, args.get(0), args.get(1))),
            (r, args) -> r.returns(r.add(args.get(0), args.get(1))));
    if (padded) {
      long[] start = new long[rank];
      long[] limit = operand.shape();
      for (int d = 0; d < rank; d++) {
        start[d] = flat[2 * d];
        limit[d] += start[d];
      }
      out = b.slice(out, start, limit, ones(rank));
    }
    return List.of(out);
  }

  // ---- select_and_gather_add ----------------------------------------------------------------

  /** {@code tangents} and {@code operand} of one type; one element per window. */
  @AbstractEval("select_and_gather_add")
  public static List<ShapedArray> selectAndGatherAddAval(
      Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray tangents = in.get(0);
    ShapedArray operand = in.get(1);
    params.get("select_prim", ComparisonDirection.class);
    if (!tangents.equals(operand) || !operand.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "%s: tangents and operand need one floating-point type and shape: %s vs %s"
              .formatted(p, tangents, operand));
    }
    return List.of(new ShapedArray(Window.of(params).counts(p, operand), operand.dtype()));
  }

  /**
   * A two-input {@code stablehlo.reduce_window} of (operand, tangent) pairs keeping the pair with
   * the better operand (JAX's variadic lowering).
   */
  @Lowering("select_and_gather_add")
  public static List<Value> selectAndGatherAddLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    FunctionBuilder b = ctx.builder();
    Value tangents = in.get(0);
    Value operand = in.get(1);
    ComparisonDirection select = params.get("select_prim", ComparisonDirection.class);
    TensorType scalar = TensorType.scalar(operand.dtype());
    Value far =
        b.constant(
            scalar,
            select == ComparisonDirection.GE ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    Value zero = b.constant(scalar, 0L);
    Window w = Window.of(params);
    List<Value> out =
        b.reduceWindow(
            List.of(operand, tangents),
            List.of(far, zero),
            w.dimensions(),
            w.strides(),
            w.baseDilation(),
            w.windowDilation(),
            w.padding(),
            (r, args) -> {
              Value which = selects(r, select, args.get(0), args.get(2));
              r.returns(
                  r.select(which, args.get(0), args.get(2)),
                  r.select(which, args.get(1), args.get(3)));
            });
    return List.of(out.get(1));
  }

  // ---- both: each is the other's transpose --------------------------------------------------

  /**
   * select_and_scatter_add: the source's cotangent picks the cotangent at each window's selected
   * element ({@code select_and_gather_add}). select_and_gather_add: the tangents' cotangent is
   * scattered back with {@code select_and_scatter_add} (no dilations, as in JAX). The operand only
   * steers the selection and gets zero.
   */
  @VjpRule({"select_and_scatter_add", "select_and_gather_add"})
  public static List<Array> selectAndAddVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array operand = primals.get(1);
    ComparisonDirection select = params.get("select_prim", ComparisonDirection.class);
    Window w = Window.of(params);
    Array t;
    if (p == SELECT_AND_SCATTER_ADD) {
      t = selectAndGatherAdd(cts.getFirst(), operand, select, w);
    } else {
      w.requireUndilatedForVjp(p);
      t = selectAndScatterAdd(cts.getFirst(), operand, select, w);
    }
    return List.of(t, ElementwiseOps.fullLike(operand, 0));
  }

  /** Both operands get a leading batch axis with a window of size 1. */
  @BatchRule({"select_and_scatter_add", "select_and_gather_add"})
  public static Batched selectAndAddBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    long size = BatchAxes.size(in, bdims);
    Array first = BatchAxes.materialize(in.get(0), bdims[0], size);
    Array operand = BatchAxes.materialize(in.get(1), bdims[1], size);
    Window w = Window.of(params).batched(0);
    // select_and_scatter_add has no dilation params.
    Params batched = p == SELECT_AND_SCATTER_ADD ? w.addUndilatedTo(params) : w.addTo(params);
    return Batched.of(p.bind1(batched, first, operand), 0);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /**
   * Whether a window keeps {@code a} (seen first) over {@code b}: {@code a >= b} (or {@code <=}),
   * or {@code a} is NaN. So the first NaN wins, then the first extreme, as in PyTorch's pooling.
   */
  private static Value selects(FunctionBuilder r, ComparisonDirection select, Value a, Value b) {
    return r.or(r.compare(select, a, b), r.compare(ComparisonDirection.NE, a, a));
  }

  static long[] ones(int n) {
    long[] o = new long[n];
    Arrays.fill(o, 1);
    return o;
  }
}
