package dev.torch2jax.aten;

import static dev.torch2jax.aten.Dims.filled;
import static dev.torch2jax.aten.Dims.spatial;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.lax.ConvDimensionNumbers;
import dev.torch2jax.lax.ConvOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Convolutions, plain and transposed, in PyTorch's NC... layout, on {@code conv_general_dilated}.
 */
public final class Convolution {
  private Convolution() {}

  /**
   * The core op: {@code input} (N, C, spatial...) convolved with {@code weight} (O, C/groups,
   * k...), or for {@code transposed} (C, O/groups, k...), plus {@code bias}. The internal {@code
   * _convolution} forms add backend flags, which choose kernels, not results.
   */
  @Implements(
      value = "aten::convolution aten::_convolution aten::_convolution.deprecated",
      ignores = {"benchmark", "deterministic", "cudnn_enabled", "allow_tf32"})
  public static Array convolution(
      Array input,
      Array weight,
      Array bias,
      long[] stride,
      long[] padding,
      long[] dilation,
      boolean transposed,
      long[] outputPadding,
      long groups) {
    int n = weight.ndim() - 2;
    if (n < 1) {
      throw new IllegalArgumentException(
          "convolution: weight must have at least 3 dimensions, got shape "
              + Arrays.toString(weight.shape()));
    }
    if (input.ndim() != n + 2) {
      throw new IllegalArgumentException(
          "convolution: expected a "
              + (n + 2)
              + "-D input for a "
              + weight.ndim()
              + "-D weight, got shape "
              + Arrays.toString(input.shape()));
    }
    if (input.dtype() != weight.dtype()) {
      throw new IllegalArgumentException(
          "convolution: Input type (%s) and weight type (%s) should be the same"
              .formatted(input.dtype().torchName(), weight.dtype().torchName()));
    }
    long[] s = spatial("convolution", "stride", stride, n, filled(n, 1));
    long[] p = spatial("convolution", "padding", padding, n, filled(n, 0));
    long[] d = spatial("convolution", "dilation", dilation, n, filled(n, 1));
    long[] op = spatial("convolution", "output_padding", outputPadding, n, filled(n, 0));
    long[] k = Arrays.copyOfRange(weight.shape(), 2, weight.ndim());
    Array out;
    if (!transposed) {
      long cin = input.shape()[1];
      if (weight.shape()[1] * groups != cin) {
        throw new IllegalArgumentException(
            "convolution: expected input "
                + Arrays.toString(input.shape())
                + " to have "
                + weight.shape()[1] * groups
                + " channels, but got "
                + cin
                + " channels instead");
      }
      if (DepthwiseConvolution.applies(input, weight, groups, s, p, d)) {
        out = DepthwiseConvolution.apply(input, weight, s, p, d);
      } else if (GroupedConvolution.applies(input, weight, groups, s, p, d)) {
        out = GroupedConvolution.apply(input, weight, groups, s, p);
      } else {
        long[][] pad = new long[n][];
        for (int i = 0; i < n; i++) {
          pad[i] = new long[] {p[i], p[i]};
        }
        out =
            ConvOps.convGeneralDilated(
                input,
                weight,
                s,
                pad,
                filled(n, 1),
                d,
                ConvDimensionNumbers.nchw(n + 2),
                groups,
                1);
      }
    } else {
      long[] w = weight.shape();
      long cin = w[0];
      if (input.shape()[1] != cin) {
        throw new IllegalArgumentException(
            "convolution: transposed weight "
                + Arrays.toString(w)
                + " expects "
                + cin
                + " input channels, got input "
                + Arrays.toString(input.shape()));
      }
      long coutPerGroup = w[1];
      // (G, Cin/G, Cout/G, k...) -> (G, Cout/G, Cin/G, k...) -> (Cout, Cin/G, k...), flipped.
      long[] grouped = new long[n + 3];
      grouped[0] = groups;
      grouped[1] = cin / groups;
      grouped[2] = coutPerGroup;
      System.arraycopy(k, 0, grouped, 3, n);
      long[] perm = new long[n + 3];
      perm[0] = 0;
      perm[1] = 2;
      perm[2] = 1;
      for (int i = 0; i < n; i++) {
        perm[3 + i] = 3 + i;
      }
      long[] kshape = new long[n + 2];
      kshape[0] = groups * coutPerGroup;
      kshape[1] = cin / groups;
      System.arraycopy(k, 0, kshape, 2, n);
      Array kern =
          ShapeOps.reshape(ShapeOps.transpose(ShapeOps.reshape(weight, grouped), perm), kshape);
      long[] spatialDims = new long[n];
      Arrays.setAll(spatialDims, i -> i + 2);
      kern = ShapeOps.rev(kern, spatialDims);
      long[][] pad = new long[n][];
      for (int i = 0; i < n; i++) {
        long edge = d[i] * (k[i] - 1) - p[i];
        pad[i] = new long[] {edge, edge + op[i]};
      }
      out =
          ConvOps.convGeneralDilated(
              input, kern, filled(n, 1), pad, s, d, ConvDimensionNumbers.nchw(n + 2), groups, 1);
    }
    if (bias != null) {
      long[] bshape = filled(n + 2, 1);
      bshape[1] = bias.size();
      out = Jnp.add(out, ShapeOps.reshape(bias, bshape));
    }
    return out;
  }

  /**
   * 1-, 2- or 3-D convolution, as many spatial dimensions as the weight has beyond its first two;
   * an input with one dimension fewer than the weight is one unbatched sample.
   */
  @Implements("aten::conv1d aten::conv2d aten::conv3d")
  public static Array convNd(
      Array input,
      Array weight,
      Array bias,
      long[] stride,
      long[] padding,
      long[] dilation,
      long groups) {
    int n = weight.ndim() - 2;
    return onBatch(
        input,
        n,
        x -> convolution(x, weight, bias, stride, padding, dilation, false, filled(n, 0), groups));
  }

  /** {@link #convNd} with {@code padding} "valid" or "same". */
  @Implements("aten::conv1d.padding aten::conv2d.padding aten::conv3d.padding")
  public static Array convNdPadding(
      Array input,
      Array weight,
      Array bias,
      long[] stride,
      String padding,
      long[] dilation,
      long groups) {
    int n = weight.ndim() - 2;
    long[] d = spatial("conv", "dilation", dilation, n, filled(n, 1));
    long[] k = Arrays.copyOfRange(weight.shape(), 2, weight.ndim());
    switch (padding) {
      case "valid" -> {
        return convNd(input, weight, bias, stride, filled(n, 0), d, groups);
      }
      case "same" -> {
        long[] s = spatial("conv", "stride", stride, n, filled(n, 1));
        for (long v : s) {
          if (v != 1) {
            throw new IllegalArgumentException(
                "conv: padding='same' is not supported for strided convolutions");
          }
        }
        // The total padding d*(k-1) splits evenly; an odd extra element goes at the end.
        long[] low = new long[n + 2];
        long[] high = new long[n + 2];
        long[] sym = new long[n];
        boolean symmetric = true;
        for (int i = 0; i < n; i++) {
          long total = d[i] * (k[i] - 1);
          sym[i] = total / 2;
          low[i + 2] = 0;
          high[i + 2] = total - 2 * (total / 2);
          symmetric &= high[i + 2] == 0;
        }
        boolean padEnd = !symmetric;
        return onBatch(
            input,
            n,
            x -> {
              Array padded =
                  padEnd
                      ? ShapeOps.pad(x, Constants.scalar(0, x.dtype()), low, high, new long[n + 2])
                      : x;
              return convolution(padded, weight, bias, s, sym, d, false, filled(n, 0), groups);
            });
      }
      default ->
          throw new IllegalArgumentException(
              "conv: invalid padding string '" + padding + "', should be one of 'valid' or 'same'");
    }
  }

  /** 1-, 2- or 3-D transposed convolution, with the spatial rank taken from the weight. */
  @Implements("aten::conv_transpose1d aten::conv_transpose2d.input aten::conv_transpose3d.input")
  public static Array convTransposeNd(
      Array input,
      Array weight,
      Array bias,
      long[] stride,
      long[] padding,
      long[] outputPadding,
      long groups,
      long[] dilation) {
    return onBatch(
        input,
        weight.ndim() - 2,
        x -> convolution(x, weight, bias, stride, padding, dilation, true, outputPadding, groups));
  }

  /**
   * {@code conv} applied to {@code input} with a batch dimension: an input of {@code n + 1}
   * dimensions is one unbatched sample, given a batch of one and its result taken out again.
   */
  private static Array onBatch(Array input, int n, UnaryOperator<Array> conv) {
    if (input.ndim() != n + 1) {
      return conv.apply(input);
    }
    return ShapeOps.squeeze(conv.apply(ShapeOps.expandDims(input, new long[] {0})), new long[] {0});
  }
}
