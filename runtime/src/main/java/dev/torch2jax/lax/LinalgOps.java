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
import dev.torch2jax.hlo.TypeRules;
import dev.torch2jax.hlo.Value;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

/** Contractions: {@code dot_general}. */
public final class LinalgOps {
  private static final Primitive DOT_GENERAL = Primitive.of("dot_general");

  private LinalgOps() {}

  /**
   * Contracts {@code lhsContract} of {@code x} with {@code rhsContract} of {@code y}, pairing
   * {@code lhsBatch} with {@code rhsBatch}; the result's axes are the batch axes, then the other
   * axes of {@code x}, then those of {@code y}.
   */
  public static Array dotGeneral(
      Array x, Array y, long[] lhsContract, long[] rhsContract, long[] lhsBatch, long[] rhsBatch) {
    return DOT_GENERAL.bind1(
        Params.of(
            "lhs_contract", lhsContract,
            "rhs_contract", rhsContract,
            "lhs_batch", lhsBatch,
            "rhs_batch", rhsBatch),
        x,
        y);
  }

  /** Batch shape, then the free axes of each operand; matching sizes and one dtype. */
  @AbstractEval("dot_general")
  public static List<ShapedArray> dotGeneralAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.get(0);
    ShapedArray y = in.get(1);
    Dims d = Dims.of(params);
    if (x.dtype() != y.dtype()) {
      throw new IllegalArgumentException(p + ": operand dtypes differ: " + x + " vs " + y);
    }
    if (d.lc.length != d.rc.length || d.lb.length != d.rb.length) {
      throw new IllegalArgumentException(p + ": unpaired dimensions " + params);
    }
    for (int i = 0; i < d.lc.length; i++) {
      checkPair(p, x, y, d.lc[i], d.rc[i], "contracting");
    }
    for (int i = 0; i < d.lb.length; i++) {
      checkPair(p, x, y, d.lb[i], d.rb[i], "batch");
    }
    long[] shape = TypeRules.dotGeneral(x.shape(), y.shape(), d.lb, d.rb, d.lc, d.rc);
    return List.of(new ShapedArray(shape, x.dtype()));
  }

  /** {@code stablehlo.dot_general}. */
  @Lowering("dot_general")
  public static List<Value> dotGeneralLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    Dims d = Dims.of(params);
    return List.of(ctx.builder().dotGeneral(in.get(0), in.get(1), d.lb, d.rb, d.lc, d.rc));
  }

  /** Each operand's cotangent is the cotangent contracted with the other operand, re-ordered. */
  @VjpRule("dot_general")
  public static List<Array> dotGeneralVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array ct = cts.getFirst();
    Array x = primals.get(0);
    Array y = primals.get(1);
    Dims d = Dims.of(params);
    long[] xFree = free(x.ndim(), d.lb, d.lc);
    long[] yFree = free(y.ndim(), d.rb, d.rc);
    int nb = d.lb.length;
    long[] ctBatch = LongStream.range(0, nb).toArray();
    long[] ctXFree = LongStream.range(nb, nb + xFree.length).toArray();
    long[] ctYFree =
        LongStream.range(nb + xFree.length, nb + xFree.length + yFree.length).toArray();

    Array rx = dotGeneral(ct, y, ctYFree, yFree, ctBatch, d.rb);
    Array ctX = ShapeOps.transpose(rx, inverse(concat(d.lb, xFree, pairedInOrder(d.rc, d.lc))));
    Array ry = dotGeneral(ct, x, ctXFree, xFree, ctBatch, d.lb);
    Array ctY = ShapeOps.transpose(ry, inverse(concat(d.rb, yFree, pairedInOrder(d.lc, d.rc))));
    return List.of(ctX, ctY);
  }

  /** A batch axis becomes a shared batch dimension, or a free axis of its operand. */
  @BatchRule("dot_general")
  public static Batched dotGeneralBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    Dims d = Dims.of(params);
    boolean xMapped = bdims[0] != Batched.NOT_MAPPED;
    boolean yMapped = bdims[1] != Batched.NOT_MAPPED;
    Array x = xMapped ? BatchAxes.toFront(in.get(0), bdims[0]) : in.get(0);
    Array y = yMapped ? BatchAxes.toFront(in.get(1), bdims[1]) : in.get(1);
    long[] lc = xMapped ? shift(d.lc) : d.lc;
    long[] lb = xMapped ? shift(d.lb) : d.lb;
    long[] rc = yMapped ? shift(d.rc) : d.rc;
    long[] rb = yMapped ? shift(d.rb) : d.rb;
    if (xMapped && yMapped) {
      return Batched.of(dotGeneral(x, y, lc, rc, prepend(lb), prepend(rb)), 0);
    }
    if (xMapped) {
      return Batched.of(dotGeneral(x, y, lc, rc, lb, rb), lb.length);
    }
    int xFree = in.get(0).ndim() - d.lb.length - d.lc.length;
    return Batched.of(dotGeneral(x, y, lc, rc, lb, rb), lb.length + xFree);
  }

  private record Dims(long[] lc, long[] rc, long[] lb, long[] rb) {
    static Dims of(Params p) {
      return new Dims(
          p.longs("lhs_contract"),
          p.longs("rhs_contract"),
          p.longs("lhs_batch"),
          p.longs("rhs_batch"));
    }
  }

  private static void checkPair(
      Primitive p, ShapedArray x, ShapedArray y, long a, long b, String what) {
    if (a < 0 || a >= x.rank() || b < 0 || b >= y.rank() || x.dim((int) a) != y.dim((int) b)) {
      throw new IllegalArgumentException(
          p
              + ": "
              + what
              + " dimensions "
              + a
              + " of "
              + x
              + " and "
              + b
              + " of "
              + y
              + " do not match");
    }
  }

  /** The axes of a rank-{@code rank} operand that are neither batch nor contracting, in order. */
  static long[] free(int rank, long[] batch, long[] contract) {
    return LongStream.range(0, rank)
        .filter(
            a ->
                Arrays.stream(batch).noneMatch(b -> b == a)
                    && Arrays.stream(contract).noneMatch(c -> c == a))
        .toArray();
  }

  /** {@code mine} re-ordered by ascending {@code other}: how a contraction's leftovers come out. */
  private static long[] pairedInOrder(long[] other, long[] mine) {
    Integer[] order = new Integer[other.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(other[a], other[b]));
    long[] out = new long[mine.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = mine[order[i]];
    }
    return out;
  }

  private static long[] inverse(long[] perm) {
    long[] inv = new long[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inv[(int) perm[i]] = i;
    }
    return inv;
  }

  private static long[] concat(long[]... parts) {
    return Arrays.stream(parts).flatMapToLong(Arrays::stream).toArray();
  }

  private static long[] shift(long[] axes) {
    return Arrays.stream(axes).map(a -> a + 1).toArray();
  }

  private static long[] prepend(long[] axes) {
    long[] out = new long[axes.length + 1];
    System.arraycopy(axes, 0, out, 1, axes.length);
    return out;
  }
}
