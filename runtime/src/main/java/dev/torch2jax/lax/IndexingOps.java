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
import dev.torch2jax.hlo.GatherDimensionNumbers;
import dev.torch2jax.hlo.ScatterDimensionNumbers;
import dev.torch2jax.hlo.Value;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Gather and scatter with XLA's general dimension numbers ({@link GatherDimensionNumbers}, {@link
 * ScatterDimensionNumbers}), batching dimensions included.
 *
 * <p>Semantics are XLA's: gather clamps each start index so that its slice lies within the operand;
 * scatter skips update windows that would not lie within it. {@code scatter} replaces (with
 * repeated indices, one of the updates wins); {@code scatter_add} adds.
 */
public final class IndexingOps {
  static final Primitive GATHER = Primitive.of("gather");
  static final Primitive SCATTER = Primitive.of("scatter");
  static final Primitive SCATTER_ADD = Primitive.of("scatter_add");

  private IndexingOps() {}

  // ---- public API ---------------------------------------------------------------------------

  /** Slices of {@code sliceSizes} of {@code operand} at the index vectors of {@code indices}. */
  public static Array gather(
      Array operand, Array indices, GatherDimensionNumbers dn, long[] sliceSizes) {
    return GATHER.bind1(gatherParams(dn, sliceSizes), operand, indices);
  }

  /** {@code operand} with the windows of {@code updates} written at {@code indices}. */
  public static Array scatter(
      Array operand, Array indices, Array updates, ScatterDimensionNumbers dn) {
    return SCATTER.bind1(scatterParams(dn), operand, indices, updates);
  }

  /** {@code operand} with the windows of {@code updates} added at {@code indices}. */
  public static Array scatterAdd(
      Array operand, Array indices, Array updates, ScatterDimensionNumbers dn) {
    return SCATTER_ADD.bind1(scatterParams(dn), operand, indices, updates);
  }

  /** The parameters of a gather primitive: JAX's, the dimension numbers as one object. */
  public static Params gatherParams(GatherDimensionNumbers dn, long[] sliceSizes) {
    return Params.of("dimension_numbers", dn, "slice_sizes", sliceSizes);
  }

  /** The dimension numbers held by gather parameters. */
  public static GatherDimensionNumbers gatherDims(Params p) {
    return p.get("dimension_numbers", GatherDimensionNumbers.class);
  }

  /** The parameters of a scatter primitive: JAX's, the dimension numbers as one object. */
  public static Params scatterParams(ScatterDimensionNumbers dn) {
    return Params.of("dimension_numbers", dn);
  }

  /** The dimension numbers held by scatter parameters. */
  public static ScatterDimensionNumbers scatterDims(Params p) {
    return p.get("dimension_numbers", ScatterDimensionNumbers.class);
  }

  // ---- gather -------------------------------------------------------------------------------

  /** Integer indices; the shape rule of the spec. */
  @AbstractEval("gather")
  public static List<ShapedArray> gatherAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.get(0);
    ShapedArray idx = in.get(1);
    if (!idx.dtype().isInteger()) {
      throw new IllegalArgumentException(p + ": indices must be integers, got " + idx);
    }
    try {
      long[] shape =
          gatherDims(params).resultShape(x.shape(), idx.shape(), params.longs("slice_sizes"));
      return List.of(new ShapedArray(shape, x.dtype()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          p + ": " + e.getMessage() + " (operand " + x + ", indices " + idx + ")", e);
    }
  }

  /** {@code stablehlo.gather}. */
  @Lowering("gather")
  public static List<Value> gatherLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(
        ctx.builder()
            .gather(in.get(0), in.get(1), gatherDims(params), params.longs("slice_sizes"), false));
  }

  /**
   * A scatter-add of the cotangent into zeros at the same (clamped, as gather clamps them) index
   * vectors; the indices get none.
   */
  @VjpRule("gather")
  public static List<Array> gatherVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array x = primals.get(0);
    Array idx = primals.get(1);
    GatherDimensionNumbers dn = gatherDims(params);
    long[] sizes = params.longs("slice_sizes");
    long[] map = dn.indexMap();
    long[] upper = new long[map.length];
    for (int k = 0; k < map.length; k++) {
      upper[k] = x.shape()[(int) map[k]] - sizes[(int) map[k]];
    }
    Array clamped = clampIndexVectors(idx, dn.indexVectorDim(), upper);
    ScatterDimensionNumbers sdn = dn.as(ScatterDimensionNumbers::new);
    Array ct = scatterAdd(ShapeOps.zeros(x.shape(), x.dtype()), clamped, cts.getFirst(), sdn);
    return Arrays.asList(ct, null);
  }

  /**
   * A batched operand gets its batch axis as a leading slice dimension; batched indices a leading
   * batch dimension of the result; both, a pair of batching dimensions.
   */
  @BatchRule("gather")
  public static Batched gatherBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    GatherDimensionNumbers dn = gatherDims(params);
    long[] sizes = params.longs("slice_sizes");
    boolean xMapped = bdims[0] != Batched.NOT_MAPPED;
    boolean iMapped = bdims[1] != Batched.NOT_MAPPED;
    if (xMapped && !iMapped) {
      Array x = BatchAxes.toFront(in.get(0), bdims[0]);
      GatherDimensionNumbers b =
          new GatherDimensionNumbers(
              ShapeOps.prepend(0, ShapeOps.shift(dn.windowDims())),
              ShapeOps.shift(dn.collapsedDims()),
              ShapeOps.shift(dn.operandBatchingDims()),
              dn.indicesBatchingDims(),
              ShapeOps.shift(dn.indexMap()),
              dn.indexVectorDim());
      return Batched.of(gather(x, in.get(1), b, ShapeOps.prepend(x.shape()[0], sizes)), 0);
    }
    Array idx = BatchAxes.toFront(in.get(1), bdims[1]);
    if (!xMapped) {
      GatherDimensionNumbers b =
          new GatherDimensionNumbers(
              ShapeOps.shift(dn.windowDims()),
              dn.collapsedDims(),
              dn.operandBatchingDims(),
              ShapeOps.shift(dn.indicesBatchingDims()),
              dn.indexMap(),
              dn.indexVectorDim() + 1);
      return Batched.of(gather(in.get(0), idx, b, sizes), 0);
    }
    Array x = BatchAxes.toFront(in.get(0), bdims[0]);
    GatherDimensionNumbers b = dn.withLeadingBatchingPair(GatherDimensionNumbers::new);
    return Batched.of(gather(x, idx, b, ShapeOps.prepend(1, sizes)), 0);
  }

  // ---- scatter and scatter_add --------------------------------------------------------------

  /** Integer indices; updates of the operand's dtype; the shape rule of the spec. */
  @AbstractEval({"scatter", "scatter_add"})
  public static List<ShapedArray> scatterAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.get(0);
    ShapedArray idx = in.get(1);
    ShapedArray u = in.get(2);
    String operands = " (operand " + x + ", indices " + idx + ", updates " + u + ")";
    if (!idx.dtype().isInteger()) {
      throw new IllegalArgumentException(p + ": indices must be integers" + operands);
    }
    if (u.dtype() != x.dtype()) {
      throw new IllegalArgumentException(p + ": updates must have the operand's dtype" + operands);
    }
    try {
      scatterDims(params).check(x.shape(), idx.shape(), u.shape());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(p + ": " + e.getMessage() + operands, e);
    }
    return List.of(x);
  }

  /** {@code stablehlo.scatter}, its region returning the update (or the sum; or for bools). */
  @Lowering({"scatter", "scatter_add"})
  public static List<Value> scatterLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    boolean add = p.name().equals("scatter_add");
    boolean bool = in.get(0).dtype() == DType.BOOL;
    return ctx.builder()
        .scatter(
            List.of(in.get(0)),
            in.get(1),
            List.of(in.get(2)),
            scatterDims(params),
            false,
            false,
            (FunctionBuilder b, List<Value> args) -> {
              Value current = args.get(0);
              Value update = args.get(1);
              b.returns(!add ? update : bool ? b.or(current, update) : b.add(current, update));
            });
  }

  /**
   * scatter_add: the operand gets the cotangent, the updates its windows (zero for skipped
   * windows). scatter: the operand gets the cotangent where nothing was written, each update the
   * cotangent where it was the one written (found by scattering update ids and reading them back).
   */
  @VjpRule({"scatter", "scatter_add"})
  public static List<Array> scatterVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array ct = cts.getFirst();
    Array x = primals.get(0);
    Array idx = primals.get(1);
    Array u = primals.get(2);
    ScatterDimensionNumbers dn = scatterDims(params);
    long[] windows = dn.windowSizes(x.ndim(), u.shape());
    GatherDimensionNumbers gdn = dn.as(GatherDimensionNumbers::new);
    Array gathered = gather(ct, idx, gdn, windows);
    long[] scatterDims = updateScatterDims(u.ndim(), dn.windowDims());
    Array zero = ShapeOps.zeros(u.shape(), u.dtype());
    if (p.name().equals("scatter_add")) {
      long[] map = dn.indexMap();
      long[] upper = new long[map.length];
      for (int k = 0; k < map.length; k++) {
        upper[k] = x.shape()[(int) map[k]] - windows[(int) map[k]];
      }
      Array inBounds = inBounds(idx, dn.indexVectorDim(), upper);
      Array mask = ShapeOps.broadcastInDim(inBounds, u.shape(), scatterDims);
      return Arrays.asList(ct, null, ElementwiseOps.select(mask, gathered, zero));
    }
    Array ctOperand = scatter(ct, idx, zero, dn);
    // Number the update windows, scatter the numbers, read back which number each element holds.
    long[] scatterShape = new long[scatterDims.length];
    for (int i = 0; i < scatterDims.length; i++) {
      scatterShape[i] = u.shape()[(int) scatterDims[i]];
    }
    long n = dev.torch2jax.core.Shapes.size(scatterShape);
    Array ids =
        ShapeOps.broadcastInDim(
            ShapeOps.reshape(ShapeOps.iota(DType.I32, new long[] {n}, 0), scatterShape),
            u.shape(),
            scatterDims);
    Array none = ElementwiseOps.fullLike(ShapeOps.zeros(x.shape(), DType.I32), -1);
    Array written = gather(scatter(none, idx, ids, dn), idx, gdn, windows);
    Array won = ElementwiseOps.compare(ComparisonDirection.EQ, written, ids);
    return Arrays.asList(ctOperand, null, ElementwiseOps.select(won, gathered, zero));
  }

  /** Operand, indices and updates with a leading batch axis, paired as batching dimensions. */
  @BatchRule({"scatter", "scatter_add"})
  public static Batched scatterBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    long size = BatchAxes.size(in, bdims);
    Array x = BatchAxes.materialize(in.get(0), bdims[0], size);
    Array idx = BatchAxes.materialize(in.get(1), bdims[1], size);
    Array u = BatchAxes.materialize(in.get(2), bdims[2], size);
    ScatterDimensionNumbers b =
        scatterDims(params).withLeadingBatchingPair(ScatterDimensionNumbers::new);
    return Batched.of(p.bind1(scatterParams(b), x, idx, u), 0);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** The update dimensions that are not window dimensions, in order. */
  static long[] updateScatterDims(int rank, long[] windowDims) {
    return LongStream.range(0, rank)
        .filter(d -> Arrays.stream(windowDims).noneMatch(w -> w == d))
        .toArray();
  }

  /**
   * {@code idx} with component {@code k} of each index vector (along {@code indexVectorDim}, or the
   * only one when that equals the rank) clamped to {@code [0, upper[k]]}.
   */
  static Array clampIndexVectors(Array idx, long indexVectorDim, long[] upper) {
    Array bounds = bounds(idx, indexVectorDim, upper);
    Array zero = ElementwiseOps.fullLike(idx, 0);
    return ElementwiseOps.min(ElementwiseOps.max(idx, zero), bounds);
  }

  /** Whether every component {@code k} of each index vector lies in {@code [0, upper[k]]}. */
  static Array inBounds(Array idx, long indexVectorDim, long[] upper) {
    Array bounds = bounds(idx, indexVectorDim, upper);
    Array zero = ElementwiseOps.fullLike(idx, 0);
    Array clamped = ElementwiseOps.min(ElementwiseOps.max(idx, zero), bounds);
    Array ok = ElementwiseOps.compare(ComparisonDirection.EQ, clamped, idx);
    if (indexVectorDim == idx.ndim()) {
      return ok;
    }
    Array okInts =
        ElementwiseOps.select(
            ok,
            ShapeOps.broadcastInDim(ShapeOps.scalar(1, DType.I32), idx.shape(), new long[0]),
            ShapeOps.zeros(idx.shape(), DType.I32));
    Array count = ReductionOps.reduceSum(okInts, new long[] {indexVectorDim});
    return ElementwiseOps.compare(
        ComparisonDirection.EQ, count, ElementwiseOps.fullLike(count, upper.length));
  }

  private static Array bounds(Array idx, long indexVectorDim, long[] upper) {
    Array vector = ElementwiseOps.convert(Array.of(upper), idx.dtype());
    if (indexVectorDim == idx.ndim()) {
      return ShapeOps.broadcastInDim(
          ShapeOps.reshape(vector, new long[0]), idx.shape(), new long[0]);
    }
    return ShapeOps.broadcastInDim(vector, idx.shape(), new long[] {indexVectorDim});
  }
}
