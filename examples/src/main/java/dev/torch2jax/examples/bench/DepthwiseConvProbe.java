package dev.torch2jax.examples.bench;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.aten.Convolution;
import dev.torch2jax.lax.ConvDimensionNumbers;
import dev.torch2jax.lax.ConvOps;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ShapeOps;
import dev.torch2jax.torch.T2J;
import java.util.Locale;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Which lowering of a depthwise convolution the CPU plugin runs fastest, on the depthwise layers of
 * EfficientNet-B0 and ConvNeXt-T (the first three are MobileNet v2's too): t2j's {@code
 * aten::convolution} (a sum of strided slices of the NCHW input times per-channel weights), XLA's
 * grouped convolution with one group per channel in NCHW/OIHW and in NHWC/HWIO, libtorch's {@code
 * conv2d}, and the slice sum in NHWC (with transposes from and to NCHW, and without: what a
 * channels-last program would run). Medians of 5 rounds of 10 calls, lowerings interleaved; the
 * last rows add each lowering's time over all of a model's depthwise layers.
 *
 * <p>Run: {@code OMP_NUM_THREADS=1 ./t2j example dev.torch2jax.examples.bench.DepthwiseConvProbe
 * [BATCH]}
 */
public final class DepthwiseConvProbe {
  private static final int ROUNDS = 5;

  private DepthwiseConvProbe() {}

  /**
   * One depthwise layer: channels, input side, kernel side, stride, and how many times
   * EfficientNet-B0 and ConvNeXt-T run it (torchvision's configurations at 224x224).
   */
  private record Layer(
      long channels, long side, long kernel, long stride, int efficientNet, int convNext) {}

  private static final Layer[] LAYERS = {
    new Layer(32, 112, 3, 1, 1, 0),
    new Layer(96, 112, 3, 2, 1, 0),
    new Layer(144, 56, 3, 1, 1, 0),
    new Layer(144, 56, 5, 2, 1, 0),
    new Layer(240, 28, 5, 1, 1, 0),
    new Layer(240, 28, 3, 2, 1, 0),
    new Layer(480, 14, 3, 1, 2, 0),
    new Layer(480, 14, 5, 1, 1, 0),
    new Layer(672, 14, 5, 1, 2, 0),
    new Layer(672, 14, 5, 2, 1, 0),
    new Layer(1152, 7, 5, 1, 3, 0),
    new Layer(1152, 7, 3, 1, 1, 0),
    new Layer(96, 56, 7, 1, 0, 3),
    new Layer(192, 28, 7, 1, 0, 3),
    new Layer(384, 14, 7, 1, 0, 9),
    new Layer(768, 7, 7, 1, 0, 3),
  };

  private static final int LOWERINGS = 6;

  /** Prints a Markdown table: ms per convolution for each lowering. */
  public static void main(String[] args) {
    if (System.getenv("OMP_NUM_THREADS") == null) {
      torch.set_num_threads(1);
    }
    long batch = args.length > 0 ? Long.parseLong(args[0].trim()) : 1;
    System.out.println(
        "| N, C, HxW, k, stride | slices (t2j) ms | grouped NCHW ms | grouped NHWC ms | libtorch ms"
            + " | slices NHWC + transposes ms | slices NHWC ms | in EfficientNet-B0, ConvNeXt-T |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- |");
    double[] efficientNet = new double[LOWERINGS];
    double[] convNext = new double[LOWERINGS];
    for (Layer l : LAYERS) {
      long pad = l.kernel() / 2;
      long[] stride = {l.stride(), l.stride()};
      long[][] padding = {{pad, pad}, {pad, pad}};
      Tensor x = torch.randn(batch, l.channels(), l.side(), l.side());
      Tensor w = torch.randn(l.channels(), 1, l.kernel(), l.kernel());
      Array xa = T2J.t2j(x);
      Array wa = T2J.t2j(w);
      Array xh = T2J.t2j(x.permute(0, 2, 3, 1).contiguous());
      Array wh = T2J.t2j(w.permute(2, 3, 1, 0).contiguous());
      Fn slices =
          Jax.jit(
              a ->
                  Convolution.convolution(
                      (Array) a[0],
                      (Array) a[1],
                      null,
                      stride,
                      new long[] {pad, pad},
                      new long[] {1, 1},
                      false,
                      new long[] {0, 0},
                      l.channels()));
      Fn nchw = grouped(ConvDimensionNumbers.nchw(4), stride, padding, l.channels());
      Fn nhwc =
          grouped(
              new ConvDimensionNumbers(
                  new long[] {0, 3, 1, 2}, new long[] {3, 2, 0, 1}, new long[] {0, 3, 1, 2}),
              stride,
              padding,
              l.channels());
      Fn sNhwcT = Jax.jit(a -> slicesNhwc((Array) a[0], (Array) a[1], l.stride(), pad, true));
      Fn sNhwc = Jax.jit(a -> slicesNhwc((Array) a[0], (Array) a[1], l.stride(), pad, false));
      double[][] t = new double[LOWERINGS][ROUNDS];
      for (int r = -1; r < ROUNDS; r++) {
        double[] round = {
          ProbeTiming.msPerCall(() -> ((Array) slices.apply(xa, wa)).toFloatArray()),
          ProbeTiming.msPerCall(() -> ((Array) nchw.apply(xa, wa)).toFloatArray()),
          ProbeTiming.msPerCall(() -> ((Array) nhwc.apply(xh, wh)).toFloatArray()),
          ProbeTiming.msPerCall(
              () ->
                  torch.conv2d(
                      x,
                      w,
                      new TensorOptional(),
                      stride,
                      new long[] {pad, pad},
                      new long[] {1, 1},
                      l.channels())),
          ProbeTiming.msPerCall(() -> ((Array) sNhwcT.apply(xa, wa)).toFloatArray()),
          ProbeTiming.msPerCall(() -> ((Array) sNhwc.apply(xh, wa)).toFloatArray())
        };
        for (int i = 0; r >= 0 && i < round.length; i++) {
          t[i][r] = round[i];
        }
      }
      double[] medians = new double[LOWERINGS];
      for (int i = 0; i < LOWERINGS; i++) {
        medians[i] = ProbeTiming.median(t[i]);
        efficientNet[i] += l.efficientNet() * medians[i];
        convNext[i] += l.convNext() * medians[i];
      }
      System.out.printf(
          Locale.ROOT,
          "| %d, %d, %dx%d, %d, %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %dx, %dx |%n",
          batch,
          l.channels(),
          l.side(),
          l.side(),
          l.kernel(),
          l.stride(),
          medians[0],
          medians[1],
          medians[2],
          medians[3],
          medians[4],
          medians[5],
          l.efficientNet(),
          l.convNext());
    }
    total("EfficientNet-B0", efficientNet);
    total("ConvNeXt-T", convNext);
  }

  /** Slice sum in NHWC: x (N, H, W, C), w (C, 1, k, k); transposes at both ends if asked. */
  static Array slicesNhwc(Array x, Array w, long stride, long pad, boolean transposes) {
    if (transposes) {
      x = ShapeOps.transpose(x, new long[] {0, 2, 3, 1});
    }
    long[] s = x.shape();
    long k = w.shape()[2];
    long c = s[3];
    Array zero = Array.scalar(0f);
    Array xp =
        ShapeOps.pad(
            x, zero, new long[] {0, pad, pad, 0}, new long[] {0, pad, pad, 0}, new long[4]);
    long out = (s[1] + 2 * pad - k) / stride + 1;
    long[] outShape = {s[0], out, out, c};
    Array sum = null;
    for (long i = 0; i < k; i++) {
      for (long j = 0; j < k; j++) {
        Array win =
            ShapeOps.slice(
                xp,
                new long[] {0, i, j, 0},
                new long[] {s[0], i + (out - 1) * stride + 1, j + (out - 1) * stride + 1, c},
                new long[] {1, stride, stride, 1});
        Array wij =
            ShapeOps.reshape(
                ShapeOps.slice(w, new long[] {0, 0, i, j}, new long[] {c, 1, i + 1, j + 1}),
                new long[] {c});
        Array term =
            ElementwiseOps.mul(win, ShapeOps.broadcastInDim(wij, outShape, new long[] {3}));
        sum = sum == null ? term : ElementwiseOps.add(sum, term);
      }
    }
    return transposes ? ShapeOps.transpose(sum, new long[] {0, 3, 1, 2}) : sum;
  }

  private static void total(String model, double[] ms) {
    System.out.printf(
        Locale.ROOT,
        "| all of %s's | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | |%n",
        model,
        ms[0],
        ms[1],
        ms[2],
        ms[3],
        ms[4],
        ms[5]);
  }

  private static Fn grouped(
      ConvDimensionNumbers dn, long[] stride, long[][] padding, long channels) {
    return Jax.jit(
        a ->
            ConvOps.convGeneralDilated(
                (Array) a[0],
                (Array) a[1],
                stride,
                padding,
                new long[] {1, 1},
                new long[] {1, 1},
                dn,
                channels,
                1));
  }
}
