package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.DeviceArray;

/** Elementwise arithmetic overloads; in-place variants return the new value (functionalized). */
public final class Arithmetic {
  private Arithmetic() {}

  /** {@code self + alpha * other}. */
  @Implements({"aten::add.Tensor", "aten::add_.Tensor"})
  public static Array add(Array self, Array other, Number alpha) {
    return Jnp.add(self, scaled(other, alpha, Jnp.resultType(self, other)));
  }

  /** {@code self - alpha * other}. */
  @Implements({"aten::sub.Tensor", "aten::sub_.Tensor"})
  public static Array sub(Array self, Array other, Number alpha) {
    return Jnp.subtract(self, scaled(other, alpha, Jnp.resultType(self, other)));
  }

  /** {@code self * other}. */
  @Implements({"aten::mul.Tensor", "aten::mul_.Tensor"})
  public static Array mul(Array self, Array other) {
    return Jnp.multiply(self, other);
  }

  /** True division {@code self / other}. */
  @Implements({"aten::div.Tensor", "aten::div_.Tensor"})
  public static Array div(Array self, Array other) {
    return Jnp.divide(self, other);
  }

  /** {@code -self}. */
  @Implements({"aten::neg", "aten::neg_"})
  public static Array neg(Array self) {
    return Jnp.negative(self);
  }

  /** {@code e^self}. */
  @Implements({"aten::exp", "aten::exp_"})
  public static Array exp(Array self) {
    return Jnp.exp(self);
  }

  /** Natural logarithm. */
  @Implements({"aten::log", "aten::log_"})
  public static Array log(Array self) {
    return Jnp.log(self);
  }

  /** Hyperbolic tangent. */
  @Implements({"aten::tanh", "aten::tanh_"})
  public static Array tanh(Array self) {
    return Jnp.tanh(self);
  }

  /** Elementwise maximum; NaN propagates. */
  @Implements("aten::maximum")
  public static Array maximum(Array self, Array other) {
    return Jnp.maximum(self, other);
  }

  /** {@code max(self, 0)}. */
  @Implements({"aten::relu", "aten::relu_"})
  public static Array relu(Array self) {
    return Jnp.maximum(self, DeviceArray.scalar(0, self.dtype()));
  }

  private static Array scaled(Array other, Number alpha, DType type) {
    if (alpha.doubleValue() == 1) {
      return other;
    }
    if (!type.isInexact() && (alpha instanceof Double || alpha instanceof Float)) {
      throw new IllegalArgumentException(
          "alpha "
              + alpha
              + " must be an integer for integral tensors of type "
              + type.torchName());
    }
    return Jnp.multiply(other, DeviceArray.scalar(alpha, type));
  }
}
