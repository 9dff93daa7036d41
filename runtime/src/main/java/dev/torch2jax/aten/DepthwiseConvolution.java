package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.IdentityOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;

/**
 * Depthwise convolution (one filter per channel: {@code groups == channels}, weight {@code (C, 1,
 * k...)}) as the sum over kernel positions of a strided slice of the padded input times that
 * position's per-channel weight. XLA's CPU backend runs grouped convolutions with one group per
 * channel as slow generic loops (8-13 ms for a 3x3 on [1, 144, 56, 56]); the slices and
 * multiply-adds fuse into one loop (0.4-0.5 ms). Gradients and batching follow from the slices. The
 * sum is stored behind an optimization barrier: to XLA it looks elementwise, so without one XLA
 * fuses the whole sum into each consumer (three times per ConvNeXt block: layer norm's mean,
 * variance and normalization).
 */
final class DepthwiseConvolution {
  /** Kernels with more positions go to XLA's convolution (the unrolled sum grows with them). */
  private static final long MAX_KERNEL_POSITIONS = 49;

  private DepthwiseConvolution() {}

  /**
   * True when {@code convolution(input, weight, groups)} is depthwise with one filter per channel,
   * in float32 or float64, with a kernel of at most 7x7 positions and a non-empty output (other
   * cases, errors included, are XLA's convolution's).
   */
  static boolean applies(
      Array input, Array weight, long groups, long[] stride, long[] padding, long[] dilation) {
    long[] w = weight.shape();
    long[] out = outputSize(input.shape(), w, stride, padding, dilation);
    if (Arrays.stream(out).anyMatch(o -> o < 1)) {
      return false;
    }
    long channels = input.shape()[1];
    long positions = 1;
    for (int i = 2; i < w.length; i++) {
      positions *= w[i];
    }
    DType t = input.dtype();
    return channels > 1
        && groups == channels
        && w[0] == channels
        && w[1] == 1
        && positions <= MAX_KERNEL_POSITIONS
        && (t == DType.F32 || t == DType.F64);
  }

  /** The convolution, without bias: {@code (N, C, out...)}. */
  static Array apply(Array input, Array weight, long[] stride, long[] padding, long[] dilation) {
    int n = weight.ndim() - 2;
    long[] in = input.shape();
    long[] k = Arrays.copyOfRange(weight.shape(), 2, weight.ndim());
    long[] low = new long[n + 2];
    for (int i = 0; i < n; i++) {
      low[i + 2] = padding[i];
    }
    Array zero = Constants.scalar(0, input.dtype());
    Array x = ShapeOps.pad(input, zero, low, low, new long[n + 2]);
    long[] out = outputSize(in, weight.shape(), stride, padding, dilation);
    long[] outShape = new long[n + 2];
    outShape[0] = in[0];
    outShape[1] = in[1];
    System.arraycopy(out, 0, outShape, 2, n);
    long[] channelShape = new long[n + 2];
    Arrays.fill(channelShape, 1);
    channelShape[1] = in[1];
    long[] strides = new long[n + 2];
    Arrays.fill(strides, 1);
    System.arraycopy(stride, 0, strides, 2, n);
    Array sum = null;
    long[] position = new long[n];
    do {
      long[] start = new long[n + 2];
      long[] limit = x.shape().clone();
      long[] wStart = new long[n + 2];
      long[] wLimit = weight.shape().clone();
      for (int i = 0; i < n; i++) {
        start[i + 2] = position[i] * dilation[i];
        limit[i + 2] = start[i + 2] + (out[i] - 1) * stride[i] + 1;
        wStart[i + 2] = position[i];
        wLimit[i + 2] = position[i] + 1;
      }
      Array window = ShapeOps.slice(x, start, limit, strides);
      Array w = ShapeOps.reshape(ShapeOps.slice(weight, wStart, wLimit), channelShape);
      Array term = ElementwiseOps.mul(window, ShapeOps.broadcastInDim(w, outShape, iota(n + 2)));
      sum = sum == null ? term : ElementwiseOps.add(sum, term);
    } while (next(position, k));
    return IdentityOps.optimizationBarrier(sum);
  }

  /** The spatial output size, libtorch's formula. */
  static long[] outputSize(long[] in, long[] w, long[] stride, long[] padding, long[] dilation) {
    int n = w.length - 2;
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] =
          Math.floorDiv(in[i + 2] + 2 * padding[i] - dilation[i] * (w[i + 2] - 1) - 1, stride[i])
              + 1;
    }
    return out;
  }

  /** Advances {@code position} through the kernel in row-major order; false after the last. */
  static boolean next(long[] position, long[] kernel) {
    for (int i = position.length - 1; i >= 0; i--) {
      if (++position[i] < kernel[i]) {
        return true;
      }
      position[i] = 0;
    }
    return false;
  }

  private static long[] iota(int n) {
    long[] out = new long[n];
    Arrays.setAll(out, i -> i);
    return out;
  }
}
