package dev.torch2jax;

import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.core.Promotion;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.lax.CumulativeOps;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.LinalgOps;
import dev.torch2jax.lax.ReductionOps;
import dev.torch2jax.lax.ShapeOps;
import dev.torch2jax.lax.SortOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/**
 * The array API for JAX-style code, with PyTorch's semantics: broadcasting as in NumPy, dtype
 * promotion as {@code torch.result_type}, integer true division giving float32.
 *
 * <p>Each op runs on the device; the first call with new shapes and dtypes compiles it, later calls
 * reuse the compiled program. Shape and dtype mistakes throw {@link IllegalArgumentException}
 * naming the op and the shapes involved.
 */
public final class Jnp {
  private Jnp() {}

  /** {@code a + b}, broadcast and promoted. */
  public static Array add(Array a, Array b) {
    return binary("add", ElementwiseOps::add, a, b);
  }

  /** {@code a - b}, broadcast and promoted; bool operands are rejected as in PyTorch. */
  public static Array subtract(Array a, Array b) {
    if (a.dtype() == DType.BOOL || b.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(
          "subtract: PyTorch does not subtract bool arrays ("
              + a.dtype().torchName()
              + " - "
              + b.dtype().torchName()
              + "); to invert a mask use logical not");
    }
    return binary("subtract", ElementwiseOps::sub, a, b);
  }

  /** {@code a * b}, broadcast and promoted. */
  public static Array multiply(Array a, Array b) {
    return binary("multiply", ElementwiseOps::mul, a, b);
  }

  /**
   * True division {@code a / b}: integer and bool operands give float32, like {@code torch.div}.
   */
  public static Array divide(Array a, Array b) {
    DType t = resultType(a, b);
    if (!t.isInexact()) {
      t = Promotion.DEFAULT_FLOAT;
    }
    return elementwise("divide", ElementwiseOps::div, t, a, b);
  }

  /** The larger of each pair; NaN wins, as in {@code torch.maximum}. */
  public static Array maximum(Array a, Array b) {
    return binary("maximum", ElementwiseOps::max, a, b);
  }

  /** {@code -a}; bool arrays are rejected as in PyTorch. */
  public static Array negative(Array a) {
    if (a.dtype() == DType.BOOL) {
      throw new IllegalArgumentException(
          "negative: PyTorch does not negate bool arrays; use logical not instead");
    }
    return ElementwiseOps.neg(a);
  }

  /** {@code e^a}; integer and bool arrays give float32. */
  public static Array exp(Array a) {
    return floatUnary(ElementwiseOps::exp, a);
  }

  /** Natural logarithm; integer and bool arrays give float32. */
  public static Array log(Array a) {
    return floatUnary(ElementwiseOps::log, a);
  }

  /** Hyperbolic tangent; integer and bool arrays give float32. */
  public static Array tanh(Array a) {
    return floatUnary(ElementwiseOps::tanh, a);
  }

  /**
   * Matrix product with {@code torch.matmul}'s rules: 1-D operands are vectors, leading dimensions
   * broadcast as batch dimensions. Both operands must have the same dtype, as in PyTorch.
   */
  public static Array matmul(Array a, Array b) {
    long[] sa = a.shape();
    long[] sb = b.shape();
    if (a.dtype() != b.dtype()) {
      throw new IllegalArgumentException(
          "matmul: operands must have the same dtype, got "
              + a.dtype().torchName()
              + Arrays.toString(sa)
              + " and "
              + b.dtype().torchName()
              + Arrays.toString(sb));
    }
    if (a.dtype() == DType.BOOL) {
      throw new IllegalArgumentException("matmul: PyTorch does not multiply bool matrices");
    }
    if (sa.length == 0 || sb.length == 0) {
      throw new IllegalArgumentException(
          "matmul: both operands need at least one dimension, got shapes "
              + Arrays.toString(sa)
              + " and "
              + Arrays.toString(sb));
    }
    int ka = sa.length - 1;
    int kb = sb.length == 1 ? 0 : sb.length - 2;
    if (sa[ka] != sb[kb]) {
      throw new IllegalArgumentException(
          "matmul: shapes "
              + Arrays.toString(sa)
              + " and "
              + Arrays.toString(sb)
              + " cannot be multiplied ("
              + sa[ka]
              + " vs "
              + sb[kb]
              + ")");
    }
    if (sa.length == 1 || sb.length <= 2) {
      // A vector, or a matrix on the right, needs no batch dimensions: the left operand's leading
      // axes stay free (broadcasting the matrix into a batch would copy it per batch element).
      long[] none = {};
      return LinalgOps.dotGeneral(a, b, new long[] {ka}, new long[] {kb}, none, none);
    }
    long[] batch =
        Shapes.broadcast(
            "matmul", Arrays.copyOf(sa, sa.length - 2), Arrays.copyOf(sb, sb.length - 2));
    int nb = batch.length;
    Array ba = broadcastTo(a, concat(batch, sa[sa.length - 2], sa[sa.length - 1]));
    Array bb = broadcastTo(b, concat(batch, sb[sb.length - 2], sb[sb.length - 1]));
    long[] batchDims = new long[nb];
    Arrays.setAll(batchDims, i -> i);
    return LinalgOps.dotGeneral(ba, bb, new long[] {nb + 1}, new long[] {nb}, batchDims, batchDims);
  }

  /**
   * The sum of all elements, as a 0-d array. Integer and bool arrays sum to int64, as in PyTorch.
   */
  public static Array sum(Array a) {
    long[] axes = new long[a.ndim()];
    Arrays.setAll(axes, i -> i);
    return sumAxes(a, axes, false);
  }

  /** The sum over {@code axis} (negative counts from the end), which disappears from the shape. */
  public static Array sum(Array a, int axis) {
    return sum(a, axis, false);
  }

  /** The sum over {@code axis}; with {@code keepdims} the axis stays with size 1. */
  public static Array sum(Array a, int axis, boolean keepdims) {
    return sumAxes(a, new long[] {Shapes.axis("sum", axis, a.ndim())}, keepdims);
  }

  /** The same elements in a new shape; one dimension may be -1 and is then inferred. */
  public static Array reshape(Array a, long... shape) {
    long size = a.size();
    long known = 1;
    int inferred = -1;
    for (int i = 0; i < shape.length; i++) {
      if (shape[i] == -1 && inferred < 0) {
        inferred = i;
      } else if (shape[i] < 0) {
        throw new IllegalArgumentException(
            "reshape: invalid target shape " + Arrays.toString(shape) + " (one -1 at most)");
      } else {
        known *= shape[i];
      }
    }
    long[] target = shape.clone();
    if (inferred >= 0) {
      if (known == 0 || size % known != 0) {
        throw new IllegalArgumentException(
            "reshape: cannot reshape "
                + Arrays.toString(a.shape())
                + " into "
                + Arrays.toString(shape));
      }
      target[inferred] = size / known;
    }
    if (Shapes.size(target) != size) {
      throw new IllegalArgumentException(
          "reshape: cannot reshape "
              + Arrays.toString(a.shape())
              + " ("
              + size
              + " elements) into "
              + Arrays.toString(shape));
    }
    return ShapeOps.reshape(a, target);
  }

  /** Reverses the axes (a matrix transpose for 2-D arrays). */
  public static Array transpose(Array a) {
    long[] perm = new long[a.ndim()];
    Arrays.setAll(perm, i -> perm.length - 1 - i);
    return ShapeOps.transpose(a, perm);
  }

  /** Permutes the axes: result axis i is axis {@code axes[i]} of {@code a} (negatives allowed). */
  public static Array transpose(Array a, long... axes) {
    int rank = a.ndim();
    if (axes.length != rank) {
      throw new IllegalArgumentException(
          "transpose: axes "
              + Arrays.toString(axes)
              + " do not match an array of shape "
              + Arrays.toString(a.shape()));
    }
    long[] perm = new long[rank];
    boolean[] seen = new boolean[rank];
    for (int i = 0; i < rank; i++) {
      int ax = Shapes.axis("transpose", axes[i], rank);
      if (seen[ax]) {
        throw new IllegalArgumentException(
            "transpose: axes " + Arrays.toString(axes) + " repeat axis " + ax);
      }
      seen[ax] = true;
      perm[i] = ax;
    }
    return ShapeOps.transpose(a, perm);
  }

  /**
   * Broadcasts {@code a} to {@code shape} by NumPy's rule (new axes in front, size-1 stretched).
   */
  public static Array broadcastTo(Array a, long... shape) {
    long[] s = a.shape();
    if (Arrays.equals(s, shape)) {
      return a;
    }
    int offset = shape.length - s.length;
    if (offset < 0) {
      throw new IllegalArgumentException(
          "broadcastTo: cannot broadcast shape "
              + Arrays.toString(s)
              + " to "
              + Arrays.toString(shape));
    }
    long[] dims = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      if (s[i] != 1 && s[i] != shape[i + offset]) {
        throw new IllegalArgumentException(
            "broadcastTo: cannot broadcast shape "
                + Arrays.toString(s)
                + " to "
                + Arrays.toString(shape));
      }
      dims[i] = i + offset;
    }
    return ShapeOps.broadcastInDim(a, shape.clone(), dims);
  }

  /** {@code a} itself, but a constant for {@code grad} (like {@code tensor.detach()}). */
  public static Array stopGradient(Array a) {
    return dev.torch2jax.lax.IdentityOps.stopGradient(a);
  }

  /** {@code x * x}. */
  public static Array square(Array x) {
    return multiply(x, x);
  }

  /** Where {@code condition} holds {@code x}, else {@code y}; all three broadcast together. */
  public static Array where(Array condition, Array x, Array y) {
    if (condition.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(
          "where: the condition must be bool, got " + condition.dtype().torchName());
    }
    DType t = resultType(x, y);
    long[] shape =
        Shapes.broadcast(
            "where", Shapes.broadcast("where", condition.shape(), x.shape()), y.shape());
    return ElementwiseOps.select(
        broadcastTo(condition, shape),
        broadcastTo(ElementwiseOps.convert(x, t), shape),
        broadcastTo(ElementwiseOps.convert(y, t), shape));
  }

  /** The mean of all elements (integers give float32, as {@code torch.mean} requires floats). */
  public static Array mean(Array a) {
    return divide(sum(floating(a)), scalarOf(a.size(), floating(a).dtype()));
  }

  /** The mean over {@code axis}; with {@code keepdims} the axis stays with size 1. */
  public static Array mean(Array a, int axis, boolean keepdims) {
    Array f = floating(a);
    long n = a.shape()[Shapes.axis("mean", axis, a.ndim())];
    return divide(sum(f, axis, keepdims), scalarOf(n, f.dtype()));
  }

  /** An array of {@code shape} and {@code dtype} filled with {@code value}. */
  public static Array full(long[] shape, double value, DType dtype) {
    return ShapeOps.broadcastInDim(scalarOf(value, dtype), shape.clone(), new long[0]);
  }

  /** Zeros of {@code shape} and {@code dtype}. */
  public static Array zeros(long[] shape, DType dtype) {
    return full(shape, 0, dtype);
  }

  /** Ones of {@code shape} and {@code dtype}. */
  public static Array ones(long[] shape, DType dtype) {
    return full(shape, 1, dtype);
  }

  /** An array shaped and typed like {@code a}, filled with {@code value}. */
  public static Array fullLike(Array a, double value) {
    return full(a.shape(), value, a.dtype());
  }

  /** Zeros shaped and typed like {@code a}. */
  public static Array zerosLike(Array a) {
    return fullLike(a, 0);
  }

  /** Ones shaped and typed like {@code a}. */
  public static Array onesLike(Array a) {
    return fullLike(a, 1);
  }

  /** {@code a == b} elementwise (broadcast, compared in the promoted dtype). */
  public static Array equal(Array a, Array b) {
    return comparison("equal", ComparisonDirection.EQ, a, b);
  }

  /** {@code a != b} elementwise. */
  public static Array notEqual(Array a, Array b) {
    return comparison("notEqual", ComparisonDirection.NE, a, b);
  }

  /** {@code a < b} elementwise. */
  public static Array less(Array a, Array b) {
    return comparison("less", ComparisonDirection.LT, a, b);
  }

  /** {@code a <= b} elementwise. */
  public static Array lessEqual(Array a, Array b) {
    return comparison("lessEqual", ComparisonDirection.LE, a, b);
  }

  /** {@code a > b} elementwise. */
  public static Array greater(Array a, Array b) {
    return comparison("greater", ComparisonDirection.GT, a, b);
  }

  /** {@code a >= b} elementwise. */
  public static Array greaterEqual(Array a, Array b) {
    return comparison("greaterEqual", ComparisonDirection.GE, a, b);
  }

  /** A 0-d array of {@code dtype} holding {@code value}. */
  public static Array scalarOf(double value, DType dtype) {
    return DeviceArray.scalar(dtype.isInexact() ? (Number) value : (Number) (long) value, dtype);
  }

  private static Array comparison(String name, ComparisonDirection d, Array a, Array b) {
    DType t = resultType(a, b);
    long[] shape = Shapes.broadcast(name, a.shape(), b.shape());
    return ElementwiseOps.compare(
        d,
        broadcastTo(ElementwiseOps.convert(a, t), shape),
        broadcastTo(ElementwiseOps.convert(b, t), shape));
  }

  private static Array floating(Array a) {
    return a.dtype().isInexact() ? a : ElementwiseOps.convert(a, Promotion.DEFAULT_FLOAT);
  }

  /**
   * Joins arrays along {@code axis} (negative counts from the end); dtypes are promoted, the other
   * dimensions must agree.
   */
  public static Array concatenate(List<Array> arrays, int axis) {
    if (arrays.isEmpty()) {
      throw new IllegalArgumentException("concatenate: needs at least one array");
    }
    Promotion.ResultType rt = new Promotion.ResultType();
    arrays.forEach(a -> rt.tensor(a.dtype(), a.ndim()));
    DType t = rt.result();
    int rank = arrays.getFirst().ndim();
    int ax = Shapes.axis("concatenate", axis, rank);
    List<Array> converted = new ArrayList<>();
    for (Array a : arrays) {
      long[] s = a.shape();
      long[] f = arrays.getFirst().shape();
      s[Math.min(ax, s.length - 1)] = 0;
      f[ax] = 0;
      if (a.ndim() != rank || !Arrays.equals(s, f)) {
        throw new IllegalArgumentException(
            "concatenate: shapes "
                + Arrays.toString(arrays.getFirst().shape())
                + " and "
                + Arrays.toString(a.shape())
                + " differ outside axis "
                + axis);
      }
      converted.add(ElementwiseOps.convert(a, t));
    }
    return ShapeOps.concatenate(converted, ax);
  }

  /** Stacks arrays of one shape along a new axis {@code axis}. */
  public static Array stack(List<Array> arrays, int axis) {
    if (arrays.isEmpty()) {
      throw new IllegalArgumentException("stack: needs at least one array");
    }
    long[] first = arrays.getFirst().shape();
    int ax = Shapes.axis("stack", axis, first.length + 1);
    List<Array> expanded = new ArrayList<>();
    for (Array a : arrays) {
      if (!Arrays.equals(a.shape(), first)) {
        throw new IllegalArgumentException(
            "stack: shapes "
                + Arrays.toString(first)
                + " and "
                + Arrays.toString(a.shape())
                + " differ");
      }
      expanded.add(ShapeOps.expandDims(a, new long[] {ax}));
    }
    return concatenate(expanded, ax);
  }

  /** {@code [0, 1, ..., n-1]} as int64, like {@code torch.arange(n)}. */
  public static Array arange(long n) {
    return arange(0, n, 1);
  }

  /** {@code start, start+step, ...} below {@code stop} (above, for a negative step), as int64. */
  public static Array arange(long start, long stop, long step) {
    if (step == 0) {
      throw new IllegalArgumentException("arange: step must be non-zero");
    }
    long n = Math.max(0, Math.ceilDiv(stop - start, step));
    Array i = ShapeOps.iota(DType.I64, new long[] {n}, 0);
    return ElementwiseOps.add(
        ElementwiseOps.mul(i, full(new long[] {n}, step, DType.I64)),
        full(new long[] {n}, start, DType.I64));
  }

  /**
   * {@code a[indices...]}: single positions drop their axis, slices keep it; axes beyond the given
   * indices are taken whole.
   */
  public static Array get(Array a, Index... indices) {
    long[] shape = a.shape();
    if (indices.length > shape.length) {
      throw new IllegalArgumentException(
          "get: " + indices.length + " indices for an array of shape " + Arrays.toString(shape));
    }
    long[] start = new long[shape.length];
    long[] limit = shape.clone();
    long[] strides = new long[shape.length];
    Arrays.fill(strides, 1);
    List<Long> dropped = new ArrayList<>();
    for (int axis = 0; axis < indices.length; axis++) {
      Index ix = indices[axis];
      if (ix.isSingle()) {
        long p = ix.position(shape[axis], axis);
        start[axis] = p;
        limit[axis] = p + 1;
        dropped.add((long) axis);
      } else {
        long[] b = ix.bounds(shape[axis]);
        start[axis] = b[0];
        limit[axis] = b[1];
        strides[axis] = ix.step();
      }
    }
    Array sliced = ShapeOps.slice(a, start, limit, strides);
    return dropped.isEmpty()
        ? sliced
        : ShapeOps.squeeze(sliced, dropped.stream().mapToLong(Long::longValue).toArray());
  }

  /** {@code e^x - 1}, accurate near 0; integer and bool arrays give float32. */
  public static Array expm1(Array a) {
    return floatUnary(ElementwiseOps::expm1, a);
  }

  /** {@code log(1 + x)}, accurate near 0; integer and bool arrays give float32. */
  public static Array log1p(Array a) {
    return floatUnary(ElementwiseOps::log1p, a);
  }

  /** Square root; integer and bool arrays give float32. */
  public static Array sqrt(Array a) {
    return floatUnary(ElementwiseOps::sqrt, a);
  }

  /** {@code 1 / sqrt(x)}; integer and bool arrays give float32. */
  public static Array rsqrt(Array a) {
    return floatUnary(ElementwiseOps::rsqrt, a);
  }

  /** The logistic function {@code 1 / (1 + e^-x)}; integer and bool arrays give float32. */
  public static Array sigmoid(Array a) {
    return floatUnary(ElementwiseOps::logistic, a);
  }

  /** Sine; integer and bool arrays give float32. */
  public static Array sin(Array a) {
    return floatUnary(ElementwiseOps::sin, a);
  }

  /** Cosine; integer and bool arrays give float32. */
  public static Array cos(Array a) {
    return floatUnary(ElementwiseOps::cos, a);
  }

  /** Tangent; integer and bool arrays give float32. */
  public static Array tan(Array a) {
    return floatUnary(ElementwiseOps::tan, a);
  }

  /** Inverse sine; integer and bool arrays give float32. */
  public static Array arcsin(Array a) {
    return floatUnary(ElementwiseOps::asin, a);
  }

  /** Inverse cosine; integer and bool arrays give float32. */
  public static Array arccos(Array a) {
    return floatUnary(ElementwiseOps::acos, a);
  }

  /** Inverse tangent; integer and bool arrays give float32. */
  public static Array arctan(Array a) {
    return floatUnary(ElementwiseOps::atan, a);
  }

  /** Hyperbolic sine; integer and bool arrays give float32. */
  public static Array sinh(Array a) {
    return floatUnary(ElementwiseOps::sinh, a);
  }

  /** Hyperbolic cosine; integer and bool arrays give float32. */
  public static Array cosh(Array a) {
    return floatUnary(ElementwiseOps::cosh, a);
  }

  /** Inverse hyperbolic sine; integer and bool arrays give float32. */
  public static Array arcsinh(Array a) {
    return floatUnary(ElementwiseOps::asinh, a);
  }

  /** Inverse hyperbolic cosine; integer and bool arrays give float32. */
  public static Array arccosh(Array a) {
    return floatUnary(ElementwiseOps::acosh, a);
  }

  /** Inverse hyperbolic tangent; integer and bool arrays give float32. */
  public static Array arctanh(Array a) {
    return floatUnary(ElementwiseOps::atanh, a);
  }

  /** The error function; integer and bool arrays give float32. */
  public static Array erf(Array a) {
    return floatUnary(ElementwiseOps::erf, a);
  }

  /** The inverse error function; integer and bool arrays give float32. */
  public static Array erfinv(Array a) {
    return floatUnary(ElementwiseOps::erfInv, a);
  }

  /** Absolute value (bool arrays are rejected, as in PyTorch). */
  public static Array abs(Array a) {
    if (a.dtype() == DType.BOOL) {
      throw new IllegalArgumentException("abs: PyTorch does not take abs of bool arrays");
    }
    return ElementwiseOps.abs(a);
  }

  /** -1, 0 or 1 by sign (NaN stays NaN). */
  public static Array sign(Array a) {
    return a.dtype() == DType.BOOL ? a : ElementwiseOps.sign(a);
  }

  /** Rounds down; integer arrays are returned unchanged. */
  public static Array floor(Array a) {
    return a.dtype().isFloatingPoint() ? ElementwiseOps.floor(a) : a;
  }

  /** Rounds up; integer arrays are returned unchanged. */
  public static Array ceil(Array a) {
    return a.dtype().isFloatingPoint() ? ElementwiseOps.ceil(a) : a;
  }

  /** Rounds half to even, like {@code torch.round}; integer arrays are returned unchanged. */
  public static Array round(Array a) {
    return a.dtype().isFloatingPoint()
        ? ElementwiseOps.round(a, ElementwiseOps.RoundingMethod.TO_NEAREST_EVEN)
        : a;
  }

  /** True where finite (always true for integers). */
  public static Array isfinite(Array a) {
    return a.dtype().isFloatingPoint()
        ? ElementwiseOps.isFinite(a)
        : full(a.shape(), 1, DType.BOOL);
  }

  /** Logical not: true where {@code a} is zero or false. */
  public static Array logicalNot(Array a) {
    return a.dtype() == DType.BOOL ? ElementwiseOps.not(a) : equal(a, zerosLike(a));
  }

  /** The smaller of each pair; NaN wins, as in {@code torch.minimum}. */
  public static Array minimum(Array a, Array b) {
    return binary("minimum", ElementwiseOps::min, a, b);
  }

  /** {@code a ** b}, broadcast and promoted. */
  public static Array power(Array a, Array b) {
    return binary("power", ElementwiseOps::pow, a, b);
  }

  /** The angle of {@code (b, a)}: {@code atan2(a, b)}; integers give float32. */
  public static Array arctan2(Array a, Array b) {
    DType t = resultType(a, b);
    return elementwise(
        "arctan2", ElementwiseOps::atan2, t.isFloatingPoint() ? t : Promotion.DEFAULT_FLOAT, a, b);
  }

  /** C's remainder ({@code torch.fmod}): the sign follows the dividend. */
  public static Array fmod(Array a, Array b) {
    return binary("fmod", ElementwiseOps::rem, a, b);
  }

  /** Python's remainder ({@code torch.remainder}): the sign follows the divisor. */
  public static Array remainder(Array a, Array b) {
    DType t = resultType(a, b);
    long[] shape = Shapes.broadcast("remainder", a.shape(), b.shape());
    Array x = broadcastTo(ElementwiseOps.convert(a, t), shape);
    Array y = broadcastTo(ElementwiseOps.convert(b, t), shape);
    Array r = ElementwiseOps.rem(x, y);
    Array zero = zerosLike(r);
    Array fix =
        ElementwiseOps.and(
            ElementwiseOps.compare(ComparisonDirection.NE, r, zero),
            ElementwiseOps.compare(
                ComparisonDirection.NE,
                ElementwiseOps.compare(ComparisonDirection.LT, r, zero),
                ElementwiseOps.compare(ComparisonDirection.LT, y, zero)));
    return ElementwiseOps.select(fix, ElementwiseOps.add(r, y), r);
  }

  /** Bitwise (logical for bool) and. */
  public static Array bitwiseAnd(Array a, Array b) {
    return integral("bitwiseAnd", ElementwiseOps::and, a, b);
  }

  /** Bitwise (logical for bool) or. */
  public static Array bitwiseOr(Array a, Array b) {
    return integral("bitwiseOr", ElementwiseOps::or, a, b);
  }

  /** Bitwise (logical for bool) exclusive or. */
  public static Array bitwiseXor(Array a, Array b) {
    return integral("bitwiseXor", ElementwiseOps::xor, a, b);
  }

  /** {@code a << b} on integers. */
  public static Array leftShift(Array a, Array b) {
    return integral("leftShift", ElementwiseOps::shiftLeft, a, b);
  }

  /** {@code a >> b} on integers (arithmetic for signed types, logical for unsigned). */
  public static Array rightShift(Array a, Array b) {
    DType t = resultType(a, b);
    return integral(
        "rightShift",
        t.kind() == DType.Kind.UNSIGNED
            ? ElementwiseOps::shiftRightLogical
            : ElementwiseOps::shiftRightArithmetic,
        a,
        b);
  }

  /** The largest element, as a 0-d array (NaN if any element is NaN). */
  public static Array max(Array a) {
    return ReductionOps.reduceMax(a, allAxes(a));
  }

  /** The largest element along {@code axis}; with {@code keepdims} the axis stays with size 1. */
  public static Array max(Array a, int axis, boolean keepdims) {
    return reduceAxis("max", ReductionOps::reduceMax, a, axis, keepdims);
  }

  /** The smallest element, as a 0-d array. */
  public static Array min(Array a) {
    return ReductionOps.reduceMin(a, allAxes(a));
  }

  /** The smallest element along {@code axis}; with {@code keepdims} the axis stays. */
  public static Array min(Array a, int axis, boolean keepdims) {
    return reduceAxis("min", ReductionOps::reduceMin, a, axis, keepdims);
  }

  /** The product of all elements (integers multiply in int64, as in PyTorch). */
  public static Array prod(Array a) {
    return ReductionOps.reduceProd(widened(a), allAxes(a));
  }

  /** True when every element is non-zero. */
  public static Array all(Array a) {
    return ReductionOps.reduceAnd(asBool(a), allAxes(a));
  }

  /** True when some element is non-zero. */
  public static Array any(Array a) {
    return ReductionOps.reduceOr(asBool(a), allAxes(a));
  }

  /** The index of the largest element along {@code axis} (first on ties), as int64. */
  public static Array argmax(Array a, int axis) {
    return ReductionOps.argmax(a, Shapes.axis("argmax", axis, a.ndim()), DType.I64);
  }

  /** The index of the smallest element along {@code axis} (first on ties), as int64. */
  public static Array argmin(Array a, int axis) {
    return ReductionOps.argmin(a, Shapes.axis("argmin", axis, a.ndim()), DType.I64);
  }

  /** Running sums along {@code axis} (integers sum in int64). */
  public static Array cumsum(Array a, int axis) {
    return CumulativeOps.cumsum(widened(a), Shapes.axis("cumsum", axis, a.ndim()), false);
  }

  /** Running products along {@code axis} (integers multiply in int64). */
  public static Array cumprod(Array a, int axis) {
    return CumulativeOps.cumprod(widened(a), Shapes.axis("cumprod", axis, a.ndim()), false);
  }

  /** Sorted along {@code axis}, ascending, NaNs last (stable). */
  public static Array sort(Array a, int axis) {
    return SortOps.sort(a, Shapes.axis("sort", axis, a.ndim()));
  }

  /** The indices that sort {@code a} along {@code axis} (stable), as int64. */
  public static Array argsort(Array a, int axis, boolean descending) {
    return SortOps.argsort(a, Shapes.axis("argsort", axis, a.ndim()), descending);
  }

  private static Array integral(String name, BinaryOperator<Array> op, Array a, Array b) {
    DType t = resultType(a, b);
    if (t.isFloatingPoint()) {
      throw new IllegalArgumentException(
          name
              + ": needs integer or bool arrays, got "
              + a.dtype().torchName()
              + " and "
              + b.dtype().torchName());
    }
    return elementwise(name, op, t, a, b);
  }

  private static Array reduceAxis(
      String name,
      java.util.function.BiFunction<Array, long[], Array> op,
      Array a,
      int axis,
      boolean keepdims) {
    int ax = Shapes.axis(name, axis, a.ndim());
    Array r = op.apply(a, new long[] {ax});
    if (!keepdims) {
      return r;
    }
    long[] kept = a.shape();
    kept[ax] = 1;
    return ShapeOps.reshape(r, kept);
  }

  private static long[] allAxes(Array a) {
    long[] axes = new long[a.ndim()];
    Arrays.setAll(axes, i -> i);
    return axes;
  }

  private static Array widened(Array a) {
    return a.dtype().isInexact() ? a : ElementwiseOps.convert(a, DType.I64);
  }

  private static Array asBool(Array a) {
    return a.dtype() == DType.BOOL ? a : notEqual(a, zerosLike(a));
  }

  /** The dtype {@code torch.result_type} gives for two arrays. */
  public static DType resultType(Array a, Array b) {
    return new Promotion.ResultType()
        .tensor(a.dtype(), a.ndim())
        .tensor(b.dtype(), b.ndim())
        .result();
  }

  /** Converts to {@code dtype} (float to integer truncates toward zero). */
  public static Array astype(Array a, DType dtype) {
    return ElementwiseOps.convert(a, dtype);
  }

  private static Array binary(String name, BinaryOperator<Array> op, Array a, Array b) {
    return elementwise(name, op, resultType(a, b), a, b);
  }

  private static Array elementwise(
      String name, BinaryOperator<Array> op, DType t, Array a, Array b) {
    long[] shape = Shapes.broadcast(name, a.shape(), b.shape());
    Array x = broadcastTo(ElementwiseOps.convert(a, t), shape);
    Array y = broadcastTo(ElementwiseOps.convert(b, t), shape);
    return op.apply(x, y);
  }

  private static Array floatUnary(UnaryOperator<Array> op, Array a) {
    Array x = a.dtype().isInexact() ? a : ElementwiseOps.convert(a, Promotion.DEFAULT_FLOAT);
    return op.apply(x);
  }

  private static Array sumAxes(Array a, long[] axes, boolean keepdims) {
    DType t = a.dtype();
    DType out = t.isInexact() ? t : DType.I64;
    // Half-precision sums accumulate in float32, as PyTorch does, then round once.
    DType acc = t == DType.F16 || t == DType.BF16 ? DType.F32 : out;
    Array s =
        ElementwiseOps.convert(ReductionOps.reduceSum(ElementwiseOps.convert(a, acc), axes), out);
    if (!keepdims) {
      return s;
    }
    long[] kept = a.shape();
    for (long ax : axes) {
      kept[(int) ax] = 1;
    }
    return ShapeOps.reshape(s, kept);
  }

  private static long[] concat(long[] head, long... tail) {
    long[] out = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, out, head.length, tail.length);
    return out;
  }
}
