package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.lax.ElementwiseOps;
import java.util.Arrays;

/**
 * The layers TorchScript modules call as {@code torch.*} builtins, in inference form: {@code
 * linear}, {@code dropout} (identity unless training), {@code batch_norm} on running statistics.
 * Training-mode batch norm and dropout are not supported yet: they throw, telling to call {@code
 * eval()}.
 */
public final class NeuralNet {
  private NeuralNet() {}

  /** {@code input @ weight^T + bias}. */
  @Implements("aten::linear")
  public static Array linear(Array input, Array weight, Array bias) {
    Array y = Jnp.matmul(input, Jnp.transpose(weight));
    return bias == null ? y : Jnp.add(y, bias);
  }

  /** Identity when not training. */
  @Implements({"aten::dropout", "aten::feature_dropout", "aten::alpha_dropout"})
  public static Array dropout(Array input, double p, boolean train) {
    if (train && p > 0) {
      throw trainingMode("dropout");
    }
    return input;
  }

  /**
   * Batch normalization on the running statistics: {@code (x - mean) / sqrt(var + eps) * weight +
   * bias}, channels on dimension 1.
   */
  @Implements("aten::batch_norm")
  public static Array batchNorm(
      Array input,
      Array weight,
      Array bias,
      Array runningMean,
      Array runningVar,
      boolean training,
      double momentum,
      double eps,
      boolean cudnnEnabled) {
    if (training || runningMean == null || runningVar == null) {
      throw trainingMode("batch_norm");
    }
    if (input.ndim() < 2) {
      throw new IllegalArgumentException(
          "batch_norm: expected at least 2-D input, got shape " + Arrays.toString(input.shape()));
    }
    long[] bshape = new long[input.ndim()];
    Arrays.fill(bshape, 1);
    bshape[1] = input.shape()[1];
    Array mean = Jnp.reshape(Jnp.astype(runningMean, input.dtype()), bshape);
    Array var = Jnp.reshape(Jnp.astype(runningVar, input.dtype()), bshape);
    Array inv = ElementwiseOps.rsqrt(Jnp.add(var, DeviceArray.scalar(eps, input.dtype())));
    Array y = Jnp.multiply(Jnp.subtract(input, mean), inv);
    if (weight != null) {
      y = Jnp.multiply(y, Jnp.reshape(weight, bshape));
    }
    if (bias != null) {
      y = Jnp.add(y, Jnp.reshape(bias, bshape));
    }
    return y;
  }

  private static UnsupportedOperationException trainingMode(String op) {
    return new UnsupportedOperationException(
        op
            + " in training mode is not supported yet (it would update running statistics or draw"
            + " random numbers); put the module in inference mode first with module.eval()");
  }
}
