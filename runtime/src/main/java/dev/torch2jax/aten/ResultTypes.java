package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.Promotion;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.lax.ElementwiseOps;
import java.util.function.BinaryOperator;

/**
 * The dtype and shape several operands share: {@code torch.result_type} over tensors and wrapped
 * numbers, broadcasting, conversion to a common dtype, and the float dtype of float-only ops.
 */
final class ResultTypes {
  private ResultTypes() {}

  /**
   * {@code torch.result_type} over {@link Array}s (by rank: dimensioned, then 0-d) and Java numbers
   * (wrapped Python scalars: Double/Float float, Long/Integer int); nulls are skipped.
   */
  static DType resultType(Object... operands) {
    Promotion.ResultType r = new Promotion.ResultType();
    for (Object o : operands) {
      if (o instanceof Array a) {
        r.tensor(a.dtype(), a.ndim());
      } else if (o != null) {
        r.scalar(o);
      }
    }
    return r.result();
  }

  /** {@code f(self, other)}, both in {@code torch.result_type}'s dtype, {@code other} a number. */
  static Array withScalar(Array self, Number other, BinaryOperator<Array> f) {
    DType t = resultType(self, other);
    return f.apply(Jnp.astype(self, t), Constants.scalar(other, t));
  }

  /** {@link #withScalar} with the number first, as in {@code 2 ** x}. */
  static Array withScalarFirst(Number self, Array other, BinaryOperator<Array> f) {
    DType t = resultType(other, self);
    return f.apply(Constants.scalar(self, t), Jnp.astype(other, t));
  }

  /** True for Java numbers that play Python floats. */
  static boolean isFloat(Number n) {
    return n instanceof Double || n instanceof Float;
  }

  /** {@code x} in float32 when it is integral or bool, as PyTorch's float-only unary ops do. */
  static Array floating(Array x) {
    return x.dtype().isInexact() ? x : ElementwiseOps.convert(x, Promotion.DEFAULT_FLOAT);
  }

  /** The dtype an integer-to-float op gives: {@code t} if floating, else float32. */
  static DType floatOf(DType t) {
    return t.isInexact() ? t : Promotion.DEFAULT_FLOAT;
  }

  /** The broadcast shape of all non-null operands. */
  static long[] broadcastShape(String op, Array... xs) {
    long[] shape = null;
    for (Array x : xs) {
      if (x != null) {
        shape = shape == null ? x.shape() : Shapes.broadcast(op, shape, x.shape());
      }
    }
    return shape;
  }

  /**
   * The operands converted to {@code t} and broadcast to their common shape (nulls stay null), as a
   * TensorIterator with a common dtype does.
   */
  static Array[] common(String op, DType t, Array... xs) {
    long[] shape = broadcastShape(op, xs);
    Array[] out = new Array[xs.length];
    for (int i = 0; i < xs.length; i++) {
      out[i] = xs[i] == null ? null : Jnp.broadcastTo(ElementwiseOps.convert(xs[i], t), shape);
    }
    return out;
  }
}
