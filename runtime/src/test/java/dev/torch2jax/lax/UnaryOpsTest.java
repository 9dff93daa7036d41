package dev.torch2jax.lax;

import static dev.torch2jax.opinfo.Tolerances.tolerance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.PrimitiveRules;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.lax.ElementwiseOps.RoundingMethod;
import dev.torch2jax.lax.ElementwiseTesting.Gen;
import dev.torch2jax.lax.ElementwiseTesting.Pair;
import dev.torch2jax.opinfo.Comparison;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The unary elementwise primitives: forward against libtorch, VJP rules, batch rules, errors. */
class UnaryOpsTest {
  private static final DType[] FLOATS = {DType.F32, DType.F64};
  private static final DType[] NUMBERS = {DType.I32, DType.I64, DType.F32, DType.F64};
  private static final Params NEAREST_EVEN =
      Params.of("rounding_method", RoundingMethod.TO_NEAREST_EVEN);

  /** A unary primitive, its API function, libtorch's version and where its inputs come from. */
  record Unary(
      String name,
      UnaryOperator<Array> api,
      UnaryOperator<Tensor> torch,
      Gen gen,
      DType[] dtypes,
      Params params) {
    Unary(String name, UnaryOperator<Array> api, UnaryOperator<Tensor> torch, Gen gen) {
      this(name, api, torch, gen, FLOATS, Params.EMPTY);
    }

    Unary(String name, UnaryOperator<Array> api, UnaryOperator<Tensor> torch, Gen gen, DType[] ts) {
      this(name, api, torch, gen, ts, Params.EMPTY);
    }

    Primitive primitive() {
      return Primitive.of(name);
    }

    boolean differentiable() {
      return !PrimitiveRules.isNotDifferentiable(primitive());
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final List<Unary> OPS =
      List.of(
          new Unary("neg", ElementwiseOps::neg, Tensor::neg, Gen.uniform(-3, 3), NUMBERS),
          new Unary("abs", ElementwiseOps::abs, Tensor::abs, Gen.uniform(-3, 3), NUMBERS),
          new Unary("sign", ElementwiseOps::sign, Tensor::sign, Gen.uniform(-3, 3), NUMBERS),
          new Unary("exp", ElementwiseOps::exp, Tensor::exp, Gen.uniform(-3, 3)),
          new Unary("expm1", ElementwiseOps::expm1, Tensor::expm1, Gen.uniform(-3, 3)),
          new Unary("log", ElementwiseOps::log, Tensor::log, Gen.uniform(0.05, 4)),
          new Unary("log1p", ElementwiseOps::log1p, Tensor::log1p, Gen.uniform(-0.9, 3)),
          new Unary("sqrt", ElementwiseOps::sqrt, Tensor::sqrt, Gen.uniform(0.05, 4)),
          new Unary("rsqrt", ElementwiseOps::rsqrt, Tensor::rsqrt, Gen.uniform(0.05, 4)),
          new Unary("tanh", ElementwiseOps::tanh, Tensor::tanh, Gen.uniform(-3, 3)),
          new Unary("logistic", ElementwiseOps::logistic, Tensor::sigmoid, Gen.uniform(-5, 5)),
          new Unary("sin", ElementwiseOps::sin, Tensor::sin, Gen.uniform(-4, 4)),
          new Unary("cos", ElementwiseOps::cos, Tensor::cos, Gen.uniform(-4, 4)),
          new Unary("tan", ElementwiseOps::tan, Tensor::tan, Gen.uniform(-1.4, 1.4)),
          new Unary("asin", ElementwiseOps::asin, Tensor::asin, Gen.uniform(-0.97, 0.97)),
          new Unary("acos", ElementwiseOps::acos, Tensor::acos, Gen.uniform(-0.97, 0.97)),
          new Unary("atan", ElementwiseOps::atan, Tensor::atan, Gen.uniform(-4, 4)),
          new Unary("sinh", ElementwiseOps::sinh, Tensor::sinh, Gen.uniform(-3, 3)),
          new Unary("cosh", ElementwiseOps::cosh, Tensor::cosh, Gen.uniform(-3, 3)),
          new Unary("asinh", ElementwiseOps::asinh, Tensor::asinh, Gen.uniform(-4, 4)),
          new Unary("acosh", ElementwiseOps::acosh, Tensor::acosh, Gen.uniform(1.05, 5)),
          new Unary("atanh", ElementwiseOps::atanh, Tensor::atanh, Gen.uniform(-0.95, 0.95)),
          new Unary("erf", ElementwiseOps::erf, Tensor::erf, Gen.uniform(-3, 3)),
          new Unary("erf_inv", ElementwiseOps::erfInv, Tensor::erfinv, Gen.uniform(-0.98, 0.98)),
          new Unary("floor", ElementwiseOps::floor, Tensor::floor, Gen.uniform(-3, 3)),
          new Unary("ceil", ElementwiseOps::ceil, Tensor::ceil, Gen.uniform(-3, 3)),
          new Unary(
              "round",
              x -> ElementwiseOps.round(x, RoundingMethod.TO_NEAREST_EVEN),
              Tensor::round,
              Gen.uniform(-3, 3),
              FLOATS,
              NEAREST_EVEN),
          new Unary(
              "is_finite",
              ElementwiseOps::isFinite,
              Tensor::isfinite,
              rng -> rng.nextInt(4) == 0 ? Double.NaN : 1e3 * rng.nextDouble()),
          new Unary(
              "not",
              ElementwiseOps::not,
              t -> ElementwiseTesting.dtypeOf(t) == DType.BOOL ? t.logical_not() : t.bitwise_not(),
              Gen.ints(-50, 50),
              new DType[] {DType.BOOL, DType.I32, DType.I64}));

  static Stream<Arguments> forwardCases() {
    return OPS.stream()
        .flatMap(
            op ->
                Arrays.stream(op.dtypes())
                    .flatMap(
                        t ->
                            Arrays.stream(ElementwiseTesting.SHAPES)
                                .map(s -> Arguments.of(op, t, s))));
  }

  @ParameterizedTest(name = "{0} {1}{2}")
  @MethodSource("forwardCases")
  void forwardMatchesLibtorch(Unary op, DType dtype, long[] shape) {
    Random rng = new Random(op.name().hashCode() + 31L * dtype.ordinal() + shape.length);
    Pair x = ElementwiseTesting.random(rng, op.gen(), dtype, shape);
    Comparison.assertClose(
        "result", op.torch().apply(x.torch()), op.api().apply(x.jax()), tolerance(dtype));
  }

  static Stream<Unary> differentiableOps() {
    return OPS.stream().filter(Unary::differentiable);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differentiableOps")
  void vjpMatchesFiniteDifferencesAndLibtorch(Unary op) {
    Random rng = new Random(op.name().hashCode());
    long[] shape = {2, 3};
    double[] x = ElementwiseTesting.values(rng, op.gen(), DType.F64, 6);
    List<double[]> in = List.<double[]>of(x);
    List<long[]> shapes = List.<long[]>of(shape);
    ElementwiseTesting.checkVjpByFiniteDifferences(
        op.primitive(), op.params(), in, shapes, rng, 1e-6);
    ElementwiseTesting.checkVjpAgainstTorch(
        op.primitive(),
        op.params(),
        in,
        shapes,
        ts -> op.torch().apply(ts.getFirst()),
        rng,
        1e-10,
        0);
  }

  @Test
  void integerOperandsGetNoCotangent() {
    Array x = ElementwiseTesting.array(DType.I32, new double[] {-2, 0, 3}, 3);
    for (String name : List.of("neg", "abs", "sign")) {
      ElementwiseTesting.assertNoCotangents(Primitive.of(name), Params.EMPTY, List.of(x), x);
    }
  }

  @Test
  void booleanAndBitwiseOpsAreNotDifferentiable() {
    for (String name : List.of("is_finite", "not")) {
      UnsupportedOperationException e =
          assertThrows(
              UnsupportedOperationException.class, () -> PrimitiveRules.vjp(Primitive.of(name)));
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("opsList")
  void batchRuleMatchesLoop(Unary op) {
    Random rng = new Random(op.name().hashCode());
    DType dtype = op.dtypes()[op.dtypes().length - 1];
    long[] shape = {2, 3};
    for (int bdim = 0; bdim <= shape.length; bdim++) {
      long[] batched = PrimitiveChecks.withAxis(shape, bdim, 4);
      Array x = ElementwiseTesting.random(rng, op.gen(), dtype, batched).jax();
      ElementwiseTesting.checkBatchRule(op.primitive(), op.params(), List.of(x), new int[] {bdim});
    }
  }

  static List<Unary> opsList() {
    return OPS;
  }

  @Test
  void batchRuleKeepsTheBatchAxis() {
    Array x = ElementwiseTesting.array(DType.F32, new double[6], 2, 3);
    Batched b =
        PrimitiveRules.batch(Primitive.of("exp"))
            .batch(Primitive.of("exp"), List.of(x), new int[] {1}, Params.EMPTY);
    assertEquals(1, b.batchDims()[0]);
    assertArrayEquals(new long[] {2, 3}, b.outputs().getFirst().shape());
  }

  // ---- abstract evaluation errors -----------------------------------------------------------

  static Stream<Arguments> badOperands() {
    return Stream.of(
        Arguments.of("exp", DType.I32),
        Arguments.of("erf", DType.I64),
        Arguments.of("floor", DType.I32),
        Arguments.of("sin", DType.BOOL),
        Arguments.of("neg", DType.BOOL),
        Arguments.of("neg", DType.U8),
        Arguments.of("abs", DType.BOOL),
        Arguments.of("sign", DType.BOOL),
        Arguments.of("is_finite", DType.I32),
        Arguments.of("not", DType.F32),
        Arguments.of("not", DType.F64));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badOperands")
  void abstractEvalRejectsBadDtypes(String name, DType dtype) {
    Primitive p = Primitive.of(name);
    ShapedArray x = new ShapedArray(new long[] {2, 3}, dtype);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PrimitiveRules.outputAvals(p, List.of(x), Params.EMPTY));
    assertTrue(e.getMessage().contains(name), e.getMessage());
    assertTrue(e.getMessage().contains(x.toString()), e.getMessage());
  }

  @Test
  void abstractEvalGivesShapeAndDtype() {
    ShapedArray f = new ShapedArray(new long[] {2, 0, 3}, DType.F32);
    ShapedArray i = new ShapedArray(new long[] {4}, DType.I64);
    assertEquals(
        List.of(f), PrimitiveRules.outputAvals(Primitive.of("erf_inv"), List.of(f), Params.EMPTY));
    assertEquals(
        List.of(new ShapedArray(f.shape(), DType.BOOL)),
        PrimitiveRules.outputAvals(Primitive.of("is_finite"), List.of(f), Params.EMPTY));
    assertEquals(
        List.of(i), PrimitiveRules.outputAvals(Primitive.of("not"), List.of(i), Params.EMPTY));
    assertEquals(
        List.of(i), PrimitiveRules.outputAvals(Primitive.of("abs"), List.of(i), Params.EMPTY));
  }

  @Test
  void roundNeedsItsRoundingMethod() {
    ShapedArray f = new ShapedArray(new long[] {3}, DType.F32);
    Primitive round = Primitive.of("round");
    assertThrows(
        IllegalArgumentException.class,
        () -> PrimitiveRules.outputAvals(round, List.of(f), Params.EMPTY));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrimitiveRules.outputAvals(
                    round, List.of(f), Params.of("rounding_method", "even")));
    assertTrue(e.getMessage().contains("round"), e.getMessage());
  }

  // ---- values the random tests do not reach -------------------------------------------------

  @Test
  void roundingMethodsBreakTiesDifferently() {
    double[] v = {-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49999997, -3.7, 4.2};
    for (DType t : FLOATS) {
      Pair x = ElementwiseTesting.pair(t, v, v.length);
      Comparison.assertClose(
          "result",
          x.torch().round(),
          ElementwiseOps.round(x.jax(), RoundingMethod.TO_NEAREST_EVEN),
          0);
      double[] away = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        double r = t == DType.F32 ? (float) v[i] : v[i];
        away[i] = Math.signum(r) * Math.floor(Math.abs(r) + 0.5);
      }
      Comparison.assertValues(
          "round away from zero " + t,
          away,
          ElementwiseOps.round(x.jax(), RoundingMethod.AWAY_FROM_ZERO).toDoubleArray(),
          0);
    }
  }

  @Test
  void isFiniteOnSpecialValues() {
    double[] v = {0, -0.0, 1e308, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
    for (DType t : FLOATS) {
      Pair x = ElementwiseTesting.pair(t, v, v.length);
      Comparison.assertClose("result", x.torch().isfinite(), ElementwiseOps.isFinite(x.jax()), 0);
    }
  }

  @Test
  void absAndSignOfUnsignedIntegers() {
    double[] v = {0, 1, 7, 255};
    Array x = ElementwiseTesting.array(DType.U8, v, 4);
    assertArrayEquals(v, ElementwiseOps.abs(x).toDoubleArray());
    assertArrayEquals(new double[] {0, 1, 1, 1}, ElementwiseOps.sign(x).toDoubleArray());
    assertEquals(DType.U8, ElementwiseOps.sign(x).dtype());
  }

  @Test
  void signAndAbsOfIntegerExtremes() {
    double[] v = {Integer.MIN_VALUE + 1, -1, 0, 1, Integer.MAX_VALUE};
    Pair x = ElementwiseTesting.pair(DType.I32, v, v.length);
    Comparison.assertClose("result", x.torch().sign(), ElementwiseOps.sign(x.jax()), 0);
    Comparison.assertClose("result", x.torch().abs(), ElementwiseOps.abs(x.jax()), 0);
    Comparison.assertClose("result", x.torch().neg(), ElementwiseOps.neg(x.jax()), 0);
  }
}
