package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.Random;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.hlo.RngAlgorithm;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.RandomBitsOps;
import dev.torch2jax.lax.ShapeOps;
import dev.torch2jax.lax.SortOps;
import java.util.List;

/**
 * Random tensors from {@link RandomState}'s current key: a fixed key gives the same numbers every
 * call; the numbers are not libtorch's (its generator cannot be reproduced), only their
 * distribution is. Explicit {@code generator} arguments must be None.
 *
 * <p>float16 and bfloat16 samples are drawn in float32 and rounded.
 */
public final class Randomness {
  private Randomness() {}

  /**
   * The arguments random factories ignore: generators (the dispatch table refuses any but None;
   * randomness comes from {@link RandomState}) and {@link TensorFactories#PLACEMENT}.
   */
  private static final String GENERATOR_AND_PLACEMENT = "generator " + TensorFactories.PLACEMENT;

  /** The placement arguments of {@code *_like} factories, {@code memory_format} among them. */
  private static final String LIKE_PLACEMENT = TensorFactories.PLACEMENT + " memory_format";

  // ---- uniform and normal ------------------------------------------------------------------

  /** Uniform in {@code [0, 1)} ({@code rand}) or standard normal ({@code randn}). */
  @Implements(
      value = "aten::rand aten::randn aten::rand.generator aten::randn.generator",
      ignores = GENERATOR_AND_PLACEMENT)
  public static Array rand(String overload, long[] size, DType dtype) {
    String op = OverloadNames.operator(overload);
    return sample(op, TensorFactories.checkSize(op, size), TensorFactories.orFloat(dtype));
  }

  /** Uniform in {@code [from, to)}, shaped and typed like {@code self}. */
  @Implements(value = "aten::uniform_ aten::uniform", ignores = "generator")
  public static Array uniformLike(Array self, double from, double to) {
    if (!(from <= to)) {
      throw new IllegalArgumentException(
          "uniform_ expects to return a [from, to) range, but found from=" + from + " > to=" + to);
    }
    return uniform("uniform_", self.shape(), self.dtype(), from, to);
  }

  /** Normal with {@code mean} and {@code std}, shaped and typed like {@code self}. */
  @Implements(value = "aten::normal_", ignores = "generator")
  public static Array normalLike(Array self, double mean, double std) {
    checkStd(std);
    return affine(normal("normal_", self.shape(), self.dtype()), mean, std);
  }

  /** Normal with elementwise {@code mean} and {@code std} (broadcast together). */
  @Implements(value = "aten::normal.Tensor_Tensor", ignores = "generator")
  public static Array normalTensorTensor(Array mean, Array std) {
    DType t = Jnp.resultType(mean, std);
    checkFloat("normal", t);
    long[] shape = Shapes.broadcast("normal", mean.shape(), std.shape());
    Array z = normal("normal", shape, t);
    return Jnp.add(
        Jnp.broadcastTo(ElementwiseOps.convert(mean, t), shape),
        ElementwiseOps.mul(z, Jnp.broadcastTo(ElementwiseOps.convert(std, t), shape)));
  }

  /** Normal with elementwise {@code mean} and one {@code std}. */
  @Implements(value = "aten::normal.Tensor_float", ignores = "generator")
  public static Array normalTensorFloat(Array mean, double std) {
    checkStd(std);
    checkFloat("normal", mean.dtype());
    Array z = normal("normal", mean.shape(), mean.dtype());
    return ElementwiseOps.add(
        mean, ElementwiseOps.mul(z, Constants.full(mean.shape(), std, mean.dtype())));
  }

  /** Normal with one {@code mean} and elementwise {@code std}. */
  @Implements(value = "aten::normal.float_Tensor", ignores = "generator")
  public static Array normalFloatTensor(double mean, Array std) {
    checkFloat("normal", std.dtype());
    Array z = normal("normal", std.shape(), std.dtype());
    return ElementwiseOps.add(
        Constants.full(std.shape(), mean, std.dtype()), ElementwiseOps.mul(z, std));
  }

  /** Normal with {@code mean} and {@code std} in {@code size}. */
  @Implements(value = "aten::normal.float_float", ignores = GENERATOR_AND_PLACEMENT)
  public static Array normalFloatFloat(double mean, double std, long[] size, DType dtype) {
    checkStd(std);
    DType t = TensorFactories.orFloat(dtype);
    return affine(normal("normal", TensorFactories.checkSize("normal", size), t), mean, std);
  }

  /** Exponential with rate {@code lambd}, shaped and typed like {@code self}. */
  @Implements(value = "aten::exponential_", ignores = "generator")
  public static Array exponential(Array self, double lambd) {
    if (!(lambd > 0)) {
      throw new IllegalArgumentException(
          "exponential_ expects lambda > 0.0, but found lambda=" + lambd);
    }
    DType t = self.dtype();
    checkFloat("exponential_", t);
    DType c = compute(t);
    long[] s = self.shape();
    Array u = Random.uniform(RandomState.next("exponential_"), s, c);
    // -log(1 - u) / lambda; 1 - u lies in (0, 1].
    Array e =
        ElementwiseOps.div(
            ElementwiseOps.neg(ElementwiseOps.log1p(ElementwiseOps.neg(u))),
            Constants.full(s, lambd, c));
    return ElementwiseOps.convert(e, t);
  }

  // ---- integers --------------------------------------------------------------------------

  /** Integers uniform in {@code [0, high)}; int64 unless {@code dtype} says otherwise. */
  @Implements(value = "aten::randint aten::randint.generator", ignores = GENERATOR_AND_PLACEMENT)
  public static Array randint(long high, long[] size, DType dtype) {
    return randintLow(0, high, size, dtype);
  }

  /** Integers uniform in {@code [low, high)}. */
  @Implements(
      value = "aten::randint.low aten::randint.low_generator",
      ignores = GENERATOR_AND_PLACEMENT)
  public static Array randintLow(long low, long high, long[] size, DType dtype) {
    return integers(
        "randint",
        low,
        high,
        TensorFactories.checkSize("randint", size),
        dtype != null ? dtype : DType.I64);
  }

  /** Integers uniform in {@code [0, high)} shaped like {@code self}, its dtype by default. */
  @Implements(value = "aten::randint_like", ignores = LIKE_PLACEMENT)
  public static Array randintLike(Array self, long high, DType dtype) {
    return randintLikeLow(self, 0, high, dtype);
  }

  /** Integers uniform in {@code [low, high)} shaped like {@code self}, its dtype by default. */
  @Implements(value = "aten::randint_like.low_dtype", ignores = LIKE_PLACEMENT)
  public static Array randintLikeLow(Array self, long low, long high, DType dtype) {
    return integers("randint_like", low, high, self.shape(), dtype != null ? dtype : self.dtype());
  }

  /** A random permutation of {@code 0..n-1}; int64 unless {@code dtype} says otherwise. */
  @Implements(value = "aten::randperm aten::randperm.generator", ignores = GENERATOR_AND_PLACEMENT)
  public static Array randperm(long n, DType dtype) {
    if (n < 0) {
      throw new IllegalArgumentException("randperm: n must be non-negative, got " + n);
    }
    DType t = dtype != null ? dtype : DType.I64;
    if (n == 0) {
      return Constants.full(new long[] {0}, 0L, t);
    }
    // Sorting 64 random bits per position: ties (which would bias the order) are vanishingly rare.
    Array bits =
        RandomBitsOps.rngBitGenerator(
                RandomState.next("randperm"), new long[] {n}, DType.U64, RngAlgorithm.THREE_FRY)
            .get(1);
    return ElementwiseOps.convert(SortOps.argsort(bits, 0, false), t);
  }

  // ---- bernoulli and dropout ---------------------------------------------------------------

  /** 1 with probability {@code self} (elementwise), else 0, in {@code self}'s dtype. */
  @Implements(value = "aten::bernoulli", ignores = "generator")
  public static Array bernoulli(Array self) {
    checkFloat("bernoulli", self.dtype());
    return bernoulliMask("bernoulli", self.shape(), self, self.dtype());
  }

  /** 1 with probability {@code p}, else 0, shaped and typed like {@code self}. */
  @Implements(value = "aten::bernoulli.p aten::bernoulli_.float", ignores = "generator")
  public static Array bernoulliP(Array self, double p) {
    checkProbability("bernoulli", p);
    Array prob = Constants.scalar(p, DType.F64);
    return bernoulliMask("bernoulli", self.shape(), prob, self.dtype());
  }

  /** 1 with probability {@code p} (broadcast to {@code self}), shaped and typed like self. */
  @Implements(value = "aten::bernoulli.Tensor aten::bernoulli_.Tensor", ignores = "generator")
  public static Array bernoulliTensor(Array self, Array p) {
    return bernoulliMask("bernoulli", self.shape(), Jnp.broadcastTo(p, self.shape()), self.dtype());
  }

  /**
   * Dropout: with {@code train}, each element zeroed with probability {@code p} and the rest scaled
   * by {@code 1/(1-p)}; without, the input.
   */
  @Implements("aten::dropout aten::dropout_")
  public static Array dropout(Array input, double p, boolean train) {
    return nativeDropout(input, p, train).get(0);
  }

  /** Dropout and its keep mask (bool); without {@code train} the input and an all-true mask. */
  @Implements("aten::native_dropout")
  public static List<Array> nativeDropout(Array input, double p, Boolean train) {
    checkProbability("dropout", p);
    long[] s = input.shape();
    if (Boolean.FALSE.equals(train) || p == 0) {
      return List.of(input, Constants.full(s, 1L, DType.BOOL));
    }
    checkFloat("dropout", input.dtype());
    if (p == 1) {
      return List.of(Constants.full(s, 0L, input.dtype()), Constants.full(s, 0L, DType.BOOL));
    }
    Array keep = bernoulliMask("dropout", s, Constants.scalar(1 - p, DType.F64), DType.BOOL);
    Array scaled = ElementwiseOps.mul(input, Constants.full(s, 1 / (1 - p), input.dtype()));
    return List.of(ElementwiseOps.select(keep, scaled, Constants.full(s, 0L, input.dtype())), keep);
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static DType compute(DType t) {
    return t == DType.F64 ? DType.F64 : DType.F32;
  }

  private static void checkFloat(String op, DType t) {
    if (!t.isFloatingPoint()) {
      throw new IllegalArgumentException(
          op + ": expected a floating point dtype, got " + t.torchName());
    }
  }

  private static void checkStd(double std) {
    if (!(std >= 0)) {
      throw new IllegalArgumentException("normal expects std >= 0.0, but found std " + std);
    }
  }

  private static void checkProbability(String op, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(op + " expects p to be in [0, 1], but got p=" + p);
    }
  }

  /** Standard normal samples for the {@code randn} family, uniform in {@code [0, 1)} otherwise. */
  static Array sample(String op, long[] shape, DType t) {
    return op.startsWith("randn") ? normal(op, shape, t) : uniform(op, shape, t, 0, 1);
  }

  private static Array uniform(String op, long[] shape, DType t, double from, double to) {
    checkFloat(op, t);
    DType c = compute(t);
    Array u = Random.uniform(RandomState.next(op), shape, c);
    if (from != 0 || to != 1) {
      u =
          ElementwiseOps.add(
              ElementwiseOps.mul(u, Constants.full(shape, to - from, c)),
              Constants.full(shape, from, c));
    }
    return ElementwiseOps.convert(u, t);
  }

  private static Array normal(String op, long[] shape, DType t) {
    checkFloat(op, t);
    Array z = Random.normal(RandomState.next(op), shape, compute(t));
    return ElementwiseOps.convert(z, t);
  }

  private static Array affine(Array z, double mean, double std) {
    long[] s = z.shape();
    return ElementwiseOps.add(
        ElementwiseOps.mul(z, Constants.full(s, std, z.dtype())),
        Constants.full(s, mean, z.dtype()));
  }

  private static Array integers(String op, long low, long high, long[] shape, DType t) {
    if (low >= high) {
      throw new IllegalArgumentException(
          op + ": expects 'from' to be less than 'to', but got from=" + low + " >= to=" + high);
    }
    if (t == DType.BOOL) {
      throw new IllegalArgumentException(op + ": bool tensors are not supported");
    }
    Array bits =
        RandomBitsOps.rngBitGenerator(
                RandomState.next(op), shape.clone(), DType.U64, RngAlgorithm.THREE_FRY)
            .get(1);
    // 64 random bits modulo the range: the bias is below range / 2^64.
    long range = high - low;
    Array r = ElementwiseOps.rem(bits, Constants.full(shape, range, DType.U64));
    Array v =
        ElementwiseOps.add(
            ElementwiseOps.convert(r, DType.I64), Constants.full(shape, low, DType.I64));
    return ElementwiseOps.convert(v, t);
  }

  /** {@code uniform < p} in {@code dtype} (1/0, or true/false). */
  private static Array bernoulliMask(String op, long[] shape, Array p, DType dtype) {
    DType c = p.dtype() == DType.F64 ? DType.F64 : DType.F32;
    Array u = Random.uniform(RandomState.next(op), shape, c);
    Array prob =
        p.ndim() == 0
            ? ShapeOps.broadcastInDim(ElementwiseOps.convert(p, c), shape.clone(), new long[0])
            : ElementwiseOps.convert(p, c);
    Array hit = ElementwiseOps.compare(ComparisonDirection.LT, u, prob);
    return ElementwiseOps.convert(hit, dtype);
  }
}
