package dev.torch2jax.aten;

import static dev.torch2jax.aten.Constants.like;
import static dev.torch2jax.aten.DTypeChecks.requireFloat;
import static dev.torch2jax.lax.ElementwiseOps.select;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.CustomVjp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;
import java.util.List;

/**
 * Activation functions (ATen's Activation), with PyTorch's formulas and dtype rules: {@code relu}
 * and its variants, {@code gelu}, {@code silu}, {@code elu}, {@code softplus}, {@code glu}, ...
 * (most need float tensors; {@code relu}, {@code relu6}, {@code hardtanh} and {@code threshold}
 * also take integers). Branches that are not taken never see values that overflow, so gradients
 * stay finite (the "double where" of JAX).
 */
public final class Activation {
  private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
  private static final double SELU_SCALE = 1.0507009873554804934193349852946;

  private Activation() {}

  /** {@code max(self, 0)}. */
  @Implements("aten::relu aten::relu_")
  public static Array relu(Array self) {
    return Jnp.maximum(self, DeviceArray.scalar(0, self.dtype()));
  }

  /** {@code min(max(x, 0), 6)}. */
  @Implements("aten::relu6 aten::relu6_")
  public static Array relu6(Array self) {
    return hardtanh(self, 0L, 6L);
  }

  /**
   * {@code self} limited to {@code [min_val, max_val]}, keeping {@code self}'s dtype (integer
   * tensors truncate the bounds, as PyTorch does).
   */
  @Implements("aten::hardtanh aten::hardtanh_")
  public static Array hardtanh(Array self, Number minVal, Number maxVal) {
    DTypeChecks.rejectBool("aten::hardtanh", self);
    Number lo = self.dtype().isFloatingPoint() ? minVal : (Number) minVal.longValue();
    Number hi = self.dtype().isFloatingPoint() ? maxVal : (Number) maxVal.longValue();
    return TensorCompare.clampNan(
        self, Constants.scalar(lo, self.dtype()), Constants.scalar(hi, self.dtype()));
  }

  /** {@code x > 0 ? x : negative_slope * x}. */
  @Implements("aten::leaky_relu aten::leaky_relu_")
  public static Array leakyRelu(Array self, Number negativeSlope) {
    requireFloat("aten::leaky_relu", self);
    return select(
        gt(self, 0), self, ElementwiseOps.mul(self, like(self, negativeSlope.doubleValue())));
  }

  /**
   * The Gaussian error linear unit: {@code x * Phi(x)} exactly ({@code approximate="none"}) or with
   * the tanh approximation ({@code approximate="tanh"}).
   */
  @Implements("aten::gelu aten::gelu_")
  public static Array gelu(Array self, String approximate) {
    requireFloat("aten::gelu", self);
    Array x = self;
    Array half = like(x, 0.5);
    Array one = like(x, 1);
    switch (approximate == null ? "none" : approximate) {
      case "none" -> {
        Array cdf = ElementwiseOps.erf(ElementwiseOps.mul(x, like(x, Math.sqrt(0.5))));
        return ElementwiseOps.mul(ElementwiseOps.mul(x, half), ElementwiseOps.add(one, cdf));
      }
      case "tanh" -> {
        double beta = Math.sqrt(2) * (2 / Math.sqrt(Math.PI)) * 0.5;
        Array cube = ElementwiseOps.mul(ElementwiseOps.mul(x, x), x);
        Array inner =
            ElementwiseOps.mul(
                like(x, beta), ElementwiseOps.add(x, ElementwiseOps.mul(like(x, 0.044715), cube)));
        return ElementwiseOps.mul(
            ElementwiseOps.mul(half, x), ElementwiseOps.add(one, ElementwiseOps.tanh(inner)));
      }
      default ->
          throw new IllegalArgumentException(
              "aten::gelu: approximate must be 'none' or 'tanh', got '" + approximate + "'");
    }
  }

  /** {@code x * sigmoid(x)}. */
  @Implements("aten::silu aten::silu_")
  public static Array silu(Array self) {
    requireFloat("aten::silu", self);
    return ElementwiseOps.mul(self, ElementwiseOps.logistic(self));
  }

  /** {@code x * tanh(softplus(x))}. */
  @Implements("aten::mish aten::mish_")
  public static Array mish(Array self) {
    requireFloat("aten::mish", self);
    return ElementwiseOps.mul(self, ElementwiseOps.tanh(stableSoftplus(self)));
  }

  /** {@code x * relu6(x + 3) / 6}. */
  @Implements("aten::hardswish aten::hardswish_")
  public static Array hardswish(Array self) {
    requireFloat("aten::hardswish", self);
    return ElementwiseOps.div(ElementwiseOps.mul(self, relu6Shifted(self)), like(self, 6));
  }

  /** {@code relu6(x + 3) / 6}. */
  @Implements("aten::hardsigmoid aten::hardsigmoid_")
  public static Array hardsigmoid(Array self) {
    requireFloat("aten::hardsigmoid", self);
    return ElementwiseOps.div(relu6Shifted(self), like(self, 6));
  }

  /**
   * {@code x > 0 ? scale * x : scale * alpha * (exp(x * input_scale) - 1)}, as {@code
   * torch.nn.functional.elu} computes it.
   */
  @Implements("aten::elu aten::elu_")
  public static Array elu(Array self, Number alpha, Number scale, Number inputScale) {
    requireFloat("aten::elu", self);
    return eluOf(self, alpha.doubleValue(), scale.doubleValue(), inputScale.doubleValue());
  }

  /** {@code max(0, x) + min(0, alpha * (exp(x / alpha) - 1))}. */
  @Implements("aten::celu aten::celu_")
  public static Array celu(Array self, Number alpha) {
    requireFloat("aten::celu", self);
    double a = alpha.doubleValue();
    if (a == 0) {
      throw new IllegalArgumentException(
          "aten::celu: ZeroDivisionError: alpha cannot be 0 for celu");
    }
    return eluOf(self, a, 1, 1 / a);
  }

  /** {@code elu} with the self-normalizing constants. */
  @Implements("aten::selu aten::selu_")
  public static Array selu(Array self) {
    requireFloat("aten::selu", self);
    return eluOf(self, SELU_ALPHA, SELU_SCALE, 1);
  }

  /**
   * {@code log(1 + exp(beta * x)) / beta}, or {@code x} where {@code beta * x > threshold} (for
   * numerical stability, as PyTorch does).
   */
  @Implements("aten::softplus")
  public static Array softplus(Array self, Number beta, Number threshold) {
    requireFloat("aten::softplus", self);
    Array bx = ElementwiseOps.mul(self, like(self, beta.doubleValue()));
    Array linear = gt(bx, threshold.doubleValue());
    Array safe = select(linear, like(bx, 0), bx);
    Array soft =
        ElementwiseOps.div(
            ElementwiseOps.log1p(ElementwiseOps.exp(safe)), like(self, beta.doubleValue()));
    return select(linear, self, soft);
  }

  /** {@code log(sigmoid(x))}, computed as {@code min(x, 0) - log1p(exp(-|x|))}. */
  @Implements("aten::log_sigmoid")
  public static Array logSigmoid(Array self) {
    requireFloat("aten::log_sigmoid", self);
    Array min = ElementwiseOps.min(self, like(self, 0));
    Array tail =
        ElementwiseOps.log1p(ElementwiseOps.exp(ElementwiseOps.neg(ElementwiseOps.abs(self))));
    return ElementwiseOps.sub(min, tail);
  }

  /** {@code x > threshold ? x : value}, in {@code self}'s dtype. */
  @Implements("aten::threshold aten::threshold_")
  public static Array threshold(Array self, Number threshold, Number value) {
    Array th = Jnp.broadcastTo(Constants.scalar(threshold, self.dtype()), self.shape());
    Array v = Jnp.broadcastTo(Constants.scalar(value, self.dtype()), self.shape());
    return select(ElementwiseOps.compare(ComparisonDirection.LE, self, th), v, self);
  }

  /**
   * The gated linear unit: {@code a * sigmoid(b)} for the halves {@code a, b} along {@code dim}.
   */
  @Implements("aten::glu")
  public static Array glu(Array self, long dim) {
    requireFloat("aten::glu", self);
    if (self.ndim() == 0) {
      throw new IllegalArgumentException("aten::glu: glu does not support scalars (0-d tensors)");
    }
    int axis = Dims.wrap("aten::glu", dim, self.ndim());
    long n = self.shape()[axis];
    if (n % 2 != 0) {
      throw new IllegalArgumentException(
          "aten::glu: halving dimension must be even, but dimension " + axis + " is size " + n);
    }
    long[] start = new long[self.ndim()];
    long[] limit = self.shape();
    limit[axis] = n / 2;
    Array a = ShapeOps.slice(self, start, limit);
    start[axis] = n / 2;
    Array b = ShapeOps.slice(self, start.clone(), self.shape());
    return ElementwiseOps.mul(a, ElementwiseOps.logistic(b));
  }

  // ---- VJPs with libtorch's conventions at the kinks (ties get libtorch's choice, not 1/2) ----

  /** {@code ct} where {@code min_val < x < max_val} (open interval, as hardtanh_backward). */
  @CustomVjp({"aten::hardtanh", "aten::hardtanh_"})
  public static List<Object> hardtanhVjp(List<Object> args, Object output, Object cotangent) {
    Array x = (Array) args.get(0);
    double lo = number(args, 1, -1);
    double hi = number(args, 2, 1);
    return Arrays.asList(passWhere(between(x, lo, hi), cotangent, x), null, null);
  }

  /** {@code ct} where {@code 0 < x < 6}. */
  @CustomVjp({"aten::relu6", "aten::relu6_"})
  public static List<Object> relu6Vjp(List<Object> args, Object output, Object cotangent) {
    Array x = (Array) args.get(0);
    return Arrays.asList(passWhere(between(x, 0, 6), cotangent, x));
  }

  /** {@code ct / 6} where {@code -3 < x < 3} (libtorch uses the float32 constant 1/6). */
  @CustomVjp({"aten::hardsigmoid", "aten::hardsigmoid_"})
  public static List<Object> hardsigmoidVjp(List<Object> args, Object output, Object cotangent) {
    Array x = (Array) args.get(0);
    Array ct = (Array) cotangent;
    Array scaled = ElementwiseOps.mul(ct, like(ct, (double) (1.0f / 6.0f)));
    return Arrays.asList(select(between(x, -3, 3), scaled, like(ct, 0)));
  }

  /** 0 up to -3 inclusive, {@code ct * (x / 3 + 1/2)} below 3, {@code ct} from 3 on (libtorch). */
  @CustomVjp({"aten::hardswish", "aten::hardswish_"})
  public static List<Object> hardswishVjp(List<Object> args, Object output, Object cotangent) {
    Array x = (Array) args.get(0);
    Array ct = (Array) cotangent;
    Array mid =
        ElementwiseOps.mul(ct, ElementwiseOps.add(ElementwiseOps.div(x, like(x, 3)), like(x, 0.5)));
    Array upper = select(ElementwiseOps.compare(ComparisonDirection.GE, x, like(x, 3)), ct, mid);
    Array below = ElementwiseOps.compare(ComparisonDirection.LE, x, like(x, -3));
    return Arrays.asList(select(below, like(ct, 0), upper));
  }

  static double number(List<Object> args, int i, double dflt) {
    return i < args.size() && args.get(i) != null ? ((Number) args.get(i)).doubleValue() : dflt;
  }

  static Array passWhere(Array pass, Object cotangent, Array x) {
    Array ct = (Array) cotangent;
    return select(pass, ct, like(ct, 0));
  }

  private static Array between(Array x, double lo, double hi) {
    return ElementwiseOps.and(
        gt(x, lo), ElementwiseOps.compare(ComparisonDirection.LT, x, like(x, hi)));
  }

  private static Array eluOf(Array x, double alpha, double scale, double inputScale) {
    Array positive = gt(x, 0);
    // expm1 only of the non-positive part, so the untaken branch cannot overflow (a select, not a
    // min, so that x = 0 takes the negative branch's full derivative, as libtorch does).
    Array negPart = select(positive, like(x, 0), x);
    Array neg =
        ElementwiseOps.mul(
            ElementwiseOps.expm1(ElementwiseOps.mul(negPart, like(x, inputScale))),
            like(x, alpha * scale));
    return select(positive, ElementwiseOps.mul(x, like(x, scale)), neg);
  }

  private static Array relu6Shifted(Array x) {
    return TensorCompare.clampNan(
        ElementwiseOps.add(x, like(x, 3)),
        Constants.scalar(0.0, x.dtype()),
        Constants.scalar(6.0, x.dtype()));
  }

  /** {@code log(1 + e^x)} without overflow: {@code max(x, 0) + log1p(e^-|x|)}. */
  private static Array stableSoftplus(Array x) {
    return ElementwiseOps.add(
        ElementwiseOps.max(x, like(x, 0)),
        ElementwiseOps.log1p(ElementwiseOps.exp(ElementwiseOps.neg(ElementwiseOps.abs(x)))));
  }

  private static Array gt(Array x, double value) {
    return ElementwiseOps.compare(ComparisonDirection.GT, x, like(x, value));
  }
}
