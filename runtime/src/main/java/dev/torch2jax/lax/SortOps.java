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
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.hlo.FunctionBuilder;
import dev.torch2jax.hlo.ScatterDimensionNumbers;
import dev.torch2jax.hlo.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

/**
 * {@code sort}: several arrays of one shape sorted together along one axis, ordered by the first
 * {@code num_keys} of them lexicographically, the rest carried along (sorting keys with an iota
 * payload gives argsort).
 *
 * <p>The order is PyTorch's: ascending puts NaNs last, descending puts them first; {@code -0.0} and
 * {@code 0.0} are equal.
 */
public final class SortOps {
  static final Primitive SORT = Primitive.of("sort");

  private SortOps() {}

  /**
   * {@code operands} (one shape, at least one axis) sorted together along {@code dimension} by
   * their first {@code numKeys}; with {@code isStable} equal keys keep their order.
   */
  public static List<Array> sort(
      List<Array> operands, long dimension, boolean isStable, int numKeys, boolean descending) {
    return SORT.bind(
        Params.of(
            "dimension", dimension,
            "is_stable", isStable,
            "num_keys", (long) numKeys,
            "descending", descending),
        operands);
  }

  /** {@code x} sorted ascending along {@code dimension} (stable, NaNs last). */
  public static Array sort(Array x, long dimension) {
    return sort(List.of(x), dimension, true, 1, false).getFirst();
  }

  /**
   * The positions that sort {@code x} along {@code dimension} (stable), as int64 like {@code
   * torch.argsort}.
   */
  public static Array argsort(Array x, long dimension, boolean descending) {
    Array iota = ShapeOps.iota(DType.I64, x.shape(), dimension);
    return sort(List.of(x, iota), dimension, true, 1, descending).get(1);
  }

  /** Operands of one shape with at least one axis; 1 to n keys. */
  @AbstractEval("sort")
  public static List<ShapedArray> sortAval(Primitive p, List<ShapedArray> in, Params params) {
    if (in.isEmpty()) {
      throw new IllegalArgumentException(p + " needs at least one operand");
    }
    ShapedArray first = in.getFirst();
    for (ShapedArray x : in) {
      if (!Arrays.equals(x.shape(), first.shape())) {
        throw new IllegalArgumentException(p + ": operand shapes differ: " + in);
      }
    }
    long dim = params.longValue("dimension");
    if (dim < 0 || dim >= first.rank()) {
      throw new IllegalArgumentException(
          p + ": dimension " + dim + " is out of range for " + in + " (0-d arrays cannot sort)");
    }
    long keys = params.longValue("num_keys");
    if (keys < 1 || keys > in.size()) {
      throw new IllegalArgumentException(
          p + ": num_keys " + keys + " must be between 1 and the " + in.size() + " operands");
    }
    return List.copyOf(in);
  }

  /** {@code stablehlo.sort} with a lexicographic comparator over the keys. */
  @Lowering("sort")
  public static List<Value> sortLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    int keys = params.intValue("num_keys");
    boolean descending = params.bool("descending");
    return ctx.builder()
        .sort(
            in,
            params.longValue("dimension"),
            params.bool("is_stable"),
            (b, args) -> {
              // Built from the last key: before = lt_k or (eq_k and before_{k+1}).
              Value before = null;
              for (int k = keys - 1; k >= 0; k--) {
                Value l = args.get(2 * k);
                Value r = args.get(2 * k + 1);
                Value lt = before(b, l, r, descending);
                if (before == null) {
                  before = lt;
                } else {
                  Value gt = before(b, r, l, descending);
                  Value eq = b.not(b.or(lt, gt));
                  before = b.or(lt, b.and(eq, before));
                }
              }
              b.returns(before);
            });
  }

  /** Whether {@code l} goes strictly before {@code r}: NaN is the largest float, as in PyTorch. */
  private static Value before(FunctionBuilder b, Value l, Value r, boolean descending) {
    ComparisonDirection dir = descending ? ComparisonDirection.GT : ComparisonDirection.LT;
    Value strict = b.compare(dir, l, r);
    if (!l.dtype().isFloatingPoint()) {
      return strict;
    }
    Value lNan = b.compare(ComparisonDirection.NE, l, l);
    Value rNan = b.compare(ComparisonDirection.NE, r, r);
    // Ascending: a number before NaN. Descending: NaN before a number.
    Value nanOrder = descending ? b.and(lNan, b.not(rNan)) : b.and(b.not(lNan), rNan);
    return b.or(strict, nanOrder);
  }

  /**
   * Each floating-point operand gets its cotangent scattered back through the permutation (found by
   * sorting the keys again with an iota payload); integer and bool operands get none.
   */
  @VjpRule("sort")
  public static List<Array> sortVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    int keys = params.intValue("num_keys");
    long dim = params.longValue("dimension");
    long[] shape = primals.getFirst().shape();
    int r = shape.length;
    List<Array> withIota = new ArrayList<>(primals.subList(0, keys));
    withIota.add(ShapeOps.iota(DType.I32, shape, dim));
    Array perm = p.bind(params, withIota).getLast();
    long[] others = LongStream.range(0, r).filter(d -> d != dim).toArray();
    ScatterDimensionNumbers dn =
        new ScatterDimensionNumbers(
            new long[0], new long[] {dim}, others, others, new long[] {dim}, r);
    List<Array> out = new ArrayList<>();
    for (int i = 0; i < primals.size(); i++) {
      Array x = primals.get(i);
      Array ct = cts.get(i);
      if (!x.dtype().isFloatingPoint() || ct == null) {
        out.add(null);
      } else {
        out.add(IndexingOps.scatterAdd(ShapeOps.zeros(shape, x.dtype()), perm, ct, dn));
      }
    }
    return out;
  }

  /** Every operand gets a leading batch axis; the sort dimension shifts by one. */
  @BatchRule("sort")
  public static Batched sortBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    List<Array> xs = BatchAxes.materializeAll(in, bdims, BatchAxes.size(in, bdims));
    List<Array> out = p.bind(params.with("dimension", params.longValue("dimension") + 1), xs);
    int[] zeros = new int[out.size()];
    return new Batched(out, zeros);
  }
}
