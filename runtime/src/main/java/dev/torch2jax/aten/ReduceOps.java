package dev.torch2jax.aten;

import static dev.torch2jax.aten.AxisReductions.count;
import static dev.torch2jax.aten.AxisReductions.reduce;
import static dev.torch2jax.aten.Constants.scalar;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.lax.CumulativeOps;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ReductionOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;
import java.util.List;

/**
 * ReduceOps (ATen's ReduceOps): {@code sum}, {@code mean}, var/std (and their {@code _mean} forms),
 * max/min with and without indices, arg-reductions, {@code prod}, {@code logsumexp}, norms, {@code
 * all}/{@code any} and cumulative sums and products. Sorting is in {@link Sorting}.
 */
public final class ReduceOps {
  private ReduceOps() {}

  /** The sum of all elements (integers sum to int64), optionally in {@code dtype}. */
  @Implements("aten::sum")
  public static Array sum(Array self, DType dtype) {
    return Jnp.sum(dtype == null ? self : Jnp.astype(self, dtype));
  }

  /** The sum over {@code dim} (all axes when empty or null), keeping them with {@code keepdim}. */
  @Implements("aten::sum.dim_IntList")
  public static Array sumDims(Array self, long[] dim, boolean keepdim, DType dtype) {
    Array x = dtype == null ? self : Jnp.astype(self, dtype);
    long[] axes = dim == null || dim.length == 0 ? allAxes(x.ndim()) : dim.clone();
    Arrays.sort(axes);
    // Sum the highest axis first so the lower axis numbers stay valid without keepdim.
    Array out = x;
    for (int i = axes.length - 1; i >= 0; i--) {
      out = Jnp.sum(out, (int) axes[i], keepdim);
    }
    return axes.length == 0 ? Jnp.sum(x) : out;
  }

  private static long[] allAxes(int rank) {
    long[] a = new long[rank];
    Arrays.setAll(a, i -> i);
    return a;
  }

  // ---- mean, var, std -----------------------------------------------------------------------

  /** The mean of all elements; integer inputs need {@code dtype}, as in PyTorch. */
  @Implements("aten::mean")
  public static Array mean(Array self, DType dtype) {
    return meanDim(self, null, false, dtype);
  }

  /** The mean over {@code dim} (all axes when null or empty). */
  @Implements("aten::mean.dim")
  public static Array meanDim(Array self, long[] dim, boolean keepdim, DType dtype) {
    Array x = dtype == null ? self : Jnp.astype(self, dtype);
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "mean(): could not infer output dtype. Input dtype must be either a floating point or"
              + " complex dtype. Got: "
              + x.dtype().torchName());
    }
    long[] ax = Dims.reductionDims("mean", dim, x.ndim());
    return meanOver(x, ax, keepdim);
  }

  private static Array meanOver(Array x, long[] ax, boolean keepdim) {
    DType t = x.dtype();
    DType acc = t == DType.F16 || t == DType.BF16 ? DType.F32 : t;
    Array s = AxisReductions.sum(Jnp.astype(x, acc), ax, keepdim);
    Array m = ElementwiseOps.div(s, Jnp.broadcastTo(scalar(count(x.shape(), ax), acc), s.shape()));
    return Jnp.astype(m, t);
  }

  /** Variance of all elements, Bessel-corrected when {@code unbiased}. */
  @Implements("aten::var")
  public static Array var(Array self, boolean unbiased) {
    return varCorrection(self, null, unbiased ? 1L : 0L, false);
  }

  /** Variance over {@code dim}. */
  @Implements("aten::var.dim")
  public static Array varDim(Array self, long[] dim, boolean unbiased, boolean keepdim) {
    return varCorrection(self, dim, unbiased ? 1L : 0L, keepdim);
  }

  /** Variance over {@code dim} with {@code N - correction} degrees of freedom (default 1). */
  @Implements("aten::var.correction")
  public static Array varCorrection(Array self, long[] dim, Number correction, boolean keepdim) {
    return moments("aten::var.correction", self, dim, correction, keepdim).get(0);
  }

  /** Standard deviation of all elements. */
  @Implements("aten::std")
  public static Array std(Array self, boolean unbiased) {
    return Jnp.sqrt(var(self, unbiased));
  }

  /** Standard deviation over {@code dim}. */
  @Implements("aten::std.dim")
  public static Array stdDim(Array self, long[] dim, boolean unbiased, boolean keepdim) {
    return Jnp.sqrt(varDim(self, dim, unbiased, keepdim));
  }

  /** Standard deviation with a correction. */
  @Implements("aten::std.correction")
  public static Array stdCorrection(Array self, long[] dim, Number correction, boolean keepdim) {
    return Jnp.sqrt(varCorrection(self, dim, correction, keepdim));
  }

  /** {@code (var, mean)} or {@code (std, mean)} of all elements, as the overload's name says. */
  @Implements("aten::var_mean aten::std_mean")
  public static List<Array> varMean(String overload, Array self, boolean unbiased) {
    return moments(overload, self, null, unbiased ? 1L : 0L, false);
  }

  /** {@code (var, mean)} or {@code (std, mean)} over {@code dim}. */
  @Implements("aten::var_mean.dim aten::std_mean.dim")
  public static List<Array> varMeanDim(
      String overload, Array self, long[] dim, boolean unbiased, boolean keepdim) {
    return moments(overload, self, dim, unbiased ? 1L : 0L, keepdim);
  }

  /** {@code (var, mean)} or {@code (std, mean)} with a correction. */
  @Implements("aten::var_mean.correction aten::std_mean.correction")
  public static List<Array> varMeanCorrection(
      String overload, Array self, long[] dim, Number correction, boolean keepdim) {
    return moments(overload, self, dim, correction, keepdim);
  }

  /** {@code (var, mean)}, or {@code (std, mean)} for the {@code std_mean} overloads. */
  private static List<Array> moments(
      String overload, Array x, long[] dim, Number correction, boolean keepdim) {
    String op = OverloadNames.operator(overload);
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          op
              + ": std and var only support floating point and complex dtypes, got "
              + x.dtype().torchName());
    }
    long[] ax = Dims.reductionDims(op, dim, x.ndim());
    long n = count(x.shape(), ax);
    double c = correction == null ? 1 : correction.doubleValue();
    Array mean = meanOver(x, ax, true);
    Array d = ElementwiseOps.sub(x, Jnp.broadcastTo(mean, x.shape()));
    Array ss = AxisReductions.sum(ElementwiseOps.mul(d, d), ax, keepdim);
    Array v =
        ElementwiseOps.div(ss, Jnp.broadcastTo(scalar(Math.max(0, n - c), x.dtype()), ss.shape()));
    Array m = keepdim ? mean : ShapeOps.reshape(mean, ss.shape());
    return List.of(op.startsWith("std") ? ElementwiseOps.sqrt(v) : v, m);
  }

  // ---- max, min, arg-reductions --------------------------------------------------------------

  /** The largest of {@code dim} (all axes when empty); NaN propagates. */
  @Implements("aten::amax")
  public static Array amax(Array self, long[] dim, boolean keepdim) {
    return reduce(
        ReductionOps::reduceMax, self, Dims.reductionDims("amax", dim, self.ndim()), keepdim);
  }

  /** The smallest of {@code dim} (all axes when empty); NaN propagates. */
  @Implements("aten::amin")
  public static Array amin(Array self, long[] dim, boolean keepdim) {
    return reduce(
        ReductionOps::reduceMin, self, Dims.reductionDims("amin", dim, self.ndim()), keepdim);
  }

  /** The largest element, 0-d. */
  @Implements("aten::max")
  public static Array max(Array self) {
    nonEmpty("max", self);
    return amax(self, null, false);
  }

  /** The smallest element, 0-d. */
  @Implements("aten::min")
  public static Array min(Array self) {
    nonEmpty("min", self);
    return amin(self, null, false);
  }

  /** {@code torch.max(a, b)}: the elementwise {@code maximum} (NaN propagates). */
  @Implements("aten::max.other")
  public static Array maxOther(Array self, Array other) {
    return BinaryOps.maximum(self, other);
  }

  /** {@code torch.min(a, b)}: the elementwise {@code minimum} (NaN propagates). */
  @Implements("aten::min.other")
  public static Array minOther(Array self, Array other) {
    return BinaryOps.minimum(self, other);
  }

  /** {@code (values, indices)} of the largest along {@code dim} (first index on ties; NaN wins). */
  @Implements("aten::max.dim")
  public static List<Array> maxDim(Array self, long dim, boolean keepdim) {
    return withIndex("max", self, dim, keepdim, true);
  }

  /** {@code (values, indices)} of the smallest along {@code dim}. */
  @Implements("aten::min.dim")
  public static List<Array> minDim(Array self, long dim, boolean keepdim) {
    return withIndex("min", self, dim, keepdim, false);
  }

  private static List<Array> withIndex(
      String op, Array self, long dim, boolean keepdim, boolean largest) {
    if (self.ndim() == 0) {
      Dims.wrap(op, dim, 0);
      return List.of(self, Jnp.zeros(new long[0], DType.I64));
    }
    int ax = Dims.wrap(op, dim, self.ndim());
    if (self.shape()[ax] == 0) {
      throw new IllegalArgumentException(
          op + "(): Expected reduction dim " + ax + " to have non-zero size");
    }
    Array values =
        reduce(
            largest ? ReductionOps::reduceMax : ReductionOps::reduceMin,
            self,
            new long[] {ax},
            keepdim);
    Array idx = argIndex(self, ax, largest);
    if (keepdim) {
      idx = AxisReductions.keep(idx, self.shape(), new long[] {ax});
    }
    return List.of(values, idx);
  }

  private static Array argIndex(Array self, int ax, boolean largest) {
    Array x = self.dtype() == DType.BOOL ? Jnp.astype(self, DType.I32) : self;
    return largest ? ReductionOps.argmax(x, ax, DType.I64) : ReductionOps.argmin(x, ax, DType.I64);
  }

  /** The index of the largest element along {@code dim} (of the flattened input when null). */
  @Implements("aten::argmax")
  public static Array argmax(Array self, Long dim, boolean keepdim) {
    return arg("argmax", self, dim, keepdim, true);
  }

  /** The index of the smallest element along {@code dim} (of the flattened input when null). */
  @Implements("aten::argmin")
  public static Array argmin(Array self, Long dim, boolean keepdim) {
    return arg("argmin", self, dim, keepdim, false);
  }

  private static Array arg(String op, Array self, Long dim, boolean keepdim, boolean largest) {
    if (dim == null) {
      nonEmpty(op, self);
      Array flat = Jnp.reshape(self, -1);
      Array i = argIndex(flat, 0, largest);
      return keepdim ? ShapeOps.reshape(i, Dims.filled(self.ndim(), 1)) : i;
    }
    if (self.ndim() == 0) {
      Dims.wrap(op, dim, 0);
      return Jnp.zeros(new long[0], DType.I64);
    }
    int ax = Dims.wrap(op, dim, self.ndim());
    if (self.shape()[ax] == 0) {
      throw new IllegalArgumentException(
          op + "(): Expected reduction dim " + ax + " to have non-zero size");
    }
    Array i = argIndex(self, ax, largest);
    return keepdim ? AxisReductions.keep(i, self.shape(), new long[] {ax}) : i;
  }

  private static void nonEmpty(String op, Array x) {
    if (x.size() == 0) {
      throw new IllegalArgumentException(
          op
              + "(): Expected reduction dim to be specified for input.numel() == 0. Specify the"
              + " reduction dim with the 'dim' argument.");
    }
  }

  // ---- prod, logsumexp, norms -----------------------------------------------------------------

  /** The product of all elements (integers and bool in int64), optionally in {@code dtype}. */
  @Implements("aten::prod")
  public static Array prod(Array self, DType dtype) {
    Array x = widen(self, dtype);
    return ReductionOps.reduceProd(x, Dims.reductionDims("prod", null, x.ndim()));
  }

  /** The product along {@code dim}. */
  @Implements("aten::prod.dim_int")
  public static Array prodDim(Array self, long dim, boolean keepdim, DType dtype) {
    Array x = widen(self, dtype);
    long[] ax = x.ndim() == 0 ? new long[0] : new long[] {Dims.wrap("prod", dim, x.ndim())};
    if (x.ndim() == 0) {
      Dims.wrap("prod", dim, 0);
    }
    return reduce(ReductionOps::reduceProd, x, ax, keepdim);
  }

  private static Array widen(Array self, DType dtype) {
    if (dtype != null) {
      return Jnp.astype(self, dtype);
    }
    return self.dtype().isInexact() ? self : Jnp.astype(self, DType.I64);
  }

  /** {@code log(sum(exp(self)))} over {@code dim}, computed stably; integers give float32. */
  @Implements("aten::logsumexp")
  public static Array logsumexp(Array self, long[] dim, boolean keepdim) {
    Array x = ResultTypes.floating(self);
    long[] ax = Dims.reductionDims("logsumexp", dim, x.ndim());
    if (x.size() == 0) {
      return Jnp.log(AxisReductions.sum(Jnp.exp(x), ax, keepdim));
    }
    Array m = ReductionOps.reduceMax(x, ax);
    // An infinite maximum would give inf - inf = NaN; shift by 0 there instead.
    Array finite = ElementwiseOps.isFinite(m);
    m = ElementwiseOps.select(finite, m, Jnp.zerosLike(m));
    Array mk = AxisReductions.keep(m, x.shape(), ax);
    Array s =
        AxisReductions.sum(
            ElementwiseOps.exp(ElementwiseOps.sub(x, Jnp.broadcastTo(mk, x.shape()))), ax, keepdim);
    Array shift = keepdim ? mk : m;
    return ElementwiseOps.add(ElementwiseOps.log(s), shift);
  }

  /** The {@code p}-norm of all elements (p = 2 by default). */
  @Implements("aten::norm.Scalar")
  public static Array norm(Array self, Number p) {
    return normDim(self, p, null, false);
  }

  /** The {@code p}-norm over {@code dim} (all axes when empty). */
  @Implements("aten::norm.ScalarOpt_dim")
  public static Array normDim(Array self, Number p, long[] dim, boolean keepdim) {
    requireNormFloat("norm", self);
    return vectorNorm(
        self,
        p == null ? 2.0 : p.doubleValue(),
        Dims.reductionDims("norm", dim, self.ndim()),
        keepdim);
  }

  /** The {@code p}-norm over {@code dim}, computed in {@code dtype}. */
  @Implements("aten::norm.ScalarOpt_dim_dtype")
  public static Array normDimDtype(Array self, Number p, long[] dim, boolean keepdim, DType dtype) {
    return normDim(Jnp.astype(self, dtype), p, dim, keepdim);
  }

  /** The {@code p}-norm of all elements, computed in {@code dtype}. */
  @Implements("aten::norm.ScalarOpt_dtype")
  public static Array normDtype(Array self, Number p, DType dtype) {
    return normDim(Jnp.astype(self, dtype), p, null, false);
  }

  /** {@code torch.linalg.vector_norm}: the {@code ord}-norm over {@code dim} (all when null). */
  @Implements("aten::linalg_vector_norm")
  public static Array linalgVectorNorm(
      Array self, Number ord, long[] dim, boolean keepdim, DType dtype) {
    Array x = dtype == null ? self : Jnp.astype(self, dtype);
    requireNormFloat("linalg.vector_norm", x);
    return vectorNorm(
        x, ord.doubleValue(), Dims.reductionDims("linalg.vector_norm", dim, x.ndim()), keepdim);
  }

  private static void requireNormFloat(String op, Array x) {
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          op
              + ": Expected a floating point or complex tensor as input. Got "
              + x.dtype().torchName());
    }
  }

  private static Array vectorNorm(Array x, double p, long[] ax, boolean keepdim) {
    Array a = ElementwiseOps.abs(x);
    if (p == Double.POSITIVE_INFINITY) {
      return reduce(ReductionOps::reduceMax, a, ax, keepdim);
    }
    if (p == Double.NEGATIVE_INFINITY) {
      return reduce(ReductionOps::reduceMin, a, ax, keepdim);
    }
    if (p == 0) {
      Array nz = Jnp.astype(Jnp.notEqual(x, Jnp.zerosLike(x)), x.dtype());
      return AxisReductions.sum(nz, ax, keepdim);
    }
    if (p == 1) {
      return AxisReductions.sum(a, ax, keepdim);
    }
    if (p == 2) {
      return ElementwiseOps.sqrt(AxisReductions.sum(ElementwiseOps.mul(x, x), ax, keepdim));
    }
    Array pw = ElementwiseOps.pow(a, Jnp.broadcastTo(scalar(p, x.dtype()), a.shape()));
    Array s = AxisReductions.sum(pw, ax, keepdim);
    return ElementwiseOps.pow(s, Jnp.broadcastTo(scalar(1 / p, x.dtype()), s.shape()));
  }

  // ---- all, any ------------------------------------------------------------------------------

  /**
   * {@code all}: true when every element is non-zero; {@code any}: when some element is (uint8
   * inputs give uint8, others bool).
   */
  @Implements("aten::all aten::any")
  public static Array all(String overload, Array self) {
    return logical(overload, self, null, false);
  }

  /** {@code all} or {@code any} along {@code dim}. */
  @Implements("aten::all.dim aten::any.dim")
  public static Array allDim(String overload, Array self, long dim, boolean keepdim) {
    return logical(overload, self, new long[] {dim}, keepdim);
  }

  /** {@code all} or {@code any} over {@code dim} (all axes when null or empty). */
  @Implements("aten::all.dims aten::any.dims")
  public static Array allDims(String overload, Array self, long[] dim, boolean keepdim) {
    return logical(overload, self, dim, keepdim);
  }

  private static Array logical(String overload, Array self, long[] dim, boolean keepdim) {
    String op = OverloadNames.operator(overload);
    boolean and = op.equals("all");
    Array b = self.dtype() == DType.BOOL ? self : Jnp.notEqual(self, Jnp.zerosLike(self));
    long[] ax = Dims.reductionDims(op, dim, self.ndim());
    Array r = reduce(and ? ReductionOps::reduceAnd : ReductionOps::reduceOr, b, ax, keepdim);
    return self.dtype() == DType.U8 ? Jnp.astype(r, DType.U8) : r;
  }

  // ---- cumulative ----------------------------------------------------------------------------

  /** Running sums along {@code dim} (integers and bool in int64), optionally in {@code dtype}. */
  @Implements("aten::cumsum")
  public static Array cumsum(Array self, long dim, DType dtype) {
    Array x = widen(self, dtype);
    return cumulative(x, dim, true);
  }

  /** Running products along {@code dim}. */
  @Implements("aten::cumprod")
  public static Array cumprod(Array self, long dim, DType dtype) {
    Array x = widen(self, dtype);
    return cumulative(x, dim, false);
  }

  /** In-place running sums: the result keeps {@code self}'s dtype. */
  @Implements("aten::cumsum_")
  public static Array cumsumInPlace(Array self, long dim, DType dtype) {
    return Jnp.astype(cumsum(self, dim, dtype), self.dtype());
  }

  /** In-place running products: the result keeps {@code self}'s dtype. */
  @Implements("aten::cumprod_")
  public static Array cumprodInPlace(Array self, long dim, DType dtype) {
    return Jnp.astype(cumprod(self, dim, dtype), self.dtype());
  }

  private static Array cumulative(Array x, long dim, boolean sum) {
    int ax = Dims.wrap(sum ? "cumsum" : "cumprod", dim, x.ndim());
    if (x.ndim() == 0) {
      return x;
    }
    return sum ? CumulativeOps.cumsum(x, ax, false) : CumulativeOps.cumprod(x, ax, false);
  }
}
