package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.hlo.ScatterDimensionNumbers;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.IndexingOps;
import dev.torch2jax.lax.ReductionOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;
import java.util.List;

/**
 * The backward ops of convolution, pooling and embedding that appear in exported training graphs.
 * Each is the VJP of the forward op applied to the incoming gradient (or, for max pooling and
 * embedding, a scatter-add of it), built from traceable ops so that it can itself be jitted, mapped
 * and differentiated. A gradient that {@code output_mask} does not ask for is None.
 */
public final class BackwardOps {
  private BackwardOps() {}

  /**
   * {@code (grad_input, grad_weight, grad_bias)} of {@link Convolution#convolution}, each only when
   * its {@code output_mask} entry is set; the bias gradient sums {@code grad_output} over every
   * dimension but the channels (so {@code bias_sizes} is not needed).
   */
  @Implements("aten::convolution_backward")
  public static List<Array> convolutionBackward(
      Array gradOutput,
      Array input,
      Array weight,
      long[] biasSizes,
      long[] stride,
      long[] padding,
      long[] dilation,
      boolean transposed,
      long[] outputPadding,
      long groups,
      boolean[] outputMask) {
    boolean[] mask = outputMask("convolution_backward", outputMask);
    Array gradInput = null;
    Array gradWeight = null;
    if (mask[0] || mask[1]) {
      Fn conv =
          xs ->
              Convolution.convolution(
                  (Array) xs[0],
                  (Array) xs[1],
                  null,
                  stride,
                  padding,
                  dilation,
                  transposed,
                  outputPadding,
                  groups);
      List<?> grads = pullback(conv, gradOutput, input, weight);
      gradInput = mask[0] ? (Array) grads.get(0) : null;
      gradWeight = mask[1] ? (Array) grads.get(1) : null;
    }
    Array gradBias = null;
    if (mask[2]) {
      long[] axes = new long[gradOutput.ndim() - 1];
      Arrays.setAll(axes, i -> i == 0 ? 0 : i + 1);
      gradBias = ReductionOps.reduceSum(gradOutput, axes);
    }
    return Arrays.asList(gradInput, gradWeight, gradBias);
  }

  /** The gradient of {@code avg_pool2d} with respect to {@code self}. */
  @Implements("aten::avg_pool2d_backward")
  public static Array avgPool2dBackward(
      Array gradOutput,
      Array self,
      long[] kernelSize,
      long[] stride,
      long[] padding,
      boolean ceilMode,
      boolean countIncludePad,
      Long divisorOverride) {
    Fn pool =
        xs ->
            Pooling.avgPool(
                "aten::avg_pool2d",
                (Array) xs[0],
                kernelSize,
                stride,
                padding,
                ceilMode,
                countIncludePad,
                divisorOverride);
    return linearPullback(pool, gradOutput, self);
  }

  /** The gradient of {@code _adaptive_avg_pool2d} with respect to {@code self}. */
  @Implements("aten::_adaptive_avg_pool2d_backward")
  public static Array adaptiveAvgPool2dBackward(Array gradOutput, Array self) {
    if (gradOutput.ndim() < 2) {
      throw new IllegalArgumentException(
          "_adaptive_avg_pool2d_backward: grad_output must have at least 2 dimensions, got shape "
              + Arrays.toString(gradOutput.shape()));
    }
    long[] g = gradOutput.shape();
    long[] outputSize = {g[g.length - 2], g[g.length - 1]};
    Fn pool =
        xs -> Pooling.adaptiveAvgPool("aten::_adaptive_avg_pool2d", (Array) xs[0], outputSize);
    return linearPullback(pool, gradOutput, self);
  }

  /**
   * {@code grad_output} added into {@code self}'s shape at the positions {@code indices} names,
   * each a flat {@code h * W + w} position within its (N, C) plane (the window arguments only
   * describe how the indices were made).
   */
  @Implements("aten::max_pool2d_with_indices_backward")
  public static Array maxPool2dWithIndicesBackward(
      Array gradOutput,
      Array self,
      long[] kernelSize,
      long[] stride,
      long[] padding,
      long[] dilation,
      boolean ceilMode,
      Array indices) {
    long[] s = self.shape();
    long[] g = gradOutput.shape();
    if (s.length != 3 && s.length != 4) {
      throw new IllegalArgumentException(
          "max_pool2d_with_indices_backward: expected a 3-D or 4-D self, got shape "
              + Arrays.toString(s));
    }
    if (!Arrays.equals(g, indices.shape())
        || g.length != s.length
        || !Arrays.equals(Arrays.copyOf(g, g.length - 2), Arrays.copyOf(s, s.length - 2))) {
      throw new IllegalArgumentException(
          ("max_pool2d_with_indices_backward: grad_output %s and indices %s must have the same"
                  + " shape, with the leading dimensions of self %s")
              .formatted(Arrays.toString(g), Arrays.toString(indices.shape()), Arrays.toString(s)));
    }
    long planes = 1;
    for (int i = 0; i < s.length - 2; i++) {
      planes *= s[i];
    }
    long plane = s[s.length - 2] * s[s.length - 1];
    long perPlane = g[g.length - 2] * g[g.length - 1];
    // Positions in the flattened self: each plane's flat indices offset by its start.
    long[] starts = new long[(int) planes];
    Arrays.setAll(starts, p -> p * plane);
    Array flatIdx =
        Jnp.add(
            ShapeOps.reshape(Jnp.astype(indices, DType.I64), new long[] {planes, perPlane}),
            ShapeOps.broadcastInDim(
                Constants.longs(starts, planes), new long[] {planes, perPlane}, new long[] {0}));
    return ShapeOps.reshape(
        scatterRows(
            Jnp.zeros(new long[] {planes * plane}, gradOutput.dtype()),
            flatIdx,
            ShapeOps.reshape(gradOutput, new long[] {planes * perPlane})),
        s);
  }

  /**
   * The gradient of an embedding with {@code num_weights} rows: each row of {@code grad_output}
   * added into the row its index names, except rows at {@code padding_idx}; divided by each index's
   * number of occurrences with {@code scale_grad_by_freq}.
   */
  @Implements("aten::embedding_dense_backward")
  public static Array embeddingDenseBackward(
      Array gradOutput, Array indices, long numWeights, long paddingIdx, boolean scaleGradByFreq) {
    long n = indices.size();
    long[] g = gradOutput.shape();
    long d = g.length == 0 ? 0 : g[g.length - 1];
    if (g.length != indices.ndim() + 1 || n * d != gradOutput.size()) {
      throw new IllegalArgumentException(
          ("embedding_dense_backward: grad_output %s must be the indices' shape %s plus the"
                  + " embedding dimension")
              .formatted(Arrays.toString(g), Arrays.toString(indices.shape())));
    }
    Array idx = ShapeOps.reshape(Jnp.astype(indices, DType.I64), new long[] {n});
    Array rows = ShapeOps.reshape(gradOutput, new long[] {n, d});
    Array keep = Jnp.notEqual(idx, Constants.scalar(paddingIdx, DType.I64));
    Array weights = Jnp.astype(keep, rows.dtype());
    if (scaleGradByFreq) {
      Array counts =
          scatterRows(Jnp.zeros(new long[] {numWeights}, rows.dtype()), idx, Jnp.onesLike(weights));
      weights = ElementwiseOps.div(weights, Gathers.take(counts, 0, idx));
    }
    rows = Jnp.multiply(rows, ShapeOps.broadcastInDim(weights, rows.shape(), new long[] {0}));
    return scatterRows(Jnp.zeros(new long[] {numWeights, d}, rows.dtype()), idx, rows);
  }

  /** {@code output_mask}, checked to have its three entries. */
  static boolean[] outputMask(String op, boolean[] mask) {
    if (mask.length != 3) {
      throw new IllegalArgumentException(
          op + ": output_mask must have 3 entries, got " + Arrays.toString(mask));
    }
    return mask;
  }

  /** {@code target} with row {@code idx[i]} (axis 0) increased by {@code updates[i]}. */
  private static Array scatterRows(Array target, Array idx, Array updates) {
    int window = target.ndim() - 1;
    long[] windowDims = new long[window];
    Arrays.setAll(windowDims, i -> i + 1);
    ScatterDimensionNumbers dn =
        ScatterDimensionNumbers.of(windowDims, new long[] {0}, new long[] {0}, 1);
    Array flatIdx = ShapeOps.reshape(idx, new long[] {idx.size(), 1});
    return IndexingOps.scatterAdd(target, flatIdx, updates, dn);
  }

  /** The cotangents of {@code f}'s inputs {@code primals} for the output cotangent {@code ct}. */
  private static List<?> pullback(Fn f, Array ct, Array... primals) {
    List<Object> vjp = Jax.vjp(f, (Object[]) primals);
    Fn back = (Fn) vjp.get(1);
    return (List<?>) back.apply(ct);
  }

  /**
   * The input cotangent of {@code f}, linear in its one input shaped like {@code like}: taken at
   * zeros of {@code ct}'s dtype, so it does not depend on {@code like}'s values (whose gradient is
   * zero, as in PyTorch).
   */
  private static Array linearPullback(Fn f, Array ct, Array like) {
    return (Array) pullback(f, ct, Jnp.zeros(like.shape(), ct.dtype())).get(0);
  }
}
