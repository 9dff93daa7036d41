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
import dev.torch2jax.core.Shapes;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.core.rules.LoweringContext;
import dev.torch2jax.hlo.TensorType;
import dev.torch2jax.hlo.TypeRules;
import dev.torch2jax.hlo.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Primitives that move elements without computing: broadcast, reshape, transpose, squeeze and
 * expand_dims, static slices, concatenate, pad, rev; and iota. Dynamic slices are in {@link
 * DynamicSliceOps}.
 */
public final class ShapeOps {
  static final Primitive BROADCAST_IN_DIM = Primitive.of("broadcast_in_dim");
  static final Primitive RESHAPE = Primitive.of("reshape");
  static final Primitive TRANSPOSE = Primitive.of("transpose");
  static final Primitive SQUEEZE = Primitive.of("squeeze");
  static final Primitive EXPAND_DIMS = Primitive.of("expand_dims");
  static final Primitive SLICE = Primitive.of("slice");
  static final Primitive CONCATENATE = Primitive.of("concatenate");
  static final Primitive PAD = Primitive.of("pad");
  static final Primitive REV = Primitive.of("rev");
  static final Primitive IOTA = Primitive.of("iota");

  private ShapeOps() {}

  // ---- broadcast_in_dim -------------------------------------------------------------------

  /**
   * Broadcasts {@code x} into {@code shape}; operand axis i becomes result axis {@code dims[i]}.
   */
  public static Array broadcastInDim(Array x, long[] shape, long[] dims) {
    if (Arrays.equals(x.shape(), shape) && isIdentity(dims)) {
      return x;
    }
    return BROADCAST_IN_DIM.bind1(Params.of("shape", shape, "broadcast_dimensions", dims), x);
  }

  /** The shared broadcast rule; like JAX, the dimension map must also increase. */
  @AbstractEval("broadcast_in_dim")
  public static List<ShapedArray> broadcastInDimAval(
      Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    ShapedArray result = new ShapedArray(params.longs("shape"), x.dtype());
    long[] dims = params.longs("broadcast_dimensions");
    TypeRules.broadcastInDim(p.name(), x, result, dims);
    for (int i = 1; i < dims.length; i++) {
      if (dims[i] <= dims[i - 1]) {
        throw new IllegalArgumentException(
            "%s: broadcast dimensions %s must increase".formatted(p, Arrays.toString(dims)));
      }
    }
    return List.of(result);
  }

  /** {@code stablehlo.broadcast_in_dim}. */
  @Lowering("broadcast_in_dim")
  public static List<Value> broadcastInDimLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(
        ctx.builder()
            .broadcastInDim(
                in.getFirst(), params.longs("shape"), params.longs("broadcast_dimensions")));
  }

  /** Sums the cotangent over the broadcast axes back to the operand's shape. */
  @VjpRule("broadcast_in_dim")
  public static List<Array> broadcastInDimVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    return List.of(
        unbroadcast(
            cts.getFirst(), primals.getFirst().shape(), params.longs("broadcast_dimensions")));
  }

  /** Batch axis to the front, then broadcast with one more leading axis. */
  @BatchRule("broadcast_in_dim")
  public static Batched broadcastInDimBatch(
      Primitive p, List<Array> in, int[] bdims, Params params) {
    Array x = BatchAxes.toFront(in.getFirst(), bdims[0]);
    long[] shape = params.longs("shape");
    long[] dims = params.longs("broadcast_dimensions");
    long[] bshape = new long[shape.length + 1];
    bshape[0] = x.shape()[0];
    System.arraycopy(shape, 0, bshape, 1, shape.length);
    long[] bd = new long[dims.length + 1];
    for (int i = 0; i < dims.length; i++) {
      bd[i + 1] = dims[i] + 1;
    }
    return Batched.of(broadcastInDim(x, bshape, bd), 0);
  }

  /**
   * Reverses a broadcast: sums {@code ct} over result axes not in {@code dims} and over axes the
   * operand had as 1, then reshapes to {@code operandShape}.
   */
  static Array unbroadcast(Array ct, long[] operandShape, long[] dims) {
    long[] ctShape = ct.shape();
    List<Long> sumAxes = new ArrayList<>();
    int j = 0;
    for (int axis = 0; axis < ctShape.length; axis++) {
      if (j < dims.length && dims[j] == axis) {
        if (operandShape[j] == 1 && ctShape[axis] != 1) {
          sumAxes.add((long) axis);
        }
        j++;
      } else {
        sumAxes.add((long) axis);
      }
    }
    Array summed =
        sumAxes.isEmpty()
            ? ct
            : ReductionOps.reduceSum(ct, sumAxes.stream().mapToLong(Long::longValue).toArray());
    return reshape(summed, operandShape);
  }

  // ---- reshape ------------------------------------------------------------------------------

  /** The same elements in row-major order, in a shape of equal size. */
  public static Array reshape(Array x, long[] shape) {
    if (Arrays.equals(x.shape(), shape)) {
      return x;
    }
    return RESHAPE.bind1(Params.of("new_sizes", shape), x);
  }

  /** The element counts must agree. */
  @AbstractEval("reshape")
  public static List<ShapedArray> reshapeAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    long[] shape = params.longs("new_sizes");
    if (Shapes.size(shape) != x.size()) {
      throw new IllegalArgumentException(
          p
              + ": cannot reshape "
              + x
              + " ("
              + x.size()
              + " elements) to "
              + Arrays.toString(shape));
    }
    return List.of(new ShapedArray(shape, x.dtype()));
  }

  /** {@code stablehlo.reshape}. */
  @Lowering("reshape")
  public static List<Value> reshapeLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(ctx.builder().reshape(in.getFirst(), params.longs("new_sizes")));
  }

  /** The cotangent reshaped back. */
  @VjpRule("reshape")
  public static List<Array> reshapeVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    return List.of(reshape(cts.getFirst(), primals.getFirst().shape()));
  }

  /** Batch axis to the front, then reshape the rest. */
  @BatchRule("reshape")
  public static Batched reshapeBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    Array x = BatchAxes.toFront(in.getFirst(), bdims[0]);
    long[] shape = params.longs("new_sizes");
    long[] bshape = new long[shape.length + 1];
    bshape[0] = x.shape()[0];
    System.arraycopy(shape, 0, bshape, 1, shape.length);
    return Batched.of(reshape(x, bshape), 0);
  }

  // ---- transpose ----------------------------------------------------------------------------

  /** Result axis i is operand axis {@code permutation[i]}. */
  public static Array transpose(Array x, long[] permutation) {
    if (isIdentity(permutation) && permutation.length == x.ndim()) {
      return x;
    }
    return TRANSPOSE.bind1(Params.of("permutation", permutation), x);
  }

  /** The permutation must be one of the operand's axes. */
  @AbstractEval("transpose")
  public static List<ShapedArray> transposeAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    long[] shape = TypeRules.transpose(p.name(), x, params.longs("permutation"));
    return List.of(new ShapedArray(shape, x.dtype()));
  }

  /** {@code stablehlo.transpose}. */
  @Lowering("transpose")
  public static List<Value> transposeLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(ctx.builder().transpose(in.getFirst(), params.longs("permutation")));
  }

  /** The inverse permutation. */
  @VjpRule("transpose")
  public static List<Array> transposeVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    long[] perm = params.longs("permutation");
    long[] inverse = new long[perm.length];
    for (int i = 0; i < perm.length; i++) {
      inverse[(int) perm[i]] = i;
    }
    return List.of(transpose(cts.getFirst(), inverse));
  }

  /** Batch axis to the front, kept there. */
  @BatchRule("transpose")
  public static Batched transposeBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    Array x = BatchAxes.toFront(in.getFirst(), bdims[0]);
    long[] perm = params.longs("permutation");
    long[] bperm = new long[perm.length + 1];
    for (int i = 0; i < perm.length; i++) {
      bperm[i + 1] = perm[i] + 1;
    }
    return Batched.of(transpose(x, bperm), 0);
  }

  // ---- squeeze ------------------------------------------------------------------------------

  /** Removes the size-1 axes {@code dimensions}. */
  public static Array squeeze(Array x, long[] dimensions) {
    if (dimensions.length == 0) {
      return x;
    }
    return SQUEEZE.bind1(Params.of("dimensions", dimensions), x);
  }

  /** The dimensions must be distinct axes of size 1. */
  @AbstractEval("squeeze")
  public static List<ShapedArray> squeezeAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    long[] dims = params.longs("dimensions");
    boolean[] drop = axisSet(p, "dimensions", dims, x.rank(), x);
    List<Long> shape = new ArrayList<>();
    for (int d = 0; d < x.rank(); d++) {
      if (!drop[d]) {
        shape.add(x.dim(d));
      } else if (x.dim(d) != 1) {
        throw new IllegalArgumentException(
            p + ": cannot squeeze dimension " + d + " of size " + x.dim(d) + " of " + x);
      }
    }
    return List.of(new ShapedArray(toLongs(shape), x.dtype()));
  }

  /** The cotangent reshaped back. */
  @VjpRule({"squeeze", "expand_dims"})
  public static List<Array> squeezeVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    return List.of(reshape(cts.getFirst(), primals.getFirst().shape()));
  }

  /** Batch axis to the front, the dimensions shift by one. */
  @BatchRule({"squeeze", "expand_dims", "rev"})
  public static Batched shiftDimensionsBatch(
      Primitive p, List<Array> in, int[] bdims, Params params) {
    Array x = BatchAxes.toFront(in.getFirst(), bdims[0]);
    return Batched.of(p.bind1(params.with("dimensions", shift(params.longs("dimensions"))), x), 0);
  }

  // ---- expand_dims --------------------------------------------------------------------------

  /** Inserts size-1 axes so that they sit at {@code dimensions} of the result. */
  public static Array expandDims(Array x, long[] dimensions) {
    if (dimensions.length == 0) {
      return x;
    }
    return EXPAND_DIMS.bind1(Params.of("dimensions", dimensions), x);
  }

  /** The dimensions must be distinct axes of the result. */
  @AbstractEval("expand_dims")
  public static List<ShapedArray> expandDimsAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    long[] dims = params.longs("dimensions");
    int rank = x.rank() + dims.length;
    boolean[] added = axisSet(p, "dimensions", dims, rank, x);
    long[] shape = new long[rank];
    for (int d = 0, src = 0; d < rank; d++) {
      shape[d] = added[d] ? 1 : x.dim(src++);
    }
    return List.of(new ShapedArray(shape, x.dtype()));
  }

  /** {@code stablehlo.reshape} to the result shape. */
  @Lowering({"squeeze", "expand_dims"})
  public static List<Value> reshapeLikeLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(ctx.builder().reshape(in.getFirst(), ctx.outputAvals().getFirst().shape()));
  }

  // ---- slice --------------------------------------------------------------------------------

  /** Elements {@code start[d] <= i < limit[d]} of each axis {@code d}. */
  public static Array slice(Array x, long[] start, long[] limit) {
    long[] strides = new long[start.length];
    Arrays.fill(strides, 1);
    return slice(x, start, limit, strides);
  }

  /** Elements {@code start[d] <= i < limit[d]} taken every {@code strides[d]} along each axis. */
  public static Array slice(Array x, long[] start, long[] limit, long[] strides) {
    return SLICE.bind1(
        Params.of("start_indices", start, "limit_indices", limit, "strides", strides), x);
  }

  /** In-range bounds, positive strides. */
  @AbstractEval("slice")
  public static List<ShapedArray> sliceAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    long[] shape =
        TypeRules.slice(
            p.name(),
            x,
            params.longs("start_indices"),
            params.longs("limit_indices"),
            params.longs("strides"));
    return List.of(new ShapedArray(shape, x.dtype()));
  }

  /** {@code stablehlo.slice}. */
  @Lowering("slice")
  public static List<Value> sliceLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(
        ctx.builder()
            .slice(
                in.getFirst(),
                params.longs("start_indices"),
                params.longs("limit_indices"),
                params.longs("strides")));
  }

  /** The cotangent padded with zeros back to the operand's shape (strides become interior). */
  @VjpRule("slice")
  public static List<Array> sliceVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array ct = cts.getFirst();
    long[] shape = primals.getFirst().shape();
    long[] start = params.longs("start_indices");
    long[] strides = params.longs("strides");
    long[] ctShape = ct.shape();
    long[] high = new long[shape.length];
    long[] interior = new long[shape.length];
    for (int d = 0; d < shape.length; d++) {
      long realLimit = start[d] + (ctShape[d] == 0 ? 0 : 1 + (ctShape[d] - 1) * strides[d]);
      high[d] = shape[d] - realLimit;
      interior[d] = strides[d] - 1;
    }
    return List.of(pad(ct, zeros(new long[0], ct.dtype()), start, high, interior));
  }

  /** Batch axis to the front, taken whole. */
  @BatchRule("slice")
  public static Batched sliceBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    Array x = BatchAxes.toFront(in.getFirst(), bdims[0]);
    return Batched.of(
        slice(
            x,
            prepend(0, params.longs("start_indices")),
            prepend(x.shape()[0], params.longs("limit_indices")),
            prepend(1, params.longs("strides"))),
        0);
  }

  // ---- concatenate --------------------------------------------------------------------------

  /** The operands joined along {@code dimension}; they agree in dtype and every other axis. */
  public static Array concatenate(List<Array> xs, long dimension) {
    if (xs.size() == 1) {
      return xs.getFirst();
    }
    return CONCATENATE.bind(Params.of("dimension", dimension), xs).getFirst();
  }

  /** At least one operand; one dtype and rank; equal sizes outside the dimension. */
  @AbstractEval("concatenate")
  public static List<ShapedArray> concatenateAval(
      Primitive p, List<ShapedArray> in, Params params) {
    long[] shape = TypeRules.concatenate(p.name(), in, params.longValue("dimension"));
    return List.of(new ShapedArray(shape, in.getFirst().dtype()));
  }

  /** {@code stablehlo.concatenate}. */
  @Lowering("concatenate")
  public static List<Value> concatenateLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(ctx.builder().concatenate(in, params.longValue("dimension")));
  }

  /** Each operand gets its slice of the cotangent. */
  @VjpRule("concatenate")
  public static List<Array> concatenateVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array ct = cts.getFirst();
    int dim = params.intValue("dimension");
    long[] ctShape = ct.shape();
    List<Array> out = new ArrayList<>();
    long offset = 0;
    for (Array x : primals) {
      long[] start = new long[ctShape.length];
      long[] limit = ctShape.clone();
      start[dim] = offset;
      offset += x.shape()[dim];
      limit[dim] = offset;
      out.add(slice(ct, start, limit));
    }
    return out;
  }

  /** Every operand gets a leading batch axis. */
  @BatchRule("concatenate")
  public static Batched concatenateBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    List<Array> xs = BatchAxes.materializeAll(in, bdims, BatchAxes.size(in, bdims));
    return Batched.of(
        p.bind(params.with("dimension", params.longValue("dimension") + 1), xs).getFirst(), 0);
  }

  // ---- pad ----------------------------------------------------------------------------------

  /**
   * {@code x} with {@code low} and {@code high} elements of the scalar {@code paddingValue} at the
   * edges of each axis (negative values cut elements off) and {@code interior} ones between
   * neighbours.
   */
  public static Array pad(Array x, Array paddingValue, long[] low, long[] high, long[] interior) {
    return PAD.bind1(Params.of("low", low, "high", high, "interior", interior), x, paddingValue);
  }

  /** A scalar padding value of the operand's dtype; non-negative interior and result sizes. */
  @AbstractEval("pad")
  public static List<ShapedArray> padAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.get(0);
    long[] shape =
        TypeRules.pad(
            p.name(),
            x,
            in.get(1),
            params.longs("low"),
            params.longs("high"),
            params.longs("interior"));
    return List.of(new ShapedArray(shape, x.dtype()));
  }

  /** {@code stablehlo.pad}. */
  @Lowering("pad")
  public static List<Value> padLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(
        ctx.builder()
            .pad(
                in.get(0),
                in.get(1),
                params.longs("low"),
                params.longs("high"),
                params.longs("interior")));
  }

  /**
   * The operand gets the cotangent un-padded (negated edges, then a strided slice); the padding
   * value the sum of the rest.
   */
  @VjpRule("pad")
  public static List<Array> padVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array ct = cts.getFirst();
    int r = ct.ndim();
    long[] low = params.longs("low");
    long[] high = params.longs("high");
    long[] interior = params.longs("interior");
    Array unpadded =
        pad(
            ct,
            zeros(new long[0], ct.dtype()),
            Arrays.stream(low).map(v -> -v).toArray(),
            Arrays.stream(high).map(v -> -v).toArray(),
            new long[r]);
    long[] strides = Arrays.stream(interior).map(v -> v + 1).toArray();
    Array ctOperand = slice(unpadded, new long[r], unpadded.shape(), strides);
    long[] all = LongStream.range(0, r).toArray();
    Array ctValue =
        ElementwiseOps.sub(ReductionOps.reduceSum(ct, all), ReductionOps.reduceSum(ctOperand, all));
    return List.of(ctOperand, ctValue);
  }

  /**
   * Batch axis to the front. A batched padding value: pad with zeros, then select the per-example
   * value where a padded mask is false.
   */
  @BatchRule("pad")
  public static Batched padBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    long b = BatchAxes.size(in, bdims);
    Array x = BatchAxes.materialize(in.get(0), bdims[0], b);
    Params bp =
        Params.of(
            "low", prepend(0, params.longs("low")),
            "high", prepend(0, params.longs("high")),
            "interior", prepend(0, params.longs("interior")));
    if (bdims[1] == Batched.NOT_MAPPED) {
      return Batched.of(p.bind1(bp, x, in.get(1)), 0);
    }
    Array padded = p.bind1(bp, x, zeros(new long[0], x.dtype()));
    Array ones = broadcastInDim(scalar(1, DType.BOOL), x.shape(), new long[0]);
    Array mask = p.bind1(bp, ones, scalar(0, DType.BOOL));
    Array value = BatchAxes.toFront(in.get(1), bdims[1]);
    Array fill = broadcastInDim(value, padded.shape(), new long[] {0});
    return Batched.of(ElementwiseOps.select(mask, padded, fill), 0);
  }

  // ---- rev ----------------------------------------------------------------------------------

  /** The elements in reverse order along each of {@code dimensions}. */
  public static Array rev(Array x, long[] dimensions) {
    if (dimensions.length == 0) {
      return x;
    }
    return REV.bind1(Params.of("dimensions", dimensions), x);
  }

  /** Distinct axes of the operand. */
  @AbstractEval("rev")
  public static List<ShapedArray> revAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    axisSet(p, "dimensions", params.longs("dimensions"), x.rank(), x);
    return List.of(x);
  }

  /** {@code stablehlo.reverse}. */
  @Lowering("rev")
  public static List<Value> revLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(ctx.builder().reverse(in.getFirst(), params.longs("dimensions")));
  }

  /** The cotangent reversed the same way. */
  @VjpRule("rev")
  public static List<Array> revVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    return List.of(rev(cts.getFirst(), params.longs("dimensions")));
  }

  // ---- iota ---------------------------------------------------------------------------------

  /** An array of {@code shape} whose elements count up from 0 along {@code dimension}. */
  public static Array iota(DType dtype, long[] shape, long dimension) {
    return IOTA.bind(Params.of("dtype", dtype, "shape", shape, "dimension", dimension), List.of())
        .getFirst();
  }

  /** No inputs; an integer or floating-point dtype; the dimension an axis of the shape. */
  @AbstractEval("iota")
  @NotDifferentiable("it has no inputs")
  public static List<ShapedArray> iotaAval(Primitive p, List<ShapedArray> in, Params params) {
    DType dtype = params.dtype("dtype");
    long[] shape = params.longs("shape");
    long dim = params.longValue("dimension");
    if (!in.isEmpty()) {
      throw new IllegalArgumentException(p + " takes no operands, got " + in);
    }
    if (dtype == DType.BOOL) {
      throw new IllegalArgumentException(
          p + ": needs an integer or floating-point dtype: " + params);
    }
    if (dim < 0 || dim >= shape.length) {
      throw new IllegalArgumentException(p + ": dimension out of range: " + params);
    }
    return List.of(new ShapedArray(shape, dtype));
  }

  /** {@code stablehlo.iota}. */
  @Lowering("iota")
  public static List<Value> iotaLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(
        ctx.builder()
            .iota(
                new TensorType(params.longs("shape"), params.dtype("dtype")),
                params.longValue("dimension")));
  }

  /** Having no inputs, iota is never batched; its result is the same for every example. */
  @BatchRule("iota")
  public static Batched iotaBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    return Batched.of(p.bind(params, in).getFirst(), Batched.NOT_MAPPED);
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** Zeros of {@code shape} and {@code dtype}. */
  static Array zeros(long[] shape, DType dtype) {
    return broadcastInDim(scalar(0, dtype), shape, new long[0]);
  }

  /** A 0-d constant. */
  static Array scalar(long value, DType dtype) {
    return DeviceArray.scalar(value, dtype);
  }

  /** Marks {@code dims}, which must be distinct axes below {@code rank}. */
  private static boolean[] axisSet(Primitive p, String what, long[] dims, int rank, ShapedArray x) {
    TypeRules.checkAxes(p.name(), what, dims, rank, x);
    boolean[] set = new boolean[rank];
    for (long d : dims) {
      set[(int) d] = true;
    }
    return set;
  }

  static long[] shift(long[] axes) {
    return Arrays.stream(axes).map(a -> a + 1).toArray();
  }

  static long[] prepend(long head, long[] tail) {
    long[] out = new long[tail.length + 1];
    out[0] = head;
    System.arraycopy(tail, 0, out, 1, tail.length);
    return out;
  }

  private static long[] toLongs(List<Long> values) {
    return values.stream().mapToLong(Long::longValue).toArray();
  }

  private static boolean isIdentity(long[] axes) {
    for (int i = 0; i < axes.length; i++) {
      if (axes[i] != i) {
        return false;
      }
    }
    return true;
  }
}
