package dev.torch2jax.aten;

import static dev.torch2jax.aten.Constants.like;
import static dev.torch2jax.aten.ResultTypes.floating;
import static dev.torch2jax.lax.ElementwiseOps.select;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.lax.ElementwiseOps;

/**
 * Unary pointwise overloads (ATen's UnaryOps): {@code neg}, {@code exp}, {@code log}, {@code tanh},
 * {@code square} and the other transcendental functions (integer and bool tensors give float32, as
 * in PyTorch), rounding, sign, classification ({@code isnan}, ...), logical and bitwise not, {@code
 * nan_to_num}. In-place variants return the new value; the interpreter casts it to {@code self}'s
 * dtype and rebinds it.
 */
public final class UnaryOps {
  private UnaryOps() {}

  /** {@code -self}. */
  @Implements("aten::neg aten::neg_")
  public static Array neg(Array self) {
    return Jnp.negative(self);
  }

  /** {@code e^self}. */
  @Implements("aten::exp aten::exp_")
  public static Array exp(Array self) {
    return Jnp.exp(self);
  }

  /** Natural logarithm. */
  @Implements("aten::log aten::log_")
  public static Array log(Array self) {
    return Jnp.log(self);
  }

  /** Hyperbolic tangent. */
  @Implements("aten::tanh aten::tanh_")
  public static Array tanh(Array self) {
    return Jnp.tanh(self);
  }

  /** {@code torch.negative}. */
  @Implements("aten::negative aten::negative_")
  public static Array negative(Array self) {
    return Jnp.negative(self);
  }

  /** {@code self * self} ({@code self ** 2}: bool tensors give int64). */
  @Implements("aten::square aten::square_")
  public static Array square(Array self) {
    return BinaryOps.powScalar(self, 2L);
  }

  /** Inverse cosine; integer and bool tensors give float32. */
  @Implements("aten::acos aten::acos_ aten::arccos aten::arccos_")
  public static Array acos(Array self) {
    return Jnp.arccos(self);
  }

  /** Inverse hyperbolic cosine; integer and bool tensors give float32. */
  @Implements("aten::acosh aten::acosh_ aten::arccosh aten::arccosh_")
  public static Array acosh(Array self) {
    return Jnp.arccosh(self);
  }

  /** Inverse sine; integer and bool tensors give float32. */
  @Implements("aten::asin aten::asin_ aten::arcsin aten::arcsin_")
  public static Array asin(Array self) {
    return Jnp.arcsin(self);
  }

  /** Inverse hyperbolic sine; integer and bool tensors give float32. */
  @Implements("aten::asinh aten::asinh_ aten::arcsinh aten::arcsinh_")
  public static Array asinh(Array self) {
    return Jnp.arcsinh(self);
  }

  /** Inverse tangent; integer and bool tensors give float32. */
  @Implements("aten::atan aten::atan_ aten::arctan aten::arctan_")
  public static Array atan(Array self) {
    return Jnp.arctan(self);
  }

  /** Inverse hyperbolic tangent; integer and bool tensors give float32. */
  @Implements("aten::atanh aten::atanh_ aten::arctanh aten::arctanh_")
  public static Array atanh(Array self) {
    return Jnp.arctanh(self);
  }

  /** {@code e^x - 1}, accurate near 0; integer and bool tensors give float32. */
  @Implements("aten::expm1 aten::expm1_")
  public static Array expm1(Array self) {
    return Jnp.expm1(self);
  }

  /** {@code log(1 + x)}, accurate near 0; integer and bool tensors give float32. */
  @Implements("aten::log1p aten::log1p_")
  public static Array log1p(Array self) {
    return Jnp.log1p(self);
  }

  /** Square root; integer and bool tensors give float32. */
  @Implements("aten::sqrt aten::sqrt_")
  public static Array sqrt(Array self) {
    return Jnp.sqrt(self);
  }

  /** {@code 1 / sqrt(x)}; integer and bool tensors give float32. */
  @Implements("aten::rsqrt aten::rsqrt_")
  public static Array rsqrt(Array self) {
    return Jnp.rsqrt(self);
  }

  /** Sine; integer and bool tensors give float32. */
  @Implements("aten::sin aten::sin_")
  public static Array sin(Array self) {
    return Jnp.sin(self);
  }

  /** Cosine; integer and bool tensors give float32. */
  @Implements("aten::cos aten::cos_")
  public static Array cos(Array self) {
    return Jnp.cos(self);
  }

  /** Tangent; integer and bool tensors give float32. */
  @Implements("aten::tan aten::tan_")
  public static Array tan(Array self) {
    return Jnp.tan(self);
  }

  /** Hyperbolic sine; integer and bool tensors give float32. */
  @Implements("aten::sinh aten::sinh_")
  public static Array sinh(Array self) {
    return Jnp.sinh(self);
  }

  /** Hyperbolic cosine; integer and bool tensors give float32. */
  @Implements("aten::cosh aten::cosh_")
  public static Array cosh(Array self) {
    return Jnp.cosh(self);
  }

  /** The logistic function {@code 1 / (1 + e^-x)}; integer and bool tensors give float32. */
  @Implements("aten::sigmoid aten::sigmoid_ aten::special_expit")
  public static Array sigmoid(Array self) {
    return Jnp.sigmoid(self);
  }

  /** The error function; integer and bool tensors give float32. */
  @Implements("aten::erf aten::erf_")
  public static Array erf(Array self) {
    return Jnp.erf(self);
  }

  /** The inverse error function; integer and bool tensors give float32. */
  @Implements("aten::erfinv aten::erfinv_")
  public static Array erfinv(Array self) {
    return Jnp.erfinv(self);
  }

  /** Absolute value; integers keep their dtype, bool tensors are rejected as in PyTorch. */
  @Implements("aten::abs aten::abs_ aten::absolute aten::absolute_")
  public static Array abs(Array self) {
    return Jnp.abs(self);
  }

  /** {@code 2^x}; integer and bool tensors give float32. */
  @Implements("aten::exp2 aten::exp2_")
  public static Array exp2(Array self) {
    Array x = floating(self);
    return ElementwiseOps.pow(like(x, 2), x);
  }

  /** Base-2 or base-10 logarithm, as the overload's name says; integers and bools give float32. */
  @Implements("aten::log2 aten::log2_ aten::log10 aten::log10_")
  public static Array logBase(String overload, Array self) {
    double base = OverloadNames.operator(overload).startsWith("log2") ? 2 : 10;
    Array x = floating(self);
    return ElementwiseOps.mul(ElementwiseOps.log(x), like(x, 1 / Math.log(base)));
  }

  /** {@code 1 / x}; integer and bool tensors give float32. */
  @Implements("aten::reciprocal aten::reciprocal_")
  public static Array reciprocal(Array self) {
    Array x = floating(self);
    return ElementwiseOps.div(like(x, 1), x);
  }

  /** -1, 0 or 1 by sign; NaN gives 0 as in PyTorch ({@code (0 < x) - (x < 0)}); bool stays bool. */
  @Implements("aten::sign aten::sign_")
  public static Array sign(Array self) {
    Array s = Jnp.sign(self);
    if (!self.dtype().isFloatingPoint()) {
      return s;
    }
    return select(ElementwiseOps.compare(ComparisonDirection.NE, self, self), like(self, 0), s);
  }

  /** {@code sign} for real tensors (complex tensors are not supported). */
  @Implements("aten::sgn aten::sgn_")
  public static Array sgn(Array self) {
    return sign(self);
  }

  /** Rounds up; integer tensors are unchanged. */
  @Implements("aten::ceil aten::ceil_")
  public static Array ceil(Array self) {
    return Jnp.ceil(self);
  }

  /** Rounds down; integer tensors are unchanged. */
  @Implements("aten::floor aten::floor_")
  public static Array floor(Array self) {
    return Jnp.floor(self);
  }

  /** Rounds toward zero; integer tensors are unchanged. */
  @Implements("aten::trunc aten::trunc_ aten::fix aten::fix_")
  public static Array trunc(Array self) {
    if (!self.dtype().isFloatingPoint()) {
      return self;
    }
    return select(
        ElementwiseOps.compare(ComparisonDirection.LT, self, like(self, 0)),
        ElementwiseOps.ceil(self),
        ElementwiseOps.floor(self));
  }

  /** Rounds half to even; integer tensors are unchanged. */
  @Implements("aten::round aten::round_")
  public static Array round(Array self) {
    return Jnp.round(self);
  }

  /**
   * Rounds half to even at {@code decimals} decimal places, computed as PyTorch does: {@code
   * round(x * 10^d) / 10^d}, or {@code round(x / 10^-d) * 10^-d} for negative {@code d}.
   */
  @Implements("aten::round.decimals aten::round_.decimals")
  public static Array roundDecimals(Array self, long decimals) {
    if (decimals == 0) {
      return Jnp.round(self);
    }
    DTypeChecks.requireFloat("aten::round.decimals", self);
    Array ten = like(self, Math.pow(10, Math.abs(decimals)));
    if (decimals > 0) {
      return ElementwiseOps.div(Jnp.round(ElementwiseOps.mul(self, ten)), ten);
    }
    return ElementwiseOps.mul(Jnp.round(ElementwiseOps.div(self, ten)), ten);
  }

  /** True where NaN (never for integer and bool tensors). */
  @Implements("aten::isnan")
  public static Array isnan(Array self) {
    if (!self.dtype().isFloatingPoint()) {
      return Jnp.full(self.shape(), 0, DType.BOOL);
    }
    return ElementwiseOps.compare(ComparisonDirection.NE, self, self);
  }

  /** True where positive or negative infinity (never for integer and bool tensors). */
  @Implements("aten::isinf")
  public static Array isinf(Array self) {
    if (!self.dtype().isFloatingPoint()) {
      return Jnp.full(self.shape(), 0, DType.BOOL);
    }
    return ElementwiseOps.compare(
        ComparisonDirection.EQ, ElementwiseOps.abs(self), like(self, Double.POSITIVE_INFINITY));
  }

  /** True where +inf ({@code isposinf}) or -inf ({@code isneginf}). */
  @Implements("aten::isposinf aten::isneginf")
  public static Array isposinf(String overload, Array self) {
    if (!self.dtype().isFloatingPoint()) {
      return Jnp.full(self.shape(), 0, DType.BOOL);
    }
    boolean positive = OverloadNames.operator(overload).equals("isposinf");
    double infinity = positive ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    return ElementwiseOps.compare(ComparisonDirection.EQ, self, like(self, infinity));
  }

  /** True where finite (always for integer and bool tensors). */
  @Implements("aten::isfinite")
  public static Array isfinite(Array self) {
    return Jnp.isfinite(self);
  }

  /** True where {@code self} is zero or false (NaN counts as true, so gives false). */
  @Implements("aten::logical_not aten::logical_not_")
  public static Array logicalNot(Array self) {
    return Jnp.logicalNot(self);
  }

  /** Bitwise not of integers, logical not of bools; float tensors are rejected. */
  @Implements("aten::bitwise_not aten::bitwise_not_")
  public static Array bitwiseNot(Array self) {
    if (self.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "aten::bitwise_not: not implemented for '" + self.dtype().torchName() + "'");
    }
    return ElementwiseOps.not(self);
  }

  /**
   * NaN, +inf and -inf replaced by {@code nan} (default 0), {@code posinf} and {@code neginf}
   * (default the dtype's largest and lowest finite values); integer and bool tensors are unchanged.
   */
  @Implements("aten::nan_to_num aten::nan_to_num_")
  public static Array nanToNum(Array self, Double nan, Double posinf, Double neginf) {
    DType t = self.dtype();
    if (!t.isFloatingPoint()) {
      return self;
    }
    double big = largestFinite(t);
    Array out =
        select(
            ElementwiseOps.compare(ComparisonDirection.NE, self, self),
            like(self, nan == null ? 0 : nan),
            self);
    out =
        select(
            ElementwiseOps.compare(
                ComparisonDirection.EQ, self, like(self, Double.POSITIVE_INFINITY)),
            like(self, posinf == null ? big : posinf),
            out);
    return select(
        ElementwiseOps.compare(ComparisonDirection.EQ, self, like(self, Double.NEGATIVE_INFINITY)),
        like(self, neginf == null ? -big : neginf),
        out);
  }

  private static double largestFinite(DType t) {
    return switch (t) {
      case F16 -> 65504.0;
      case BF16 -> 3.3895313892515355e38;
      case F32 -> Float.MAX_VALUE;
      default -> Double.MAX_VALUE;
    };
  }
}
