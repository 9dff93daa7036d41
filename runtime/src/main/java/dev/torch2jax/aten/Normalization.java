package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;
import java.util.List;

/**
 * Batch, layer, group and instance normalization. Training-mode batch norm with running statistics
 * is {@code _native_batch_norm_legit_functional}: it returns the new running statistics instead of
 * writing them, and the TorchScript interpreter writes them into the module's buffers (the ops
 * whose schemas update buffers in place refuse training mode when called directly).
 */
public final class Normalization {
  private Normalization() {}

  /** Inference-mode batch norm with running statistics: {@code (out, empty, empty)}. */
  @Implements(value = "aten::_native_batch_norm_legit_no_training", ignores = "momentum")
  public static List<Array> nativeBatchNormNoTraining(
      Array input, Array weight, Array bias, Array runningMean, Array runningVar, double eps) {
    Array out = withStats(input, weight, bias, runningMean, runningVar, eps);
    return List.of(out, empty(input), empty(input));
  }

  /** Batch norm that computes batch statistics: {@code (out, mean, rstd)} (training only). */
  @Implements(value = "aten::_native_batch_norm_legit.no_stats", ignores = "momentum")
  public static List<Array> nativeBatchNormNoStats(
      Array input, Array weight, Array bias, boolean training, double eps) {
    if (!training) {
      throw new IllegalArgumentException(
          "_native_batch_norm_legit.no_stats: running_mean and running_var must be defined in"
              + " evaluation mode");
    }
    return batchStats(input, weight, bias, eps);
  }

  /**
   * {@code (out, save_mean, save_invstd)}. Training with running statistics would update them in
   * place, which only the interpreter (TorchScript) or {@link #nativeBatchNormLegitFunctional} can
   * express, so it is refused here; training without them computes batch statistics.
   */
  @Implements("aten::native_batch_norm aten::_native_batch_norm_legit")
  public static List<Array> nativeBatchNorm(
      String overload,
      Array input,
      Array weight,
      Array bias,
      Array runningMean,
      Array runningVar,
      boolean training,
      double momentum,
      double eps) {
    String op = OverloadNames.operator(overload);
    if (training) {
      if (runningMean != null || runningVar != null) {
        throw trainingError(op);
      }
      return batchStats(input, weight, bias, eps);
    }
    if (runningMean == null || runningVar == null) {
      throw new IllegalArgumentException(
          op + ": running_mean and running_var must be defined in evaluation mode");
    }
    return nativeBatchNormNoTraining(input, weight, bias, runningMean, runningVar, eps);
  }

  /**
   * {@code torch.batch_norm}: running statistics in evaluation mode; batch statistics when training
   * without running statistics ({@code track_running_stats=False}).
   */
  @Implements(value = "aten::batch_norm", ignores = "cudnn_enabled")
  public static Array batchNorm(
      Array input,
      Array weight,
      Array bias,
      Array runningMean,
      Array runningVar,
      boolean training,
      double momentum,
      double eps) {
    return nativeBatchNorm(
            "aten::batch_norm",
            input,
            weight,
            bias,
            runningMean,
            runningVar,
            training,
            momentum,
            eps)
        .get(0);
  }

  private static IllegalArgumentException trainingError(String op) {
    return new IllegalArgumentException(
        ("%s: training-mode batch norm updates running_mean/running_var in place, which a pure"
                + " function cannot do when called on its own: run the module through"
                + " TorchFunction.callWithState (which returns the new statistics), or call"
                + " aten::_native_batch_norm_legit_functional")
            .formatted(op));
  }

  private static Array withStats(
      Array input, Array weight, Array bias, Array mean, Array var, double eps) {
    DTypeChecks.requireFloat("batch_norm", input);
    long[] b = channelShape(input);
    Array m = ShapeOps.reshape(Jnp.astype(mean, input.dtype()), b);
    Array v = ShapeOps.reshape(Jnp.astype(var, input.dtype()), b);
    Array rstd = ElementwiseOps.rsqrt(Jnp.add(v, Constants.scalar(eps, input.dtype())));
    Array y = Jnp.multiply(Jnp.subtract(input, m), rstd);
    return affine(y, weight, bias, b);
  }

  /**
   * Batch norm as a pure function: in training, {@code (out, save_mean, save_invstd,
   * new_running_mean, new_running_var)} with PyTorch's update {@code (1 - momentum) * running +
   * momentum * batch} (the unbiased batch variance for the running variance); in evaluation, the
   * running statistics normalize and come back unchanged. The running statistics carry no gradient,
   * as in PyTorch, where they are updated outside autograd.
   */
  @Implements("aten::_native_batch_norm_legit_functional")
  public static List<Array> nativeBatchNormLegitFunctional(
      Array input,
      Array weight,
      Array bias,
      Array runningMean,
      Array runningVar,
      boolean training,
      double momentum,
      double eps) {
    if (!training) {
      Array out = withStats(input, weight, bias, runningMean, runningVar, eps);
      return List.of(out, empty(input), empty(input), runningMean, runningVar);
    }
    List<Array> s = batchStatsAndVariance(input, weight, bias, eps);
    long n = input.size() / Math.max(input.shape()[1], 1);
    Array unbiased =
        Jnp.multiply(s.get(3), Constants.scalar(n / (double) Math.max(n - 1, 1), s.get(3).dtype()));
    return List.of(
        s.get(0),
        s.get(1),
        s.get(2),
        runningAverage(runningMean, s.get(1), momentum),
        runningAverage(runningVar, unbiased, momentum));
  }

  /** {@code (1 - momentum) * running + momentum * batch}, in the running statistic's dtype. */
  private static Array runningAverage(Array running, Array batch, double momentum) {
    DType t = running.dtype();
    Array b = Jnp.astype(Jnp.stopGradient(batch), t);
    return Jnp.add(
        Jnp.multiply(running, Constants.scalar(1 - momentum, t)),
        Jnp.multiply(b, Constants.scalar(momentum, t)));
  }

  private static List<Array> batchStats(Array input, Array weight, Array bias, double eps) {
    return batchStatsAndVariance(input, weight, bias, eps).subList(0, 3);
  }

  /** {@code (out, mean, rstd, biased variance)} over every dim but the channels. */
  private static List<Array> batchStatsAndVariance(
      Array input, Array weight, Array bias, double eps) {
    DTypeChecks.requireFloat("batch_norm", input);
    long[] axes = new long[input.ndim() - 1];
    axes[0] = 0;
    for (int i = 2; i < input.ndim(); i++) {
      axes[i - 1] = i;
    }
    List<Array> n = normalize(input, axes, eps);
    Array y = affine(n.get(0), weight, bias, channelShape(input));
    long[] c = {input.shape()[1]};
    return List.of(
        y,
        ShapeOps.reshape(n.get(1), c),
        ShapeOps.reshape(n.get(2), c),
        ShapeOps.reshape(n.get(3), c));
  }

  private static boolean isHalf(Array x) {
    return x.dtype() == DType.F16 || x.dtype() == DType.BF16;
  }

  /** A half-precision array in float32 (null stays null). */
  private static Array widen(Array x) {
    return x == null || !isHalf(x) ? x : Jnp.astype(x, DType.F32);
  }

  private static List<Array> halfOf(List<Array> outputs, DType half) {
    return outputs.stream().map(o -> Jnp.astype(o, half)).toList();
  }

  /** {@code (x - mean) * rstd} over {@code axes}, with the mean, rstd and biased variance. */
  private static List<Array> normalize(Array x, long[] axes, double eps) {
    List<Array> vm = ReduceOps.varMeanCorrection("aten::var_mean.correction", x, axes, 0L, true);
    Array rstd = ElementwiseOps.rsqrt(Jnp.add(vm.get(0), Constants.scalar(eps, x.dtype())));
    Array y = Jnp.multiply(Jnp.subtract(x, vm.get(1)), rstd);
    return List.of(y, vm.get(1), rstd, vm.get(0));
  }

  private static Array affine(Array y, Array weight, Array bias, long[] shape) {
    if (weight != null) {
      y = Jnp.multiply(y, ShapeOps.reshape(weight, shape));
    }
    if (bias != null) {
      y = Jnp.add(y, ShapeOps.reshape(bias, shape));
    }
    return y;
  }

  private static long[] channelShape(Array input) {
    if (input.ndim() < 2) {
      throw new IllegalArgumentException(
          "batch_norm: expected an input of at least 2 dimensions (N, C, ...), got shape "
              + Arrays.toString(input.shape()));
    }
    long[] b = Dims.filled(input.ndim(), 1);
    b[1] = input.shape()[1];
    return b;
  }

  private static Array empty(Array like) {
    return Jnp.zeros(new long[] {0}, like.dtype());
  }

  // ---- layer norm ----------------------------------------------------------------------------

  /** {@code (out, mean, rstd)} over the trailing {@code normalized_shape} dimensions. */
  @Implements("aten::native_layer_norm")
  public static List<Array> nativeLayerNorm(
      Array input, long[] normalizedShape, Array weight, Array bias, double eps) {
    DTypeChecks.requireFloat("layer_norm", input);
    int k = normalizedShape.length;
    long[] s = input.shape();
    if (k > s.length
        || !Arrays.equals(normalizedShape, Arrays.copyOfRange(s, s.length - k, s.length))) {
      throw new IllegalArgumentException(
          "layer_norm: normalized_shape "
              + Arrays.toString(normalizedShape)
              + " does not match the trailing dimensions of input "
              + Arrays.toString(s));
    }
    if (isHalf(input)) {
      // libtorch normalizes half tensors in float32 and rounds once; so do we (the statistics and
      // the affine parameters' gradients would otherwise lose digits to half-precision sums).
      return halfOf(
          nativeLayerNorm(widen(input), normalizedShape, widen(weight), widen(bias), eps),
          input.dtype());
    }
    long[] axes = new long[k];
    Arrays.setAll(axes, i -> s.length - k + i);
    List<Array> n = normalize(input, axes, eps);
    Array y = n.get(0);
    if (weight != null) {
      y = Jnp.multiply(y, weight);
    }
    if (bias != null) {
      y = Jnp.add(y, bias);
    }
    return List.of(y, n.get(1), n.get(2));
  }

  /** {@code torch.layer_norm}. */
  @Implements(value = "aten::layer_norm", ignores = "cudnn_enable")
  public static Array layerNorm(
      Array input, long[] normalizedShape, Array weight, Array bias, double eps) {
    return nativeLayerNorm(input, normalizedShape, weight, bias, eps).get(0);
  }

  // ---- group and instance norm ---------------------------------------------------------------

  /** {@code (out, mean (N, group), rstd (N, group))} for input viewed as (N, C, HxW). */
  @Implements("aten::native_group_norm")
  public static List<Array> nativeGroupNorm(
      Array input, Array weight, Array bias, long n, long c, long hxw, long group, double eps) {
    DTypeChecks.requireFloat("group_norm", input);
    if (c % group != 0) {
      throw new IllegalArgumentException(
          "group_norm: expected number of channels "
              + c
              + " to be divisible by num_groups "
              + group);
    }
    Array x = ShapeOps.reshape(input, new long[] {n, group, (c / group) * hxw});
    List<Array> r = normalize(x, new long[] {2}, eps);
    Array y = ShapeOps.reshape(r.get(0), input.shape());
    y = affine(y, weight, bias, channelShape(input));
    return List.of(
        y,
        ShapeOps.reshape(r.get(1), new long[] {n, group}),
        ShapeOps.reshape(r.get(2), new long[] {n, group}));
  }

  /** {@code torch.group_norm}. */
  @Implements(value = "aten::group_norm", ignores = "cudnn_enabled")
  public static Array groupNorm(Array input, long numGroups, Array weight, Array bias, double eps) {
    long[] s = input.shape();
    long hxw = 1;
    for (int i = 2; i < s.length; i++) {
      hxw *= s[i];
    }
    return nativeGroupNorm(input, weight, bias, s[0], s[1], hxw, numGroups, eps).get(0);
  }

  /**
   * {@code torch.instance_norm}: per-sample, per-channel statistics when {@code use_input_stats},
   * else the running statistics.
   */
  @Implements(value = "aten::instance_norm", ignores = "momentum cudnn_enabled")
  public static Array instanceNorm(
      Array input,
      Array weight,
      Array bias,
      Array runningMean,
      Array runningVar,
      boolean useInputStats,
      double eps) {
    DTypeChecks.requireFloat("instance_norm", input);
    if (!useInputStats) {
      if (runningMean == null || runningVar == null) {
        throw new IllegalArgumentException(
            "instance_norm: Expected running_mean and running_var to be defined when"
                + " use_input_stats is false");
      }
      return withStats(input, weight, bias, runningMean, runningVar, eps);
    }
    if (runningMean != null || runningVar != null) {
      throw trainingError("instance_norm");
    }
    long[] axes = new long[input.ndim() - 2];
    Arrays.setAll(axes, i -> i + 2);
    Array y = normalize(input, axes, eps).get(0);
    return affine(y, weight, bias, channelShape(input));
  }
}
