package dev.torch2jax.aten;

import static dev.torch2jax.aten.Constants.like;
import static dev.torch2jax.aten.Constants.scalar;
import static dev.torch2jax.aten.DTypeChecks.checkAlpha;
import static dev.torch2jax.aten.ResultTypes.common;
import static dev.torch2jax.aten.ResultTypes.floatOf;
import static dev.torch2jax.aten.ResultTypes.isFloat;
import static dev.torch2jax.aten.ResultTypes.resultType;
import static dev.torch2jax.aten.ResultTypes.withScalar;
import static dev.torch2jax.aten.ResultTypes.withScalarFirst;
import static dev.torch2jax.lax.ElementwiseOps.select;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.IdentityOps;
import java.util.function.BinaryOperator;

/**
 * Binary pointwise arithmetic with PyTorch's promotion (ATen's BinaryOps): {@code add}, {@code
 * sub}, {@code mul}, {@code div} with tensors and with numbers ({@code x + 1}, {@code x * 2.5}: a
 * Python int keeps an integer tensor's dtype, a Python float gives float32 for integer tensors),
 * division with rounding modes, remainders, powers, {@code maximum}/{@code minimum}, {@code atan2},
 * {@code lerp}, {@code addcmul}, {@code addcdiv}. In-place variants return the new value; the
 * interpreter casts it to {@code self}'s dtype and rebinds it.
 *
 * <p>XLA differs from libtorch on integer division and remainder by zero: libtorch raises {@code
 * ZeroDivisionError}, XLA gives an unspecified value (-1 for the quotient on CPU) without an error.
 */
public final class BinaryOps {
  private BinaryOps() {}

  // ---- tensor with a tensor ------------------------------------------------------------------

  /** {@code self + alpha * other}. */
  @Implements("aten::add.Tensor aten::add_.Tensor")
  public static Array add(Array self, Array other, Number alpha) {
    DType t = Jnp.resultType(self, other);
    checkAlpha("aten::add.Tensor", t, alpha);
    return Jnp.add(self, scaled(other, alpha, t));
  }

  /** {@code self - alpha * other} ({@code torch.subtract} too). */
  @Implements("aten::sub.Tensor aten::sub_.Tensor aten::subtract.Tensor aten::subtract_.Tensor")
  public static Array sub(Array self, Array other, Number alpha) {
    DType t = Jnp.resultType(self, other);
    checkAlpha("aten::sub.Tensor", t, alpha);
    return Jnp.subtract(self, scaled(other, alpha, t));
  }

  /** {@code self * other} ({@code torch.multiply} too). */
  @Implements("aten::mul.Tensor aten::mul_.Tensor aten::multiply.Tensor aten::multiply_.Tensor")
  public static Array mul(Array self, Array other) {
    return Jnp.multiply(self, other);
  }

  /**
   * True division {@code self / other} (integers give float32), also spelled {@code torch.divide}
   * and {@code torch.true_divide}.
   */
  @Implements({
    "aten::div.Tensor aten::div_.Tensor aten::divide.Tensor aten::divide_.Tensor",
    "aten::true_divide.Tensor aten::true_divide_.Tensor"
  })
  public static Array div(Array self, Array other) {
    return Jnp.divide(self, other);
  }

  /** Elementwise maximum; NaN propagates. */
  @Implements("aten::maximum")
  public static Array maximum(Array self, Array other) {
    return Jnp.maximum(self, other);
  }

  // ---- tensor with a number ------------------------------------------------------------------

  /** {@code self + alpha * other}, {@code other} a Python number. */
  @Implements("aten::add.Scalar aten::add_.Scalar")
  public static Array addScalar(Array self, Number other, Number alpha) {
    return withScaledScalar("aten::add.Scalar", self, other, alpha, Jnp::add);
  }

  /** {@code self - alpha * other}, {@code other} a Python number; bool tensors are rejected. */
  @Implements("aten::sub.Scalar aten::sub_.Scalar aten::subtract.Scalar aten::subtract_.Scalar")
  public static Array subScalar(Array self, Number other, Number alpha) {
    rejectBoolSub("aten::sub.Scalar", self);
    return withScaledScalar("aten::sub.Scalar", self, other, alpha, Jnp::subtract);
  }

  /**
   * {@code f(self, alpha * other)} in {@code torch.result_type}'s dtype, {@code other} a number.
   */
  private static Array withScaledScalar(
      String overload, Array self, Number other, Number alpha, BinaryOperator<Array> f) {
    DType t = resultType(self, other);
    checkAlpha(overload, t, alpha);
    return f.apply(Jnp.astype(self, t), scaled(scalar(other, t), alpha, t));
  }

  /** {@code other - alpha * self}. */
  @Implements("aten::rsub.Tensor")
  public static Array rsub(Array self, Array other, Number alpha) {
    rejectBoolSub("aten::rsub.Tensor", self);
    rejectBoolSub("aten::rsub.Tensor", other);
    DType t = resultType(self, other);
    checkAlpha("aten::rsub.Tensor", t, alpha);
    return Jnp.subtract(Jnp.astype(other, t), scaled(Jnp.astype(self, t), alpha, t));
  }

  /** {@code other - alpha * self}, {@code other} a Python number. */
  @Implements("aten::rsub.Scalar")
  public static Array rsubScalar(Array self, Number other, Number alpha) {
    rejectBoolSub("aten::rsub.Scalar", self);
    DType t = resultType(self, other);
    checkAlpha("aten::rsub.Scalar", t, alpha);
    return Jnp.subtract(scalar(other, t), scaled(Jnp.astype(self, t), alpha, t));
  }

  /** {@code self * other}, {@code other} a Python number. */
  @Implements("aten::mul.Scalar aten::mul_.Scalar aten::multiply.Scalar aten::multiply_.Scalar")
  public static Array mulScalar(Array self, Number other) {
    return withScalar(self, other, Jnp::multiply);
  }

  /** True division by a Python number (integer tensors give float32). */
  @Implements({
    "aten::div.Scalar aten::div_.Scalar aten::divide.Scalar",
    "aten::divide_.Scalar aten::true_divide.Scalar aten::true_divide_.Scalar"
  })
  public static Array divScalar(Array self, Number other) {
    DType t = floatOf(resultType(self, other));
    return Jnp.divide(Jnp.astype(self, t), scalar(other, t));
  }

  // ---- division with rounding modes ----------------------------------------------------------

  /**
   * {@code self / other} with {@code rounding_mode} None (true division), {@code "trunc"} (toward
   * zero) or {@code "floor"} (toward -inf, Python's {@code //}); the rounded modes keep integer
   * dtypes.
   */
  @Implements({
    "aten::div.Tensor_mode aten::div_.Tensor_mode",
    "aten::divide.Tensor_mode aten::divide_.Tensor_mode"
  })
  public static Array divMode(Array self, Array other, String roundingMode) {
    return divide("aten::div.Tensor_mode", self, other, resultType(self, other), roundingMode);
  }

  /** {@link #divMode} by a Python number. */
  @Implements({
    "aten::div.Scalar_mode aten::div_.Scalar_mode",
    "aten::divide.Scalar_mode aten::divide_.Scalar_mode"
  })
  public static Array divScalarMode(Array self, Number other, String roundingMode) {
    DType t = resultType(self, other);
    return divide("aten::div.Scalar_mode", self, scalar(other, t), t, roundingMode);
  }

  /** Python's {@code //}: the quotient rounded toward -inf. */
  @Implements("aten::floor_divide aten::floor_divide_.Tensor")
  public static Array floorDivide(Array self, Array other) {
    return divide("aten::floor_divide", self, other, resultType(self, other), "floor");
  }

  /** Python's {@code //} by a Python number. */
  @Implements("aten::floor_divide.Scalar aten::floor_divide_.Scalar")
  public static Array floorDivideScalar(Array self, Number other) {
    DType t = resultType(self, other);
    return divide("aten::floor_divide.Scalar", self, scalar(other, t), t, "floor");
  }

  // ---- remainders ------------------------------------------------------------------------------

  /**
   * Python's {@code remainder} (the sign follows the divisor) or C's {@code fmod} (the sign follows
   * the dividend), as the overload's name says.
   */
  @Implements("aten::remainder.Tensor aten::remainder_.Tensor aten::fmod.Tensor aten::fmod_.Tensor")
  public static Array remainder(String overload, Array self, Array other) {
    return remainderOf(overload).apply(self, other);
  }

  /** {@link #remainder} by a Python number. */
  @Implements("aten::remainder.Scalar aten::remainder_.Scalar aten::fmod.Scalar aten::fmod_.Scalar")
  public static Array remainderScalar(String overload, Array self, Number other) {
    return withScalar(self, other, remainderOf(overload));
  }

  /** Python's remainder of a Python number by a tensor. */
  @Implements("aten::remainder.Scalar_Tensor")
  public static Array remainderScalarTensor(Number self, Array other) {
    return withScalarFirst(self, other, Jnp::remainder);
  }

  private static BinaryOperator<Array> remainderOf(String overload) {
    return OverloadNames.operator(overload).startsWith("fmod") ? Jnp::fmod : Jnp::remainder;
  }

  // ---- powers ------------------------------------------------------------------------------

  /** {@code self ** exponent}, broadcast and promoted. */
  @Implements("aten::pow.Tensor_Tensor aten::pow_.Tensor")
  public static Array pow(Array self, Array exponent) {
    return Jnp.power(self, exponent);
  }

  /**
   * {@code self ** exponent}, {@code exponent} a Python number; integer tensors to negative integer
   * powers are rejected, as in PyTorch.
   */
  @Implements("aten::pow.Tensor_Scalar aten::pow_.Scalar")
  public static Array powScalar(Array self, Number exponent) {
    DType t = resultType(self, exponent);
    if (!t.isFloatingPoint() && !isFloat(exponent) && exponent.longValue() < 0) {
      throw new IllegalArgumentException(
          "aten::pow: integers to negative integer powers are not allowed (exponent "
              + exponent
              + " for "
              + t.torchName()
              + ")");
    }
    return Jnp.power(Jnp.astype(self, t), scalar(exponent, t));
  }

  /** A Python number {@code self} to the tensor power {@code exponent}. */
  @Implements("aten::pow.Scalar")
  public static Array powScalarBase(Number self, Array exponent) {
    return withScalarFirst(self, exponent, Jnp::power);
  }

  /** {@code atan2(self, other)}; integer tensors give float32. */
  @Implements("aten::atan2 aten::atan2_ aten::arctan2 aten::arctan2_")
  public static Array atan2(Array self, Array other) {
    return Jnp.arctan2(self, other);
  }

  /**
   * {@code atan2(self, other)} cast to {@code out}'s dtype, as written into {@code out} (the
   * interpreter writes it there, resizing {@code out} to the result's shape if needed).
   */
  @Implements("aten::atan2.out")
  public static Array atan2Out(Array self, Array other, Array out) {
    return OutTensors.castTo("aten::atan2.out", atan2(self, other), out.dtype());
  }

  /** The smaller of each pair; NaN wins. */
  @Implements("aten::minimum")
  public static Array minimum(Array self, Array other) {
    return Jnp.minimum(self, other);
  }

  // ---- fused -------------------------------------------------------------------------------

  /**
   * {@code self + weight * (end - self)}, computed as PyTorch does ({@code end - (end - self) * (1
   * - weight)} when {@code |weight| >= 0.5}); {@code self} and {@code end} of one float dtype.
   */
  @Implements("aten::lerp.Scalar aten::lerp_.Scalar")
  public static Array lerp(Array self, Array end, Number weight) {
    checkSameDtype("aten::lerp", "end", self, end);
    DTypeChecks.requireFloat("aten::lerp", self);
    DType t = self.dtype();
    Array[] xs = common("aten::lerp", t, self, end);
    double w = weight.doubleValue();
    Array diff = ElementwiseOps.sub(xs[1], xs[0]);
    if (Math.abs(w) < 0.5) {
      return ElementwiseOps.add(xs[0], ElementwiseOps.mul(like(diff, w), diff));
    }
    return ElementwiseOps.sub(xs[1], ElementwiseOps.mul(diff, like(diff, 1 - w)));
  }

  /** {@link #lerp} with a tensor {@code weight} (same dtype), all three broadcast. */
  @Implements("aten::lerp.Tensor aten::lerp_.Tensor")
  public static Array lerpTensor(Array self, Array end, Array weight) {
    checkSameDtype("aten::lerp", "end", self, end);
    checkSameDtype("aten::lerp", "weight", self, weight);
    DTypeChecks.requireFloat("aten::lerp", self);
    Array[] xs = common("aten::lerp", self.dtype(), self, end, weight);
    Array diff = ElementwiseOps.sub(xs[1], xs[0]);
    Array w = xs[2];
    Array small =
        ElementwiseOps.compare(ComparisonDirection.LT, ElementwiseOps.abs(w), like(w, 0.5));
    return select(
        small,
        ElementwiseOps.add(xs[0], ElementwiseOps.mul(w, diff)),
        ElementwiseOps.sub(xs[1], ElementwiseOps.mul(diff, ElementwiseOps.sub(like(w, 1), w))));
  }

  /** {@code self + value * tensor1 * tensor2}, all three broadcast and promoted. */
  @Implements("aten::addcmul aten::addcmul_")
  public static Array addcmul(Array self, Array tensor1, Array tensor2, Number value) {
    DType t = resultType(self, tensor1, tensor2);
    Array[] xs = common("aten::addcmul", t, self, tensor1, tensor2);
    Array prod = ElementwiseOps.mul(ElementwiseOps.mul(fullOf(xs[1], value, t), xs[1]), xs[2]);
    return ElementwiseOps.add(xs[0], prod);
  }

  /**
   * {@code self + value * tensor1 / tensor2}, all three broadcast and promoted; integer {@code
   * tensor1} and {@code tensor2} are rejected, as in PyTorch.
   */
  @Implements("aten::addcdiv aten::addcdiv_")
  public static Array addcdiv(Array self, Array tensor1, Array tensor2, Number value) {
    if (!tensor1.dtype().isFloatingPoint() && !tensor2.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "aten::addcdiv: integer division with addcdiv is no longer supported; use"
              + " addcdiv(self, tensor1.float(), tensor2) or rounded division instead");
    }
    DType t = resultType(self, tensor1, tensor2);
    Array[] xs = common("aten::addcdiv", t, self, tensor1, tensor2);
    Array quot = ElementwiseOps.div(ElementwiseOps.mul(fullOf(xs[1], value, t), xs[1]), xs[2]);
    return ElementwiseOps.add(xs[0], quot);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static Array fullOf(Array like, Number value, DType t) {
    return Jnp.broadcastTo(scalar(value, t), like.shape());
  }

  private static Array scaled(Array x, Number alpha, DType t) {
    if (alpha.doubleValue() == 1) {
      return x;
    }
    return Jnp.multiply(x, scalar(alpha, t));
  }

  private static void rejectBoolSub(String op, Array x) {
    if (x.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(
          op
              + ": subtraction with a bool tensor is not supported; to invert a mask use"
              + " logical_not (~) instead");
    }
  }

  private static void checkSameDtype(String op, String arg, Array self, Array other) {
    if (self.dtype() != other.dtype()) {
      throw new IllegalArgumentException(
          op
              + ": expected dtype "
              + self.dtype().torchName()
              + " for `"
              + arg
              + "` but got dtype "
              + other.dtype().torchName());
    }
  }

  /** Division of {@code a} by {@code b} in {@code t} (before the true-division float upgrade). */
  static Array divide(String op, Array a, Array b, DType t, String mode) {
    if (mode == null) {
      DType f = floatOf(t);
      Array[] xs = common(op, f, a, b);
      return ElementwiseOps.div(xs[0], xs[1]);
    }
    if (!mode.equals("trunc") && !mode.equals("floor")) {
      throw new IllegalArgumentException(
          op
              + ": div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '"
              + mode
              + "'");
    }
    if (t == DType.BOOL) {
      throw new IllegalArgumentException(op + ": rounded division is not implemented for 'bool'");
    }
    Array[] xs = common(op, t, a, b);
    // A rounded quotient is piecewise constant: PyTorch's gradient is zero everywhere, also where
    // the divisor is zero (differentiating through the division would give 0 * inf = NaN there).
    Array x = IdentityOps.stopGradient(xs[0]);
    Array y = IdentityOps.stopGradient(xs[1]);
    if (!t.isFloatingPoint()) {
      // XLA's integer division truncates toward zero, like C.
      Array q = ElementwiseOps.div(x, y);
      if (mode.equals("trunc")) {
        return q;
      }
      Array fix = signsDiffer(ElementwiseOps.rem(x, y), y);
      return select(fix, ElementwiseOps.sub(q, like(q, 1)), q);
    }
    Array q = ElementwiseOps.div(x, y);
    if (mode.equals("trunc")) {
      return UnaryOps.trunc(q);
    }
    // PyTorch's div_floor_floating: Python's float // (exact where a/b rounds across an integer).
    Array zero = like(x, 0);
    Array mod = ElementwiseOps.rem(x, y);
    Array div = ElementwiseOps.div(ElementwiseOps.sub(x, mod), y);
    div = select(signsDiffer(mod, y), ElementwiseOps.sub(div, like(div, 1)), div);
    Array fl = ElementwiseOps.floor(div);
    fl =
        select(
            ElementwiseOps.compare(
                ComparisonDirection.GT, ElementwiseOps.sub(div, fl), like(div, 0.5)),
            ElementwiseOps.add(fl, like(fl, 1)),
            fl);
    // copysign(0, a / b): -0.0 where the true quotient is negative (or -0.0).
    Array negative =
        ElementwiseOps.or(
            ElementwiseOps.compare(ComparisonDirection.LT, q, zero),
            ElementwiseOps.compare(
                ComparisonDirection.LT, ElementwiseOps.div(like(q, 1), q), zero));
    Array signedZero = select(negative, like(q, -0.0), zero);
    Array result =
        select(ElementwiseOps.compare(ComparisonDirection.NE, div, zero), fl, signedZero);
    return select(ElementwiseOps.compare(ComparisonDirection.EQ, y, zero), q, result);
  }

  /** Where a nonzero remainder {@code r} and the divisor {@code y} differ in sign. */
  private static Array signsDiffer(Array r, Array y) {
    Array zero = like(r, 0);
    return ElementwiseOps.and(
        ElementwiseOps.compare(ComparisonDirection.NE, r, zero),
        ElementwiseOps.compare(
            ComparisonDirection.NE,
            ElementwiseOps.compare(ComparisonDirection.LT, r, zero),
            ElementwiseOps.compare(ComparisonDirection.LT, y, zero)));
  }
}
