package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;
import java.util.List;

/**
 * Padding: constant (negative amounts crop), reflect, replicate and circular. Pads are listed as
 * libtorch lists them: {@code (left, right)} of the last dim first, then of the one before, and so
 * on. Reflect, replicate and circular padding are built from slices, reversals and concatenations,
 * so they are exact and differentiable; they take non-negative amounts only.
 */
public final class Padding {
  private Padding() {}

  /** {@code self} padded with {@code value} (negative amounts crop). */
  @Implements("aten::constant_pad_nd")
  public static Array constantPadNd(Array self, long[] pad, Number value) {
    int rank = self.ndim();
    checkPairs("constant_pad_nd", pad, rank);
    long[] lo = new long[rank];
    long[] hi = new long[rank];
    long[] s = self.shape();
    boolean any = false;
    for (int i = 0; i < pad.length / 2; i++) {
      int d = rank - 1 - i;
      lo[d] = pad[2 * i];
      hi[d] = pad[2 * i + 1];
      any |= lo[d] != 0 || hi[d] != 0;
      if (s[d] + lo[d] + hi[d] < 0) {
        throw new IllegalArgumentException(
            "constant_pad_nd: the input size "
                + s[d]
                + ", plus negative padding "
                + lo[d]
                + " and "
                + hi[d]
                + " resulted in a negative output size, which is invalid. Check dimension "
                + d
                + " of your input.");
      }
    }
    if (!any) {
      return self;
    }
    return ShapeOps.pad(self, Constants.scalar(value, self.dtype()), lo, hi, new long[rank]);
  }

  /** {@code torch.nn.functional.pad}: mode {@code constant}, {@code reflect}, etc. */
  @Implements("aten::pad")
  public static Array pad(Array self, long[] pad, String mode, Double value) {
    return switch (mode) {
      case "constant" -> constantPadNd(self, pad, value == null ? (Number) 0L : value);
      case "reflect", "replicate", "circular" -> {
        if (value != null && value != 0) {
          throw new IllegalArgumentException(
              "Padding mode \"" + mode + "\" doesn't take in value argument");
        }
        checkModeRank(mode, self, pad);
        yield padMode(mode, self, pad);
      }
      default ->
          throw new IllegalArgumentException(
              "Unrecognised padding mode "
                  + mode
                  + " (expected constant, reflect, replicate or circular)");
    };
  }

  /**
   * {@code pad} with the mode as libtorch's {@code at::padding_mode}: 0 reflect, 1 replicate, 2
   * circular, 3 constant.
   */
  @Implements("aten::_pad_enum")
  public static Array padEnum(Array self, long[] pad, long mode, Double value) {
    String[] modes = {"reflect", "replicate", "circular", "constant"};
    if (mode < 0 || mode >= modes.length) {
      throw new IllegalArgumentException(
          "_pad_enum: unknown padding mode "
              + mode
              + "; expected 0 (reflect), 1 (replicate), 2 (circular) or 3 (constant)");
    }
    return pad(self, pad, modes[(int) mode], value);
  }

  /** Circular padding of the last {@code pad.length / 2} dims. */
  @Implements("aten::_pad_circular")
  public static Array padCircular(Array self, long[] pad) {
    checkPairs("_pad_circular", pad, self.ndim());
    return padMode("circular", self, pad);
  }

  /**
   * Reflection or edge-replication padding of the last 1, 2 or 3 dims, as the overload's name says;
   * {@code padding} is {@code (left, right, top, bottom, front, back)} cut to that rank.
   */
  @Implements(
      "aten::reflection_pad1d aten::reflection_pad2d aten::reflection_pad3d"
          + " aten::replication_pad1d aten::replication_pad2d aten::replication_pad3d")
  public static Array reflectionOrReplicationPad(String overload, Array self, long[] padding) {
    String op = OverloadNames.operator(overload);
    String mode = op.startsWith("reflection") ? "reflect" : "replicate";
    return fixed(op, mode, self, padding, OverloadNames.spatialRank(overload));
  }

  private static Array fixed(String op, String mode, Array self, long[] padding, int k) {
    if (padding.length != 2 * k) {
      throw new IllegalArgumentException(
          op + ": padding size is expected to be " + 2 * k + ", got " + padding.length);
    }
    Dims.requireSpatialInput(op, self, k);
    return padMode(mode, self, padding);
  }

  private static void checkPairs(String op, long[] pad, int rank) {
    if (pad.length % 2 != 0) {
      throw new IllegalArgumentException(
          op + ": length of pad must be even but instead it equals " + pad.length);
    }
    if (pad.length / 2 > rank) {
      throw new IllegalArgumentException(
          op
              + ": length of pad should be no more than twice the number of dimensions of the"
              + " input. Pad length is "
              + pad.length
              + " while the input has "
              + rank
              + " dimensions.");
    }
  }

  private static void checkModeRank(String mode, Array self, long[] pad) {
    checkPairs("pad", pad, self.ndim());
    int k = pad.length / 2;
    if (k > 3) {
      throw new UnsupportedOperationException(
          "Padding mode \"" + mode + "\" pads at most 3 dimensions, got " + k);
    }
    if (self.ndim() != k + 1 && self.ndim() != k + 2) {
      throw new IllegalArgumentException(
          "Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now; mode "
              + mode
              + " with "
              + pad.length
              + " pad values needs a "
              + (k + 1)
              + "D or "
              + (k + 2)
              + "D input, got shape "
              + Arrays.toString(self.shape()));
    }
  }

  private static Array padMode(String mode, Array self, long[] pad) {
    int rank = self.ndim();
    Array x = self;
    for (int i = 0; i < pad.length / 2; i++) {
      int d = rank - 1 - i;
      long l = pad[2 * i];
      long r = pad[2 * i + 1];
      if (l < 0 || r < 0) {
        throw new UnsupportedOperationException(
            mode + " padding with negative amounts is not supported: " + Arrays.toString(pad));
      }
      if (l == 0 && r == 0) {
        continue;
      }
      long n = x.shape()[d];
      x =
          switch (mode) {
            case "reflect" -> reflect(x, d, l, r, n);
            case "replicate" -> replicate(x, d, l, r, n);
            default -> circular(x, d, l, r, n);
          };
    }
    return x;
  }

  private static Array reflect(Array x, int d, long l, long r, long n) {
    if (l >= n || r >= n) {
      throw new IllegalArgumentException(
          "Argument #4: Padding size should be less than the corresponding input dimension, but"
              + " got: padding ("
              + l
              + ", "
              + r
              + ") at dimension "
              + d
              + " of input "
              + Arrays.toString(x.shape()));
    }
    Array left = ShapeOps.rev(AxisOps.sliceAxis(x, d, 1, l + 1, 1), new long[] {d});
    Array right = ShapeOps.rev(AxisOps.sliceAxis(x, d, n - 1 - r, n - 1, 1), new long[] {d});
    return join(left, x, right, d, l, r);
  }

  private static Array replicate(Array x, int d, long l, long r, long n) {
    if (n == 0) {
      throw new IllegalArgumentException(
          "replication padding: input dimension "
              + d
              + " of "
              + Arrays.toString(x.shape())
              + " is empty");
    }
    long[] all = iotaLong(x.ndim());
    long[] ls = x.shape();
    ls[d] = l;
    long[] rs = x.shape();
    rs[d] = r;
    Array left = ShapeOps.broadcastInDim(AxisOps.sliceAxis(x, d, 0, 1, 1), ls, all);
    Array right = ShapeOps.broadcastInDim(AxisOps.sliceAxis(x, d, n - 1, n, 1), rs, all);
    return join(left, x, right, d, l, r);
  }

  private static Array circular(Array x, int d, long l, long r, long n) {
    if (l > n || r > n) {
      throw new IllegalArgumentException(
          "Padding value causes wrapping around more than once: padding ("
              + l
              + ", "
              + r
              + ") at dimension "
              + d
              + " of size "
              + n);
    }
    Array left = AxisOps.sliceAxis(x, d, n - l, n, 1);
    Array right = AxisOps.sliceAxis(x, d, 0, r, 1);
    return join(left, x, right, d, l, r);
  }

  private static Array join(Array left, Array x, Array right, int d, long l, long r) {
    if (l == 0) {
      return ShapeOps.concatenate(List.of(x, right), d);
    }
    if (r == 0) {
      return ShapeOps.concatenate(List.of(left, x), d);
    }
    return ShapeOps.concatenate(List.of(left, x, right), d);
  }

  private static long[] iotaLong(int n) {
    long[] a = new long[n];
    Arrays.setAll(a, i -> i);
    return a;
  }
}
