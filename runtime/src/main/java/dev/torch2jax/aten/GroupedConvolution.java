package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.lax.ConvDimensionNumbers;
import dev.torch2jax.lax.ConvOps;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.IdentityOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Grouped convolution with a few input channels per group, not depthwise (RegNet's and ResNeXt's
 * 3x3 convolutions: 4 to 8 channels a group), which XLA's CPU backend runs as generic loops, 2-4x
 * libtorch's time. Without stride it is the sum, over kernel positions and a group's input
 * channels, of a slice of the padded input times that weight, one fused loop like {@link
 * DepthwiseConvolution}; with a stride, where those slices read memory sparsely, it is one dense
 * convolution per group. {@code GroupedConvProbe} measured the ways of writing RegNet-Y's layers.
 */
final class GroupedConvolution {
  /** Channels per group times kernel positions: the terms of each output's sum (3x3 with 8). */
  private static final long MAX_TERMS = 72;

  /**
   * Strided convolutions with more groups stay XLA's: each group is a convolution to compile, and
   * with many small groups XLA's own form is about as fast (RegNet-Y: 0.80 against 0.70 ms with 26
   * groups, 0.57 against 0.51 with 55).
   */
  private static final long MAX_STRIDED_GROUPS = 16;

  private GroupedConvolution() {}

  /**
   * True when {@code convolution(input, weight, groups)} has groups of more than one input channel,
   * at most {@link #MAX_TERMS} products per output, no dilation, a non-empty output, in float32 or
   * float64, and no stride or at most {@link #MAX_STRIDED_GROUPS} groups (other cases are XLA's
   * convolution's).
   */
  static boolean applies(
      Array input, Array weight, long groups, long[] stride, long[] padding, long[] dilation) {
    long[] w = weight.shape();
    if (groups < 2 || w[1] < 2 || w[0] % groups != 0) {
      return false;
    }
    if (!unstrided(stride) && groups > MAX_STRIDED_GROUPS) {
      return false;
    }
    long[] out = DepthwiseConvolution.outputSize(input.shape(), w, stride, padding, dilation);
    if (Arrays.stream(out).anyMatch(o -> o < 1) || Arrays.stream(dilation).anyMatch(d -> d != 1)) {
      return false;
    }
    DType t = input.dtype();
    return w[1] * positions(w) <= MAX_TERMS && (t == DType.F32 || t == DType.F64);
  }

  /** The convolution, without bias: {@code (N, Cout, out...)}. */
  static Array apply(Array input, Array weight, long groups, long[] stride, long[] padding) {
    return unstrided(stride)
        ? sliceSum(input, weight, groups, padding)
        : perGroup(input, weight, groups, stride, padding);
  }

  private static Array sliceSum(Array input, Array weight, long groups, long[] padding) {
    int n = weight.ndim() - 2;
    long[] in = input.shape();
    long[] w = weight.shape();
    long[] k = Arrays.copyOfRange(w, 2, w.length);
    long perGroupIn = w[1];
    long perGroupOut = w[0] / groups;
    long[] low = new long[n + 2];
    System.arraycopy(padding, 0, low, 2, n);
    // The padded input is stored once: each output reads Cg x positions of its elements, and XLA
    // would otherwise recompute the input's producer (a batch norm, an activation) for every read.
    Array x =
        IdentityOps.optimizationBarrier(
            ShapeOps.pad(input, Constants.scalar(0, input.dtype()), low, low, new long[n + 2]));
    long[] ones = new long[n];
    Arrays.fill(ones, 1);
    long[] out = DepthwiseConvolution.outputSize(in, w, ones, padding, ones);
    // x windows as (N, G, Cg, out...), the weight as (G, Cout/G, Cg, k...), the sum (N, G, O/G,
    // out).
    long[] windowShape = concat(new long[] {in[0], groups, perGroupIn}, out);
    long[] sumShape = concat(new long[] {in[0], groups, perGroupOut}, out);
    long[] inputDims = new long[n + 2];
    inputDims[0] = 0;
    inputDims[1] = 1;
    for (int i = 0; i < n; i++) {
      inputDims[i + 2] = i + 3;
    }
    Array wg = ShapeOps.reshape(weight, concat(new long[] {groups, perGroupOut, perGroupIn}, k));
    Array sum = null;
    long[] position = new long[n];
    do {
      long[] start = new long[n + 2];
      long[] limit = x.shape().clone();
      for (int i = 0; i < n; i++) {
        start[i + 2] = position[i];
        limit[i + 2] = position[i] + out[i];
      }
      Array window = ShapeOps.reshape(ShapeOps.slice(x, start, limit), windowShape);
      for (long c = 0; c < perGroupIn; c++) {
        Array xc = channel(window, c, 2);
        long[] wStart = new long[n + 3];
        long[] wLimit = wg.shape().clone();
        wStart[2] = c;
        wLimit[2] = c + 1;
        for (int i = 0; i < n; i++) {
          wStart[i + 3] = position[i];
          wLimit[i + 3] = position[i] + 1;
        }
        Array wc =
            ShapeOps.reshape(ShapeOps.slice(wg, wStart, wLimit), new long[] {groups, perGroupOut});
        Array term =
            ElementwiseOps.mul(
                ShapeOps.broadcastInDim(xc, sumShape, inputDims),
                ShapeOps.broadcastInDim(wc, sumShape, new long[] {1, 2}));
        sum = sum == null ? term : ElementwiseOps.add(sum, term);
      }
    } while (DepthwiseConvolution.next(position, k));
    // Behind a barrier, as for depthwise: to XLA the sum looks elementwise and would be fused
    // into each consumer.
    return ShapeOps.reshape(
        IdentityOps.optimizationBarrier(sum), concat(new long[] {in[0], w[0]}, out));
  }

  /** Index {@code c} of axis {@code axis}, the axis dropped. */
  private static Array channel(Array x, long c, int axis) {
    long[] start = new long[x.ndim()];
    long[] limit = x.shape().clone();
    start[axis] = c;
    limit[axis] = c + 1;
    long[] shape = new long[x.ndim() - 1];
    for (int i = 0, j = 0; i < x.ndim(); i++) {
      if (i != axis) {
        shape[j++] = limit[i];
      }
    }
    return ShapeOps.reshape(ShapeOps.slice(x, start, limit), shape);
  }

  private static Array perGroup(
      Array input, Array weight, long groups, long[] stride, long[] padding) {
    int n = weight.ndim() - 2;
    long[] in = input.shape();
    long[] w = weight.shape();
    long perGroupIn = w[1];
    long perGroupOut = w[0] / groups;
    long[][] pad = new long[n][];
    long[] ones = new long[n];
    for (int i = 0; i < n; i++) {
      pad[i] = new long[] {padding[i], padding[i]};
      ones[i] = 1;
    }
    List<Array> outs = new ArrayList<>();
    for (long g = 0; g < groups; g++) {
      long[] xStart = new long[n + 2];
      long[] xLimit = in.clone();
      xStart[1] = g * perGroupIn;
      xLimit[1] = (g + 1) * perGroupIn;
      long[] wStart = new long[n + 2];
      long[] wLimit = w.clone();
      wStart[0] = g * perGroupOut;
      wLimit[0] = (g + 1) * perGroupOut;
      outs.add(
          ConvOps.convGeneralDilated(
              ShapeOps.slice(input, xStart, xLimit),
              ShapeOps.slice(weight, wStart, wLimit),
              stride,
              pad,
              ones,
              ones,
              ConvDimensionNumbers.nchw(n + 2),
              1,
              1));
    }
    return ShapeOps.concatenate(outs, 1);
  }

  private static boolean unstrided(long[] stride) {
    return Arrays.stream(stride).allMatch(s -> s == 1);
  }

  private static long positions(long[] w) {
    long p = 1;
    for (int i = 2; i < w.length; i++) {
      p *= w[i];
    }
    return p;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
