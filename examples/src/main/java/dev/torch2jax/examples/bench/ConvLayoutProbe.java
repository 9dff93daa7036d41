package dev.torch2jax.examples.bench;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.lax.ConvDimensionNumbers;
import dev.torch2jax.lax.ConvOps;
import dev.torch2jax.torch.T2J;
import java.util.Locale;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Where ResNet-18's batch-1 time goes: one 3x3 convolution (ResNet-18's shapes) jitted on XLA in
 * PyTorch's NCHW/OIHW layout and in NHWC/HWIO, against libtorch's {@code conv2d}, in one run.
 *
 * <p>Run: {@code OMP_NUM_THREADS=1 ./t2j example dev.torch2jax.examples.bench.ConvLayoutProbe}
 */
public final class ConvLayoutProbe {
  private ConvLayoutProbe() {}

  private static Fn conv(ConvDimensionNumbers dn) {
    return Jax.jit(
        a ->
            ConvOps.convGeneralDilated(
                (Array) a[0],
                (Array) a[1],
                new long[] {1, 1},
                new long[][] {{1, 1}, {1, 1}},
                new long[] {1, 1},
                new long[] {1, 1},
                dn,
                1,
                1));
  }

  /** Prints one line per shape: ms per convolution for each side. */
  public static void main(String[] args) {
    if (System.getenv("OMP_NUM_THREADS") == null) {
      torch.set_num_threads(1);
    }
    Fn nchw = conv(ConvDimensionNumbers.nchw(4));
    Fn nhwc =
        conv(
            new ConvDimensionNumbers(
                new long[] {0, 3, 1, 2}, new long[] {3, 2, 0, 1}, new long[] {0, 3, 1, 2}));
    long[][] cases = {{1, 64, 56}, {8, 64, 56}, {1, 128, 28}, {1, 256, 14}, {1, 512, 7}};
    for (long[] c : cases) {
      Tensor x = torch.randn(c[0], c[1], c[2], c[2]);
      Tensor w = torch.randn(c[1], c[1], 3, 3);
      Array xa = T2J.t2j(x);
      Array wa = T2J.t2j(w);
      Array xh = T2J.t2j(x.permute(0, 2, 3, 1).contiguous());
      Array wh = T2J.t2j(w.permute(2, 3, 1, 0).contiguous());
      double[] a = new double[5];
      double[] b = new double[5];
      double[] t = new double[5];
      for (int r = -1; r < 5; r++) {
        double ta = ProbeTiming.msPerCall(() -> ((Array) nchw.apply(xa, wa)).toFloatArray());
        double tb = ProbeTiming.msPerCall(() -> ((Array) nhwc.apply(xh, wh)).toFloatArray());
        double tt =
            ProbeTiming.msPerCall(
                () ->
                    torch.conv2d(
                        x,
                        w,
                        new TensorOptional(),
                        new long[] {1, 1},
                        new long[] {1, 1},
                        new long[] {1, 1},
                        1));
        if (r >= 0) {
          a[r] = ta;
          b[r] = tb;
          t[r] = tt;
        }
      }
      System.out.printf(
          Locale.ROOT,
          "conv3x3 N=%d C=%d %dx%d: XLA NCHW %.2f ms, XLA NHWC %.2f ms, libtorch %.2f ms%n",
          c[0],
          c[1],
          c[2],
          c[2],
          ProbeTiming.median(a),
          ProbeTiming.median(b),
          ProbeTiming.median(t));
    }
  }
}
