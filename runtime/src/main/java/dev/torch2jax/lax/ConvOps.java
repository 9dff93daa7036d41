package dev.torch2jax.lax;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.annotations.AbstractEval;
import dev.torch2jax.annotations.BatchRule;
import dev.torch2jax.annotations.Lowering;
import dev.torch2jax.annotations.VjpRule;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.core.rules.LoweringContext;
import dev.torch2jax.hlo.TypeRules;
import dev.torch2jax.hlo.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code conv_general_dilated}, like JAX's: a convolution (cross-correlation, as in PyTorch) with
 * strides, padding, input ({@code lhs_dilation}) and kernel ({@code rhs_dilation}) dilation, any
 * layout ({@link ConvDimensionNumbers}), and feature or batch grouping.
 *
 * <p>Parameters: {@code window_strides}, {@code padding} (flat {@code (low0, high0, low1, ...)}),
 * {@code lhs_dilation}, {@code rhs_dilation} (one entry per spatial dimension), {@code
 * dimension_numbers}, {@code feature_group_count}, {@code batch_group_count}.
 */
public final class ConvOps {
  private static final Primitive CONV = Primitive.of("conv_general_dilated");

  private ConvOps() {}

  /**
   * Convolves {@code lhs} with the kernel {@code rhs}; {@code padding} is {@code [spatial][2]}
   * (low, high; negative cuts). With {@code featureGroupCount} g the input features split into g
   * groups, each convolved with its share of the kernel's output features; with {@code
   * batchGroupCount} g the batch splits likewise (at most one of them is above 1).
   */
  public static Array convGeneralDilated(
      Array lhs,
      Array rhs,
      long[] windowStrides,
      long[][] padding,
      long[] lhsDilation,
      long[] rhsDilation,
      ConvDimensionNumbers dimensionNumbers,
      long featureGroupCount,
      long batchGroupCount) {
    return conv(
        lhs,
        rhs,
        windowStrides,
        WindowOps.flatten(padding),
        lhsDilation,
        rhsDilation,
        dimensionNumbers,
        featureGroupCount,
        batchGroupCount);
  }

  private static Array conv(
      Array lhs,
      Array rhs,
      long[] windowStrides,
      long[] flatPadding,
      long[] lhsDilation,
      long[] rhsDilation,
      ConvDimensionNumbers dn,
      long featureGroupCount,
      long batchGroupCount) {
    Params params =
        Params.of(
            "window_strides", windowStrides,
            "padding", flatPadding,
            "lhs_dilation", lhsDilation,
            "rhs_dilation", rhsDilation,
            "dimension_numbers", dn,
            "feature_group_count", featureGroupCount,
            "batch_group_count", batchGroupCount);
    return CONV.bind1(params, lhs, rhs);
  }

  // ---- abstract evaluation ------------------------------------------------------------------

  /** JAX's shape rule, with StableHLO's window count. */
  @AbstractEval("conv_general_dilated")
  public static List<ShapedArray> convAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray lhs = in.get(0);
    ShapedArray rhs = in.get(1);
    String both = lhs + " and " + rhs;
    if (lhs.dtype() != rhs.dtype() || !(lhs.dtype().isFloatingPoint() || lhs.dtype().isInteger())) {
      throw new IllegalArgumentException(
          p + ": operands need one integer or floating-point type: " + both);
    }
    ConvDimensionNumbers dn = params.get("dimension_numbers", ConvDimensionNumbers.class);
    long[] shape =
        TypeRules.convolution(
            p.name(),
            lhs,
            rhs,
            dn.lhsSpec(),
            dn.rhsSpec(),
            dn.outSpec(),
            params.longs("window_strides"),
            params.longs("padding"),
            params.longs("lhs_dilation"),
            params.longs("rhs_dilation"),
            params.longValue("feature_group_count"),
            params.longValue("batch_group_count"));
    return List.of(new ShapedArray(shape, lhs.dtype()));
  }

  // ---- lowering -----------------------------------------------------------------------------

  /** {@code stablehlo.convolution}. */
  @Lowering("conv_general_dilated")
  public static List<Value> convLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    ConvDimensionNumbers dn = params.get("dimension_numbers", ConvDimensionNumbers.class);
    return List.of(
        ctx.builder()
            .convolution(
                in.get(0),
                in.get(1),
                params.longs("window_strides"),
                WindowOps.pairs(params.longs("padding")),
                params.longs("lhs_dilation"),
                params.longs("rhs_dilation"),
                dn.lhsSpec(),
                dn.rhsSpec(),
                dn.outSpec(),
                params.longValue("feature_group_count"),
                params.longValue("batch_group_count")));
  }

  // ---- VJP ----------------------------------------------------------------------------------

  /**
   * JAX's {@code _conv_general_dilated_transpose_lhs} and {@code _rhs}: the input's cotangent is
   * the cotangent convolved with the spatially flipped kernel (strides become input dilation), the
   * kernel's is the input convolved with the cotangent (feature groups become batch groups and
   * back). Integer operands get none.
   */
  @VjpRule("conv_general_dilated")
  public static List<Array> convVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array g = cts.getFirst();
    Array lhs = primals.get(0);
    Array rhs = primals.get(1);
    if (!lhs.dtype().isFloatingPoint()) {
      return Arrays.asList(null, null);
    }
    ConvDimensionNumbers dn = params.get("dimension_numbers", ConvDimensionNumbers.class);
    VjpPadding padding =
        vjpPadding(
            take(lhs.shape(), spatial(dn.lhsSpec())),
            take(rhs.shape(), spatial(dn.rhsSpec())),
            params.longs("window_strides"),
            take(g.shape(), spatial(dn.outSpec())),
            params.longs("padding"),
            params.longs("lhs_dilation"),
            params.longs("rhs_dilation"));
    return List.of(
        transposeLhs(g, rhs, dn, params, padding.lhs()),
        transposeRhs(g, lhs, rhs, dn, params, padding.rhs()));
  }

  private static Array transposeLhs(
      Array g, Array rhs, ConvDimensionNumbers dn, Params params, long[] padding) {
    long[] ls = dn.lhsSpec();
    long[] rs = dn.rhsSpec();
    long[] os = dn.outSpec();
    long fgc = params.longValue("feature_group_count");
    long bgc = params.longValue("batch_group_count");
    Array kernel = rhs;
    if (fgc > 1) {
      kernel = reshapeAxisOutOf((int) rs[0], fgc, kernel);
      kernel = reshapeAxisInto((int) rs[0], (int) rs[1], kernel);
    } else if (bgc > 1) {
      kernel = reshapeAxisOutOf((int) rs[0], bgc, kernel);
      kernel = reshapeAxisInto((int) rs[0], (int) rs[1], kernel);
      fgc = bgc;
    }
    ConvDimensionNumbers trans = new ConvDimensionNumbers(os, swapFirstTwo(rs), ls);
    Array flipped = flip(kernel, spatial(rs));
    Array out =
        conv(
            g,
            flipped,
            params.longs("lhs_dilation"),
            padding,
            params.longs("window_strides"),
            params.longs("rhs_dilation"),
            trans,
            fgc,
            1);
    if (bgc > 1) {
      out = reshapeAxisOutOf((int) ls[1], bgc, out);
      out = reshapeAxisInto((int) ls[1], (int) ls[0], out);
    }
    return out;
  }

  private static Array transposeRhs(
      Array g, Array lhs, Array rhs, ConvDimensionNumbers dn, Params params, long[] padding) {
    if (g.size() == 0) {
      return zeros(rhs.shape(), rhs.dtype());
    }
    long[] ls = dn.lhsSpec();
    long[] rs = dn.rhsSpec();
    long[] os = dn.outSpec();
    long fgc = params.longValue("feature_group_count");
    long bgc = params.longValue("batch_group_count");
    if (bgc > 1) {
      fgc = bgc;
      bgc = 1;
    } else if (fgc > 1) {
      bgc = fgc;
      fgc = 1;
    }
    ConvDimensionNumbers trans =
        new ConvDimensionNumbers(swapFirstTwo(ls), swapFirstTwo(os), swapFirstTwo(rs));
    return conv(
        lhs,
        g,
        params.longs("rhs_dilation"),
        padding,
        params.longs("lhs_dilation"),
        params.longs("window_strides"),
        trans,
        fgc,
        bgc);
  }

  /**
   * The paddings (flat pairs) of the two convolutions of a VJP: {@code lhs} makes a convolution of
   * the cotangent with the flipped window cover the input exactly (JAX's {@code
   * _conv_general_vjp_lhs_padding}), {@code rhs} is that of the kernel's cotangent ({@code
   * _conv_general_vjp_rhs_padding}).
   */
  record VjpPadding(long[] lhs, long[] rhs) {}

  /** The VJP paddings of a convolution (or window reduction) with these spatial sizes. */
  static VjpPadding vjpPadding(
      long[] inShape,
      long[] window,
      long[] strides,
      long[] outShape,
      long[] flatPadding,
      long[] lhsDilation,
      long[] rhsDilation) {
    long[] lhs = new long[2 * inShape.length];
    long[] rhs = new long[2 * inShape.length];
    for (int i = 0; i < inShape.length; i++) {
      long lhsDilated = dilate(inShape[i], lhsDilation[i]);
      long rhsDilated = dilate(window[i], rhsDilation[i]);
      long outDilated = dilate(outShape[i], strides[i]);
      long lo = flatPadding[2 * i];
      lhs[2 * i] = rhsDilated - lo - 1;
      lhs[2 * i + 1] = lhsDilated + rhsDilated - 1 - outDilated - lhs[2 * i];
      rhs[2 * i] = lo;
      rhs[2 * i + 1] = (outDilated - lhsDilated) + (rhsDilated - lo - 1);
    }
    return new VjpPadding(lhs, rhs);
  }

  private static long dilate(long size, long dilation) {
    return size == 0 ? 0 : 1 + dilation * (size - 1);
  }

  /** {@code x} reversed along {@code axes} (the kernel flip of the input gradient). */
  static Array flip(Array x, long[] axes) {
    return ShapeOps.rev(x, axes);
  }

  // ---- batching -----------------------------------------------------------------------------

  /**
   * JAX's {@code _conv_general_dilated_batch_rule}: the batch axis folds into the input's batch
   * dimension (or feature groups when the kernel is batched too, or the kernel's output features
   * when only the kernel is), and is split out of the result again.
   */
  @BatchRule("conv_general_dilated")
  public static Batched convBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    Array lhs = in.get(0);
    Array rhs = in.get(1);
    int lb = bdims[0];
    int rb = bdims[1];
    ConvDimensionNumbers dn = params.get("dimension_numbers", ConvDimensionNumbers.class);
    int[] ls = ints(dn.lhsSpec());
    int[] rs = ints(dn.rhsSpec());
    int[] os = ints(dn.outSpec());
    long fgc = params.longValue("feature_group_count");
    long bgc = params.longValue("batch_group_count");
    long size = BatchAxes.size(in, bdims);
    if (size == 0) {
      ShapedArray l = new ShapedArray(dropAxis(lhs.shape(), lb), lhs.dtype());
      ShapedArray r = new ShapedArray(dropAxis(rhs.shape(), rb), rhs.dtype());
      long[] shape = convAval(p, List.of(l, r), params).getFirst().shape();
      long[] batched = new long[shape.length + 1];
      System.arraycopy(shape, 0, batched, 1, shape.length);
      return Batched.of(zeros(batched, lhs.dtype()), 0);
    }
    if (lb != Batched.NOT_MAPPED && rb != Batched.NOT_MAPPED) {
      Array newLhs;
      if (bgc > 1) {
        newLhs = reshapeAxisInto(lb, ls[0], lhs);
        bgc *= size;
      } else {
        newLhs = reshapeAxisInto(lb, ls[1], lhs);
        fgc *= size;
      }
      Array newRhs = reshapeAxisInto(rb, rs[0], rhs);
      Array out = CONV.bind1(groups(params, fgc, bgc), newLhs, newRhs);
      return Batched.of(reshapeAxisOutOf(os[1], size, out), os[1]);
    }
    if (lb != Batched.NOT_MAPPED) {
      Array newLhs;
      if (bgc == 1) {
        newLhs = reshapeAxisInto(lb, ls[0], lhs);
      } else {
        newLhs = reshapeAxisOutOf(ls[0] + (lb <= ls[0] ? 1 : 0), bgc, lhs);
        newLhs = reshapeAxisInto(lb + (ls[0] < lb ? 1 : 0), ls[0] + 1, newLhs);
        newLhs = reshapeAxisInto(ls[0], ls[0], newLhs);
      }
      Array out = CONV.bind1(params, newLhs, rhs);
      return Batched.of(reshapeAxisOutOf(os[0], size, out), os[0]);
    }
    if (fgc == 1 && bgc == 1) {
      Array newRhs = reshapeAxisInto(rb, rs[0], rhs);
      Array out = CONV.bind1(params, lhs, newRhs);
      return Batched.of(reshapeAxisOutOf(os[1], size, out), os[1]);
    }
    // Groups must stay outermost in the kernel's output features: factor them out, fold the
    // batch into what remains, put them back; undo the same on the result.
    long groups = fgc > 1 ? fgc : bgc;
    Array newRhs = reshapeAxisOutOf(rs[0] + (rb <= rs[0] ? 1 : 0), groups, rhs);
    newRhs = reshapeAxisInto(rb + (rs[0] < rb ? 1 : 0), rs[0] + 1, newRhs);
    newRhs = reshapeAxisInto(rs[0], rs[0], newRhs);
    Array out = CONV.bind1(params, lhs, newRhs);
    out = reshapeAxisOutOf(os[1], groups, out);
    out = reshapeAxisOutOf(os[1] + 1, size, out);
    out = reshapeAxisInto(os[1], os[1] + 1, out);
    return Batched.of(out, os[1]);
  }

  private static Params groups(Params params, long fgc, long bgc) {
    return params.with("feature_group_count", fgc).with("batch_group_count", bgc);
  }

  /**
   * Merges axis {@code src} into axis {@code dst} (numbered after removing {@code src}), {@code
   * src} as the major part: JAX's {@code _reshape_axis_into}.
   */
  static Array reshapeAxisInto(int src, int dst, Array x) {
    long[] shape = x.shape();
    List<Long> perm = new ArrayList<>();
    for (long i = 0; i < shape.length; i++) {
      if (i != src) {
        perm.add(i);
      }
    }
    perm.add(dst, (long) src);
    long[] newShape = dropAxis(shape, src);
    newShape[dst] *= shape[src];
    Array moved = ShapeOps.transpose(x, perm.stream().mapToLong(Long::longValue).toArray());
    return ShapeOps.reshape(moved, newShape);
  }

  /** Splits axis {@code src} into {@code (size1, rest)}: JAX's {@code _reshape_axis_out_of}. */
  static Array reshapeAxisOutOf(int src, long size1, Array x) {
    long[] shape = x.shape();
    long[] out = new long[shape.length + 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (i == src) {
        out[j++] = size1;
        out[j++] = shape[i] / size1;
      } else {
        out[j++] = shape[i];
      }
    }
    return ShapeOps.reshape(x, out);
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static Array zeros(long[] shape, DType dtype) {
    Number zero = dtype.isFloatingPoint() ? (Number) 0.0 : (Number) 0L;
    return ShapeOps.broadcastInDim(DeviceArray.scalar(zero, dtype), shape, new long[0]);
  }

  private static long[] dropAxis(long[] shape, int axis) {
    if (axis == Batched.NOT_MAPPED) {
      return shape.clone();
    }
    long[] out = new long[shape.length - 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (i != axis) {
        out[j++] = shape[i];
      }
    }
    return out;
  }

  private static long[] swapFirstTwo(long[] spec) {
    long[] s = spec.clone();
    s[0] = spec[1];
    s[1] = spec[0];
    return s;
  }

  private static long[] spatial(long[] spec) {
    return Arrays.copyOfRange(spec, 2, spec.length);
  }

  private static long[] take(long[] shape, long[] axes) {
    long[] out = new long[axes.length];
    for (int i = 0; i < axes.length; i++) {
      out[i] = shape[(int) axes[i]];
    }
    return out;
  }

  private static int[] ints(long[] v) {
    return Arrays.stream(v).mapToInt(Math::toIntExact).toArray();
  }
}
