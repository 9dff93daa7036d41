package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.core.Promotion;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;

/**
 * Tensor creation (ATen's TensorFactories): ranges, constant fills ({@code zeros}, {@code ones},
 * {@code full}, {@code fill}, {@code zero}), {@code *_like} and {@code new_*} forms, identity
 * matrices and {@code torch.tensor} of a Python number. {@code layout}, {@code device} and {@code
 * pin_memory} ({@link #PLACEMENT}) are checked and ignored (arrays live on the PJRT device), as are
 * strides and memory formats, which values do not have. {@code empty*} tensors are filled with
 * zeros: libtorch leaves them uninitialized, so any content is correct, and zeros are
 * deterministic.
 *
 * <p>Default dtypes follow libtorch: float32 for {@code zeros}/{@code ones}/{@code empty}/{@code
 * eye}/{@code linspace}/{@code scalar_tensor} and {@code torch.tensor} of a float; {@code full} and
 * {@code arange} infer it from the Scalars (a Java {@code Double} or {@code Float} is a Python
 * float and gives float32; other numbers give int64); {@code torch.tensor} of an int gives int64,
 * of a bool bool; {@code *_like} and {@code new_*} take the input's dtype.
 */
public final class TensorFactories {
  private TensorFactories() {}

  /** The placement arguments factories take, for {@code @Implements(ignores = ...)}. */
  static final String PLACEMENT = "layout device pin_memory";

  /** {@link #PLACEMENT} and the memory format of the {@code *_like} factories. */
  private static final String LIKE_PLACEMENT = PLACEMENT + " memory_format";

  // ---- ranges ------------------------------------------------------------------------------

  /** {@code [0, end)} in steps of 1. */
  @Implements(value = "aten::arange", ignores = PLACEMENT)
  public static Array arange(Number end, DType dtype) {
    return arange(0L, end, 1L, dtype);
  }

  /** {@code [start, end)} in steps of 1. */
  @Implements(value = "aten::arange.start", ignores = PLACEMENT)
  public static Array arange(Number start, Number end, DType dtype) {
    return arange(start, end, 1L, dtype);
  }

  private static boolean isFloat(Number n) {
    return n instanceof Double || n instanceof Float;
  }

  /** {@code start, start + step, ...} up to but excluding {@code end}. */
  @Implements(value = "aten::arange.start_step", ignores = PLACEMENT)
  public static Array arange(Number start, Number end, Number step, DType dtype) {
    DType t =
        dtype != null
            ? dtype
            : isFloat(start) || isFloat(end) || isFloat(step) ? Promotion.DEFAULT_FLOAT : DType.I64;
    if (t == DType.BOOL) {
      throw new IllegalArgumentException("arange: \"arange_cpu\" not implemented for 'Bool'");
    }
    boolean integral = !t.isFloatingPoint();
    // libtorch converts the Scalars to the accumulate type (int64 for integers, double else).
    double s = integral ? (double) start.longValue() : start.doubleValue();
    double e = integral ? (double) end.longValue() : end.doubleValue();
    double st = integral ? (double) step.longValue() : step.doubleValue();
    if (st == 0) {
      throw new IllegalArgumentException("arange: step must be nonzero");
    }
    if (!Double.isFinite(start.doubleValue()) || !Double.isFinite(end.doubleValue())) {
      throw new IllegalArgumentException("arange: unsupported range: " + start + " -> " + end);
    }
    if ((st > 0 && e < s) || (st < 0 && e > s)) {
      throw new IllegalArgumentException(
          "arange: upper bound and larger bound inconsistent with step sign");
    }
    // The length: integer arithmetic for int64, the Scalars as doubles for every other dtype.
    long n =
        t == DType.I64
            ? Math.ceilDiv(end.longValue() - start.longValue(), step.longValue())
            : (long) Math.ceil((end.doubleValue() - start.doubleValue()) / step.doubleValue());
    long[] shape = {n};
    if (integral) {
      Array i = Constants.iota(DType.I64, shape, 0);
      Array v =
          ElementwiseOps.add(
              ElementwiseOps.mul(i, Constants.full(shape, step.longValue(), DType.I64)),
              Constants.full(shape, start.longValue(), DType.I64));
      return ElementwiseOps.convert(v, t);
    }
    // Computed in float64 like libtorch's accumulate type, then rounded once.
    Array i = Constants.iota(DType.F64, shape, 0);
    Array v =
        ElementwiseOps.add(
            ElementwiseOps.mul(i, Constants.full(shape, st, DType.F64)),
            Constants.full(shape, s, DType.F64));
    return ElementwiseOps.convert(v, t);
  }

  /**
   * {@code steps} evenly spaced values from {@code start} to {@code end}, computed as libtorch does
   * (from the start for the first half, from the end for the second).
   */
  @Implements(value = "aten::linspace", ignores = PLACEMENT)
  public static Array linspace(Number start, Number end, long steps, DType dtype) {
    if (steps < 0) {
      throw new IllegalArgumentException("linspace: number of steps must be non-negative");
    }
    DType t = dtype != null ? dtype : Promotion.DEFAULT_FLOAT;
    long[] shape = {steps};
    if (steps == 0) {
      return Constants.full(shape, 0L, t);
    }
    if (steps == 1) {
      return Constants.full(shape, start, t);
    }
    // libtorch steps in the output type for floats, in double for integers.
    DType c = t.isFloatingPoint() ? t : DType.F64;
    double a = start.doubleValue();
    double b = end.doubleValue();
    Array step;
    if (c == DType.F32) {
      step = Constants.scalar((double) (((float) b - (float) a) / (float) (steps - 1)), c);
    } else {
      step =
          ElementwiseOps.div(
              ElementwiseOps.sub(Constants.scalar(b, c), Constants.scalar(a, c)),
              Constants.scalar((double) (steps - 1), c));
    }
    Array stepFull = ShapeOps.broadcastInDim(step, shape, new long[0]);
    Array i = Constants.iota(c, shape, 0);
    Array fromStart =
        ElementwiseOps.add(Constants.full(shape, a, c), ElementwiseOps.mul(stepFull, i));
    Array back = ElementwiseOps.sub(Constants.full(shape, (double) (steps - 1), c), i);
    Array fromEnd =
        ElementwiseOps.sub(Constants.full(shape, b, c), ElementwiseOps.mul(stepFull, back));
    Array first =
        ElementwiseOps.compare(
            ComparisonDirection.LT,
            Constants.iota(DType.I64, shape, 0),
            Constants.full(shape, steps / 2, DType.I64));
    return ElementwiseOps.convert(ElementwiseOps.select(first, fromStart, fromEnd), t);
  }

  // ---- fills ---------------------------------------------------------------------------------

  /**
   * Zeros or ones of {@code size}; {@code empty} tensors, uninitialized in libtorch, are zeros
   * here, and their strides and memory format are ignored.
   */
  @Implements(
      value = "aten::zeros aten::ones aten::empty.memory_format aten::empty_strided",
      ignores = "stride memory_format " + PLACEMENT)
  public static Array zeros(String overload, long[] size, DType dtype) {
    return Constants.full(
        checkSize(OverloadNames.operator(overload), size), fillOf(overload), orFloat(dtype));
  }

  /** {@code fill_value} everywhere; the dtype defaults to the Scalar's. */
  @Implements(value = "aten::full", ignores = PLACEMENT)
  public static Array full(long[] size, Number fillValue, DType dtype) {
    DType t = dtype != null ? dtype : new Promotion.ResultType().scalar(fillValue).result();
    return Constants.full(checkSize("full", size), fillValue, t);
  }

  /**
   * The {@code _like} factories: zeros, ones, uninitialized (zeros here), uniform ({@code
   * rand_like}) or standard normal ({@code randn_like}) samples shaped like {@code self}, in its
   * dtype unless {@code dtype} is given.
   */
  @Implements(
      value =
          "aten::zeros_like aten::ones_like aten::empty_like aten::rand_like aten::randn_like"
              + " aten::rand_like.generator aten::randn_like.generator",
      ignores = "generator " + LIKE_PLACEMENT)
  public static Array like(String overload, Array self, DType dtype) {
    String op = OverloadNames.operator(overload);
    DType t = dtype != null ? dtype : self.dtype();
    return op.startsWith("rand")
        ? Randomness.sample(op, self.shape(), t)
        : Constants.full(self.shape(), fillOf(overload), t);
  }

  /** {@code fill_value} shaped like {@code self}. */
  @Implements(value = "aten::full_like", ignores = LIKE_PLACEMENT)
  public static Array fullLike(Array self, Number fillValue, DType dtype) {
    return Constants.full(self.shape(), fillValue, dtype != null ? dtype : self.dtype());
  }

  /**
   * Zeros or ones of {@code size}, {@code self}'s dtype by default (libtorch leaves {@code
   * new_empty} uninitialized).
   */
  @Implements(
      value = "aten::new_zeros aten::new_ones aten::new_empty aten::new_empty_strided",
      ignores = "stride " + PLACEMENT)
  public static Array newZeros(String overload, Array self, long[] size, DType dtype) {
    return Constants.full(
        checkSize(OverloadNames.operator(overload), size),
        fillOf(overload),
        dtype != null ? dtype : self.dtype());
  }

  /** {@code fill_value} in {@code size}, {@code self}'s dtype by default. */
  @Implements(value = "aten::new_full", ignores = PLACEMENT)
  public static Array newFull(Array self, long[] size, Number fillValue, DType dtype) {
    return Constants.full(
        checkSize("new_full", size), fillValue, dtype != null ? dtype : self.dtype());
  }

  /** A 0-d tensor holding {@code s}; float32 unless {@code dtype} says otherwise. */
  @Implements(value = "aten::scalar_tensor", ignores = PLACEMENT)
  public static Array scalarTensor(Number s, DType dtype) {
    return Constants.scalar(s, orFloat(dtype));
  }

  /** {@code self}'s shape and dtype, every element {@code value}. */
  @Implements("aten::fill.Scalar aten::fill_.Scalar")
  public static Array fill(Array self, Number value) {
    return Constants.full(self.shape(), value, self.dtype());
  }

  /** {@code self}'s shape and dtype, every element the 0-d tensor {@code value}. */
  @Implements("aten::fill.Tensor aten::fill_.Tensor")
  public static Array fillTensor(Array self, Array value) {
    if (value.ndim() != 0) {
      throw new IllegalArgumentException(
          "fill_ only supports 0-dimension value tensor but got tensor with "
              + value.ndim()
              + " dimensions.");
    }
    return ShapeOps.broadcastInDim(
        ElementwiseOps.convert(value, self.dtype()), self.shape(), new long[0]);
  }

  /** Zeros like {@code self}. */
  @Implements("aten::zero aten::zero_")
  public static Array zero(Array self) {
    return Constants.full(self.shape(), 0L, self.dtype());
  }

  /** The {@code n x n} identity matrix. */
  @Implements(value = "aten::eye", ignores = PLACEMENT)
  public static Array eye(long n, DType dtype) {
    return eye(n, n, dtype);
  }

  /** The {@code n x m} matrix with ones on its diagonal. */
  @Implements(value = "aten::eye.m", ignores = PLACEMENT)
  public static Array eye(long n, long m, DType dtype) {
    if (n < 0 || m < 0) {
      throw new IllegalArgumentException(
          "eye: n and m must be greater or equal to 0, got " + n + ", " + m);
    }
    long[] shape = {n, m};
    Array diag =
        ElementwiseOps.compare(
            ComparisonDirection.EQ,
            Constants.iota(DType.I64, shape, 0),
            Constants.iota(DType.I64, shape, 1));
    return ElementwiseOps.convert(diag, orFloat(dtype));
  }

  static DType orFloat(DType dtype) {
    return dtype != null ? dtype : Promotion.DEFAULT_FLOAT;
  }

  static long[] checkSize(String op, long[] size) {
    for (long s : size) {
      if (s < 0) {
        throw new IllegalArgumentException(
            op
                + ": Trying to create tensor with negative dimension "
                + s
                + ": "
                + Arrays.toString(size));
      }
    }
    Shapes.size(size);
    return size;
  }

  /**
   * {@code torch.tensor(2.5)}: a 0-d float32 tensor unless a dtype is given. {@code requires_grad}
   * is ignored: gradients come from transforming functions, not from marking tensors.
   */
  @Implements(value = "aten::tensor.float", ignores = "device requires_grad")
  public static Array tensorFloat(double t, DType dtype) {
    return DeviceArray.scalar(t, dtype == null ? Promotion.DEFAULT_FLOAT : dtype);
  }

  /** {@code torch.tensor(3)}: a 0-d int64 tensor unless a dtype is given. */
  @Implements(value = "aten::tensor.int", ignores = "device requires_grad")
  public static Array tensorInt(long t, DType dtype) {
    return DeviceArray.scalar(t, dtype == null ? DType.I64 : dtype);
  }

  /** {@code torch.tensor(True)}: a 0-d bool tensor unless a dtype is given. */
  @Implements(value = "aten::tensor.bool", ignores = "device requires_grad")
  public static Array tensorBool(boolean t, DType dtype) {
    // Array.of reads an empty shape as "1-D of the data's length": build the 0-d array directly.
    return DeviceArray.scalar(t ? 1L : 0L, dtype == null ? DType.BOOL : dtype);
  }

  /** 1 for the {@code ones} family, 0 for {@code zeros} and {@code empty} (zeros here). */
  private static long fillOf(String overload) {
    return OverloadNames.operator(overload).contains("ones") ? 1L : 0L;
  }
}
