package dev.torch2jax.lax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.lax.ElementwiseTesting.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The StableHLO expansions of the CHLO-only functions on the values where naive formulas break:
 * near zero (relative accuracy), near the ends of the domain, huge arguments, infinities, NaN.
 * Compared with libtorch by relative error, in float32 and float64, and in float16 via float32.
 */
class MathExpansionsTest {
  private static final double NAN = Double.NaN;
  private static final double INF = Double.POSITIVE_INFINITY;

  record Case(String name, UnaryOperator<Array> api, UnaryOperator<Tensor> torch, double[] values) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Case> CASES =
      List.of(
          new Case(
              "asin",
              ElementwiseOps::asin,
              Tensor::asin,
              new double[] {
                -1, -0.999999, -0.5, -0.0, 0, 1e-8, 1e-30, 0.5, 0.999999, 1, 1.5, -1.5, NAN, INF
              }),
          new Case(
              "acos",
              ElementwiseOps::acos,
              Tensor::acos,
              new double[] {
                -1, -0.999999, -0.5, -0.0, 0, 1e-8, 0.5, 0.999999, 1, 1.5, -1.5, NAN, INF
              }),
          new Case(
              "atan",
              ElementwiseOps::atan,
              Tensor::atan,
              new double[] {0, -0.0, 1e-30, 1e-8, 1, -1, 1e10, -1e10, INF, -INF, NAN}),
          new Case(
              "sinh",
              ElementwiseOps::sinh,
              Tensor::sinh,
              new double[] {
                0, -0.0, 1e-30, -1e-10, 1e-3, 0.5, 0.99, 1, -1.01, 5, 20, -20, 80, 88, -88.5, 700,
                709, -710, 711, INF, -INF, NAN
              }),
          new Case(
              "cosh",
              ElementwiseOps::cosh,
              Tensor::cosh,
              new double[] {
                0, -0.0, 1e-10, 0.5, 1, -5, 20, 88, -88.5, 700, 709, 711, INF, -INF, NAN
              }),
          new Case(
              "asinh",
              ElementwiseOps::asinh,
              Tensor::asinh,
              new double[] {
                0, -0.0, 1e-30, -1e-10, 1e-3, 0.5, 1, -3, 1e3, 4096, 5000, 1e8, -3e8, 1e20, 1e38,
                3e38, 1e200, -1e300, INF, -INF, NAN
              }),
          new Case(
              "acosh",
              ElementwiseOps::acosh,
              Tensor::acosh,
              new double[] {
                1, 1 + 1e-7, 1.001, 1.5, 2, 10, 4096, 5000, 1e8, 3e8, 1e20, 3e38, 1e300, INF, 0.5,
                0, -1, -INF, NAN
              }),
          new Case(
              "atanh",
              ElementwiseOps::atanh,
              Tensor::atanh,
              new double[] {
                0, -0.0, 1e-30, -1e-10, 1e-3, 0.5, -0.9, 0.99, 0.999999, 1, -1, 1.5, -2, NAN, INF
              }),
          new Case(
              "erf",
              ElementwiseOps::erf,
              Tensor::erf,
              new double[] {
                0, -0.0, 1e-30, -1e-10, 1e-3, 0.3, 0.5, 0.99, 1, -1.01, 1.5, 2, 3, -3.9, 4, 4.1, 5,
                5.9, 6, 8, 10, 27, INF, -INF, NAN
              }),
          new Case(
              "erf_inv",
              ElementwiseOps::erfInv,
              Tensor::erfinv,
              new double[] {
                0, -0.0, 1e-30, -1e-10, 1e-3, 0.3, 0.5, -0.9, 0.99, 0.999, 1, -1, 1.5, -2, NAN
              }));

  static Stream<Arguments> cases() {
    return CASES.stream()
        .flatMap(c -> Stream.of(Arguments.of(c, DType.F32), Arguments.of(c, DType.F64)));
  }

  /**
   * Relative error bound: float32 a few units in the last place; float64 1e-13, except erf_inv
   * whose libtorch reference (Newton steps on erf) is itself only good to about 1e-14 at 0.999.
   */
  private static double relativeTolerance(String name, DType t) {
    return t == DType.F32 ? 4e-7 : 1e-13;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void specialValuesMatchLibtorch(Case c, DType t) {
    Array x = ElementwiseTesting.array(t, c.values(), c.values().length);
    // The reference is libtorch in float64 on the same (rounded) inputs: libtorch's own float32 erf
    // is only good to about 3e-8 absolute (erf(1e-30) = 0 there).
    double[] in = x.toDoubleArray();
    Tensor reference = ElementwiseTesting.tensor(DType.F64, in, in.length);
    double[] expected = ElementwiseTesting.values(c.torch().apply(reference));
    if (t == DType.F32) {
      for (int i = 0; i < expected.length; i++) {
        expected[i] = (float) expected[i];
      }
    }
    double[] actual = c.api().apply(x).toDoubleArray();
    assertRelative(c.name() + " " + t, in, expected, actual, relativeTolerance(c.name(), t));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wideRangeCases")
  void wideRangeInFloat64(Case c, double lo, double hi) {
    // Log-spaced magnitudes of both signs across the domain.
    int n = 200;
    double[] v = new double[2 * n];
    for (int i = 0; i < n; i++) {
      double m = lo * Math.pow(hi / lo, i / (n - 1.0));
      v[2 * i] = m;
      v[2 * i + 1] = -m;
    }
    Pair x = ElementwiseTesting.pair(DType.F64, v, v.length);
    double[] expected = ElementwiseTesting.values(c.torch().apply(x.torch()));
    assertRelative(c.name() + " f64", v, expected, c.api().apply(x.jax()).toDoubleArray(), 1e-13);
  }

  static Stream<Arguments> wideRangeCases() {
    return Stream.of(
        Arguments.of(find("asin"), 1e-20, 1),
        Arguments.of(find("acos"), 1e-20, 1),
        Arguments.of(find("atan"), 1e-20, 1e20),
        Arguments.of(find("sinh"), 1e-20, 709),
        Arguments.of(find("cosh"), 1e-20, 709),
        Arguments.of(find("asinh"), 1e-20, 1e300),
        Arguments.of(find("atanh"), 1e-20, 1 - 1e-12),
        Arguments.of(find("erf"), 1e-20, 10),
        Arguments.of(find("erf_inv"), 1e-20, 0.999));
  }

  @Test
  void acoshWideRangeInFloat64() {
    int n = 200;
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = 1 + 1e-15 * Math.pow(10, 315 * (i / (n - 1.0)));
    }
    Pair x = ElementwiseTesting.pair(DType.F64, v, n);
    assertRelative(
        "acosh f64",
        v,
        ElementwiseTesting.values(x.torch().acosh()),
        ElementwiseOps.acosh(x.jax()).toDoubleArray(),
        1e-13);
  }

  @Test
  void hyperbolicFunctionsOverflowOnlyWhereTheResultDoes() {
    // libtorch's float64 cosh is already infinite at 710, where cosh is 1.117e308.
    double[] v = {709.5, 710, -710, 710.4};
    Array x = ElementwiseTesting.array(DType.F64, v, v.length);
    double[] cosh = new double[v.length];
    double[] sinh = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      cosh[i] = StrictMath.cosh(v[i]);
      sinh[i] = StrictMath.sinh(v[i]);
    }
    assertRelative("cosh f64", v, cosh, ElementwiseOps.cosh(x).toDoubleArray(), 1e-13);
    assertRelative("sinh f64", v, sinh, ElementwiseOps.sinh(x).toDoubleArray(), 1e-13);
  }

  @Test
  void erfInvInvertsErfInTheTails() {
    // libtorch's erfinv is not accurate this close to 1; check that erf undoes it instead.
    double[] v = new double[28];
    for (int k = 1; k <= 14; k++) {
      v[2 * k - 2] = 1 - Math.pow(10, -k);
      v[2 * k - 1] = -(1 - Math.pow(10, -k));
    }
    Array x = ElementwiseTesting.array(DType.F64, v, v.length);
    double[] back = ElementwiseOps.erf(ElementwiseOps.erfInv(x)).toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      assertEquals(v[i], back[i], 4e-16, "erf(erf_inv(" + v[i] + "))");
    }
  }

  @Test
  void halfPrecisionGoesThroughFloat32() {
    for (Case c : CASES) {
      double[] v = {0.25, -0.5, 0.75};
      if (c.name().equals("acosh")) {
        v = new double[] {1.25, 2, 3.5};
      }
      Array x = ElementwiseTesting.array(DType.F16, v, 3);
      Array y = c.api().apply(x);
      assertEquals(DType.F16, y.dtype(), c.name());
      Pair p = ElementwiseTesting.pair(DType.F64, v, 3);
      assertRelative(
          c.name() + " f16",
          v,
          ElementwiseTesting.values(c.torch().apply(p.torch())),
          y.toDoubleArray(),
          1e-3);
    }
  }

  private static Case find(String name) {
    return CASES.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  /** {@code |e - a| <= tol |e|} (a tiny absolute slack at zero), NaN and infinities exactly. */
  static void assertRelative(
      String what, double[] in, double[] expected, double[] actual, double tol) {
    assertEquals(expected.length, actual.length, what);
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      boolean ok;
      if (Double.isNaN(e) || Double.isInfinite(e)) {
        ok = Double.compare(e, a) == 0 || (Double.isNaN(e) && Double.isNaN(a));
      } else {
        ok = Math.abs(e - a) <= tol * Math.abs(e) + Double.MIN_NORMAL;
      }
      if (!ok) {
        bad.add(
            "x="
                + in[i]
                + ": expected "
                + e
                + " got "
                + a
                + " (rel "
                + Math.abs(e - a) / Math.abs(e)
                + ")");
      }
    }
    if (!bad.isEmpty()) {
      fail(what + ", relative tolerance " + tol + ":\n  " + String.join("\n  ", bad));
    }
  }
}
