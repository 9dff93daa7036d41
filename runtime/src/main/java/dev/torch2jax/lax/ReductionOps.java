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

/** Reductions over axes. */
public final class ReductionOps {
  private static final Primitive REDUCE_SUM = Primitive.of("reduce_sum");

  private ReductionOps() {}

  /** The sum over {@code axes}, which disappear from the shape. */
  public static Array reduceSum(Array x, long[] axes) {
    return REDUCE_SUM.bind1(Params.of("axes", axes), x);
  }

  /** Removes the axes; they must be distinct and in range. */
  @AbstractEval("reduce_sum")
  public static List<ShapedArray> reduceAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    return List.of(new ShapedArray(keptShape(p, x, params.longs("axes")), x.dtype()));
  }

  /** {@code stablehlo.reduce} with an add region. */
  @Lowering("reduce_sum")
  public static List<Value> reduceSumLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(ctx.builder().reduceSum(in.getFirst(), params.longs("axes")));
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
  @BatchRule("reduce_sum")
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
    boolean[] reduced = new boolean[x.rank()];
    for (long a : axes) {
      if (a < 0 || a >= x.rank() || reduced[(int) a]) {
        throw new IllegalArgumentException(
            p + ": axes " + Arrays.toString(axes) + " are invalid for " + x);
      }
      reduced[(int) a] = true;
    }
    long[] kept = keptAxes(x.rank(), axes);
    long[] shape = new long[kept.length];
    for (int i = 0; i < kept.length; i++) {
      shape[i] = x.dim((int) kept[i]);
    }
    return shape;
  }
}
