package dev.torch2jax.aten;

import static dev.torch2jax.aten.Constants.scalar;
import static dev.torch2jax.aten.ResultTypes.common;
import static dev.torch2jax.aten.ResultTypes.resultType;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.CustomVjp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.lax.ElementwiseOps;
import java.util.Arrays;
import java.util.List;

/**
 * Pointwise selection: {@code clamp} with number or tensor bounds (promoting, as PyTorch does since
 * 1.13), {@code where}, {@code masked_fill}.
 */
public final class TensorCompare {
  private TensorCompare() {}

  /**
   * {@code min(max(self, min), max)} with Python-number bounds (either may be None, not both);
   * integer tensors with float bounds give float32. Where {@code min > max} the result is {@code
   * max}.
   */
  @Implements("aten::clamp aten::clamp_ aten::clip aten::clip_")
  public static Array clamp(Array self, Number min, Number max) {
    requireBound("aten::clamp", min, max);
    DType t = resultType(self, min, max);
    return clampNan(
        Jnp.astype(self, t),
        min == null ? null : scalar(min, t),
        max == null ? null : scalar(max, t));
  }

  /**
   * {@code min(max(self, min), max)} with tensor bounds (either may be None, not both), all
   * broadcast and promoted together; NaN in a bound gives NaN.
   */
  @Implements("aten::clamp.Tensor aten::clamp_.Tensor aten::clip.Tensor aten::clip_.Tensor")
  public static Array clampTensor(Array self, Array min, Array max) {
    requireBound("aten::clamp.Tensor", min, max);
    DType t = resultType(self, min, max);
    Array[] xs = common("aten::clamp", t, self, min, max);
    Array x = xs[0];
    if (xs[1] != null) {
      x = ElementwiseOps.max(x, xs[1]);
    }
    if (xs[2] != null) {
      x = ElementwiseOps.min(x, xs[2]);
    }
    return x;
  }

  /** {@code max(self, bound)} ({@code clamp_min}) or {@code min(self, bound)}, a Python number. */
  @Implements("aten::clamp_min aten::clamp_min_ aten::clamp_max aten::clamp_max_")
  public static Array clampBound(String overload, Array self, Number bound) {
    return isMin(overload) ? clamp(self, bound, null) : clamp(self, null, bound);
  }

  /** {@code max(self, bound)} ({@code clamp_min}) or {@code min(self, bound)}, a tensor. */
  @Implements({
    "aten::clamp_min.Tensor aten::clamp_min_.Tensor",
    "aten::clamp_max.Tensor aten::clamp_max_.Tensor"
  })
  public static Array clampBoundTensor(String overload, Array self, Array bound) {
    return isMin(overload) ? clampTensor(self, bound, null) : clampTensor(self, null, bound);
  }

  private static boolean isMin(String overload) {
    return OverloadNames.operator(overload).startsWith("clamp_min");
  }

  private static void requireBound(String op, Object min, Object max) {
    if (min == null && max == null) {
      throw new IllegalArgumentException(
          "%s: at least one of 'min' or 'max' must not be None".formatted(op));
    }
  }

  // ---- VJPs: libtorch passes the gradient where min <= x <= max (closed), NaN x gets none ----

  /** {@code ct} where {@code min <= x <= max}. */
  @CustomVjp({"aten::clamp", "aten::clamp_", "aten::clip", "aten::clip_"})
  public static List<Object> clampVjp(List<Object> args, Object output, Object cotangent) {
    Number min = args.size() > 1 ? (Number) args.get(1) : null;
    Number max = args.size() > 2 ? (Number) args.get(2) : null;
    return Arrays.asList(inside((Array) args.get(0), min, max, (Array) cotangent), null, null);
  }

  /** {@code ct} where {@code x >= min}. */
  @CustomVjp({"aten::clamp_min", "aten::clamp_min_"})
  public static List<Object> clampMinVjp(List<Object> args, Object output, Object cotangent) {
    return Arrays.asList(
        inside((Array) args.get(0), (Number) args.get(1), null, (Array) cotangent), null);
  }

  /** {@code ct} where {@code x <= max}. */
  @CustomVjp({"aten::clamp_max", "aten::clamp_max_"})
  public static List<Object> clampMaxVjp(List<Object> args, Object output, Object cotangent) {
    return Arrays.asList(
        inside((Array) args.get(0), null, (Number) args.get(1), (Array) cotangent), null);
  }

  private static Array inside(Array self, Number min, Number max, Array ct) {
    Array x = Jnp.astype(self, ct.dtype());
    Array pass = null;
    if (min != null) {
      pass =
          ElementwiseOps.compare(
              ComparisonDirection.GE, x, Jnp.broadcastTo(scalar(min, x.dtype()), x.shape()));
    }
    if (max != null) {
      Array le =
          ElementwiseOps.compare(
              ComparisonDirection.LE, x, Jnp.broadcastTo(scalar(max, x.dtype()), x.shape()));
      pass = pass == null ? le : ElementwiseOps.and(pass, le);
    }
    Array g = ElementwiseOps.select(pass, ct, ElementwiseOps.fullLike(ct, 0));
    return Jnp.astype(g, self.dtype());
  }

  /** {@code self} where {@code condition} holds, else {@code other}; all three broadcast. */
  @Implements("aten::where.self")
  public static Array where(Array condition, Array self, Array other) {
    return Jnp.where(boolCondition(condition), self, other);
  }

  /** {@link #where} with a Python number for {@code other}. */
  @Implements("aten::where.ScalarOther")
  public static Array whereScalarOther(Array condition, Array self, Number other) {
    DType t = resultType(self, other);
    return Jnp.where(boolCondition(condition), Jnp.astype(self, t), scalar(other, t));
  }

  /** {@link #where} with a Python number for {@code self}. */
  @Implements("aten::where.ScalarSelf")
  public static Array whereScalarSelf(Array condition, Number self, Array other) {
    DType t = resultType(other, self);
    return Jnp.where(boolCondition(condition), scalar(self, t), Jnp.astype(other, t));
  }

  /** {@link #where} with two Python numbers (floats give float32, ints int64). */
  @Implements("aten::where.Scalar")
  public static Array whereScalar(Array condition, Number self, Number other) {
    DType t = resultType(self, other);
    return Jnp.where(boolCondition(condition), scalar(self, t), scalar(other, t));
  }

  /**
   * {@code value} (converted to {@code self}'s dtype) where the bool {@code mask} holds, else
   * {@code self}; the result has the broadcast shape of {@code self} and {@code mask}.
   */
  @Implements("aten::masked_fill.Scalar aten::masked_fill_.Scalar")
  public static Array maskedFill(Array self, Array mask, Number value) {
    checkMask(mask);
    return Jnp.where(mask, scalar(value, self.dtype()), self);
  }

  /** {@link #maskedFill} with a 0-d tensor {@code value}. */
  @Implements("aten::masked_fill.Tensor aten::masked_fill_.Tensor")
  public static Array maskedFillTensor(Array self, Array mask, Array value) {
    checkMask(mask);
    if (value.ndim() != 0) {
      throw new IllegalArgumentException(
          "aten::masked_fill: only supports a 0-dimensional value tensor, but got tensor with "
              + value.ndim()
              + " dimension(s)");
    }
    return Jnp.where(mask, Jnp.astype(value, self.dtype()), self);
  }

  private static void checkMask(Array mask) {
    if (mask.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(
          "aten::masked_fill: only supports boolean masks, but got mask with dtype "
              + mask.dtype().torchName());
    }
  }

  private static Array boolCondition(Array condition) {
    // PyTorch still accepts uint8 conditions (deprecated); anything else is an error.
    if (condition.dtype() == DType.U8) {
      return CompareOps.truth(condition);
    }
    if (condition.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(
          "aten::where: expected condition to be a boolean tensor, but got a tensor with dtype "
              + condition.dtype().torchName());
    }
    return condition;
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
}
