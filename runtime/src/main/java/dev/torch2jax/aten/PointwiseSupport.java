package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.core.Promotion;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.lax.ElementwiseOps;

/**
 * Helpers of the pointwise families: {@code torch.result_type} over tensors and wrapped numbers,
 * constants, broadcasting several operands at once, dtype checks with PyTorch's messages.
 */
final class PointwiseSupport {
  private PointwiseSupport() {}

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

  /** True for Java numbers that play Python floats. */
  static boolean isFloat(Number n) {
    return n instanceof Double || n instanceof Float;
  }

  /** A 0-d constant of {@code dtype} (floats to integers truncate, as a C++ cast does). */
  static Array scalar(Number value, DType dtype) {
    if (isFloat(value) && !dtype.isInexact()) {
      double d = value.doubleValue();
      if (dtype == DType.BOOL) {
        return DeviceArray.scalar(d != 0 ? 1L : 0L, dtype);
      }
      return DeviceArray.scalar((long) d, dtype);
    }
    if (!isFloat(value) && dtype == DType.BOOL) {
      return DeviceArray.scalar(value.longValue() != 0 ? 1L : 0L, dtype);
    }
    return DeviceArray.scalar(value, dtype);
  }

  /** A constant of {@code like}'s shape and dtype {@code dtype}. */
  static Array full(Array like, Number value, DType dtype) {
    return Jnp.broadcastTo(scalar(value, dtype), like.shape());
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

  /** {@code x} in float32 when it is integral or bool, as PyTorch's float-only unary ops do. */
  static Array floating(Array x) {
    return x.dtype().isInexact() ? x : ElementwiseOps.convert(x, Promotion.DEFAULT_FLOAT);
  }

  /** The dtype an integer-to-float op gives: {@code t} if floating, else float32. */
  static DType floatOf(DType t) {
    return t.isInexact() ? t : Promotion.DEFAULT_FLOAT;
  }

  /** Throws PyTorch's "not implemented for" error unless {@code x} is floating point. */
  static void requireFloat(String op, Array x) {
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          op + ": not implemented for '" + x.dtype().torchName() + "' (needs a float tensor)");
    }
  }

  /** Throws unless {@code x} is not a bool tensor. */
  static void rejectBool(String op, Array x) {
    if (x.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(op + ": not implemented for 'bool'");
    }
  }

  /** PyTorch's alpha check: no float alpha for integral results, no bool alpha for non-bool. */
  static void checkAlpha(String op, DType t, Number alpha) {
    if (!t.isInexact() && isFloat(alpha)) {
      throw new IllegalArgumentException(
          op
              + ": for integral input tensors, argument alpha must not be a floating point number"
              + " (got "
              + alpha
              + " for "
              + t.torchName()
              + ")");
    }
  }

  /**
   * {@code min(max(x, lo), hi)} with 0-d bounds of {@code x}'s dtype; unlike XLA's clamp, NaN in
   * {@code x} stays NaN, as in PyTorch.
   */
  static Array clampNan(Array x, Array lo, Array hi) {
    Array out = x;
    if (lo != null) {
      out = ElementwiseOps.max(out, Jnp.broadcastTo(lo, x.shape()));
    }
    if (hi != null) {
      out = ElementwiseOps.min(out, Jnp.broadcastTo(hi, x.shape()));
    }
    return out;
  }

  /** {@code x op y} elementwise, same shape and dtype. */
  static Array cmp(ComparisonDirection d, Array x, Array y) {
    return ElementwiseOps.compare(d, x, y);
  }

  /** {@code x != 0} (or x itself for bools): PyTorch's truth value of an element. */
  static Array truth(Array x) {
    if (x.dtype() == DType.BOOL) {
      return x;
    }
    return ElementwiseOps.compare(ComparisonDirection.NE, x, ElementwiseOps.fullLike(x, 0));
  }

  /** A constant like {@code x} (its shape and dtype). */
  static Array like(Array x, double value) {
    return ElementwiseOps.fullLike(x, value);
  }

  /** Where {@code c}: {@code a}, else {@code b} (same shapes and dtypes). */
  static Array select(Array c, Array a, Array b) {
    return ElementwiseOps.select(c, a, b);
  }
}
