package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.core.Promotion;

/**
 * Tensor-with-Python-number arithmetic ({@code x + 1}, {@code x * 2.5}) and comparisons, with
 * PyTorch's wrapped-number promotion: a Python int keeps an integer tensor's dtype, a Python float
 * turns an integer tensor into float32 and keeps a float tensor's dtype. In-place variants return
 * the new value; the interpreter writes it back (functionalized).
 */
public final class ScalarArithmetic {
  private ScalarArithmetic() {}

  /** {@code self + alpha * other}. */
  @Implements({"aten::add.Scalar", "aten::add_.Scalar"})
  public static Array add(Array self, Number other, Number alpha) {
    return Jnp.add(self, scalarLike(self, times(other, alpha)));
  }

  /** {@code self - alpha * other}. */
  @Implements({"aten::sub.Scalar", "aten::sub_.Scalar"})
  public static Array sub(Array self, Number other, Number alpha) {
    return Jnp.subtract(self, scalarLike(self, times(other, alpha)));
  }

  /** {@code other - alpha * self}. */
  @Implements("aten::rsub.Scalar")
  public static Array rsub(Array self, Number other, Number alpha) {
    Array scaled = isOne(alpha) ? self : Jnp.multiply(self, scalarLike(self, alpha));
    return Jnp.subtract(scalarLike(self, other), scaled);
  }

  /** {@code other - alpha * self}, both tensors. */
  @Implements("aten::rsub.Tensor")
  public static Array rsubTensor(Array self, Array other, Number alpha) {
    return Arithmetic.sub(other, self, alpha);
  }

  /** {@code self * other}. */
  @Implements({"aten::mul.Scalar", "aten::mul_.Scalar"})
  public static Array mul(Array self, Number other) {
    return Jnp.multiply(self, scalarLike(self, other));
  }

  /** True division {@code self / other}. */
  @Implements({"aten::div.Scalar", "aten::div_.Scalar"})
  public static Array div(Array self, Number other) {
    return Jnp.divide(self, scalarLike(self, other));
  }

  /** {@code self == other} elementwise. */
  @Implements("aten::eq.Scalar")
  public static Array eq(Array self, Number other) {
    return Jnp.equal(self, scalarLike(self, other));
  }

  /** {@code self != other} elementwise. */
  @Implements("aten::ne.Scalar")
  public static Array ne(Array self, Number other) {
    return Jnp.notEqual(self, scalarLike(self, other));
  }

  /** {@code self < other} elementwise. */
  @Implements("aten::lt.Scalar")
  public static Array lt(Array self, Number other) {
    return Jnp.less(self, scalarLike(self, other));
  }

  /** {@code self <= other} elementwise. */
  @Implements("aten::le.Scalar")
  public static Array le(Array self, Number other) {
    return Jnp.lessEqual(self, scalarLike(self, other));
  }

  /** {@code self > other} elementwise. */
  @Implements("aten::gt.Scalar")
  public static Array gt(Array self, Number other) {
    return Jnp.greater(self, scalarLike(self, other));
  }

  /** {@code self >= other} elementwise. */
  @Implements("aten::ge.Scalar")
  public static Array ge(Array self, Number other) {
    return Jnp.greaterEqual(self, scalarLike(self, other));
  }

  /** {@code self == other} elementwise, broadcast. */
  @Implements("aten::eq.Tensor")
  public static Array eqTensor(Array self, Array other) {
    return Jnp.equal(self, other);
  }

  /** {@code self != other} elementwise, broadcast. */
  @Implements("aten::ne.Tensor")
  public static Array neTensor(Array self, Array other) {
    return Jnp.notEqual(self, other);
  }

  /** {@code self < other} elementwise, broadcast. */
  @Implements("aten::lt.Tensor")
  public static Array ltTensor(Array self, Array other) {
    return Jnp.less(self, other);
  }

  /** {@code self <= other} elementwise, broadcast. */
  @Implements("aten::le.Tensor")
  public static Array leTensor(Array self, Array other) {
    return Jnp.lessEqual(self, other);
  }

  /** {@code self > other} elementwise, broadcast. */
  @Implements("aten::gt.Tensor")
  public static Array gtTensor(Array self, Array other) {
    return Jnp.greater(self, other);
  }

  /** {@code self >= other} elementwise, broadcast. */
  @Implements("aten::ge.Tensor")
  public static Array geTensor(Array self, Array other) {
    return Jnp.greaterEqual(self, other);
  }

  /**
   * A 0-d array holding {@code value} in the dtype {@code torch.result_type(self, value)} gives, so
   * that combining it with {@code self} promotes exactly as PyTorch does with a Python number.
   */
  public static Array scalarLike(Array self, Number value) {
    DType t = new Promotion.ResultType().tensor(self.dtype(), self.ndim()).scalar(value).result();
    return DeviceArray.scalar(value, t);
  }

  private static Number times(Number other, Number alpha) {
    if (isOne(alpha)) {
      return other;
    }
    if (isIntegral(other) && isIntegral(alpha)) {
      return other.longValue() * alpha.longValue();
    }
    return other.doubleValue() * alpha.doubleValue();
  }

  private static boolean isOne(Number n) {
    return n.doubleValue() == 1;
  }

  private static boolean isIntegral(Number n) {
    return !(n instanceof Double || n instanceof Float);
  }
}
