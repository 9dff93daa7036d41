package dev.torch2jax.opinfo;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.torch.T2J;
import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;

/**
 * The tests' one comparison of a result against its reference: same dtype, same shape, integers and
 * bools exact, floats within a relative tolerance ({@link Tolerances} per dtype unless the caller
 * gives one), NaNs in the same places, infinities equal. Complex values compare as interleaved
 * (real, imaginary) pairs, each part with its float's tolerance.
 */
public final class Comparison {
  private Comparison() {}

  /** {@code actual} against libtorch's {@code expected}; {@code tol < 0}: the dtype's tolerance. */
  public static void assertClose(String what, Tensor expected, Array actual, double tol) {
    assertClose(what, T2J.t2j(expected.contiguous()), actual, tol);
  }

  /** {@code actual} against {@code expected}; {@code tol < 0}: the dtype's tolerance. */
  public static void assertClose(String what, Array expected, Array actual, double tol) {
    if (expected.dtype() != actual.dtype()) {
      throw new AssertionError(
          "%s: dtype %s, expected %s".formatted(what, actual.dtype(), expected.dtype()));
    }
    if (!Arrays.equals(expected.shape(), actual.shape())) {
      throw new AssertionError(
          "%s: shape %s, expected %s"
              .formatted(what, Arrays.toString(actual.shape()), Arrays.toString(expected.shape())));
    }
    DType part = expected.dtype().realType();
    double t = part.isFloatingPoint() ? (tol >= 0 ? tol : Tolerances.tolerance(part)) : 0;
    assertValues(what, expected.toDoubleArray(), actual.toDoubleArray(), t);
  }

  /**
   * Element by element: equal, both NaN, or finite and within {@code tol} relative (abs near 0).
   */
  public static void assertValues(String what, double[] expected, double[] actual, double tol) {
    if (expected.length != actual.length) {
      throw new AssertionError(
          "%s: %d elements, expected %d".formatted(what, actual.length, expected.length));
    }
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      boolean ok =
          (Double.isNaN(e) && Double.isNaN(a))
              || e == a
              || (!Double.isInfinite(e) && Math.abs(e - a) <= tol * Math.max(1, Math.abs(e)));
      if (!ok) {
        String all =
            expected.length <= 40
                ? "; expected %s, actual %s"
                    .formatted(Arrays.toString(expected), Arrays.toString(actual))
                : "";
        throw new AssertionError(
            "%s: element %d is %s, expected %s (tolerance %s)%s"
                .formatted(what, i, a, e, tol, all));
      }
    }
  }
}
