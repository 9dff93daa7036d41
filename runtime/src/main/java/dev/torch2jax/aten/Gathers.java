package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.hlo.GatherDimensionNumbers;
import dev.torch2jax.hlo.ScatterDimensionNumbers;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.IndexingOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gathers and scatters written with full coordinate vectors, {@code index_select} along an axis,
 * and index wrapping.
 *
 * <p>Index values are data: XLA clamps an out-of-range gather index into range and drops an out-of-
 * range scatter update instead of raising as libtorch does. Negative indices are wrapped where
 * PyTorch wraps them (advanced indexing), nowhere else.
 */
final class Gathers {
  private Gathers() {}

  /**
   * {@code x.index_select(axis, idx)} for an index of any shape: the result is {@code
   * x.shape[:axis] + idx.shape + x.shape[axis+1:]}.
   */
  static Array take(Array x, int axis, Array idx) {
    long[] xs = x.shape();
    long[] is = idx.shape();
    long[] out = AxisOps.replaceAxis(xs, axis, is);
    if (Shapes.size(out) == 0) {
      return Constants.full(out, 0L, x.dtype());
    }
    int rank = xs.length;
    long[] offsetDims = new long[rank - 1];
    for (int d = 0, k = 0; d < rank; d++) {
      if (d != axis) {
        offsetDims[k++] = d < axis ? d : d - 1 + is.length;
      }
    }
    long[] sizes = xs.clone();
    sizes[axis] = 1;
    GatherDimensionNumbers dn =
        GatherDimensionNumbers.of(offsetDims, new long[] {axis}, new long[] {axis}, is.length);
    return IndexingOps.gather(x, ElementwiseOps.convert(idx, DType.I64), dn, sizes);
  }

  /**
   * The coordinate vectors ({@code idx.shape + [rank]}, int64) of the elements that {@code gather}
   * and {@code scatter} along {@code axis} touch: {@code idx} at {@code axis}, the position
   * elsewhere.
   */
  static Array coordinates(Array idx, int axis) {
    long[] s = idx.shape();
    int rank = s.length;
    long[] one = Arrays.copyOf(s, rank + 1);
    one[rank] = 1;
    List<Array> parts = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      Array c =
          d == axis ? ElementwiseOps.convert(idx, DType.I64) : Constants.iota(DType.I64, s, d);
      parts.add(ShapeOps.reshape(c, one));
    }
    return ShapeOps.concatenate(parts, rank);
  }

  /** The elements of {@code x} at the coordinate vectors {@code coords} ({@code B + [rank]}). */
  static Array gatherPoints(Array x, Array coords) {
    int rank = x.ndim();
    long[] cs = coords.shape();
    long[] out = Arrays.copyOf(cs, cs.length - 1);
    if (Shapes.size(out) == 0) {
      return Constants.full(out, 0L, x.dtype());
    }
    long[] all = new long[rank];
    Arrays.setAll(all, i -> i);
    long[] ones = new long[rank];
    Arrays.fill(ones, 1);
    GatherDimensionNumbers dn = GatherDimensionNumbers.of(new long[0], all, all, cs.length - 1);
    return IndexingOps.gather(x, coords, dn, ones);
  }

  /**
   * {@code x} with {@code updates} (shaped like {@code coords} less its last axis) written, or
   * added with {@code add}, at the coordinate vectors {@code coords}.
   */
  static Array scatterPoints(Array x, Array coords, Array updates, boolean add) {
    if (updates.size() == 0) {
      return x;
    }
    int rank = x.ndim();
    long[] all = new long[rank];
    Arrays.setAll(all, i -> i);
    ScatterDimensionNumbers dn =
        ScatterDimensionNumbers.of(new long[0], all, all, coords.ndim() - 1);
    return add
        ? IndexingOps.scatterAdd(x, coords, updates, dn)
        : IndexingOps.scatter(x, coords, updates, dn);
  }

  /** Integer indices as int64, negatives wrapped by {@code size} (as advanced indexing does). */
  static Array wrapNegative(Array idx, long size) {
    Array i = ElementwiseOps.convert(idx, DType.I64);
    long[] s = i.shape();
    Array zero = Constants.full(s, 0L, DType.I64);
    Array neg = ElementwiseOps.compare(ComparisonDirection.LT, i, zero);
    return ElementwiseOps.select(neg, ElementwiseOps.add(i, Constants.full(s, size, DType.I64)), i);
  }
}
