package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ReductionOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;

/**
 * Gather and scatter along a dim ({@code gather}, {@code scatter*}, {@code index_add}, {@code
 * index_copy}, {@code index_fill}, {@code index_reduce}).
 *
 * <p>Sums and means use XLA's scatter-add. Products, {@code amax} and {@code amin} have no scatter
 * primitive here: they are computed densely, comparing each index with every position of the dim
 * ({@code O(index.numel() * self.size(dim))} memory), exact and differentiable. Where indices
 * repeat, a replacing scatter keeps one of the values (libtorch leaves that unspecified too). Index
 * values are data: out-of-range ones are dropped (XLA) instead of raising.
 */
public final class Scatter {
  private Scatter() {}

  /** {@code out[i][j] = self[i][index[i][j]]} (for {@code dim = 1}); shaped like {@code index}. */
  @Implements("aten::gather")
  public static Array gather(Array self, long dim, Array index, boolean sparseGrad) {
    DTypeChecks.checkIndexDtype("gather", index);
    if (self.ndim() == 0 || index.ndim() == 0) {
      Dims.wrap("gather", dim, self.ndim());
      Array x = AxisOps.reshape(self, self.ndim() == 0 ? new long[] {1} : self.shape());
      Array i = AxisOps.reshape(index, index.ndim() == 0 ? new long[] {1} : index.shape());
      return AxisOps.reshape(gather(x, dim, i, sparseGrad), index.shape());
    }
    int d = Dims.wrap("gather", dim, self.ndim());
    checkShapes("gather", self, d, index, null);
    return Gathers.gatherPoints(self, Gathers.coordinates(index, d));
  }

  /** {@code self} with {@code self[i][index[i][j]] = src[i][j]} (for {@code dim = 1}). */
  @Implements("aten::scatter.src aten::scatter_.src")
  public static Array scatter(Array self, long dim, Array index, Array src) {
    return scatterReduce(self, dim, index, sameDtype("scatter", self, src), "replace", true);
  }

  /** {@code scatter} of one value. */
  @Implements("aten::scatter.value aten::scatter_.value")
  public static Array scatterValue(Array self, long dim, Array index, Number value) {
    return scatterReduce(self, dim, index, filled(self, index, value), "replace", true);
  }

  /** {@code scatter} that adds ({@code "add"}) or multiplies ({@code "multiply"}). */
  @Implements("aten::scatter.reduce aten::scatter_.reduce")
  public static Array scatterWithReduce(
      Array self, long dim, Array index, Array src, String reduce) {
    return scatterReduce(
        self, dim, index, sameDtype("scatter", self, src), legacyReduce(reduce), true);
  }

  /** {@code scatter} of one value that adds or multiplies. */
  @Implements("aten::scatter.value_reduce aten::scatter_.value_reduce")
  public static Array scatterValueReduce(
      Array self, long dim, Array index, Number value, String reduce) {
    return scatterReduce(self, dim, index, filled(self, index, value), legacyReduce(reduce), true);
  }

  /** {@code self} with {@code src} added at {@code index} along {@code dim}. */
  @Implements("aten::scatter_add aten::scatter_add_")
  public static Array scatterAdd(Array self, long dim, Array index, Array src) {
    return scatterReduce(self, dim, index, sameDtype("scatter_add", self, src), "sum", true);
  }

  /**
   * {@code self} with {@code src} reduced into the positions {@code index} names along {@code dim}:
   * {@code "sum"}, {@code "prod"}, {@code "mean"}, {@code "amax"} or {@code "amin"}, with or
   * without {@code self}'s own values. Integer means round down, as libtorch's do.
   */
  @Implements("aten::scatter_reduce.two aten::scatter_reduce_.two")
  public static Array scatterReduceTwo(
      Array self, long dim, Array index, Array src, String reduce, boolean includeSelf) {
    if (!Arrays.asList("sum", "prod", "mean", "amax", "amin").contains(reduce)) {
      throw new IllegalArgumentException(
          "reduce argument must be either sum, prod, mean, amax or amin, got " + reduce);
    }
    return scatterReduce(
        self, dim, index, sameDtype("scatter_reduce", self, src), reduce, includeSelf);
  }

  /** {@code self} with {@code alpha * source} slices added at positions {@code index} of dim. */
  @Implements("aten::index_add aten::index_add_")
  public static Array indexAdd(Array self, long dim, Array index, Array source, Number alpha) {
    Array src = sameDtype("index_add", self, source);
    if (alpha.doubleValue() != 1) {
      src = ElementwiseOps.mul(src, Constants.full(src.shape(), alpha, self.dtype()));
    }
    return indexReduceImpl("index_add", self, dim, index, src, "sum", true);
  }

  /** {@code self} with {@code source}'s slices written at positions {@code index} of dim. */
  @Implements("aten::index_copy aten::index_copy_")
  public static Array indexCopy(Array self, long dim, Array index, Array source) {
    return indexReduceImpl(
        "index_copy", self, dim, index, sameDtype("index_copy", self, source), "replace", true);
  }

  /** {@code self} with the slices at positions {@code index} of dim set to {@code value}. */
  @Implements("aten::index_fill.int_Scalar aten::index_fill_.int_Scalar")
  public static Array indexFill(Array self, long dim, Array index, Number value) {
    return indexFillTensor(self, dim, index, Constants.scalar(value, self.dtype()));
  }

  /** {@code index_fill} with the value in a 0-d tensor. */
  @Implements("aten::index_fill.int_Tensor aten::index_fill_.int_Tensor")
  public static Array indexFillTensor(Array self, long dim, Array index, Array value) {
    if (value.ndim() != 0) {
      throw new IllegalArgumentException(
          "index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
              + value.ndim()
              + " dimension(s).");
    }
    if (self.ndim() == 0) {
      Dims.wrap("index_fill", dim, 0);
      Array r = indexFillTensor(AxisOps.reshape(self, new long[] {1}), 0, index, value);
      return AxisOps.reshape(r, new long[0]);
    }
    int d = Dims.wrap("index_fill", dim, self.ndim());
    Array idx = Gathers.wrapNegative(flat(index), self.shape()[d]);
    long[] shape = self.shape();
    shape[d] = idx.size();
    Array src =
        ShapeOps.broadcastInDim(ElementwiseOps.convert(value, self.dtype()), shape, new long[0]);
    return indexReduceImpl("index_fill", self, d, idx, src, "replace", true);
  }

  /** {@code source}'s slices reduced into positions {@code index} of dim, like scatter_reduce. */
  @Implements("aten::index_reduce aten::index_reduce_")
  public static Array indexReduce(
      Array self, long dim, Array index, Array source, String reduce, boolean includeSelf) {
    if (!Arrays.asList("prod", "mean", "amax", "amin").contains(reduce)) {
      throw new IllegalArgumentException(
          "index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got "
              + reduce);
    }
    return indexReduceImpl(
        "index_reduce",
        self,
        dim,
        index,
        sameDtype("index_reduce", self, source),
        reduce,
        includeSelf);
  }

  private static Array indexReduceImpl(
      String op, Array self, long dim, Array index, Array source, String reduce, boolean incl) {
    DTypeChecks.checkIndexDtype(op, index);
    if (index.ndim() > 1) {
      throw new IllegalArgumentException(op + "(): Index is supposed to be a vector");
    }
    if (self.ndim() == 0) {
      Dims.wrap(op, dim, 0);
      Array r =
          indexReduceImpl(
              op,
              AxisOps.reshape(self, new long[] {1}),
              0,
              index,
              AxisOps.reshape(source, new long[] {source.size()}),
              reduce,
              incl);
      return AxisOps.reshape(r, new long[0]);
    }
    int d = Dims.wrap(op, dim, self.ndim());
    Array idx = flat(index);
    long[] expected = self.shape();
    expected[d] = idx.size();
    Array src = source.ndim() == 0 ? AxisOps.reshape(source, new long[] {1}) : source;
    if (!Arrays.equals(expected, src.shape())) {
      throw new IllegalArgumentException(
          op
              + "(): source of shape "
              + Shapes.str(source.shape())
              + " does not match "
              + Shapes.str(expected)
              + " (self's shape with dim "
              + d
              + " the index's length)");
    }
    Array full = ShapeOps.broadcastInDim(idx, src.shape(), new long[] {d});
    return reduceInto(self, d, full, src, reduce, incl);
  }

  private static Array flat(Array index) {
    return AxisOps.reshape(index, new long[] {index.size()});
  }

  private static String legacyReduce(String reduce) {
    return switch (reduce) {
      case "add" -> "sum";
      case "multiply" -> "prod";
      default ->
          throw new IllegalArgumentException(
              "reduce argument must be either add or multiply, got " + reduce);
    };
  }

  /** {@code src}, once checked to have {@code self}'s dtype. */
  private static Array sameDtype(String op, Array self, Array src) {
    DTypeChecks.requireSameDtype(op, "self and src", self, src);
    return src;
  }

  private static Array filled(Array self, Array index, Number value) {
    return Constants.full(index.shape(), value, self.dtype());
  }

  private static void checkShapes(String op, Array self, int d, Array index, Array src) {
    if (index.ndim() != self.ndim() && index.size() != 0) {
      throw new IllegalArgumentException(
          op + "(): Index tensor must have the same number of dimensions as input tensor");
    }
    long[] s = self.shape();
    long[] i = index.shape();
    for (int e = 0; e < i.length && index.size() != 0; e++) {
      if (e != d && i[e] > s[e]) {
        throw new IllegalArgumentException(
            op
                + "(): Size does not match at dimension "
                + e
                + " expected index "
                + Shapes.str(i)
                + " to be no larger than self "
                + Shapes.str(s)
                + " apart from dimension "
                + d);
      }
      if (src != null && i[e] > src.shape()[e]) {
        throw new IllegalArgumentException(
            op
                + "(): Expected index "
                + Shapes.str(i)
                + " to be no larger than src "
                + Shapes.str(src.shape()));
      }
    }
  }

  private static Array scatterReduce(
      Array self, long dim, Array index, Array src, String reduce, boolean includeSelf) {
    DTypeChecks.checkIndexDtype("scatter", index);
    if (self.ndim() == 0) {
      Dims.wrap("scatter", dim, 0);
      Array r =
          scatterReduce(
              AxisOps.reshape(self, new long[] {1}),
              0,
              AxisOps.reshape(index, new long[] {index.size()}),
              AxisOps.reshape(src, new long[] {src.size()}),
              reduce,
              includeSelf);
      return AxisOps.reshape(r, new long[0]);
    }
    int d = Dims.wrap("scatter", dim, self.ndim());
    if (index.size() == 0) {
      return self;
    }
    Array idx = index.ndim() == 0 ? AxisOps.reshape(index, new long[] {1}) : index;
    Array s = src.ndim() == 0 ? AxisOps.reshape(src, new long[] {1}) : src;
    checkShapes("scatter", self, d, idx, s);
    // Only the part of src that index covers takes part.
    long[] is = idx.shape();
    if (!Arrays.equals(is, s.shape())) {
      s = ShapeOps.slice(s, new long[is.length], is);
    }
    return reduceInto(self, d, idx, s, reduce, includeSelf);
  }

  /**
   * The reduction of {@code src} into {@code self} at {@code idx} (same shapes) along {@code d}.
   */
  private static Array reduceInto(
      Array self, int d, Array idx, Array src, String reduce, boolean includeSelf) {
    if (idx.size() == 0) {
      return self;
    }
    Array coords = Gathers.coordinates(idx, d);
    DType t = self.dtype();
    long[] is = idx.shape();
    switch (reduce) {
      case "replace" -> {
        return Gathers.scatterPoints(self, coords, src, false);
      }
      case "sum" -> {
        Array base = accumulationBase(self, coords, is, includeSelf);
        if (t == DType.BOOL) {
          Array hits =
              Gathers.scatterPoints(
                  Constants.full(self.shape(), 0L, DType.I32),
                  coords,
                  ElementwiseOps.convert(src, DType.I32),
                  true);
          return ElementwiseOps.or(
              base,
              ElementwiseOps.compare(
                  ComparisonDirection.NE, hits, Constants.full(self.shape(), 0L, DType.I32)));
        }
        return Gathers.scatterPoints(base, coords, src, true);
      }
      case "mean" -> {
        Array base = accumulationBase(self, coords, is, includeSelf);
        Array sum = Gathers.scatterPoints(base, coords, src, true);
        Array count =
            Gathers.scatterPoints(
                Constants.full(self.shape(), includeSelf ? 1L : 0L, t),
                coords,
                Constants.full(is, 1L, t),
                true);
        long[] s = self.shape();
        Array zero = Constants.full(s, 0L, t);
        count =
            ElementwiseOps.select(
                ElementwiseOps.compare(ComparisonDirection.EQ, count, zero),
                Constants.full(s, 1L, t),
                count);
        return t.isFloatingPoint() ? ElementwiseOps.div(sum, count) : floorDiv(sum, count);
      }
      case "prod", "amax", "amin" -> {
        return dense(self, d, idx, src, reduce, includeSelf);
      }
      default -> throw new IllegalArgumentException("unknown reduction " + reduce);
    }
  }

  /**
   * What a sum scatters onto: {@code self}, or without {@code includeSelf} {@code self} with zeros
   * where {@code coords} point, so only the scattered values count there.
   */
  private static Array accumulationBase(
      Array self, Array coords, long[] indexShape, boolean includeSelf) {
    if (includeSelf) {
      return self;
    }
    return Gathers.scatterPoints(self, coords, Constants.full(indexShape, 0L, self.dtype()), false);
  }

  /** Integer division rounding down, for positive divisors. */
  private static Array floorDiv(Array a, Array b) {
    Array q = ElementwiseOps.div(a, b);
    Array r = ElementwiseOps.rem(a, b);
    long[] s = a.shape();
    Array neg = ElementwiseOps.compare(ComparisonDirection.LT, r, Constants.full(s, 0L, a.dtype()));
    return ElementwiseOps.select(neg, ElementwiseOps.sub(q, Constants.full(s, 1L, a.dtype())), q);
  }

  private static Array dense(
      Array self, int d, Array idx, Array src, String reduce, boolean includeSelf) {
    DType t = self.dtype();
    int rank = self.ndim();
    long n = self.shape()[d];
    long[] is = idx.shape();
    long[] wide = TensorShape.append(is, n);
    long[] lead = new long[rank];
    Arrays.setAll(lead, i -> i);
    Array positions = Constants.iota(DType.I64, wide, rank);
    Array onehot =
        ElementwiseOps.compare(
            ComparisonDirection.EQ,
            ShapeOps.broadcastInDim(ElementwiseOps.convert(idx, DType.I64), wide, lead),
            positions);
    Array vals = ShapeOps.broadcastInDim(src, wide, lead);
    Array identity = identity(reduce, t);
    Array masked =
        ElementwiseOps.select(onehot, vals, ShapeOps.broadcastInDim(identity, wide, new long[0]));
    long[] axis = {d};
    Array red =
        switch (reduce) {
          case "prod" ->
              t == DType.BOOL
                  ? ReductionOps.reduceAnd(masked, axis)
                  : ReductionOps.reduceProd(masked, axis);
          case "amax" ->
              t == DType.BOOL
                  ? ReductionOps.reduceOr(masked, axis)
                  : ReductionOps.reduceMax(masked, axis);
          default ->
              t == DType.BOOL
                  ? ReductionOps.reduceAnd(masked, axis)
                  : ReductionOps.reduceMin(masked, axis);
        };
    Array hit = ReductionOps.reduceOr(onehot, axis);
    red = AxisOps.moveAxis(red, rank - 1, d);
    hit = AxisOps.moveAxis(hit, rank - 1, d);
    long[] s = self.shape();
    long[] have = red.shape();
    long[] lo = new long[rank];
    long[] hi = new long[rank];
    long[] in = new long[rank];
    boolean pad = false;
    for (int e = 0; e < rank; e++) {
      hi[e] = s[e] - have[e];
      pad |= hi[e] != 0;
    }
    if (pad) {
      red = ShapeOps.pad(red, identity, lo, hi, in);
      hit = ShapeOps.pad(hit, Constants.scalar(0L, DType.BOOL), lo, hi, in);
    }
    if (!includeSelf) {
      return ElementwiseOps.select(hit, red, self);
    }
    return switch (reduce) {
      case "prod" ->
          t == DType.BOOL ? ElementwiseOps.and(self, red) : ElementwiseOps.mul(self, red);
      case "amax" -> t == DType.BOOL ? ElementwiseOps.or(self, red) : ElementwiseOps.max(self, red);
      default -> t == DType.BOOL ? ElementwiseOps.and(self, red) : ElementwiseOps.min(self, red);
    };
  }

  private static Array identity(String reduce, DType t) {
    if (reduce.equals("prod")) {
      return Constants.scalar(1L, t);
    }
    return reduce.equals("amax") ? Constants.lowest(t) : Constants.highest(t);
  }
}
