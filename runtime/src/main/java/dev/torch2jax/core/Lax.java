package dev.torch2jax.core;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.hlo.BinaryOp;
import dev.torch2jax.hlo.TensorType;
import dev.torch2jax.hlo.UnaryOp;
import java.util.Arrays;
import java.util.List;

/**
 * The primitive operations, like {@code jax.lax}: no promotion, no broadcasting, operands already
 * of matching types. {@code Jnp} is written on these. Each runs eagerly through {@link Eager}; the
 * shape and dtype checks live in the StableHLO builder, so a mistake names the op.
 */
public final class Lax {
  private Lax() {}

  /** An elementwise binary op on two arrays of one shape and dtype. */
  public static Array binary(BinaryOp op, Array a, Array b) {
    return Eager.run1(
        op.name(), List.of(a, b), (f, in) -> List.of(f.binary(op, in.get(0), in.get(1))));
  }

  /** An elementwise unary op. */
  public static Array unary(UnaryOp op, Array a) {
    return Eager.run1(op.name(), List.of(a), (f, in) -> List.of(f.unary(op, in.get(0))));
  }

  /** Converts the element type (float to integer truncates toward zero, as in C). */
  public static Array convert(Array a, DType to) {
    if (a.dtype() == to) {
      return a;
    }
    return Eager.run1(
        "convert[" + to + "]", List.of(a), (f, in) -> List.of(f.convert(in.get(0), to)));
  }

  /** Broadcasts {@code a} into {@code shape}, operand axis i going to result axis dims[i]. */
  public static Array broadcastInDim(Array a, long[] shape, long[] dims) {
    return Eager.run1(
        "broadcast_in_dim[" + Arrays.toString(shape) + "," + Arrays.toString(dims) + "]",
        List.of(a),
        (f, in) -> List.of(f.broadcastInDim(in.get(0), shape, dims)));
  }

  /** Same elements, new shape of equal element count. */
  public static Array reshape(Array a, long[] shape) {
    if (Arrays.equals(a.shape(), shape)) {
      return a;
    }
    return Eager.run1(
        "reshape[" + Arrays.toString(shape) + "]",
        List.of(a),
        (f, in) -> List.of(f.reshape(in.get(0), shape)));
  }

  /** Permutes the axes: result axis i is operand axis perm[i]. */
  public static Array transpose(Array a, long[] perm) {
    return Eager.run1(
        "transpose[" + Arrays.toString(perm) + "]",
        List.of(a),
        (f, in) -> List.of(f.transpose(in.get(0), perm)));
  }

  /** {@code stablehlo.dot_general}: batch dims first, then lhs free dims, then rhs free dims. */
  public static Array dotGeneral(
      Array a, Array b, long[] lhsBatch, long[] rhsBatch, long[] lhsContract, long[] rhsContract) {
    String key =
        "dot_general["
            + Arrays.toString(lhsBatch)
            + Arrays.toString(rhsBatch)
            + Arrays.toString(lhsContract)
            + Arrays.toString(rhsContract)
            + "]";
    return Eager.run1(
        key,
        List.of(a, b),
        (f, in) ->
            List.of(
                f.dotGeneral(in.get(0), in.get(1), lhsBatch, rhsBatch, lhsContract, rhsContract)));
  }

  /** Sums over {@code axes} (which disappear from the shape). */
  public static Array reduceSum(Array a, long[] axes) {
    return Eager.run1(
        "reduce_sum[" + Arrays.toString(axes) + "]",
        List.of(a),
        (f, in) -> List.of(f.reduceSum(in.get(0), axes)));
  }

  /** A constant of {@code dtype} and {@code shape}, every element {@code value}. */
  public static Array full(long[] shape, double value, DType dtype) {
    TensorType t = new TensorType(shape, dtype);
    return Eager.run1(
        "full[" + t + "," + value + "]",
        List.of(),
        (f, in) ->
            List.of(
                dtype.isFloatingPoint()
                    ? f.constant(t, value)
                    : dtype == DType.BOOL
                        ? f.constant(t, value != 0)
                        : f.constant(t, (long) value)));
  }
}
