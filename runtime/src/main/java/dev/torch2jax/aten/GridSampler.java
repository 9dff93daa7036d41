package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;

/**
 * {@code grid_sampler_2d}: samples an (N, C, H, W) input at the (x, y) locations of an (N, Ho, Wo,
 * 2) grid in [-1, 1], with libtorch's CPU arithmetic. Gradients come from differentiating the same
 * arithmetic, written so that they equal libtorch's backward kernel everywhere: corner and tap
 * positions are floors (no gradient), border clipping passes the gradient only strictly inside (0,
 * size - 1), reflection flips its sign on mirrored stretches, nearest sampling gives the grid none.
 */
public final class GridSampler {
  private GridSampler() {}

  private static final String OP = "grid_sampler_2d";

  /** libtorch's cubic convolution constant (as in {@code upsample_bicubic2d}). */
  private static final double CUBIC_A = -0.75;

  /**
   * The samples: {@code interpolation_mode} 0 bilinear, 1 nearest (ties to even), 2 bicubic; {@code
   * padding_mode} 0 zeros, 1 border, 2 reflection; with {@code align_corners} -1 and 1 are the
   * centers of the corner pixels, else their outer edges. Result: (N, C, Ho, Wo).
   */
  @Implements("aten::grid_sampler_2d")
  public static Array gridSampler2d(
      Array input, Array grid, long interpolationMode, long paddingMode, boolean alignCorners) {
    check(input, grid, interpolationMode, paddingMode);
    long[] s = input.shape();
    long n = s[0];
    long c = s[1];
    Axis ax = new Axis(s[3], alignCorners, (int) paddingMode, input.dtype());
    Axis ay = new Axis(s[2], alignCorners, (int) paddingMode, input.dtype());
    long[] g = grid.shape();
    long[] plane = {g[0], g[1], g[2]};
    Array gx = ShapeOps.reshape(AxisOps.sliceAxis(grid, 3, 0, 1, 1), plane);
    Array gy = ShapeOps.reshape(AxisOps.sliceAxis(grid, 3, 1, 2, 1), plane);
    // Rows of (N*H*W, C): one gather per sample position reads every channel.
    Array pixels =
        ShapeOps.reshape(
            ShapeOps.transpose(input, new long[] {0, 2, 3, 1}), new long[] {n * s[2] * s[3], c});
    Sampler at = new Sampler(pixels, Constants.iota(DType.I64, plane, 0), ax, ay);
    Array out =
        switch ((int) interpolationMode) {
          case 0 -> bilinear(at, ax.locate(gx), ay.locate(gy));
          case 1 -> at.read(Jnp.round(ax.locate(gx)), Jnp.round(ay.locate(gy)));
          default -> bicubic(at, ax.unnormalize(gx), ay.unnormalize(gy));
        };
    return ShapeOps.transpose(out, new long[] {0, 3, 1, 2});
  }

  /** The four surrounding pixels, each weighted by the area opposite it (w, e, n, s distances). */
  private static Array bilinear(Sampler at, Array x, Array y) {
    Array one = one(x);
    Array xw = Jnp.floor(x);
    Array yn = Jnp.floor(y);
    Array w = Jnp.subtract(x, xw);
    Array e = Jnp.subtract(one, w);
    Array nd = Jnp.subtract(y, yn);
    Array sd = Jnp.subtract(one, nd);
    Array xe = Jnp.add(xw, one);
    Array ys = Jnp.add(yn, one);
    Array out = weighted(at.read(xw, yn), Jnp.multiply(sd, e));
    out = Jnp.add(out, weighted(at.read(xe, yn), Jnp.multiply(sd, w)));
    out = Jnp.add(out, weighted(at.read(xw, ys), Jnp.multiply(nd, e)));
    return Jnp.add(out, weighted(at.read(xe, ys), Jnp.multiply(nd, w)));
  }

  /** The 4 x 4 surrounding taps (padded one by one), cubic convolution along x, then along y. */
  private static Array bicubic(Sampler at, Array x, Array y) {
    Array ix = Jnp.floor(x);
    Array iy = Jnp.floor(y);
    Array[] cx = cubicCoefficients(Jnp.subtract(x, ix));
    Array[] cy = cubicCoefficients(Jnp.subtract(y, iy));
    Array out = null;
    for (int i = 0; i < 4; i++) {
      Array yy = at.ay().pad(Jnp.add(iy, Jnp.scalarOf(i - 1, iy.dtype())));
      Array row = null;
      for (int j = 0; j < 4; j++) {
        Array xx = at.ax().pad(Jnp.add(ix, Jnp.scalarOf(j - 1, ix.dtype())));
        Array term = weighted(at.read(xx, yy), cx[j]);
        row = row == null ? term : Jnp.add(row, term);
      }
      Array term = weighted(row, cy[i]);
      out = out == null ? term : Jnp.add(out, term);
    }
    return out;
  }

  /** The cubic convolution weights of the taps at -1, 0, 1, 2 for the fraction {@code t}. */
  private static Array[] cubicCoefficients(Array t) {
    DType d = t.dtype();
    Array a = Jnp.scalarOf(CUBIC_A, d);
    Array one = one(t);
    Array outer1 = Jnp.add(t, one);
    Array inner2 = Jnp.subtract(one, t);
    Array outer3 = Jnp.subtract(Jnp.scalarOf(2, d), t);
    return new Array[] {outer(outer1, a), inner(t, a), inner(inner2, a), outer(outer3, a)};
  }

  /** {@code ((A x - 5A) x + 8A) x - 4A}, for taps at distance 1 to 2. */
  private static Array outer(Array x, Array a) {
    DType d = x.dtype();
    Array r = Jnp.subtract(Jnp.multiply(a, x), Jnp.multiply(Jnp.scalarOf(5, d), a));
    r = Jnp.add(Jnp.multiply(r, x), Jnp.multiply(Jnp.scalarOf(8, d), a));
    return Jnp.subtract(Jnp.multiply(r, x), Jnp.multiply(Jnp.scalarOf(4, d), a));
  }

  /** {@code ((A + 2) x - (A + 3)) x x + 1}, for taps at distance up to 1. */
  private static Array inner(Array x, Array a) {
    DType d = x.dtype();
    Array r =
        Jnp.subtract(
            Jnp.multiply(Jnp.add(a, Jnp.scalarOf(2, d)), x), Jnp.add(a, Jnp.scalarOf(3, d)));
    return Jnp.add(Jnp.multiply(Jnp.multiply(r, x), x), one(x));
  }

  /** {@code values} (N, Ho, Wo, C) times the per-position {@code weight} (N, Ho, Wo). */
  private static Array weighted(Array values, Array weight) {
    return Jnp.multiply(values, ShapeOps.expandDims(weight, new long[] {weight.ndim()}));
  }

  private static Array one(Array like) {
    return Jnp.scalarOf(1, like.dtype());
  }

  /** Reads pixels at integer-valued float positions; positions outside the input read 0. */
  private record Sampler(Array pixels, Array batch, Axis ax, Axis ay) {
    Array read(Array x, Array y) {
      Array inside = Jnp.bitwiseAnd(ax.contains(x), ay.contains(y));
      Array row =
          Jnp.add(
              Jnp.multiply(
                  Jnp.add(Jnp.multiply(batch, Jnp.scalarOf(ay.size(), DType.I64)), ay.index(y)),
                  Jnp.scalarOf(ax.size(), DType.I64)),
              ax.index(x));
      Array v = Gathers.take(pixels, 0, row);
      Array keep = ShapeOps.expandDims(inside, new long[] {inside.ndim()});
      return Jnp.where(keep, v, Jnp.scalarOf(0, v.dtype()));
    }
  }

  /** One spatial axis: from grid values to pixel coordinates, with the padding mode. */
  private record Axis(long size, boolean alignCorners, int padding, DType dtype) {
    /** [-1, 1] to pixel coordinates. */
    Array unnormalize(Array g) {
      Array shifted = Jnp.add(g, Jnp.scalarOf(1, dtype));
      if (alignCorners) {
        return Jnp.multiply(shifted, Jnp.scalarOf((size - 1) / 2.0, dtype));
      }
      return Jnp.subtract(
          Jnp.multiply(shifted, Jnp.scalarOf(size / 2.0, dtype)), Jnp.scalarOf(0.5, dtype));
    }

    /** Sample coordinates: unnormalized, then padded. */
    Array locate(Array g) {
      return pad(unnormalize(g));
    }

    /** libtorch's {@code compute_coordinates}: border clips, reflection mirrors then clips. */
    Array pad(Array x) {
      return switch (padding) {
        case 1 -> clip(x);
        case 2 -> clip(reflect(x));
        default -> x;
      };
    }

    /** Into [0, size - 1]; NaN becomes 0; the gradient passes only strictly inside. */
    private Array clip(Array x) {
      Array zero = Jnp.scalarOf(0, dtype);
      Array max = Jnp.scalarOf(size - 1, dtype);
      Array low = Jnp.where(Jnp.greater(x, zero), x, zero);
      return Jnp.where(Jnp.less(low, max), low, max);
    }

    /**
     * Mirrored at the borders (pixel centers with aligned corners, else outer edges) until inside;
     * the selections make the gradient +1 or -1 exactly as libtorch's.
     */
    private Array reflect(Array x) {
      if (alignCorners && size <= 1) {
        return Jnp.zerosLike(Jnp.stopGradient(x));
      }
      double low = alignCorners ? 0 : -0.5;
      Array twiceSpan = Jnp.scalarOf(alignCorners ? 2.0 * (size - 1) : 2.0 * size, dtype);
      Array lowV = Jnp.scalarOf(low, dtype);
      Array rel = alignCorners ? x : Jnp.subtract(x, lowV);
      Array abs = Jnp.where(Jnp.less(rel, Jnp.scalarOf(0, dtype)), Jnp.negative(rel), rel);
      Array flips = Jnp.stopGradient(Jnp.floor(Jnp.divide(abs, twiceSpan)));
      Array extra = Jnp.subtract(abs, Jnp.multiply(flips, twiceSpan));
      Array mirrored = Jnp.subtract(twiceSpan, extra);
      Array r = Jnp.where(Jnp.greater(extra, mirrored), mirrored, extra);
      return alignCorners ? r : Jnp.add(r, lowV);
    }

    /** Whether integer-valued {@code x} is a pixel of this axis. */
    Array contains(Array x) {
      return Jnp.bitwiseAnd(
          Jnp.greaterEqual(x, Jnp.scalarOf(0, dtype)),
          Jnp.lessEqual(x, Jnp.scalarOf(size - 1, dtype)));
    }

    /** Integer-valued {@code x} as an int64 pixel index, clamped into range. */
    Array index(Array x) {
      Array clamped =
          Jnp.minimum(Jnp.maximum(x, Jnp.scalarOf(0, dtype)), Jnp.scalarOf(size - 1, dtype));
      return Jnp.astype(clamped, DType.I64);
    }
  }

  private static void check(Array input, Array grid, long interpolation, long padding) {
    if (input.ndim() != 4 || grid.ndim() != 4) {
      throw new IllegalArgumentException(
          OP
              + ": expected 4D input and grid, got input of shape "
              + Arrays.toString(input.shape())
              + " and grid of shape "
              + Arrays.toString(grid.shape()));
    }
    DTypeChecks.requireSameDtype(OP, "input and grid", input, grid);
    DTypeChecks.requireFloat(OP, input);
    long[] s = input.shape();
    long[] g = grid.shape();
    if (s[0] != g[0]) {
      throw new IllegalArgumentException(
          OP
              + ": expected grid and input to have the same batch size, got input of shape "
              + Arrays.toString(s)
              + " and grid of shape "
              + Arrays.toString(g));
    }
    if (g[3] != 2) {
      throw new IllegalArgumentException(
          OP
              + ": expected grid to have size 2 in its last dimension (x, y), got shape "
              + Arrays.toString(g));
    }
    if (s[2] == 0 || s[3] == 0) {
      throw new IllegalArgumentException(
          OP
              + ": expected input to have non-empty spatial dimensions, got shape "
              + Arrays.toString(s));
    }
    if (interpolation < 0 || interpolation > 2) {
      throw new IllegalArgumentException(
          OP
              + ": interpolation_mode must be 0 (bilinear), 1 (nearest) or 2 (bicubic), got "
              + interpolation);
    }
    if (padding < 0 || padding > 2) {
      throw new IllegalArgumentException(
          OP + ": padding_mode must be 0 (zeros), 1 (border) or 2 (reflection), got " + padding);
    }
  }
}
