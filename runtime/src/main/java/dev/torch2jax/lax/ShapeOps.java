package dev.torch2jax.lax;

import dev.torch2jax.Array;
import dev.torch2jax.annotations.AbstractEval;
import dev.torch2jax.annotations.BatchRule;
import dev.torch2jax.annotations.Lowering;
import dev.torch2jax.annotations.VjpRule;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.core.rules.LoweringContext;
import dev.torch2jax.hlo.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Primitives that move elements without computing: broadcast, reshape, transpose. */
public final class ShapeOps {
  static final Primitive BROADCAST_IN_DIM = Primitive.of("broadcast_in_dim");
  static final Primitive RESHAPE = Primitive.of("reshape");
  static final Primitive TRANSPOSE = Primitive.of("transpose");

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

  /** Checks the operand against the target shape and dimension map. */
  @AbstractEval("broadcast_in_dim")
  public static List<ShapedArray> broadcastInDimAval(
      Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray x = in.getFirst();
    long[] shape = params.longs("shape");
    long[] dims = params.longs("broadcast_dimensions");
    if (dims.length != x.rank()) {
      throw new IllegalArgumentException(
          p
              + ": operand "
              + x
              + " needs "
              + x.rank()
              + " broadcast dimensions, got "
              + Arrays.toString(dims));
    }
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0 || dims[i] >= shape.length || (i > 0 && dims[i] <= dims[i - 1])) {
        throw new IllegalArgumentException(
            p
                + ": broadcast dimensions "
                + Arrays.toString(dims)
                + " must increase within rank "
                + shape.length);
      }
      if (x.dim(i) != 1 && x.dim(i) != shape[(int) dims[i]]) {
        throw new IllegalArgumentException(
            p
                + ": cannot broadcast "
                + x
                + " to "
                + Arrays.toString(shape)
                + " along "
                + Arrays.toString(dims));
      }
    }
    return List.of(new ShapedArray(shape, x.dtype()));
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
    long[] perm = params.longs("permutation");
    boolean[] seen = new boolean[x.rank()];
    if (perm.length != x.rank()) {
      throw new IllegalArgumentException(
          p + ": permutation " + Arrays.toString(perm) + " for " + x);
    }
    long[] shape = new long[perm.length];
    for (int i = 0; i < perm.length; i++) {
      if (perm[i] < 0 || perm[i] >= x.rank() || seen[(int) perm[i]]) {
        throw new IllegalArgumentException(
            p + ": " + Arrays.toString(perm) + " is not a permutation of the axes of " + x);
      }
      seen[(int) perm[i]] = true;
      shape[i] = x.dim((int) perm[i]);
    }
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

  private static boolean isIdentity(long[] axes) {
    for (int i = 0; i < axes.length; i++) {
      if (axes[i] != i) {
        return false;
      }
    }
    return true;
  }
}
