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
 * Cumulative reductions along one axis, like {@code jax.lax.cumsum}: {@code cumsum}, {@code
 * cumprod}, {@code cummax}, {@code cummin}, with parameters {@code axis} and {@code reverse} (from
 * the last element backwards). Result element {@code i} reduces elements {@code 0..i} (reverse:
 * {@code i..n-1}); the shape and dtype stay.
 *
 * <p>Lowered as a {@code stablehlo.reduce_window} whose window spans the whole axis, padded on one
 * side, as JAX does on CPU and GPU.
 */
public final class CumulativeOps {
  private static final Primitive CUMSUM = Primitive.of("cumsum");
  private static final Primitive CUMPROD = Primitive.of("cumprod");
  private static final Primitive CUMMAX = Primitive.of("cummax");
  private static final Primitive CUMMIN = Primitive.of("cummin");

  private CumulativeOps() {}

  /** Running sums along {@code axis}. */
  public static Array cumsum(Array x, long axis, boolean reverse) {
    return CUMSUM.bind1(params(axis, reverse), x);
  }

  /** Running products along {@code axis}. */
  public static Array cumprod(Array x, long axis, boolean reverse) {
    return CUMPROD.bind1(params(axis, reverse), x);
  }

  /** Running maxima along {@code axis} (a NaN propagates). */
  public static Array cummax(Array x, long axis, boolean reverse) {
    return CUMMAX.bind1(params(axis, reverse), x);
  }

  /** Running minima along {@code axis} (a NaN propagates). */
  public static Array cummin(Array x, long axis, boolean reverse) {
    return CUMMIN.bind1(params(axis, reverse), x);
  }

  private static Params params(long axis, boolean reverse) {
    return Params.of("axis", axis, "reverse", reverse);
  }

  /** An integer or floating-point operand and an axis of it. */
  @AbstractEval({"cumsum", "cumprod", "cummax", "cummin"})
  public static List<ShapedArray> cumulativeAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    long axis = params.longValue("axis");
    if (axis < 0 || axis >= x.rank()) {
      throw new IllegalArgumentException(p + ": axis " + axis + " is out of range for " + x);
    }
    if (!x.dtype().isInteger() && !x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(p + " needs an integer or float operand, got " + x);
    }
    params.bool("reverse");
    return List.of(x);
  }

  /** A {@code reduce_window} with a window of the whole axis, padded before (reverse: after). */
  @Lowering({"cumsum", "cumprod", "cummax", "cummin"})
  public static List<Value> cumulativeLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    FunctionBuilder b = ctx.builder();
    Value x = in.getFirst();
    int axis = params.intValue("axis");
    long n = x.shape()[axis];
    if (n == 0) {
      return List.of(x);
    }
    int rank = x.rank();
    long[] window = new long[rank];
    long[] ones = new long[rank];
    long[][] padding = new long[rank][2];
    Arrays.fill(window, 1);
    Arrays.fill(ones, 1);
    window[axis] = n;
    padding[axis][params.bool("reverse") ? 1 : 0] = n - 1;
    BinaryOp combine =
        switch (p.name()) {
          case "cumsum" -> BinaryOp.ADD;
          case "cumprod" -> BinaryOp.MULTIPLY;
          case "cummax" -> BinaryOp.MAXIMUM;
          case "cummin" -> BinaryOp.MINIMUM;
          default -> throw new IllegalStateException("no lowering for " + p);
        };
    Value init = identity(b, combine, x.dtype());
    return b.reduceWindow(
        List.of(x),
        List.of(init),
        window,
        ones,
        ones,
        ones,
        padding,
        (r, args) -> r.returns(combine(r, combine, args.get(0), args.get(1))));
  }

  /**
   * {@code a <combine> b}, where a maximum or minimum of floats propagates NaN from either side
   * (XLA's CPU {@code maximum} keeps the left operand when the right one is NaN).
   */
  static Value combine(FunctionBuilder r, BinaryOp combine, Value a, Value b) {
    Value c = r.binary(combine, a, b);
    if ((combine == BinaryOp.MAXIMUM || combine == BinaryOp.MINIMUM)
        && a.dtype().isFloatingPoint()) {
      c = r.select(r.compare(ComparisonDirection.NE, a, a), a, c);
      c = r.select(r.compare(ComparisonDirection.NE, b, b), b, c);
    }
    return c;
  }

  /** The identity of {@code combine} on scalars of {@code t}. */
  static Value identity(FunctionBuilder b, BinaryOp combine, DType t) {
    TensorType scalar = TensorType.scalar(t);
    return switch (combine) {
      case ADD -> b.constant(scalar, 0L);
      case MULTIPLY -> b.constant(scalar, 1L);
      case MAXIMUM, MINIMUM -> {
        boolean max = combine == BinaryOp.MAXIMUM;
        if (t.isFloatingPoint()) {
          yield b.constant(scalar, max ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        int bits = 8 * t.byteSize();
        if (t.kind() == DType.Kind.UNSIGNED) {
          yield b.constant(scalar, max ? 0L : (bits == 64 ? -1L : (1L << bits) - 1));
        }
        long top = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        yield b.constant(scalar, max ? -top - 1 : top);
      }
      default -> throw new IllegalArgumentException("no identity for " + combine);
    };
  }

  /**
   * cumsum: the cumulative sum of the cotangent in the other direction. cumprod: for each input
   * element, the products of the others up to each later position (exact with zeros; this costs
   * {@code n^2} along the axis). cummax and cummin: each output's cotangent goes to the element it
   * copied, the last of equal ones (as PyTorch's {@code cummax} indices), also {@code n^2} along
   * the axis. Integer operands get none.
   */
  @VjpRule({"cumsum", "cumprod", "cummax", "cummin"})
  public static List<Array> cumulativeVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array x = primals.getFirst();
    Array ct = cts.getFirst();
    int axis = params.intValue("axis");
    boolean reverse = params.bool("reverse");
    if (p == CUMSUM) {
      return List.of(cumsum(ct, axis, !reverse));
    }
    if (!x.dtype().isFloatingPoint()) {
      return Arrays.asList((Array) null);
    }
    long n = x.shape()[axis];
    if (n == 0) {
      return List.of(ct);
    }
    long[] shape = x.shape();
    // Pairs of positions along the axis: a second axis of size n right after it.
    long[] pairShape = insertAxis(shape, axis + 1, n);
    long[] firstOfPair = skipAxis(shape.length, axis + 1);
    long[] secondOfPair = skipAxis(shape.length, axis);
    if (p == CUMPROD) {
      // pairs[j, k] = x[k] with x[j] replaced by 1; its cumprod over k (k on or after j) is
      // d y[k] / d x[j].
      Array xs = ShapeOps.broadcastInDim(x, pairShape, secondOfPair);
      Array diagonal = pairMask(n, pairShape, axis, (j, k) -> j == k);
      Array others = ElementwiseOps.select(diagonal, ElementwiseOps.fullLike(xs, 1), xs);
      Array partial = cumprod(others, axis + 1, reverse);
      Array reached = pairMask(n, pairShape, axis, (j, k) -> reverse ? k <= j : k >= j);
      Array cts2 = ShapeOps.broadcastInDim(ct, pairShape, secondOfPair);
      Array terms =
          ElementwiseOps.select(
              reached, ElementwiseOps.mul(cts2, partial), ElementwiseOps.fullLike(xs, 0));
      return List.of(ReductionOps.reduceSum(terms, new long[] {axis + 1}));
    }
    // cummax / cummin: which element each output copied.
    Array y = outs.getFirst();
    Array hits = orNaN(x, ElementwiseOps.compare(ComparisonDirection.EQ, x, y));
    Array positions = ShapeOps.broadcastInDim(iota(n), shape, new long[] {axis});
    Array source =
        reverse
            ? cummin(
                ElementwiseOps.select(hits, positions, ElementwiseOps.fullLike(positions, n)),
                axis,
                true)
            : cummax(
                ElementwiseOps.select(hits, positions, ElementwiseOps.fullLike(positions, -1)),
                axis,
                false);
    // onehot[i, j] = (source[i] == j), the output position i first.
    Array sources = ShapeOps.broadcastInDim(source, pairShape, firstOfPair);
    Array targets = ShapeOps.broadcastInDim(iota(n), pairShape, new long[] {axis + 1});
    Array onehot =
        ElementwiseOps.convert(
            ElementwiseOps.compare(ComparisonDirection.EQ, sources, targets), x.dtype());
    Array cts2 = ShapeOps.broadcastInDim(ct, pairShape, firstOfPair);
    return List.of(ReductionOps.reduceSum(ElementwiseOps.mul(cts2, onehot), new long[] {axis}));
  }

  /** Batch axis to the front; the axis shifts by one. */
  @BatchRule({"cumsum", "cumprod", "cummax", "cummin"})
  public static Batched cumulativeBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    Array x = BatchAxes.toFront(in.getFirst(), bdims[0]);
    return Batched.of(p.bind1(params.with("axis", params.longValue("axis") + 1), x), 0);
  }

  /** {@code hits} or, for floats, where {@code x} is NaN (a NaN is where a running max went). */
  private static Array orNaN(Array x, Array hits) {
    Array nan = ElementwiseOps.compare(ComparisonDirection.NE, x, x);
    return ElementwiseOps.select(nan, nan, hits);
  }

  private interface PairTest {
    boolean test(long j, long k);
  }

  /** A bool {@code [n, n]} constant broadcast into {@code pairShape} at {@code axis, axis+1}. */
  private static Array pairMask(long n, long[] pairShape, int axis, PairTest test) {
    boolean[] m = new boolean[Math.toIntExact(n * n)];
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < n; k++) {
        m[(int) (j * n + k)] = test.test(j, k);
      }
    }
    return ShapeOps.broadcastInDim(Array.of(m, n, n), pairShape, new long[] {axis, axis + 1});
  }

  /** {@code 0, 1, ..., n-1} as int32. */
  private static Array iota(long n) {
    int[] v = new int[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) {
      v[i] = i;
    }
    return Array.of(v, n);
  }

  private static long[] insertAxis(long[] shape, int at, long size) {
    long[] out = new long[shape.length + 1];
    for (int i = 0, j = 0; i < out.length; i++) {
      out[i] = i == at ? size : shape[j++];
    }
    return out;
  }

  /** The axes {@code 0..rank} without {@code skipped}: where an operand's axes go in a pair. */
  private static long[] skipAxis(int rank, int skipped) {
    long[] out = new long[rank];
    for (int i = 0, a = 0; i < rank; a++) {
      if (a != skipped) {
        out[i++] = a;
      }
    }
    return out;
  }
}
