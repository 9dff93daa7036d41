package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.CustomVjp;
import dev.torch2jax.annotations.Implements;
import java.util.Arrays;
import java.util.List;

/**
 * Softmax and log-softmax along one axis, computed stably (the maximum subtracted first), with
 * hand-written VJPs that skip differentiating the maximum.
 */
public final class Softmax {
  private Softmax() {}

  /** {@code log(softmax(self, dim))}, optionally computed in {@code dtype}. */
  @Implements("aten::log_softmax.int")
  public static Array logSoftmax(Array self, long dim, DType dtype) {
    Array x = floating(self, dtype);
    return Jnp.astype(logSoftmaxWide(x, (int) dim), x.dtype());
  }

  /**
   * Log-softmax computed in float32 for float16/bfloat16 (rounded once at the end by the callers),
   * as libtorch's kernels accumulate: step-by-step half rounding would drift by several ulps.
   */
  private static Array logSoftmaxWide(Array x, int axis) {
    Array shifted = shiftedWide(x, axis);
    return Jnp.subtract(shifted, Jnp.log(Jnp.sum(Jnp.exp(shifted), axis, true)));
  }

  /** {@code x} minus its maximum along {@code axis}, in float32 for float16/bfloat16. */
  private static Array shiftedWide(Array x, int axis) {
    DType t = x.dtype();
    Array wide = t == DType.F16 || t == DType.BF16 ? Jnp.astype(x, DType.F32) : x;
    return Jnp.subtract(wide, Jnp.max(wide, axis, true));
  }

  /** The core-opset form: {@code half_to_float} is only meaningful on CUDA. */
  @Implements("aten::_log_softmax")
  public static Array logSoftmaxCore(Array self, long dim, boolean halfToFloat) {
    return logSoftmax(self, dim, halfToFloat ? DType.F32 : null);
  }

  /**
   * {@code exp(x) / sum(exp(x))} along {@code dim}, optionally computed in {@code dtype}: one
   * exponential per element, as libtorch's kernel (attention's softmax is a large share of a
   * transformer's elementwise work).
   */
  @Implements("aten::softmax.int")
  public static Array softmax(Array self, long dim, DType dtype) {
    Array x = floating(self, dtype);
    Array e = Jnp.exp(shiftedWide(x, (int) dim));
    return Jnp.astype(Jnp.divide(e, Jnp.sum(e, (int) dim, true)), x.dtype());
  }

  /** The core-opset form of {@link #softmax}. */
  @Implements("aten::_softmax")
  public static Array softmaxCore(Array self, long dim, boolean halfToFloat) {
    return softmax(self, dim, halfToFloat ? DType.F32 : null);
  }

  /** {@code ct - exp(out) * sum(ct, dim)}. */
  @CustomVjp({"aten::log_softmax.int", "aten::_log_softmax"})
  public static List<Object> logSoftmaxVjp(List<Object> args, Object output, Object cotangent) {
    Array ct = (Array) cotangent;
    Array out = (Array) output;
    int axis = (int) (long) (Long) args.get(1);
    Array grad = Jnp.subtract(ct, Jnp.multiply(Jnp.exp(out), Jnp.sum(ct, axis, true)));
    return Arrays.asList(Jnp.astype(grad, ((Array) args.get(0)).dtype()), null, null);
  }

  /** {@code out * (ct - sum(ct * out, dim))}. */
  @CustomVjp({"aten::softmax.int", "aten::_softmax"})
  public static List<Object> softmaxVjp(List<Object> args, Object output, Object cotangent) {
    Array ct = (Array) cotangent;
    Array out = (Array) output;
    int axis = (int) (long) (Long) args.get(1);
    Array grad = Jnp.multiply(out, Jnp.subtract(ct, Jnp.sum(Jnp.multiply(ct, out), axis, true)));
    return Arrays.asList(Jnp.astype(grad, ((Array) args.get(0)).dtype()), null, null);
  }

  private static Array floating(Array x, DType dtype) {
    if (dtype != null) {
      return Jnp.astype(x, dtype);
    }
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "softmax: expected a floating-point tensor, got " + x.dtype().torchName());
    }
    return x;
  }
}
