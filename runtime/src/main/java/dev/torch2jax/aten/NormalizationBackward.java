package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.IdentityOps;
import dev.torch2jax.lax.ReductionOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;
import java.util.List;

/**
 * The backward ops of layer and group normalization, from the statistics the forward saved.
 *
 * <p>Their values use the given {@code mean} and {@code rstd}; their own derivatives treat those as
 * the statistics of {@code input} (as PyTorch's double backward does), so differentiating them
 * gives the second derivative of the normalization. The given statistics themselves get no gradient
 * (PyTorch has none for them).
 */
public final class NormalizationBackward {
  private NormalizationBackward() {}

  /**
   * {@code (grad_input, grad_weight, grad_bias)} of {@code native_layer_norm} over the trailing
   * {@code normalized_shape} dimensions, each only when its {@code output_mask} entry is set.
   */
  @Implements("aten::native_layer_norm_backward")
  public static List<Array> nativeLayerNormBackward(
      Array gradOut,
      Array input,
      long[] normalizedShape,
      Array mean,
      Array rstd,
      Array weight,
      Array bias,
      boolean[] outputMask) {
    String op = "native_layer_norm_backward";
    boolean[] mask = BackwardOps.outputMask(op, outputMask);
    DTypeChecks.requireFloat(op, input);
    long[] s = input.shape();
    int k = normalizedShape.length;
    int lead = s.length - k;
    if (lead < 0 || !Arrays.equals(normalizedShape, Arrays.copyOfRange(s, lead, s.length))) {
      throw new IllegalArgumentException(
          op
              + ": normalized_shape "
              + Arrays.toString(normalizedShape)
              + " does not match the trailing dimensions of input "
              + Arrays.toString(s));
    }
    requireShape(op, "grad_out", gradOut, s);
    long[] normAxes = new long[k];
    Arrays.setAll(normAxes, i -> lead + i);
    long[] leadAxes = new long[lead];
    Arrays.setAll(leadAxes, i -> i);
    long[] statShape = s.clone();
    Arrays.fill(statShape, lead, s.length, 1);
    Normalized n = normalized(op, input, mean, rstd, statShape, normAxes);
    Array gradInput = null;
    if (mask[0]) {
      Array scaled = weight == null ? gradOut : Jnp.multiply(gradOut, weight);
      gradInput = n.inputGrad(scaled);
    }
    Array gradWeight =
        mask[1] ? ReductionOps.reduceSum(Jnp.multiply(gradOut, n.xhat), leadAxes) : null;
    Array gradBias = mask[2] ? ReductionOps.reduceSum(gradOut, leadAxes) : null;
    return Arrays.asList(gradInput, gradWeight, gradBias);
  }

  /**
   * {@code (grad_input, grad_weight, grad_bias)} of {@code native_group_norm} for input viewed as
   * (N, C, HxW) in {@code group} groups of channels, each only when its {@code output_mask} entry
   * is set.
   */
  @Implements("aten::native_group_norm_backward")
  public static List<Array> nativeGroupNormBackward(
      Array gradOut,
      Array input,
      Array mean,
      Array rstd,
      Array weight,
      long n,
      long c,
      long hxw,
      long group,
      boolean[] outputMask) {
    String op = "native_group_norm_backward";
    boolean[] mask = BackwardOps.outputMask(op, outputMask);
    DTypeChecks.requireFloat(op, input);
    if (group <= 0 || c % group != 0 || input.size() != n * c * hxw) {
      throw new IllegalArgumentException(
          op
              + ": input "
              + Arrays.toString(input.shape())
              + " must hold N * C * HxW = "
              + n
              + " * "
              + c
              + " * "
              + hxw
              + " elements, with C divisible by group = "
              + group);
    }
    requireShape(op, "grad_out", gradOut, input.shape());
    long[] grouped = {n, group, c / group, hxw};
    long[] within = {2, 3};
    Normalized norm =
        normalized(
            op, ShapeOps.reshape(input, grouped), mean, rstd, new long[] {n, group, 1, 1}, within);
    Array g = ShapeOps.reshape(gradOut, grouped);
    Array gradInput = null;
    if (mask[0]) {
      Array scaled =
          weight == null
              ? g
              : Jnp.multiply(g, ShapeOps.reshape(weight, new long[] {1, group, c / group, 1}));
      gradInput = ShapeOps.reshape(norm.inputGrad(scaled), input.shape());
    }
    long[] perChannel = {0, 3};
    Array gradWeight =
        mask[1]
            ? ShapeOps.reshape(
                ReductionOps.reduceSum(Jnp.multiply(g, norm.xhat), perChannel), new long[] {c})
            : null;
    Array gradBias =
        mask[2] ? ShapeOps.reshape(ReductionOps.reduceSum(g, perChannel), new long[] {c}) : null;
    return Arrays.asList(gradInput, gradWeight, gradBias);
  }

  /** The normalized input {@code (x - mean) * rstd} with its statistics, over {@code axes}. */
  private record Normalized(Array xhat, Array rstd, long[] axes) {
    /** The input gradient for {@code scaled} (the output gradient times the weight). */
    Array inputGrad(Array scaled) {
      Array centered = Jnp.subtract(scaled, meanOver(scaled, axes));
      Array projected = Jnp.multiply(xhat, meanOver(Jnp.multiply(scaled, xhat), axes));
      return Jnp.multiply(rstd, Jnp.subtract(centered, projected));
    }
  }

  /**
   * {@code x} normalized with the given statistics (reshaped to {@code statShape}), which carry the
   * derivatives of {@code x}'s own mean and reciprocal standard deviation over {@code axes}.
   */
  private static Normalized normalized(
      String op, Array x, Array mean, Array rstd, long[] statShape, long[] axes) {
    Array m = statistic(op, "mean", mean, x, statShape);
    Array r = statistic(op, "rstd", rstd, x, statShape);
    Array mu = meanOver(x, axes);
    Array centered = Jnp.subtract(x, mu);
    Array var = meanOver(Jnp.multiply(centered, centered), axes);
    // The eps the forward used, recovered from rstd = 1 / sqrt(var + eps); held constant.
    Array eps =
        IdentityOps.stopGradient(
            Jnp.subtract(ElementwiseOps.div(Jnp.onesLike(r), Jnp.multiply(r, r)), var));
    Array rho = ElementwiseOps.rsqrt(Jnp.add(var, eps));
    Array meanEff = withDerivativeOf(m, mu);
    Array rstdEff = withDerivativeOf(r, rho);
    return new Normalized(Jnp.multiply(Jnp.subtract(x, meanEff), rstdEff), rstdEff, axes);
  }

  /** The value of {@code value} with the derivative of {@code source}. */
  private static Array withDerivativeOf(Array value, Array source) {
    return Jnp.add(value, Jnp.subtract(source, IdentityOps.stopGradient(source)));
  }

  private static Array statistic(String op, String name, Array stat, Array x, long[] statShape) {
    long size = 1;
    for (long d : statShape) {
      size *= d;
    }
    if (stat.size() != size) {
      throw new IllegalArgumentException(
          "%s: %s must hold one value per normalized group (%d), got shape %s"
              .formatted(op, name, size, Arrays.toString(stat.shape())));
    }
    // Held constant: its derivative comes from the input (see normalized).
    return IdentityOps.stopGradient(ShapeOps.reshape(Jnp.astype(stat, x.dtype()), statShape));
  }

  private static Array meanOver(Array x, long[] axes) {
    long count = AxisReductions.count(x.shape(), axes);
    return Constants.times(AxisReductions.sum(x, axes, true), 1.0 / count);
  }

  private static void requireShape(String op, String name, Array a, long[] shape) {
    if (!Arrays.equals(a.shape(), shape)) {
      throw new IllegalArgumentException(
          op
              + ": "
              + name
              + " must be shaped like input "
              + Arrays.toString(shape)
              + ", got "
              + Arrays.toString(a.shape()));
    }
  }
}
