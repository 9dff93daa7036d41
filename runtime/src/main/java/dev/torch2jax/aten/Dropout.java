package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.annotations.Implements;

/**
 * Dropout in evaluation mode (the identity). Training-mode dropout needs random keys threaded
 * through the program, which the interpreter does not do yet: it fails with a clear message unless
 * {@code p == 0}.
 */
public final class Dropout {
  private Dropout() {}

  /** Channel-wise dropout; {@code input} when not training. */
  @Implements({"aten::feature_dropout", "aten::feature_dropout_"})
  public static Array featureDropout(Array input, double p, boolean train) {
    return identity("feature_dropout", input, p, train);
  }

  /** Alpha dropout; {@code input} when not training. */
  @Implements({"aten::alpha_dropout", "aten::alpha_dropout_"})
  public static Array alphaDropout(Array input, double p, boolean train) {
    return identity("alpha_dropout", input, p, train);
  }

  /** Channel-wise alpha dropout; {@code input} when not training. */
  @Implements({"aten::feature_alpha_dropout", "aten::feature_alpha_dropout_"})
  public static Array featureAlphaDropout(Array input, double p, boolean train) {
    return identity("feature_alpha_dropout", input, p, train);
  }

  private static Array identity(String op, Array input, double p, boolean train) {
    if (p < 0 || p > 1) {
      throw new IllegalArgumentException(
          op + ": dropout probability has to be between 0 and 1, but got " + p);
    }
    if (train && p != 0) {
      throw new UnsupportedOperationException(
          op
              + ": training-mode dropout (p="
              + p
              + ") is not supported yet; call model.eval() before converting, or pass"
              + " train=False");
    }
    return input;
  }
}
