package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.lax.ShapeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code im2col} ({@code nn.Unfold}: the sliding blocks of an image as columns) and its adjoint
 * {@code col2im} ({@code nn.Fold}: columns summed back into an image, overlaps adding up). Both
 * take (N, ...) or unbatched inputs; a block is C x kh x kw values, flattened channel-major.
 */
public final class Folding {
  private Folding() {}

  /**
   * Sums the columns of {@code self} ((N, C*kh*kw, L) or (C*kh*kw, L)) into an image of {@code
   * output_size}: (N, C, oh, ow). L must be the number of block positions, {@code bh * bw}.
   */
  @Implements("aten::col2im")
  public static Array col2im(
      Array self,
      long[] outputSize,
      long[] kernelSize,
      long[] dilation,
      long[] padding,
      long[] stride) {
    String op = "col2im";
    Geometry g = Geometry.of(op, kernelSize, dilation, padding, stride);
    long[] out = pair(op, "output_size", outputSize);
    boolean batched = self.ndim() == 3;
    Array x = withBatch(op, self, 2);
    long n = x.shape()[0];
    long rows = x.shape()[1];
    long kernel = g.kh * g.kw;
    if (rows % kernel != 0) {
      throw new IllegalArgumentException(
          ("%s: the size of the input's dimension 1 (%d) must be divisible by the product of"
                  + " kernel_size %s")
              .formatted(op, rows, Arrays.toString(kernelSize)));
    }
    long bh = g.blocks(0, out[0]);
    long bw = g.blocks(1, out[1]);
    if (bh < 1 || bw < 1 || bh * bw != x.shape()[2]) {
      throw new IllegalArgumentException(
          ("%s: for output_size %s and %s there are %d x %d sliding blocks, so the input's last"
                  + " dimension must be %d, got shape %s")
              .formatted(
                  op,
                  Arrays.toString(outputSize),
                  g,
                  bh,
                  bw,
                  bh * bw,
                  Arrays.toString(self.shape())));
    }
    long c = rows / kernel;
    long hp = out[0] + 2 * g.ph;
    long wp = out[1] + 2 * g.pw;
    Array cols = ShapeOps.reshape(x, new long[] {n, c, g.kh, g.kw, bh, bw});
    Array zero = Jnp.scalarOf(0, x.dtype());
    Array image = null;
    for (long i = 0; i < g.kh; i++) {
      for (long j = 0; j < g.kw; j++) {
        Array block =
            ShapeOps.reshape(
                ShapeOps.slice(
                    cols, new long[] {0, 0, i, j, 0, 0}, new long[] {n, c, i + 1, j + 1, bh, bw}),
                new long[] {n, c, bh, bw});
        long top = i * g.dh;
        long left = j * g.dw;
        // Spread the block's values stride apart at its kernel offset in the padded image.
        Array placed =
            ShapeOps.pad(
                block,
                zero,
                new long[] {0, 0, top, left},
                new long[] {0, 0, hp - top - (bh - 1) * g.sh - 1, wp - left - (bw - 1) * g.sw - 1},
                new long[] {0, 0, g.sh - 1, g.sw - 1});
        image = image == null ? placed : Jnp.add(image, placed);
      }
    }
    Array cropped =
        ShapeOps.slice(
            image, new long[] {0, 0, g.ph, g.pw}, new long[] {n, c, g.ph + out[0], g.pw + out[1]});
    return batched ? cropped : ShapeOps.reshape(cropped, new long[] {c, out[0], out[1]});
  }

  /**
   * The sliding blocks of {@code self} ((N, C, H, W) or (C, H, W)) as columns: (N, C*kh*kw, L), one
   * column per block position in row-major order, zero padding outside the image.
   */
  @Implements("aten::im2col")
  public static Array im2col(
      Array self, long[] kernelSize, long[] dilation, long[] padding, long[] stride) {
    String op = "im2col";
    Geometry g = Geometry.of(op, kernelSize, dilation, padding, stride);
    boolean batched = self.ndim() == 4;
    Array x = withBatch(op, self, 3);
    long[] s = x.shape();
    long bh = g.blocks(0, s[2]);
    long bw = g.blocks(1, s[3]);
    if (bh < 1 || bw < 1) {
      throw new IllegalArgumentException(
          ("%s: for an input of spatial size %d x %d and %s there are %d x %d sliding blocks; both"
                  + " must be at least 1")
              .formatted(op, s[2], s[3], g, bh, bw));
    }
    Array padded =
        ShapeOps.pad(
            x,
            Jnp.scalarOf(0, x.dtype()),
            new long[] {0, 0, g.ph, g.pw},
            new long[] {0, 0, g.ph, g.pw},
            new long[4]);
    List<Array> blocks = new ArrayList<>();
    for (long i = 0; i < g.kh; i++) {
      for (long j = 0; j < g.kw; j++) {
        long top = i * g.dh;
        long left = j * g.dw;
        blocks.add(
            ShapeOps.slice(
                padded,
                new long[] {0, 0, top, left},
                new long[] {s[0], s[1], top + (bh - 1) * g.sh + 1, left + (bw - 1) * g.sw + 1},
                new long[] {1, 1, g.sh, g.sw}));
      }
    }
    Array cols =
        ShapeOps.reshape(Jnp.stack(blocks, 2), new long[] {s[0], s[1] * g.kh * g.kw, bh * bw});
    return batched ? cols : ShapeOps.reshape(cols, new long[] {s[1] * g.kh * g.kw, bh * bw});
  }

  /**
   * {@code self} with a leading batch dim, once checked to be a float tensor of {@code rank} dims
   * or (batched) one more, with no empty dim but the batch.
   */
  private static Array withBatch(String op, Array self, int rank) {
    boolean batched = self.ndim() == rank + 1;
    if ((self.ndim() != rank && !batched) || hasEmptyNonBatchDim(self, batched)) {
      throw new IllegalArgumentException(
          ("%s: expected a %dD or %dD (batch mode) input with non-zero sizes except the batch, got"
                  + " shape %s")
              .formatted(op, rank, rank + 1, Arrays.toString(self.shape())));
    }
    DTypeChecks.requireFloat(op, self);
    return batched ? self : ShapeOps.expandDims(self, new long[] {0});
  }

  /** Whether a dimension other than the batch (the first, when {@code batched}) is empty. */
  private static boolean hasEmptyNonBatchDim(Array x, boolean batched) {
    long[] s = x.shape();
    for (int i = batched ? 1 : 0; i < s.length; i++) {
      if (s[i] == 0) {
        return true;
      }
    }
    return false;
  }

  private static long[] pair(String op, String what, long[] v) {
    if (v == null || v.length != 2) {
      throw new IllegalArgumentException(
          op + ": " + what + " must have 2 elements, got " + Arrays.toString(v));
    }
    return v;
  }

  /** Kernel size, dilation, padding and stride along (height, width), checked. */
  private record Geometry(long kh, long kw, long dh, long dw, long ph, long pw, long sh, long sw) {
    static Geometry of(
        String op, long[] kernelSize, long[] dilation, long[] padding, long[] stride) {
      long[] k = pair(op, "kernel_size", kernelSize);
      long[] d = pair(op, "dilation", dilation);
      long[] p = pair(op, "padding", padding);
      long[] s = pair(op, "stride", stride);
      if (k[0] <= 0 || k[1] <= 0 || d[0] <= 0 || d[1] <= 0 || s[0] <= 0 || s[1] <= 0) {
        throw new IllegalArgumentException(
            op
                + ": kernel_size, dilation and stride must be positive, got kernel_size "
                + Arrays.toString(k)
                + ", dilation "
                + Arrays.toString(d)
                + ", stride "
                + Arrays.toString(s));
      }
      if (p[0] < 0 || p[1] < 0) {
        throw new IllegalArgumentException(
            op + ": padding must be non-negative, got " + Arrays.toString(p));
      }
      return new Geometry(k[0], k[1], d[0], d[1], p[0], p[1], s[0], s[1]);
    }

    /** The number of block positions along {@code axis} (0 height, 1 width) of an image side. */
    long blocks(int axis, long side) {
      long span = axis == 0 ? dh * (kh - 1) + 1 : dw * (kw - 1) + 1;
      long pad = axis == 0 ? ph : pw;
      long step = axis == 0 ? sh : sw;
      return Math.floorDiv(side + 2 * pad - span, step) + 1;
    }

    @Override
    public String toString() {
      return "kernel_size ["
          + kh
          + ", "
          + kw
          + "], dilation ["
          + dh
          + ", "
          + dw
          + "], padding ["
          + ph
          + ", "
          + pw
          + "], stride ["
          + sh
          + ", "
          + sw
          + "]";
    }
  }
}
