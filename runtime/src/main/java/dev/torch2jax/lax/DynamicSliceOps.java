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
import dev.torch2jax.hlo.GatherDimensionNumbers;
import dev.torch2jax.hlo.ScatterDimensionNumbers;
import dev.torch2jax.hlo.TypeRules;
import dev.torch2jax.hlo.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Dynamic slices: {@code dynamic_slice} reads and {@code dynamic_update_slice} writes a block at
 * start indices that are traced values (XLA clamps them so that the block lies within the operand).
 */
public final class DynamicSliceOps {
  static final Primitive DYNAMIC_SLICE = Primitive.of("dynamic_slice");
  static final Primitive DYNAMIC_UPDATE_SLICE = Primitive.of("dynamic_update_slice");

  private DynamicSliceOps() {}

  // ---- dynamic_slice ------------------------------------------------------------------------

  /**
   * A block of {@code sliceSizes} of {@code x} starting at {@code starts} (integer scalars of one
   * dtype, one per axis). Like XLA, each start is clamped so that the block lies within {@code x}.
   */
  public static Array dynamicSlice(Array x, List<Array> starts, long[] sliceSizes) {
    List<Array> args = new ArrayList<>();
    args.add(x);
    args.addAll(starts);
    return DYNAMIC_SLICE.bind(Params.of("slice_sizes", sliceSizes), args).getFirst();
  }

  /** One integer scalar start per axis; sizes within the operand. */
  @AbstractEval("dynamic_slice")
  public static List<ShapedArray> dynamicSliceAval(
      Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    long[] shape =
        TypeRules.dynamicSlice(p.name(), x, in.subList(1, in.size()), params.longs("slice_sizes"));
    return List.of(new ShapedArray(shape, x.dtype()));
  }

  /** {@code stablehlo.dynamic_slice}. */
  @Lowering("dynamic_slice")
  public static List<Value> dynamicSliceLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(
        ctx.builder()
            .dynamicSlice(in.getFirst(), in.subList(1, in.size()), params.longs("slice_sizes")));
  }

  /** The cotangent written into zeros at the same (clamped) starts; the starts get none. */
  @VjpRule("dynamic_slice")
  public static List<Array> dynamicSliceVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array x = primals.getFirst();
    List<Array> starts = primals.subList(1, primals.size());
    List<Array> out = new ArrayList<>();
    out.add(dynamicUpdateSlice(ShapeOps.zeros(x.shape(), x.dtype()), cts.getFirst(), starts));
    starts.forEach(s -> out.add(null));
    return out;
  }

  /**
   * Unbatched starts: one more start (0) and the whole batch axis. Batched starts: a gather with
   * the batch axis as a batching dimension of operand and indices.
   */
  @BatchRule("dynamic_slice")
  public static Batched dynamicSliceBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    long b = BatchAxes.size(in, bdims);
    long[] sizes = params.longs("slice_sizes");
    List<Array> starts = in.subList(1, in.size());
    if (!anyMapped(bdims, 1)) {
      Array x = BatchAxes.toFront(in.getFirst(), bdims[0]);
      List<Array> bstarts = new ArrayList<>();
      bstarts.add(
          ShapeOps.zeros(new long[0], starts.isEmpty() ? DType.I32 : starts.getFirst().dtype()));
      bstarts.addAll(starts);
      return Batched.of(dynamicSlice(x, bstarts, ShapeOps.prepend(b, sizes)), 0);
    }
    Array x = BatchAxes.materialize(in.getFirst(), bdims[0], b);
    Array idx = stackStarts(starts, Arrays.copyOfRange(bdims, 1, bdims.length), b);
    long[] dims = LongStream.rangeClosed(1, sizes.length).toArray();
    GatherDimensionNumbers dn =
        new GatherDimensionNumbers(dims, new long[0], new long[] {0}, new long[] {0}, dims, 1);
    return Batched.of(IndexingOps.gather(x, idx, dn, ShapeOps.prepend(1, sizes)), 0);
  }

  // ---- dynamic_update_slice -----------------------------------------------------------------

  /**
   * {@code x} with {@code update} written at {@code starts} (integer scalars of one dtype, one per
   * axis), each clamped like XLA so that the update lies within {@code x}.
   */
  public static Array dynamicUpdateSlice(Array x, Array update, List<Array> starts) {
    List<Array> args = new ArrayList<>();
    args.add(x);
    args.add(update);
    args.addAll(starts);
    return DYNAMIC_UPDATE_SLICE.bind(Params.EMPTY, args).getFirst();
  }

  /** An update of the operand's dtype and rank that fits; one integer scalar start per axis. */
  @AbstractEval("dynamic_update_slice")
  public static List<ShapedArray> dynamicUpdateSliceAval(
      Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.get(0);
    TypeRules.dynamicUpdateSlice(p.name(), x, in.get(1), in.subList(2, in.size()));
    return List.of(x);
  }

  /** {@code stablehlo.dynamic_update_slice}. */
  @Lowering("dynamic_update_slice")
  public static List<Value> dynamicUpdateSliceLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(
        ctx.builder().dynamicUpdateSlice(in.get(0), in.get(1), in.subList(2, in.size())));
  }

  /** The operand gets the cotangent with the window zeroed, the update the window's cotangent. */
  @VjpRule("dynamic_update_slice")
  public static List<Array> dynamicUpdateSliceVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array ct = cts.getFirst();
    Array u = primals.get(1);
    List<Array> starts = primals.subList(2, primals.size());
    List<Array> out = new ArrayList<>();
    out.add(dynamicUpdateSlice(ct, ShapeOps.zeros(u.shape(), u.dtype()), starts));
    out.add(dynamicSlice(ct, starts, u.shape()));
    starts.forEach(s -> out.add(null));
    return out;
  }

  /**
   * Unbatched starts: one more start (0). Batched starts: a scatter with the batch axis as a
   * batching dimension, the starts clamped first (scatter would skip out-of-range windows).
   */
  @BatchRule("dynamic_update_slice")
  public static Batched dynamicUpdateSliceBatch(
      Primitive p, List<Array> in, int[] bdims, Params params) {
    long b = BatchAxes.size(in, bdims);
    Array x = BatchAxes.materialize(in.get(0), bdims[0], b);
    Array u = BatchAxes.materialize(in.get(1), bdims[1], b);
    List<Array> starts = in.subList(2, in.size());
    if (!anyMapped(bdims, 2)) {
      List<Array> bstarts = new ArrayList<>();
      bstarts.add(
          ShapeOps.zeros(new long[0], starts.isEmpty() ? DType.I32 : starts.getFirst().dtype()));
      bstarts.addAll(starts);
      return Batched.of(dynamicUpdateSlice(x, u, bstarts), 0);
    }
    Array idx = stackStarts(starts, Arrays.copyOfRange(bdims, 2, bdims.length), b);
    int r = starts.size();
    long[] upper = new long[r];
    for (int d = 0; d < r; d++) {
      upper[d] = x.shape()[d + 1] - u.shape()[d + 1];
    }
    idx = IndexingOps.clampIndexVectors(idx, 1, upper);
    long[] dims = LongStream.rangeClosed(1, r).toArray();
    ScatterDimensionNumbers dn =
        new ScatterDimensionNumbers(dims, new long[0], new long[] {0}, new long[] {0}, dims, 1);
    return Batched.of(IndexingOps.scatter(x, idx, u, dn), 0);
  }

  /** The starts as one {@code [b, n]} index array, each mapped start's batch axis in front. */
  private static Array stackStarts(List<Array> starts, int[] bdims, long b) {
    List<Array> columns = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      Array s = BatchAxes.materialize(starts.get(i), bdims[i], b);
      columns.add(ShapeOps.reshape(s, new long[] {b, 1}));
    }
    return ShapeOps.concatenate(columns, 1);
  }

  private static boolean anyMapped(int[] bdims, int from) {
    for (int i = from; i < bdims.length; i++) {
      if (bdims[i] != Batched.NOT_MAPPED) {
        return true;
      }
    }
    return false;
  }
}
