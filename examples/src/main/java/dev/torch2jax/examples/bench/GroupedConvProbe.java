package dev.torch2jax.examples.bench;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.aten.Convolution;
import dev.torch2jax.lax.ConvDimensionNumbers;
import dev.torch2jax.lax.ConvOps;
import dev.torch2jax.lax.ShapeOps;
import dev.torch2jax.torch.T2J;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Where RegNet-Y 400MF's time goes: its grouped 3x3 convolutions (8 channels per group, not
 * depthwise, so XLA's grouped convolution runs them) jitted through t2j's {@code aten::convolution}
 * against libtorch's {@code conv2d}, batch 1, best of 6 rounds of 10 calls, interleaved; the last
 * line weights each layer by how often the model runs it.
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

  /** Prints one line per layer and the model's total, ms. */
  public static void main(String[] args) {
    if (System.getenv("OMP_NUM_THREADS") == null) {
      torch.set_num_threads(1);
    }
    double xlaTotal = 0;
    double perGroupTotal = 0;
    double torchTotal = 0;
    for (Layer l : LAYERS) {
      long groups = l.channels() / GROUP_WIDTH;
      long[] stride = {l.stride(), l.stride()};
      long[] ones = {1, 1};
      Tensor x = torch.randn(1, l.channels(), l.side(), l.side());
      Tensor w = torch.randn(l.channels(), GROUP_WIDTH, 3, 3);
      Array xa = T2J.t2j(x);
      Array wa = T2J.t2j(w);
      Fn conv =
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
                      groups));
      Fn split = Jax.jit(a -> perGroup((Array) a[0], (Array) a[1], stride, groups));
      double xla = Double.MAX_VALUE;
      double lt = Double.MAX_VALUE;
      double perGroup = Double.MAX_VALUE;
      for (int r = 0; r < 6; r++) {
        xla = Math.min(xla, time(() -> ((Array) conv.apply(xa, wa)).toBytes()));
        perGroup = Math.min(perGroup, time(() -> ((Array) split.apply(xa, wa)).toBytes()));
        lt =
            Math.min(
                lt,
                time(() -> torch.conv2d(x, w, new TensorOptional(), stride, ones, ones, groups)));
      }
      xlaTotal += l.count() * xla;
      perGroupTotal += l.count() * perGroup;
      torchTotal += l.count() * lt;
      System.out.printf(
          Locale.ROOT,
          "C=%d %dx%d stride %d, %d groups (x%d): XLA %.3f ms, per-group dense convs %.3f ms, libtorch"
              + " %.3f ms%n",
          l.channels(),
          l.side(),
          l.side(),
          l.stride(),
          groups,
          l.count(),
          xla,
          perGroup,
          lt);
    }
    System.out.printf(
        Locale.ROOT,
        "all of RegNet-Y 400MF's grouped convolutions: XLA %.2f ms, per-group dense convs %.2f ms,"
            + " libtorch %.2f ms%n",
        xlaTotal,
        perGroupTotal,
        torchTotal);
  }

  /** The grouped convolution as one dense convolution per group, concatenated. */
  private static Array perGroup(Array x, Array w, long[] stride, long groups) {
    List<Array> outs = new ArrayList<>();
    long[] xs = x.shape();
    long[] ws = w.shape();
    long width = ws[0] / groups;
    for (long g = 0; g < groups; g++) {
      Array xg =
          ShapeOps.slice(
              x,
              new long[] {0, g * GROUP_WIDTH, 0, 0},
              new long[] {xs[0], (g + 1) * GROUP_WIDTH, xs[2], xs[3]});
      Array wg =
          ShapeOps.slice(
              w, new long[] {g * width, 0, 0, 0}, new long[] {(g + 1) * width, ws[1], 3, 3});
      outs.add(
          ConvOps.convGeneralDilated(
              xg,
              wg,
              stride,
              new long[][] {{1, 1}, {1, 1}},
              new long[] {1, 1},
              new long[] {1, 1},
              ConvDimensionNumbers.nchw(4),
              1,
              1));
    }
    return ShapeOps.concatenate(outs, 1);
  }

  private static double time(Runnable r) {
    int n = 10;
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      r.run();
    }
    return (System.nanoTime() - t0) / 1e6 / n;
  }
}
