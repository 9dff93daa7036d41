package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.Random;
import dev.torch2jax.annotations.Implements;

/**
 * The dropout family beyond plain {@code dropout} ({@code Randomness.nativeDropout}), and {@code
 * rrelu}: the identity (or the mean slope) in evaluation, random in training. Draws come from the
 * thread's current key ({@link RandomState}), so a jitted training step takes a key.
 */
public final class Dropout {
  /** SELU's alpha times its scale: the value alpha dropout drops to. */
  private static final double SELU_NEGATIVE_SATURATION = 1.7580993408473766;

  private Dropout() {}

  /** Channel-wise dropout: whole channels zeroed with probability {@code p}, the rest scaled. */
  @Implements("aten::feature_dropout aten::feature_dropout_")
  public static Array featureDropout(Array input, double p, boolean train) {
    return dropout("feature_dropout", input, p, train, true, false);
  }

  /** Alpha dropout: keeps SELU activations' mean and variance (PyTorch's affine correction). */
  @Implements("aten::alpha_dropout aten::alpha_dropout_")
  public static Array alphaDropout(Array input, double p, boolean train) {
    return dropout("alpha_dropout", input, p, train, false, true);
  }

  /** Channel-wise alpha dropout. */
  @Implements("aten::feature_alpha_dropout aten::feature_alpha_dropout_")
  public static Array featureAlphaDropout(Array input, double p, boolean train) {
    return dropout("feature_alpha_dropout", input, p, train, true, true);
  }

  /**
   * Randomized leaky ReLU: negative inputs times a slope drawn uniformly from {@code [lower,
   * upper]} per element in training, times {@code (lower + upper) / 2} in evaluation.
   */
  @Implements(value = "aten::rrelu aten::rrelu_", ignores = "generator")
  public static Array rrelu(Array self, Number lower, Number upper, boolean training) {
    double lo = lower.doubleValue();
    double hi = upper.doubleValue();
    if (!(lo <= hi)) {
      throw new IllegalArgumentException(
          "rrelu: lower bound %s must not exceed the upper bound %s".formatted(lo, hi));
    }
    Array slope;
    if (training) {
      Array u = Random.uniform(RandomState.next("rrelu"), self.shape(), computeType(self.dtype()));
      slope = Jnp.add(Jnp.multiply(u, Array.scalar(hi - lo)), Array.scalar(lo));
      slope = Jnp.astype(slope, self.dtype());
    } else {
      slope = Jnp.astype(Array.scalar((lo + hi) / 2), self.dtype());
    }
    return Jnp.where(Jnp.greaterEqual(self, Jnp.zerosLike(self)), self, Jnp.multiply(self, slope));
  }

  private static Array dropout(
      String op, Array input, double p, boolean train, boolean feature, boolean alpha) {
    if (p < 0 || p > 1) {
      throw new IllegalArgumentException(
          "%s: dropout probability has to be between 0 and 1, but got %s".formatted(op, p));
    }
    if (!train || p == 0) {
      return input;
    }
    if (p == 1) {
      return Jnp.multiply(input, Jnp.zerosLike(input));
    }
    if (feature && input.ndim() < 2) {
      throw new IllegalArgumentException(
          "%s: Feature dropout requires at least 2 dimensions in the input".formatted(op));
    }
    long[] noiseShape = input.shape().clone();
    if (feature) {
      for (int d = 2; d < noiseShape.length; d++) {
        noiseShape[d] = 1;
      }
    }
    DType t = input.dtype();
    Array u = Random.uniform(RandomState.next(op), noiseShape, computeType(t));
    Array keep = Jnp.astype(Jnp.less(u, Array.scalar(1 - p)), t);
    if (!alpha) {
      return Jnp.multiply(input, Jnp.multiply(keep, Jnp.astype(Array.scalar(1 / (1 - p)), t)));
    }
    double alphaValue = SELU_NEGATIVE_SATURATION;
    double a = 1 / Math.sqrt((alphaValue * alphaValue * p + 1) * (1 - p));
    // b = (keep - 1) * alpha * a + alpha * a * p
    Array b =
        Jnp.add(
            Jnp.multiply(Jnp.subtract(keep, Jnp.onesLike(keep)), Array.scalar(alphaValue * a)),
            Array.scalar(alphaValue * a * p));
    Array scaled = Jnp.multiply(input, Jnp.multiply(keep, Array.scalar(a)));
    return Jnp.astype(Jnp.add(scaled, Jnp.astype(b, t)), t);
  }

  private static DType computeType(DType t) {
    if (!t.isFloatingPoint()) {
      throw new IllegalArgumentException("dropout: expected a floating point input, got " + t);
    }
    return t == DType.F64 ? DType.F64 : DType.F32;
  }
}
