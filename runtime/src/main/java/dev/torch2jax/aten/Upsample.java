package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;

/**
 * Nearest, nearest-exact and (bi/tri)linear upsampling of (N, C, spatial...) inputs, with
 * libtorch's source-index arithmetic (computed in float for float32 inputs, as libtorch's CPU
 * kernels do).
 */
public final class Upsample {
  private Upsample() {}

  private enum Mode {
    NEAREST,
    NEAREST_EXACT,
    LINEAR;

    /** The mode an op name such as {@code _upsample_nearest_exact2d} says. */
    static Mode of(String op) {
      if (op.contains("nearest_exact")) {
        return NEAREST_EXACT;
      }
      return op.contains("nearest") ? NEAREST : LINEAR;
    }
  }

  // ---- nearest -------------------------------------------------------------------------------

  /** 1-D nearest or nearest-exact (pixel centers) upsampling, as the overload's name says. */
  @Implements("aten::upsample_nearest1d aten::_upsample_nearest_exact1d")
  public static Array upsampleNearest1d(
      String overload, Array self, long[] outputSize, Double scales) {
    return resize(OverloadNames.operator(overload), self, outputSize, scales(scales), false);
  }

  /** 2-D nearest or nearest-exact upsampling. */
  @Implements("aten::upsample_nearest2d aten::_upsample_nearest_exact2d")
  public static Array upsampleNearest2d(
      String overload, Array self, long[] outputSize, Double scalesH, Double scalesW) {
    String op = OverloadNames.operator(overload);
    return resize(op, self, outputSize, scales(scalesH, scalesW), false);
  }

  /** 3-D nearest upsampling. */
  @Implements("aten::upsample_nearest3d")
  public static Array upsampleNearest3d(
      Array self, long[] outputSize, Double scalesD, Double scalesH, Double scalesW) {
    return resize("upsample_nearest3d", self, outputSize, scales(scalesD, scalesH, scalesW), false);
  }

  /** Nearest or nearest-exact upsampling to a size or by factors, 1-3 d as the name says. */
  @Implements({
    "aten::upsample_nearest1d.vec aten::upsample_nearest2d.vec aten::upsample_nearest3d.vec",
    "aten::_upsample_nearest_exact1d.vec aten::_upsample_nearest_exact2d.vec"
  })
  public static Array upsampleNearestVec(
      String overload, Array input, long[] outputSize, double[] factors) {
    return vec(overload, input, outputSize, factors, false);
  }

  // ---- linear --------------------------------------------------------------------------------

  /** 1-D linear interpolation. */
  @Implements("aten::upsample_linear1d")
  public static Array upsampleLinear1d(
      Array self, long[] outputSize, boolean alignCorners, Double scales) {
    return resize("upsample_linear1d", self, outputSize, scales(scales), alignCorners);
  }

  /** Bilinear interpolation. */
  @Implements("aten::upsample_bilinear2d")
  public static Array upsampleBilinear2d(
      Array self, long[] outputSize, boolean alignCorners, Double scalesH, Double scalesW) {
    return resize("upsample_bilinear2d", self, outputSize, scales(scalesH, scalesW), alignCorners);
  }

  /** Trilinear interpolation. */
  @Implements("aten::upsample_trilinear3d")
  public static Array upsampleTrilinear3d(
      Array self,
      long[] outputSize,
      boolean alignCorners,
      Double scalesD,
      Double scalesH,
      Double scalesW) {
    return resize(
        "upsample_trilinear3d", self, outputSize, scales(scalesD, scalesH, scalesW), alignCorners);
  }

  /** (Bi/tri)linear interpolation to a size or by factors, 1-3 d as the name says. */
  @Implements(
      "aten::upsample_linear1d.vec aten::upsample_bilinear2d.vec aten::upsample_trilinear3d.vec")
  public static Array upsampleLinearVec(
      String overload, Array input, long[] outputSize, boolean alignCorners, double[] factors) {
    return vec(overload, input, outputSize, factors, alignCorners);
  }

  // ---- implementation ------------------------------------------------------------------------

  private static Double[] scales(Double... s) {
    return s;
  }

  private static Array vec(
      String overload, Array input, long[] outputSize, double[] factors, boolean alignCorners) {
    String op = OverloadNames.operator(overload);
    int n = OverloadNames.spatialRank(overload);
    if ((outputSize == null) == (factors == null)) {
      throw new IllegalArgumentException(
          op + ": must specify exactly one of output_size and scale_factors");
    }
    if (outputSize != null) {
      return resize(op, input, outputSize, new Double[n], alignCorners);
    }
    if (factors.length != n) {
      throw new IllegalArgumentException(
          op + ": expected " + n + " scale factors, got " + Arrays.toString(factors));
    }
    long[] out = new long[n];
    Double[] sc = new Double[n];
    for (int i = 0; i < n; i++) {
      out[i] = (long) (input.shape()[input.ndim() - n + i] * factors[i]);
      sc[i] = factors[i];
    }
    return resize(op, input, out, sc, alignCorners);
  }

  /** Resizes the trailing {@code scales.length} dims in the mode {@code op}'s name says. */
  private static Array resize(
      String op, Array x, long[] outputSize, Double[] scales, boolean alignCorners) {
    Mode mode = Mode.of(op);
    int n = scales.length;
    if (x.ndim() != n + 2) {
      throw new IllegalArgumentException(
          op
              + ": expected a "
              + (n + 2)
              + "-D input (N, C, spatial...), got shape "
              + Arrays.toString(x.shape()));
    }
    if (outputSize == null || outputSize.length != n) {
      throw new IllegalArgumentException(
          op + ": output_size must have " + n + " elements, got " + Arrays.toString(outputSize));
    }
    if (mode == Mode.LINEAR) {
      DTypeChecks.requireFloat(op, x);
    }
    boolean single = x.dtype() != DType.F64;
    Array y = x;
    for (int i = 0; i < n; i++) {
      int ax = 2 + i;
      long in = x.shape()[ax];
      long out = outputSize[i];
      if (out <= 0 || in <= 0) {
        throw new IllegalArgumentException(
            op
                + ": input and output sizes should be greater than 0, but got input "
                + Arrays.toString(x.shape())
                + " and output "
                + Arrays.toString(outputSize));
      }
      Double sc = scales == null || scales.length <= i ? null : scales[i];
      if (mode == Mode.LINEAR) {
        y = linear(y, ax, in, out, sc, alignCorners, single);
      } else {
        long[] idx = new long[(int) out];
        for (int o = 0; o < out; o++) {
          idx[o] = mode == Mode.NEAREST ? nearest(o, in, out, sc) : nearestExact(o, in, out, sc);
        }
        y = Gathers.take(y, ax, Constants.longs(idx, out));
      }
    }
    return y;
  }

  /** libtorch's {@code compute_scales_value} in float. */
  private static float scaleF(long in, long out, Double scale) {
    return scale != null && scale > 0 ? (float) (1.0 / scale) : (float) in / out;
  }

  private static long nearest(long o, long in, long out, Double scale) {
    if (out == in) {
      return o;
    }
    if (out == 2 * in) {
      return o >> 1;
    }
    float s = scaleF(in, out, scale);
    return Math.min((long) Math.floor(o * s), in - 1);
  }

  private static long nearestExact(long o, long in, long out, Double scale) {
    float s = scaleF(in, out, scale);
    return Math.min((long) Math.floor((float) ((o + 0.5) * s)), in - 1);
  }

  private static Array linear(
      Array y, int ax, long in, long out, Double scale, boolean alignCorners, boolean single) {
    long[] i0 = new long[(int) out];
    long[] i1 = new long[(int) out];
    double[] w0 = new double[(int) out];
    double[] w1 = new double[(int) out];
    for (int o = 0; o < out; o++) {
      double lambda;
      long idx;
      if (single) {
        float s =
            alignCorners ? (out > 1 ? (float) (in - 1) / (out - 1) : 0f) : scaleF(in, out, scale);
        float src = alignCorners ? s * o : s * (o + 0.5f) - 0.5f;
        if (!alignCorners && src < 0) {
          src = 0;
        }
        idx = Math.min((long) Math.floor(src), in - 1);
        float l = Math.min(Math.max(src - idx, 0f), 1f);
        lambda = l;
        w0[o] = 1f - l;
      } else {
        double s =
            alignCorners
                ? (out > 1 ? (double) (in - 1) / (out - 1) : 0)
                : (scale != null && scale > 0 ? 1.0 / scale : (double) in / out);
        double src = alignCorners ? s * o : s * (o + 0.5) - 0.5;
        if (!alignCorners && src < 0) {
          src = 0;
        }
        idx = Math.min((long) Math.floor(src), in - 1);
        lambda = Math.min(Math.max(src - idx, 0), 1);
        w0[o] = 1 - lambda;
      }
      i0[o] = idx;
      i1[o] = idx + (idx < in - 1 ? 1 : 0);
      w1[o] = lambda;
    }
    Array a = Gathers.take(y, ax, Constants.longs(i0, out));
    Array b = Gathers.take(y, ax, Constants.longs(i1, out));
    long[] s = a.shape();
    Array wa = ShapeOps.broadcastInDim(Constants.constant(w0, y.dtype(), out), s, new long[] {ax});
    Array wb = ShapeOps.broadcastInDim(Constants.constant(w1, y.dtype(), out), s, new long[] {ax});
    return ElementwiseOps.add(ElementwiseOps.mul(a, wa), ElementwiseOps.mul(b, wb));
  }
}
