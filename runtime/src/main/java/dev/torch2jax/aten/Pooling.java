package dev.torch2jax.aten;

import static dev.torch2jax.aten.Dims.filled;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ReductionOps;
import dev.torch2jax.lax.ShapeOps;
import dev.torch2jax.lax.Window;
import dev.torch2jax.lax.WindowOps;
import java.util.Arrays;
import java.util.List;

/**
 * Max, average and adaptive pooling over the trailing 1, 2 or 3 dimensions (batched or not), with
 * PyTorch's output sizes ({@code ceil_mode}) and divisors ({@code count_include_pad}).
 */
public final class Pooling {
  private Pooling() {}

  /** Pooling geometry of one spatial dimension. */
  private record Dim(long size, long k, long s, long p, long d, long out) {
    /** The padding after the input that makes the last window end exactly, at least 0. */
    long high() {
      return Math.max(0, (out - 1) * s + d * (k - 1) + 1 - size - p);
    }
  }

  /** The geometry of each spatial dimension of the pooling {@code overload} names. */
  private static Dim[] geometry(
      String overload,
      Array x,
      long[] kernel,
      long[] stride,
      long[] padding,
      long[] dilation,
      boolean ceilMode) {
    String op = OverloadNames.operator(overload);
    int n = OverloadNames.spatialRank(overload);
    Dims.requireSpatialInput(op, x, n);
    long[] k = Dims.spatial(op, "kernel_size", kernel, n, null);
    long[] s = Dims.spatial(op, "stride", stride, n, k);
    long[] p = Dims.spatial(op, "padding", padding, n, filled(n, 0));
    long[] d = Dims.spatial(op, "dilation", dilation, n, filled(n, 1));
    long[] shape = x.shape();
    Dim[] dims = new Dim[n];
    for (int i = 0; i < n; i++) {
      long size = shape[shape.length - n + i];
      if (p[i] * 2 > k[i]) {
        throw new IllegalArgumentException(
            op
                + ": pad should be at most half of effective kernel size, but got pad="
                + p[i]
                + " and kernel_size="
                + k[i]);
      }
      long span = d[i] * (k[i] - 1) + 1;
      long num = size + 2 * p[i] - span + (ceilMode ? s[i] - 1 : 0);
      long out = Math.floorDiv(num, s[i]) + 1;
      if (ceilMode && (out - 1) * s[i] >= size + p[i]) {
        out--;
      }
      if (out <= 0) {
        throw new IllegalArgumentException(
            op + ": output size is too small for input " + Arrays.toString(shape));
      }
      dims[i] = new Dim(size, k[i], s[i], p[i], d[i], out);
    }
    return dims;
  }

  private static long[][] windows(Array x, Dim[] g, boolean dilation) {
    int r = x.ndim();
    int lead = r - g.length;
    long[] win = filled(r, 1);
    long[] str = filled(r, 1);
    long[] dil = filled(r, 1);
    long[][] pad = new long[r][];
    for (int i = 0; i < r; i++) {
      pad[i] = new long[2];
    }
    for (int i = 0; i < g.length; i++) {
      win[lead + i] = g[i].k;
      str[lead + i] = g[i].s;
      dil[lead + i] = dilation ? g[i].d : 1;
      pad[lead + i] = new long[] {g[i].p, g[i].high()};
    }
    long[][] out = new long[3 + r][];
    out[0] = win;
    out[1] = str;
    out[2] = dil;
    System.arraycopy(pad, 0, out, 3, r);
    return out;
  }

  // ---- max pooling ---------------------------------------------------------------------------

  /** 1-, 2- or 3-D max pooling, as the overload's name says; the batch dimension is optional. */
  @Implements("aten::max_pool1d aten::max_pool2d aten::max_pool3d")
  public static Array maxPool(
      String overload,
      Array self,
      long[] kernelSize,
      long[] stride,
      long[] padding,
      long[] dilation,
      boolean ceil) {
    Dim[] g = geometry(overload, self, kernelSize, stride, padding, dilation, ceil);
    for (Dim dim : g) {
      if (dim.d != 1) {
        // reduce_window_max has no VJP with window dilation; stacked strided slices have one.
        return maxWithIndices(self, g).get(0);
      }
    }
    long[][] w = windows(self, g, true);
    long[][] pad = Arrays.copyOfRange(w, 3, w.length);
    return WindowOps.reduceWindowMax(
        self, new Window(w[0], w[1], pad, filled(self.ndim(), 1), w[2]));
  }

  /** 2- or 3-D max pooling with the flat ({@code h * W + w}) index of each maximum. */
  @Implements("aten::max_pool2d_with_indices aten::max_pool3d_with_indices")
  public static List<Array> maxPoolWithIndices(
      String overload,
      Array self,
      long[] kernelSize,
      long[] stride,
      long[] padding,
      long[] dilation,
      boolean ceil) {
    return maxWithIndices(
        self, geometry(overload, self, kernelSize, stride, padding, dilation, ceil));
  }

  private static List<Array> maxWithIndices(Array x, Dim[] g) {
    int n = g.length;
    int r = x.ndim();
    int lead = r - n;
    long[] low = new long[r];
    long[] high = new long[r];
    for (int i = 0; i < n; i++) {
      low[lead + i] = g[i].p;
      high[lead + i] = g[i].high();
    }
    Array padded = ShapeOps.pad(x, Constants.lowest(x.dtype()), low, high, new long[r]);
    // One strided slice per kernel offset; candidates stacked on a new last axis.
    long kTotal = 1;
    for (Dim dim : g) {
      kTotal *= dim.k;
    }
    long[] outShape = new long[n];
    long outTotal = 1;
    for (int i = 0; i < n; i++) {
      outShape[i] = g[i].out;
      outTotal *= g[i].out;
    }
    // One gather of every window element from the padded input, flattened over the spatial
    // dimensions: candidates (lead..., out..., kernel) and their flat positions in the input.
    long[] ps = padded.shape();
    long[] table = new long[(int) (outTotal * kTotal)];
    long[] src = new long[table.length];
    for (int o = 0; o < outTotal; o++) {
      long[] pos = unflatten(o, g, false);
      for (int kk = 0; kk < kTotal; kk++) {
        long[] off = unflatten(kk, g, true);
        long flat = 0;
        long padFlat = 0;
        for (int i = 0; i < n; i++) {
          long coord = pos[i] * g[i].s + off[i] * g[i].d;
          padFlat = padFlat * ps[lead + i] + coord;
          flat = flat * g[i].size + coord - g[i].p;
        }
        table[(int) (o * kTotal + kk)] = flat;
        src[(int) (o * kTotal + kk)] = padFlat;
      }
    }
    long[] flatShape = Arrays.copyOf(ps, lead + 1);
    flatShape[lead] = 1;
    for (int i = 0; i < n; i++) {
      flatShape[lead] *= ps[lead + i];
    }
    Array gathered =
        Gathers.take(ShapeOps.reshape(padded, flatShape), lead, Constants.longs(src, src.length));
    long[] stackedShape = Arrays.copyOf(x.shape(), r + 1);
    for (int i = 0; i < n; i++) {
      stackedShape[lead + i] = g[i].out;
    }
    stackedShape[r] = kTotal;
    Array stacked = ShapeOps.reshape(gathered, stackedShape);
    Array values = ReductionOps.reduceMax(stacked, new long[] {r});
    Array which = ReductionOps.argmax(stacked, r, DType.I64);
    long[] tshape = Arrays.copyOf(outShape, n + 1);
    tshape[n] = kTotal;
    Array tab = Constants.longs(table, tshape);
    Array onehot =
        Jnp.equal(
            Constants.iota(DType.I64, stacked.shape(), r),
            ShapeOps.broadcastInDim(which, stacked.shape(), range(r)));
    long[] tdims = new long[n + 1];
    for (int i = 0; i <= n; i++) {
      tdims[i] = lead + i;
    }
    Array tb = ShapeOps.broadcastInDim(tab, stacked.shape(), tdims);
    Array idx =
        ReductionOps.reduceSum(
            ElementwiseOps.select(onehot, tb, Jnp.zerosLike(tb)), new long[] {r});
    return List.of(values, idx);
  }

  /** Coordinates of a row-major flat position in the kernel ({@code kernel}) or output grid. */
  private static long[] unflatten(long flat, Dim[] g, boolean kernel) {
    long[] c = new long[g.length];
    for (int i = g.length - 1; i >= 0; i--) {
      long size = kernel ? g[i].k : g[i].out;
      c[i] = flat % size;
      flat /= size;
    }
    return c;
  }

  private static long[] range(int n) {
    long[] r = new long[n];
    Arrays.setAll(r, i -> i);
    return r;
  }

  // ---- average pooling -----------------------------------------------------------------------

  /** 1-D average pooling. */
  @Implements("aten::avg_pool1d")
  public static Array avgPool1d(
      Array self,
      long[] kernelSize,
      long[] stride,
      long[] padding,
      boolean ceilMode,
      boolean countIncludePad) {
    return avgPool(
        "aten::avg_pool1d", self, kernelSize, stride, padding, ceilMode, countIncludePad, null);
  }

  /** 2- or 3-D average pooling, as the overload's name says; the batch dimension is optional. */
  @Implements("aten::avg_pool2d aten::avg_pool3d")
  public static Array avgPool(
      String overload,
      Array x,
      long[] kernel,
      long[] stride,
      long[] padding,
      boolean ceil,
      boolean countIncludePad,
      Long divisorOverride) {
    String op = OverloadNames.operator(overload);
    if (divisorOverride != null && divisorOverride == 0) {
      throw new IllegalArgumentException(op + ": divisor must be not zero");
    }
    Dim[] g = geometry(overload, x, kernel, stride, padding, null, ceil);
    int n = g.length;
    long[][] w = windows(x, g, false);
    long[][] pad = Arrays.copyOfRange(w, 3, w.length);
    Array sum =
        WindowOps.reduceWindowSum(x, new Window(w[0], w[1], pad, filled(x.ndim(), 1), w[2]));
    long[] outShape = new long[n];
    long total = 1;
    for (int i = 0; i < n; i++) {
      outShape[i] = g[i].out;
      total *= g[i].out;
    }
    double[] div = new double[(int) total];
    for (int o = 0; o < total; o++) {
      long[] pos = unflatten(o, g, false);
      double f = 1;
      for (int i = 0; i < n; i++) {
        Dim dm = g[i];
        long start = pos[i] * dm.s - dm.p;
        long end = Math.min(start + dm.k, dm.size + dm.p);
        long poolSize = end - start;
        start = Math.max(start, 0);
        end = Math.min(end, dm.size);
        f *= countIncludePad ? poolSize : end - start;
      }
      div[o] = divisorOverride != null ? divisorOverride : f;
    }
    Array d = Constants.constant(div, x.dtype(), outShape);
    return ElementwiseOps.div(sum, Jnp.broadcastTo(d, sum.shape()));
  }

  // ---- adaptive pooling ----------------------------------------------------------------------

  /** 1-, 2- or 3-D adaptive average pooling, as the overload's name says. */
  @Implements(
      "aten::adaptive_avg_pool1d aten::adaptive_avg_pool2d aten::_adaptive_avg_pool2d"
          + " aten::adaptive_avg_pool3d aten::_adaptive_avg_pool3d")
  public static Array adaptiveAvgPool(String overload, Array self, long[] outputSize) {
    String op = OverloadNames.operator(overload);
    return adaptiveAvg(op, OverloadNames.spatialRank(overload), self, outputSize);
  }

  /** 1-, 2- or 3-D adaptive max pooling: {@code (values, flat h * W + w indices)}. */
  @Implements("aten::adaptive_max_pool1d aten::adaptive_max_pool2d aten::adaptive_max_pool3d")
  public static List<Array> adaptiveMaxPool(String overload, Array self, long[] outputSize) {
    String op = OverloadNames.operator(overload);
    return adaptiveMax(op, OverloadNames.spatialRank(overload), self, outputSize);
  }

  /** Window positions of an adaptive axis: {@code idx[o][k]} (last valid repeated), validity. */
  private record Adaptive(long out, long k, long[] idx, boolean[] valid, long[] count) {}

  private static Adaptive adaptive(long in, long out) {
    long k = 0;
    for (long o = 0; o < out; o++) {
      long start = Math.floorDiv(o * in, out);
      long end = Math.ceilDiv((o + 1) * in, out);
      k = Math.max(k, end - start);
    }
    long[] idx = new long[(int) (out * k)];
    boolean[] valid = new boolean[idx.length];
    long[] count = new long[(int) out];
    for (long o = 0; o < out; o++) {
      long start = Math.floorDiv(o * in, out);
      long end = Math.ceilDiv((o + 1) * in, out);
      count[(int) o] = end - start;
      for (long j = 0; j < k; j++) {
        idx[(int) (o * k + j)] = Math.min(start + j, end - 1);
        valid[(int) (o * k + j)] = start + j < end;
      }
    }
    return new Adaptive(out, k, idx, valid, count);
  }

  private static long[] outputSize(String op, Array x, int n, long[] outputSize) {
    Dims.requireSpatialInput(op, x, n);
    long[] o = Dims.spatial(op, "output_size", outputSize, n, null);
    for (int i = 0; i < n; i++) {
      if (x.shape()[x.ndim() - n + i] == 0 && o[i] > 0) {
        throw new IllegalArgumentException(op + ": input has an empty spatial dimension");
      }
    }
    return o;
  }

  private static Array adaptiveAvg(String op, int n, Array x, long[] outputSize) {
    long[] o = outputSize(op, x, n, outputSize);
    int lead = x.ndim() - n;
    Array y = x;
    for (int i = 0; i < n; i++) {
      int ax = lead + i;
      long in = x.shape()[ax];
      if (in == o[i]) {
        continue;
      }
      if (o[i] > 0 && in % o[i] == 0) {
        y = evenWindowMean(y, ax, o[i]);
        continue;
      }
      Adaptive a = adaptive(in, o[i]);
      Array g = Gathers.take(y, ax, Constants.longs(a.idx, a.out, a.k)); // (.., out, k, ..)
      long[] gs = g.shape();
      Array valid =
          ShapeOps.broadcastInDim(Array.of(a.valid, a.out, a.k), gs, new long[] {ax, ax + 1});
      Array terms = ElementwiseOps.select(valid, g, Jnp.zerosLike(g));
      Array sum = ReductionOps.reduceSum(terms, new long[] {ax + 1});
      double[] count = new double[(int) a.out];
      for (int j = 0; j < count.length; j++) {
        count[j] = a.count[j];
      }
      y =
          ElementwiseOps.div(
              sum,
              ShapeOps.broadcastInDim(
                  Constants.constant(count, y.dtype(), a.out), sum.shape(), new long[] {ax}));
    }
    return y;
  }

  /**
   * The mean over {@code out} equal windows of axis {@code ax} (global pooling included): a reshape
   * and a sum, which XLA fuses, instead of the gather of uneven windows.
   */
  private static Array evenWindowMean(Array y, int ax, long out) {
    long[] shape = y.shape();
    long k = shape[ax] / out;
    long[] split = new long[shape.length + 1];
    for (int d = 0; d < shape.length; d++) {
      split[d < ax ? d : d + 1] = shape[d];
    }
    split[ax] = out;
    split[ax + 1] = k;
    Array sum = ReductionOps.reduceSum(ShapeOps.reshape(y, split), new long[] {ax + 1});
    return ElementwiseOps.div(sum, ElementwiseOps.fullLike(sum, k));
  }

  private static List<Array> adaptiveMax(String op, int n, Array x, long[] outputSize) {
    long[] o = outputSize(op, x, n, outputSize);
    int lead = x.ndim() - n;
    Adaptive[] as = new Adaptive[n];
    Array y = x;
    for (int i = 0; i < n; i++) {
      as[i] = adaptive(x.shape()[lead + i], o[i]);
      // Axis lead + 2i is the output position, lead + 2i + 1 its window.
      y = Gathers.take(y, lead + 2 * i, Constants.longs(as[i].idx, as[i].out, as[i].k));
    }
    // (lead..., o1, k1, o2, k2, ...) -> (lead..., o1, o2, ..., k1 * k2 * ...)
    long[] perm = new long[lead + 2 * n];
    long[] shape = new long[lead + n + 1];
    long kTotal = 1;
    for (int i = 0; i < lead; i++) {
      perm[i] = i;
      shape[i] = x.shape()[i];
    }
    for (int i = 0; i < n; i++) {
      perm[lead + i] = lead + 2L * i;
      perm[lead + n + i] = lead + 2L * i + 1;
      shape[lead + i] = as[i].out;
      kTotal *= as[i].k;
    }
    shape[lead + n] = kTotal;
    Array stacked = ShapeOps.reshape(ShapeOps.transpose(y, perm), shape);
    int r = lead + n;
    Array values = ReductionOps.reduceMax(stacked, new long[] {r});
    Array which = ReductionOps.argmax(stacked, r, DType.I64);
    long outTotal = 1;
    for (long v : o) {
      outTotal *= v;
    }
    long[] table = new long[(int) (outTotal * kTotal)];
    for (int oo = 0; oo < outTotal; oo++) {
      long[] pos = new long[n];
      long rem = oo;
      for (int i = n - 1; i >= 0; i--) {
        pos[i] = rem % as[i].out;
        rem /= as[i].out;
      }
      for (int kk = 0; kk < kTotal; kk++) {
        long krem = kk;
        long[] kp = new long[n];
        for (int i = n - 1; i >= 0; i--) {
          kp[i] = krem % as[i].k;
          krem /= as[i].k;
        }
        long flat = 0;
        for (int i = 0; i < n; i++) {
          flat = flat * x.shape()[lead + i] + as[i].idx[(int) (pos[i] * as[i].k + kp[i])];
        }
        table[(int) (oo * kTotal + kk)] = flat;
      }
    }
    long[] tshape = Arrays.copyOf(o, n + 1);
    tshape[n] = kTotal;
    long[] tdims = new long[n + 1];
    for (int i = 0; i <= n; i++) {
      tdims[i] = lead + i;
    }
    Array tb = ShapeOps.broadcastInDim(Constants.longs(table, tshape), stacked.shape(), tdims);
    Array onehot =
        Jnp.equal(
            Constants.iota(DType.I64, stacked.shape(), r),
            ShapeOps.broadcastInDim(which, stacked.shape(), range(r)));
    Array idx =
        ReductionOps.reduceSum(
            ElementwiseOps.select(onehot, tb, Jnp.zerosLike(tb)), new long[] {r});
    return List.of(values, idx);
  }
}
