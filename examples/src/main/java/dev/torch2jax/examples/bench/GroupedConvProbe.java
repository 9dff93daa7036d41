package dev.torch2jax.examples.bench;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.aten.Convolution;
import dev.torch2jax.lax.ConvDimensionNumbers;
import dev.torch2jax.lax.ConvOps;
import dev.torch2jax.lax.LinalgOps;
import dev.torch2jax.lax.ShapeOps;
import dev.torch2jax.torch.T2J;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Where RegNet-Y 400MF's time goes: its grouped 3x3 convolutions (8 channels per group, not
 * depthwise) jitted through t2j's {@code aten::convolution} (a sum of slices without stride, one
 * convolution per group with one: {@code aten/GroupedConvolution}), XLA's grouped convolution in
 * NCHW and NHWC, and patches times a batched matrix product, against libtorch's {@code conv2d},
 * batch 1, best of 6 rounds of 10 calls, interleaved; the last line weights each layer by how often
 * the model runs it.
 *
 * <p>Run: {@code OMP_NUM_THREADS=1 ./t2j example dev.torch2jax.examples.bench.GroupedConvProbe}
 */
public final class GroupedConvProbe {
  private static final long GROUP_WIDTH = 8;

  private GroupedConvProbe() {}

  /** One layer: channels, input side, stride, and how many times RegNet-Y 400MF runs it. */
  private record Layer(long channels, long side, long stride, int count) {}

  private static final Layer[] LAYERS = {
    new Layer(48, 112, 2, 1),
    new Layer(104, 56, 2, 1),
    new Layer(104, 28, 1, 2),
    new Layer(208, 28, 2, 1),
    new Layer(208, 14, 1, 5),
    new Layer(440, 14, 2, 1),
    new Layer(440, 7, 1, 5),
  };

  /** One way to compute a layer's grouped convolution, jitted. */
  private record Variant(String name, Fn fn) {}

  /** Prints one line per layer and the model's total per variant, ms. */
  public static void main(String[] args) {
    if (System.getenv("OMP_NUM_THREADS") == null) {
      torch.set_num_threads(1);
    }
    Map<String, Double> totals = new LinkedHashMap<>();
    for (Layer l : LAYERS) {
      long groups = l.channels() / GROUP_WIDTH;
      long[] stride = {l.stride(), l.stride()};
      long[] ones = {1, 1};
      Tensor x = torch.randn(1, l.channels(), l.side(), l.side());
      Tensor w = torch.randn(l.channels(), GROUP_WIDTH, 3, 3);
      Array xa = T2J.t2j(x);
      Array wa = T2J.t2j(w);
      List<Variant> variants =
          List.of(
              new Variant(
                  "t2j",
                  Jax.jit(
                      a ->
                          Convolution.convolution(
                              (Array) a[0],
                              (Array) a[1],
                              null,
                              stride,
                              ones,
                              ones,
                              false,
                              new long[] {0, 0},
                              groups))),
              new Variant(
                  "XLA grouped",
                  Jax.jit(a -> xlaGrouped((Array) a[0], (Array) a[1], stride, groups, false))),
              new Variant(
                  "im2col + batched matmul",
                  Jax.jit(a -> im2col((Array) a[0], (Array) a[1], l.stride(), groups))),
              new Variant(
                  "XLA grouped NHWC",
                  Jax.jit(a -> xlaGrouped((Array) a[0], (Array) a[1], stride, groups, true))));
      Map<String, Double> best = new LinkedHashMap<>();
      for (int r = 0; r < 6; r++) {
        for (Variant v : variants) {
          best.merge(
              v.name(),
              ProbeTiming.msPerCall(() -> ((Array) v.fn().apply(xa, wa)).toBytes()),
              Math::min);
        }
        best.merge(
            "libtorch",
            ProbeTiming.msPerCall(
                () -> torch.conv2d(x, w, new TensorOptional(), stride, ones, ones, groups)),
            Math::min);
      }
      StringBuilder line =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "C=%d %dx%d stride %d, %d groups (x%d):",
                  l.channels(),
                  l.side(),
                  l.side(),
                  l.stride(),
                  groups,
                  l.count()));
      best.forEach(
          (name, ms) -> {
            line.append(String.format(Locale.ROOT, " %s %.3f,", name, ms));
            totals.merge(name, l.count() * ms, Double::sum);
          });
      System.out.println(line.substring(0, line.length() - 1) + " ms");
    }
    StringBuilder all = new StringBuilder("all of RegNet-Y 400MF's grouped convolutions, ms:");
    totals.forEach((name, ms) -> all.append(String.format(Locale.ROOT, " %s %.2f,", name, ms)));
    System.out.println(all.substring(0, all.length() - 1));
  }

  /** XLA's grouped convolution, on channels-last operands with {@code nhwc}. */
  private static Array xlaGrouped(Array x, Array w, long[] stride, long groups, boolean nhwc) {
    long[][] pad = {{1, 1}, {1, 1}};
    long[] ones = {1, 1};
    if (!nhwc) {
      return ConvOps.convGeneralDilated(
          x, w, stride, pad, ones, ones, ConvDimensionNumbers.nchw(4), groups, 1);
    }
    Array xt = ShapeOps.transpose(x, new long[] {0, 2, 3, 1});
    Array wt = ShapeOps.transpose(w, new long[] {2, 3, 1, 0});
    Array y =
        ConvOps.convGeneralDilated(
            xt,
            wt,
            stride,
            pad,
            ones,
            ones,
            new ConvDimensionNumbers(
                new long[] {0, 3, 1, 2}, new long[] {3, 2, 0, 1}, new long[] {0, 3, 1, 2}),
            groups,
            1);
    return ShapeOps.transpose(y, new long[] {0, 3, 1, 2});
  }

  /** Patches of the 9 kernel positions, one batched product per group. */
  private static Array im2col(Array x, Array w, long stride, long groups) {
    long[] xs = x.shape();
    long n = xs[0];
    long c = xs[1];
    long cg = c / groups;
    long ho = (xs[2] + 2 - 3) / stride + 1;
    long wo = (xs[3] + 2 - 3) / stride + 1;
    Array xp =
        ShapeOps.pad(
            x,
            Jnp.zeros(new long[0], x.dtype()),
            new long[] {0, 0, 1, 1},
            new long[] {0, 0, 1, 1},
            new long[4]);
    List<Array> taps = new ArrayList<>();
    for (long kh = 0; kh < 3; kh++) {
      for (long kw = 0; kw < 3; kw++) {
        Array t =
            ShapeOps.slice(
                xp,
                new long[] {0, 0, kh, kw},
                new long[] {n, c, kh + stride * (ho - 1) + 1, kw + stride * (wo - 1) + 1},
                new long[] {1, 1, stride, stride});
        taps.add(ShapeOps.reshape(t, new long[] {n, groups, cg, 1, ho * wo}));
      }
    }
    Array p =
        ShapeOps.reshape(ShapeOps.concatenate(taps, 3), new long[] {n, groups, cg * 9, ho * wo});
    long cout = w.shape()[0];
    Array wk = ShapeOps.reshape(w, new long[] {groups, cout / groups, cg * 9});
    Array y =
        LinalgOps.dotGeneral(wk, p, new long[] {2}, new long[] {2}, new long[] {0}, new long[] {1});
    // (G, Cout/G, N, L) -> (N, G, Cout/G, L)
    Array t = ShapeOps.transpose(y, new long[] {2, 0, 1, 3});
    return ShapeOps.reshape(t, new long[] {n, cout, ho, wo});
  }
}
