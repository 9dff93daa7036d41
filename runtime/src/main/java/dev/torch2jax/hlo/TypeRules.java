package dev.torch2jax.hlo;

import dev.torch2jax.DType;
import java.util.Arrays;
import java.util.List;

/**
 * The result shapes of the structural ops, computed once for the StableHLO builder and for the
 * primitives' abstract evaluation. Each rule checks its arguments and throws {@link
 * IllegalArgumentException} whose message starts with {@code op} (the caller's name for the op:
 * {@code stablehlo.slice} or {@code slice}) and shows the operands as the caller spells them.
 */
public final class TypeRules {
  private TypeRules() {}

  /**
   * Checks a broadcast of {@code x} to {@code result}: operand dimension {@code i} becomes the
   * distinct result dimension {@code dims[i]}, where it must be 1 or equal to the result's size.
   */
  public static void broadcastInDim(String op, ShapedType x, ShapedType result, long[] dims) {
    if (dims.length != x.rank()) {
      throw fail(
          op,
          "broadcast_dimensions %s needs one entry per operand dimension: %s to %s",
          show(dims),
          x,
          result);
    }
    checkAxes(op, "broadcast_dimensions", dims, result.rank(), x + " to " + result);
    for (int i = 0; i < dims.length; i++) {
      long size = x.dim(i);
      if (size != 1 && size != result.dim((int) dims[i])) {
        throw fail(
            op,
            "operand dimension %d of size %d cannot broadcast to result dimension %d: %s to %s",
            i,
            size,
            dims[i],
            x,
            result);
      }
    }
  }

  /**
   * Elements {@code start[d] <= i < limit[d]} every {@code strides[d]}: the sizes per dimension.
   */
  public static long[] slice(String op, ShapedType x, long[] start, long[] limit, long[] strides) {
    int r = x.rank();
    if (start.length != r || limit.length != r || strides.length != r) {
      throw fail(op, "start, limit and strides need %d entries each for %s", r, x);
    }
    long[] shape = new long[r];
    for (int d = 0; d < r; d++) {
      if (start[d] < 0 || start[d] > limit[d] || limit[d] > x.dim(d) || strides[d] < 1) {
        throw fail(
            op,
            "bad bounds in dimension %d of %s: start %s, limit %s, strides %s",
            d,
            x,
            show(start),
            show(limit),
            show(strides));
      }
      shape[d] = (limit[d] - start[d] + strides[d] - 1) / strides[d];
    }
    return shape;
  }

  /**
   * {@code low} and {@code high} elements at the edges (negative cuts), {@code interior} ones
   * between neighbours, of the scalar {@code value} of {@code x}'s element type.
   */
  public static long[] pad(
      String op, ShapedType x, ShapedType value, long[] low, long[] high, long[] interior) {
    if (value.rank() != 0 || value.dtype() != x.dtype()) {
      throw fail(
          op, "padding value must be a scalar of the operand's element type: %s vs %s", x, value);
    }
    int r = x.rank();
    if (low.length != r || high.length != r || interior.length != r) {
      throw fail(op, "low, high and interior need %d entries each for %s", r, x);
    }
    long[] shape = new long[r];
    for (int d = 0; d < r; d++) {
      long size = x.dim(d);
      shape[d] = low[d] + high[d] + size + Math.max(size - 1, 0) * interior[d];
      if (interior[d] < 0 || shape[d] < 0) {
        throw fail(
            op,
            "bad padding in dimension %d of %s: low %s, high %s, interior %s",
            d,
            x,
            show(low),
            show(high),
            show(interior));
      }
    }
    return shape;
  }

  /** The inputs joined along {@code dimension}; one element type, equal sizes elsewhere. */
  public static long[] concatenate(String op, List<? extends ShapedType> inputs, long dimension) {
    if (inputs.isEmpty()) {
      throw fail(op, "needs at least one input");
    }
    ShapedType first = inputs.getFirst();
    if (dimension < 0 || dimension >= first.rank()) {
      throw fail(op, "dimension %d is out of range for %s", dimension, first);
    }
    long[] shape = first.shape();
    shape[(int) dimension] = 0;
    for (ShapedType t : inputs) {
      boolean fits = t.dtype() == first.dtype() && t.rank() == first.rank();
      for (int d = 0; fits && d < t.rank(); d++) {
        fits = d == dimension || t.dim(d) == first.dim(d);
      }
      if (!fits) {
        throw fail(op, "inputs differ outside dimension %d: %s vs %s", dimension, first, t);
      }
      shape[(int) dimension] += t.dim((int) dimension);
    }
    return shape;
  }

  /** Result dimension {@code i} is dimension {@code permutation[i]} of {@code x}. */
  public static long[] transpose(String op, ShapedType x, long[] permutation) {
    if (permutation.length != x.rank()) {
      throw fail(op, "permutation %s does not match rank of %s", show(permutation), x);
    }
    checkAxes(op, "permutation", permutation, x);
    long[] shape = new long[x.rank()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = x.dim((int) permutation[i]);
    }
    return shape;
  }

  /**
   * The dimensions of {@code x} without {@code dimensions}, which must be distinct; messages call
   * them {@code what} (the caller's parameter name).
   */
  public static long[] reduce(String op, String what, ShapedType x, long[] dimensions) {
    checkAxes(op, what, dimensions, x);
    long[] shape = new long[x.rank() - dimensions.length];
    int k = 0;
    for (int d = 0; d < x.rank(); d++) {
      if (!contains(dimensions, d)) {
        shape[k++] = x.dim(d);
      }
    }
    return shape;
  }

  /** A block of {@code sliceSizes} at the scalar integer {@code starts}, one per dimension. */
  public static long[] dynamicSlice(
      String op, ShapedType x, List<? extends ShapedType> starts, long[] sliceSizes) {
    checkStartIndices(op, x, starts);
    if (sliceSizes.length != x.rank()) {
      throw fail(op, "slice_sizes %s does not match rank of %s", show(sliceSizes), x);
    }
    for (int d = 0; d < sliceSizes.length; d++) {
      if (sliceSizes[d] < 0 || sliceSizes[d] > x.dim(d)) {
        throw fail(op, "slice_sizes %s do not fit in %s", show(sliceSizes), x);
      }
    }
    return sliceSizes.clone();
  }

  /** {@code update} written into {@code x} at the scalar integer {@code starts}: x's shape. */
  public static long[] dynamicUpdateSlice(
      String op, ShapedType x, ShapedType update, List<? extends ShapedType> starts) {
    boolean fits = update.dtype() == x.dtype() && update.rank() == x.rank();
    for (int d = 0; fits && d < x.rank(); d++) {
      fits = update.dim(d) <= x.dim(d);
    }
    if (!fits) {
      throw fail(op, "update %s does not fit in operand %s", update, x);
    }
    checkStartIndices(op, x, starts);
    return x.shape();
  }

  /**
   * The number of windows per dimension of {@code shape} (reduce_window's C15): windows of {@code
   * window} placed every {@code strides} over the input dilated by {@code baseDilation} and padded
   * by {@code padding} (low, high per dimension, flat; negative cuts), their elements {@code
   * windowDilation} apart. Convolution allows a zero-sized window dimension ({@code zeroWindowOk}).
   * {@code describe} is what messages show as the operand.
   */
  public static long[] windowCounts(
      String op,
      long[] shape,
      long[] window,
      long[] strides,
      long[] padding,
      long[] baseDilation,
      long[] windowDilation,
      boolean zeroWindowOk,
      Object describe) {
    int rank = shape.length;
    if (window.length != rank
        || strides.length != rank
        || padding.length != 2 * rank
        || baseDilation.length != rank
        || windowDilation.length != rank) {
      throw fail(
          op,
          "window_dimensions %s, window_strides %s, padding %s, dilations %s and %s need one entry"
              + " (padding: two) per dimension of %s, %d entries each",
          show(window),
          show(strides),
          show(padding),
          show(baseDilation),
          show(windowDilation),
          describe,
          rank);
    }
    long[] out = new long[rank];
    for (int d = 0; d < rank; d++) {
      if (window[d] < (zeroWindowOk ? 0 : 1)
          || strides[d] < 1
          || baseDilation[d] < 1
          || windowDilation[d] < 1) {
        throw fail(
            op,
            "window sizes%s strides and dilations must be positive, got window_dimensions %s,"
                + " window_strides %s, dilations %s and %s for %s",
            zeroWindowOk ? " must not be negative and" : ",",
            show(window),
            show(strides),
            show(baseDilation),
            show(windowDilation),
            describe);
      }
      long dilated = shape[d] == 0 ? 0 : (shape[d] - 1) * baseDilation[d] + 1;
      long padded = padding[2 * d] + dilated + padding[2 * d + 1];
      long span = window[d] == 0 ? 0 : (window[d] - 1) * windowDilation[d] + 1;
      if (padded < 0) {
        throw fail(
            op, "padding %s cuts more than dimension %d of %s holds", show(padding), d, describe);
      }
      out[d] = padded == 0 || span > padded ? 0 : (padded - span) / strides[d] + 1;
    }
    return out;
  }

  /**
   * The result shape of a convolution of {@code lhs} with the kernel {@code rhs}, laid out by the
   * specs (batch or output feature, feature, then spatial dimensions), windowed per spatial
   * dimension like {@link #windowCounts}; one of the group counts is 1.
   */
  public static long[] convolution(
      String op,
      ShapedType lhs,
      ShapedType rhs,
      long[] lhsSpec,
      long[] rhsSpec,
      long[] outSpec,
      long[] windowStrides,
      long[] padding,
      long[] lhsDilation,
      long[] rhsDilation,
      long featureGroupCount,
      long batchGroupCount) {
    String both = lhs + " and " + rhs;
    int n = lhs.rank();
    if (lhs.dtype() != rhs.dtype() || n != rhs.rank() || n < 2) {
      throw fail(op, "operands need one element type and one rank of at least 2: %s", both);
    }
    checkSpec(op, "lhs", lhsSpec, n, both);
    checkSpec(op, "rhs", rhsSpec, n, both);
    checkSpec(op, "output", outSpec, n, both);
    if (featureGroupCount < 1
        || batchGroupCount < 1
        || (featureGroupCount > 1 && batchGroupCount > 1)) {
      throw fail(
          op,
          "group counts must be positive and one of them 1, got feature_group_count %d and"
              + " batch_group_count %d",
          featureGroupCount,
          batchGroupCount);
    }
    long batch = lhs.dim((int) lhsSpec[0]);
    long inFeatures = lhs.dim((int) lhsSpec[1]);
    long outFeatures = rhs.dim((int) rhsSpec[0]);
    if (batch % batchGroupCount != 0
        || inFeatures % featureGroupCount != 0
        || inFeatures / featureGroupCount != rhs.dim((int) rhsSpec[1])
        || outFeatures % featureGroupCount != 0
        || outFeatures % batchGroupCount != 0) {
      throw fail(
          op,
          "feature sizes do not fit the groups: the input's %d features in %d groups must match"
              + " the kernel's input features, its %d output features divide into the groups and"
              + " the batch of %d into %d batch groups: %s",
          inFeatures,
          featureGroupCount,
          outFeatures,
          batch,
          batchGroupCount,
          both);
    }
    int spatial = n - 2;
    long[] inSpatial = new long[spatial];
    long[] window = new long[spatial];
    for (int i = 0; i < spatial; i++) {
      inSpatial[i] = lhs.dim((int) lhsSpec[i + 2]);
      window[i] = rhs.dim((int) rhsSpec[i + 2]);
    }
    long[] counts =
        windowCounts(
            op, inSpatial, window, windowStrides, padding, lhsDilation, rhsDilation, true, both);
    long[] shape = new long[n];
    shape[(int) outSpec[0]] = batch / batchGroupCount;
    shape[(int) outSpec[1]] = outFeatures;
    for (int i = 0; i < spatial; i++) {
      shape[(int) outSpec[i + 2]] = counts[i];
    }
    return shape;
  }

  /**
   * The result dimensions of a dot_general whose operand dimensions are already checked: the batch
   * dimensions, then the other dimensions of {@code lhs}, then those of {@code rhs}, in order.
   */
  public static long[] dotGeneral(
      long[] lhs,
      long[] rhs,
      long[] lhsBatch,
      long[] rhsBatch,
      long[] lhsContract,
      long[] rhsContract) {
    int used = lhsBatch.length + lhsContract.length;
    long[] shape = new long[lhs.length + rhs.length - 2 * used + lhsBatch.length];
    int k = 0;
    for (long d : lhsBatch) {
      shape[k++] = lhs[(int) d];
    }
    for (int d = 0; d < lhs.length; d++) {
      if (!contains(lhsBatch, d) && !contains(lhsContract, d)) {
        shape[k++] = lhs[d];
      }
    }
    for (int d = 0; d < rhs.length; d++) {
      if (!contains(rhsBatch, d) && !contains(rhsContract, d)) {
        shape[k++] = rhs[d];
      }
    }
    return shape;
  }

  /**
   * The result of an FFT of {@code type} over the trailing {@code fftLength.length} (1 to 3)
   * dimensions of {@code x}: FFT and IFFT keep the complex type and shape; RFFT maps reals whose
   * trailing dimensions are {@code fftLength} to complex numbers with a last dimension of {@code
   * fftLength[last] / 2 + 1}; IRFFT maps such complex numbers back to reals.
   */
  public static TensorType fft(String op, ShapedType x, FftType type, long[] fftLength) {
    int k = fftLength.length;
    if (k < 1 || k > 3 || k > x.rank()) {
      throw fail(
          op, "fft_length %s must name 1 to 3 trailing dimensions of %s", show(fftLength), x);
    }
    DType t = x.dtype();
    boolean realIn = type == FftType.RFFT;
    if (realIn ? t != DType.F32 && t != DType.F64 : !t.isComplex()) {
      throw fail(
          op, "%s needs a %s operand, got %s", type, realIn ? "float32 or float64" : "complex", x);
    }
    long[] shape = x.shape();
    long last = fftLength[k - 1];
    long[] expected = fftLength.clone();
    if (type == FftType.IRFFT) {
      expected[k - 1] = last / 2 + 1;
    }
    if (!Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), expected)) {
      throw fail(
          op,
          "%s with fft_length %s needs trailing dimensions %s, got %s",
          type,
          show(fftLength),
          show(expected),
          x);
    }
    DType result =
        switch (type) {
          case FFT, IFFT -> t;
          case RFFT -> t.complexType();
          case IRFFT -> t.realType();
        };
    if (type == FftType.RFFT) {
      shape[shape.length - 1] = last / 2 + 1;
    } else if (type == FftType.IRFFT) {
      shape[shape.length - 1] = last;
    }
    return new TensorType(shape, result);
  }

  /** Checks that {@code axes} are distinct dimensions of {@code x}. */
  public static void checkAxes(String op, String what, long[] axes, ShapedType x) {
    checkAxes(op, what, axes, x.rank(), x);
  }

  /**
   * Checks that {@code axes} are distinct dimensions below {@code rank}; messages show {@code
   * describe} as the operand.
   */
  public static void checkAxes(String op, String what, long[] axes, int rank, Object describe) {
    for (int i = 0; i < axes.length; i++) {
      boolean repeated = false;
      for (int j = 0; j < i; j++) {
        repeated |= axes[j] == axes[i];
      }
      if (axes[i] < 0 || axes[i] >= rank || repeated) {
        throw fail(op, "%s %s are not distinct dimensions of %s", what, show(axes), describe);
      }
    }
  }

  /** One integer scalar start index per dimension of {@code x}, all of one type. */
  public static void checkStartIndices(String op, ShapedType x, List<? extends ShapedType> starts) {
    if (starts.size() != x.rank()) {
      throw fail(op, "%d start indices for %s (needs %d)", starts.size(), x, x.rank());
    }
    for (ShapedType s : starts) {
      if (s.rank() != 0 || !s.dtype().isInteger() || s.dtype() != starts.getFirst().dtype()) {
        throw fail(
            op, "start indices must be integer scalars of one type, got %s for %s", starts, x);
      }
    }
  }

  private static void checkSpec(String op, String what, long[] spec, int n, String both) {
    boolean[] seen = new boolean[n];
    boolean ok = spec.length == n;
    for (int i = 0; ok && i < n; i++) {
      ok = spec[i] >= 0 && spec[i] < n && !seen[(int) spec[i]];
      if (ok) {
        seen[(int) spec[i]] = true;
      }
    }
    if (!ok) {
      throw fail(
          op,
          "%s dimension numbers %s does not give each of the %d dimensions of %s once: they are"
              + " not distinct dimensions",
          what,
          show(spec),
          n,
          both);
    }
  }

  private static boolean contains(long[] values, long v) {
    for (long x : values) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  private static String show(long[] values) {
    return Arrays.toString(values);
  }

  private static IllegalArgumentException fail(String op, String format, Object... args) {
    return new IllegalArgumentException(op + ": " + format.formatted(args));
  }
}
