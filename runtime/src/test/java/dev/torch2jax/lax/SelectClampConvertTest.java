package dev.torch2jax.lax;

import static dev.torch2jax.opinfo.Tolerances.tolerance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.PrimitiveRules;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.lax.ElementwiseTesting.Gen;
import dev.torch2jax.lax.ElementwiseTesting.Pair;
import dev.torch2jax.opinfo.Comparison;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** compare, select_n, clamp and convert_element_type. */
class SelectClampConvertTest {
  private static final DType[] ALL = {DType.BOOL, DType.I32, DType.I64, DType.F32, DType.F64};
  private static final Gen FEW_VALUES = Gen.ints(-2, 3); // ties are common
  private static final Primitive COMPARE = Primitive.of("compare");
  private static final Primitive SELECT = Primitive.of("select_n");
  private static final Primitive CLAMP = Primitive.of("clamp");
  private static final Primitive CONVERT = Primitive.of("convert_element_type");

  // ---- compare ------------------------------------------------------------------------------

  static Stream<Arguments> compareCases() {
    return Arrays.stream(ComparisonDirection.values())
        .flatMap(
            d ->
                Arrays.stream(ALL)
                    .flatMap(
                        t ->
                            Arrays.stream(ElementwiseTesting.SHAPES)
                                .map(s -> Arguments.of(d, t, s))));
  }

  @ParameterizedTest(name = "{0} {1}{2}")
  @MethodSource("compareCases")
  void compareMatchesLibtorch(ComparisonDirection d, DType t, long[] shape) {
    Random rng = new Random(d.ordinal() * 7L + t.ordinal());
    Pair x = ElementwiseTesting.random(rng, FEW_VALUES, t, shape);
    Pair y = ElementwiseTesting.random(rng, FEW_VALUES, t, shape);
    Tensor expected =
        switch (d) {
          case EQ -> x.torch().eq(y.torch());
          case NE -> x.torch().ne(y.torch());
          case LT -> x.torch().lt(y.torch());
          case LE -> x.torch().le(y.torch());
          case GT -> x.torch().gt(y.torch());
          case GE -> x.torch().ge(y.torch());
        };
    Comparison.assertClose("result", expected, ElementwiseOps.compare(d, x.jax(), y.jax()), 0);
  }

  @Test
  void compareOnNaN() {
    double[] v = {Double.NaN, 1, Double.NaN};
    double[] w = {1, Double.NaN, Double.NaN};
    Pair x = ElementwiseTesting.pair(DType.F32, v, 3);
    Pair y = ElementwiseTesting.pair(DType.F32, w, 3);
    Comparison.assertClose(
        "result",
        x.torch().eq(y.torch()),
        ElementwiseOps.compare(ComparisonDirection.EQ, x.jax(), y.jax()),
        0);
    Comparison.assertClose(
        "result",
        x.torch().ne(y.torch()),
        ElementwiseOps.compare(ComparisonDirection.NE, x.jax(), y.jax()),
        0);
    Comparison.assertClose(
        "result",
        x.torch().lt(y.torch()),
        ElementwiseOps.compare(ComparisonDirection.LT, x.jax(), y.jax()),
        0);
  }

  @Test
  void compareBatchRuleMatchesLoop() {
    Random rng = new Random(5);
    Params params = Params.of("direction", ComparisonDirection.LE);
    int[][] layouts = {{0, 0}, {2, 2}, {1, 0}, {Batched.NOT_MAPPED, 2}, {1, Batched.NOT_MAPPED}};
    for (int[] l : layouts) {
      Array x = BinaryOpsTest.batchedOperand(rng, FEW_VALUES, DType.I32, new long[] {2, 3}, l[0]);
      Array y = BinaryOpsTest.batchedOperand(rng, FEW_VALUES, DType.I32, new long[] {2, 3}, l[1]);
      ElementwiseTesting.checkBatchRule(COMPARE, params, List.of(x, y), l);
    }
  }

  @Test
  void compareAbstractEvalErrors() {
    ShapedArray f = new ShapedArray(new long[] {3}, DType.F32);
    ShapedArray i = new ShapedArray(new long[] {3}, DType.I32);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PrimitiveRules.outputAvals(
                    COMPARE, List.of(f, i), Params.of("direction", ComparisonDirection.EQ)));
    assertTrue(
        e.getMessage().contains("compare") && e.getMessage().contains("i32[3]"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> PrimitiveRules.outputAvals(COMPARE, List.of(f, f), Params.of("direction", "==")));
  }

  // ---- select_n -----------------------------------------------------------------------------

  static Stream<Arguments> selectCases() {
    return Arrays.stream(ALL)
        .flatMap(t -> Arrays.stream(ElementwiseTesting.SHAPES).map(s -> Arguments.of(t, s)));
  }

  @ParameterizedTest(name = "{0}{1}")
  @MethodSource("selectCases")
  void selectMatchesLibtorchWhere(DType t, long[] shape) {
    Random rng = new Random(t.ordinal());
    Pair which = ElementwiseTesting.random(rng, null, DType.BOOL, shape);
    Pair a = ElementwiseTesting.random(rng, Gen.uniform(-3, 3), t, shape);
    Pair b = ElementwiseTesting.random(rng, Gen.uniform(-3, 3), t, shape);
    Comparison.assertClose(
        "result",
        a.torch().where(which.torch(), b.torch()),
        ElementwiseOps.select(which.jax(), a.jax(), b.jax()),
        0);
  }

  @Test
  void selectVjpMatchesFiniteDifferencesAndLibtorch() {
    Random rng = new Random(11);
    double[] which = {1, 0, 0, 1, 1, 0};
    double[] a = ElementwiseTesting.values(rng, Gen.uniform(-3, 3), DType.F64, 6);
    double[] b = ElementwiseTesting.values(rng, Gen.uniform(-3, 3), DType.F64, 6);
    long[] s = {2, 3};
    // select_n(which, onFalse, onTrue); the selector is bool, so it is built separately.
    Array w = ElementwiseTesting.array(DType.BOOL, which, s);
    Array ct =
        ElementwiseTesting.array(
            DType.F64, ElementwiseTesting.values(rng, Gen.uniform(-1, 1), DType.F64, 6), s);
    List<Array> g =
        PrimitiveChecks.vjp(
            SELECT,
            Params.EMPTY,
            List.of(
                w,
                ElementwiseTesting.array(DType.F64, b, s),
                ElementwiseTesting.array(DType.F64, a, s)),
            List.of(ct));
    assertNull(g.get(0));
    double[] c = ct.toDoubleArray();
    double[] onFalse = new double[6];
    double[] onTrue = new double[6];
    for (int i = 0; i < 6; i++) {
      (which[i] != 0 ? onTrue : onFalse)[i] = c[i];
    }
    Comparison.assertValues("onFalse cotangent", onFalse, g.get(1).toDoubleArray(), 0);
    Comparison.assertValues("onTrue cotangent", onTrue, g.get(2).toDoubleArray(), 0);
    // libtorch: where(which, a, b)
    Tensor ta = ElementwiseTesting.tensor(DType.F64, a, s).requires_grad_(true);
    Tensor tb = ElementwiseTesting.tensor(DType.F64, b, s).requires_grad_(true);
    Tensor out = ta.where(ElementwiseTesting.tensor(DType.BOOL, which, s), tb);
    out.backward(
        ElementwiseTesting.tensor(DType.F64, c, s),
        new org.bytedeco.pytorch.BoolOptional(),
        false,
        new org.bytedeco.pytorch.TensorArrayRefOptional());
    Comparison.assertValues(
        "onTrue vs libtorch", ElementwiseTesting.values(ta.grad()), g.get(2).toDoubleArray(), 0);
    Comparison.assertValues(
        "onFalse vs libtorch", ElementwiseTesting.values(tb.grad()), g.get(1).toDoubleArray(), 0);
  }

  @Test
  void selectOfIntegersGetsNoCotangent() {
    Array w = ElementwiseTesting.array(DType.BOOL, new double[] {1, 0}, 2);
    Array x = ElementwiseTesting.array(DType.I32, new double[] {1, 2}, 2);
    ElementwiseTesting.assertNoCotangents(SELECT, Params.EMPTY, List.of(w, x, x), x);
  }

  @Test
  void selectBatchRuleMatchesLoop() {
    Random rng = new Random(12);
    int n = Batched.NOT_MAPPED;
    int[][] layouts = {{0, 0, 0}, {2, 2, 2}, {1, 0, 2}, {n, 1, n}, {0, n, n}, {n, n, 2}};
    long[] shape = {2, 3};
    for (int[] l : layouts) {
      Array w = BinaryOpsTest.batchedOperand(rng, null, DType.BOOL, shape, l[0]);
      Array a = BinaryOpsTest.batchedOperand(rng, Gen.uniform(-3, 3), DType.F32, shape, l[1]);
      Array b = BinaryOpsTest.batchedOperand(rng, Gen.uniform(-3, 3), DType.F32, shape, l[2]);
      ElementwiseTesting.checkBatchRule(SELECT, Params.EMPTY, List.of(w, a, b), l);
    }
  }

  @Test
  void selectAbstractEvalErrors() {
    ShapedArray f = new ShapedArray(new long[] {3}, DType.F32);
    ShapedArray b = new ShapedArray(new long[] {3}, DType.BOOL);
    ShapedArray b2 = new ShapedArray(new long[] {2}, DType.BOOL);
    ShapedArray i = new ShapedArray(new long[] {3}, DType.I32);
    for (List<ShapedArray> in :
        List.of(List.of(f, f, f), List.of(b2, f, f), List.of(b, f, i), List.of(b, f))) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> PrimitiveRules.outputAvals(SELECT, in, Params.EMPTY));
      assertTrue(e.getMessage().contains("select_n"), e.getMessage());
    }
  }

  // ---- clamp --------------------------------------------------------------------------------

  static Stream<Arguments> clampCases() {
    return Stream.of(DType.I32, DType.I64, DType.F32, DType.F64)
        .flatMap(
            t ->
                Arrays.stream(ElementwiseTesting.SHAPES)
                    .flatMap(s -> Stream.of(Arguments.of(t, s, true), Arguments.of(t, s, false))));
  }

  @ParameterizedTest(name = "{0}{1} scalar bounds: {2}")
  @MethodSource("clampCases")
  void clampMatchesLibtorch(DType t, long[] shape, boolean scalarBounds) {
    Random rng = new Random(t.ordinal() * 3L + shape.length);
    long[] bs = scalarBounds ? new long[0] : shape;
    Pair lo = ElementwiseTesting.random(rng, Gen.uniform(-3, 1), t, bs);
    Pair x = ElementwiseTesting.random(rng, Gen.uniform(-4, 4), t, shape);
    Pair hi = ElementwiseTesting.random(rng, Gen.uniform(-1, 3), t, bs); // sometimes below lo
    Comparison.assertClose(
        "result",
        x.torch().clamp(new TensorOptional(lo.torch()), new TensorOptional(hi.torch())),
        ElementwiseOps.clamp(lo.jax(), x.jax(), hi.jax()),
        tolerance(t));
  }

  @Test
  void clampVjpMatchesFiniteDifferencesAndLibtorch() {
    Random rng = new Random(21);
    long[] s = {2, 3};
    // Values away from the kinks, including a row where lo > hi.
    double[] lo = {-1, -1, -1, 0.5, 0.5, 0.5};
    double[] x = {-2, 0.3, 2, -2, 0.1, 2};
    double[] hi = {1, 1, 1, -0.5, -0.5, -0.5};
    List<long[]> shapes = List.of(s, s, s);
    ElementwiseTesting.checkVjpByFiniteDifferences(
        CLAMP, Params.EMPTY, List.of(lo, x, hi), shapes, rng, 1e-6);
    ElementwiseTesting.checkVjpAgainstTorch(
        CLAMP,
        Params.EMPTY,
        List.of(lo, x, hi),
        shapes,
        ts -> ts.get(1).clamp(new TensorOptional(ts.get(0)), new TensorOptional(ts.get(2))),
        rng,
        1e-12,
        0,
        1,
        2);
    // Ties go to x, as in libtorch.
    double[] tie = {-1, 1, -1, 1, 0, 0};
    double[] los = {-1, -1, -1, -1, -1, -1};
    double[] his = {1, 1, 1, 1, 1, 1};
    ElementwiseTesting.checkVjpAgainstTorch(
        CLAMP,
        Params.EMPTY,
        List.of(los, tie, his),
        shapes,
        ts -> ts.get(1).clamp(new TensorOptional(ts.get(0)), new TensorOptional(ts.get(2))),
        rng,
        1e-12,
        0,
        1,
        2);
  }

  @Test
  void clampVjpWithScalarBoundsSums() {
    Random rng = new Random(22);
    long[] s = {2, 3};
    double[] x = {-2, 0.3, 2, -2.5, 0.1, 3};
    List<long[]> shapes = List.of(new long[0], s, new long[0]);
    List<double[]> in = List.of(new double[] {-1}, x, new double[] {1.5});
    ElementwiseTesting.checkVjpByFiniteDifferences(CLAMP, Params.EMPTY, in, shapes, rng, 1e-6);
    ElementwiseTesting.checkVjpAgainstTorch(
        CLAMP,
        Params.EMPTY,
        in,
        shapes,
        ts -> ts.get(1).clamp(new TensorOptional(ts.get(0)), new TensorOptional(ts.get(2))),
        rng,
        1e-12,
        0,
        1,
        2);
  }

  @Test
  void clampOfIntegersGetsNoCotangent() {
    Array x = ElementwiseTesting.array(DType.I32, new double[] {1, 5}, 2);
    Array b = ElementwiseTesting.array(DType.I32, new double[] {2}, new long[0]);
    ElementwiseTesting.assertNoCotangents(CLAMP, Params.EMPTY, List.of(b, x, b), x);
  }

  @Test
  void clampBatchRuleMatchesLoop() {
    Random rng = new Random(23);
    int n = Batched.NOT_MAPPED;
    long[] shape = {2, 3};
    int[][] layouts = {{0, 0, 0}, {2, 1, 0}, {n, 1, n}, {n, 2, 0}, {1, n, n}};
    for (boolean scalarBounds : new boolean[] {false, true}) {
      long[] bs = scalarBounds ? new long[0] : shape;
      for (int[] l : layouts) {
        if (scalarBounds && (l[0] > 0 || l[2] > 0)) {
          continue; // a batched scalar has only axis 0
        }
        Array lo = BinaryOpsTest.batchedOperand(rng, Gen.uniform(-3, 0), DType.F32, bs, l[0]);
        Array x = BinaryOpsTest.batchedOperand(rng, Gen.uniform(-4, 4), DType.F32, shape, l[1]);
        Array hi = BinaryOpsTest.batchedOperand(rng, Gen.uniform(0, 3), DType.F32, bs, l[2]);
        ElementwiseTesting.checkBatchRule(CLAMP, Params.EMPTY, List.of(lo, x, hi), l);
      }
    }
  }

  @Test
  void clampAbstractEvalErrors() {
    ShapedArray f = new ShapedArray(new long[] {3}, DType.F32);
    ShapedArray f2 = new ShapedArray(new long[] {2}, DType.F32);
    ShapedArray d = new ShapedArray(new long[0], DType.F64);
    ShapedArray b = new ShapedArray(new long[] {3}, DType.BOOL);
    for (List<ShapedArray> in : List.of(List.of(f2, f, f), List.of(f, f, d), List.of(b, b, b))) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> PrimitiveRules.outputAvals(CLAMP, in, Params.EMPTY));
      assertTrue(e.getMessage().contains("clamp"), e.getMessage());
    }
    ShapedArray s = new ShapedArray(new long[0], DType.F32);
    assertEquals(List.of(f), PrimitiveRules.outputAvals(CLAMP, List.of(s, f, f), Params.EMPTY));
  }

  // ---- convert_element_type -----------------------------------------------------------------

  static Stream<Arguments> convertCases() {
    return Arrays.stream(ALL).flatMap(from -> Arrays.stream(ALL).map(to -> Arguments.of(from, to)));
  }

  @ParameterizedTest(name = "{0} to {1}")
  @MethodSource("convertCases")
  void convertMatchesLibtorch(DType from, DType to) {
    Random rng = new Random(from.ordinal() * 13L + to.ordinal());
    for (long[] shape : ElementwiseTesting.SHAPES) {
      Pair x = ElementwiseTesting.random(rng, Gen.uniform(-100, 100), from, shape);
      Comparison.assertClose(
          "result",
          x.torch().to(scalarType(to)),
          ElementwiseOps.convert(x.jax(), to),
          tolerance(to));
    }
  }

  private static ScalarType scalarType(DType t) {
    return switch (t) {
      case BOOL -> ScalarType.Bool;
      case I32 -> ScalarType.Int;
      case I64 -> ScalarType.Long;
      case F32 -> ScalarType.Float;
      case F64 -> ScalarType.Double;
      default -> throw new IllegalArgumentException(t.toString());
    };
  }

  @Test
  void convertToTheSameDtypeIsTheIdentity() {
    Array x = ElementwiseTesting.array(DType.F32, new double[] {1, 2}, 2);
    assertSame(x, ElementwiseOps.convert(x, DType.F32));
  }

  @Test
  void convertVjp() {
    Params toF32 = Params.of("new_dtype", DType.F32);
    Array x = ElementwiseTesting.array(DType.F64, new double[] {1.5, -2.25}, 2);
    Array ct = ElementwiseTesting.array(DType.F32, new double[] {0.5, 4}, 2);
    Array g = PrimitiveChecks.vjp(CONVERT, toF32, List.of(x), List.of(ct)).getFirst();
    assertEquals(DType.F64, g.dtype());
    Comparison.assertValues("f64 -> f32", new double[] {0.5, 4}, g.toDoubleArray(), 0);
    // libtorch autograd through .to(Float)
    Tensor t =
        ElementwiseTesting.tensor(DType.F64, new double[] {1.5, -2.25}, 2).requires_grad_(true);
    t.to(ScalarType.Float)
        .backward(
            ElementwiseTesting.tensor(DType.F32, new double[] {0.5, 4}, 2),
            new org.bytedeco.pytorch.BoolOptional(),
            false,
            new org.bytedeco.pytorch.TensorArrayRefOptional());
    Comparison.assertValues(
        "vs libtorch", ElementwiseTesting.values(t.grad()), g.toDoubleArray(), 0);
    // float to integer: piecewise constant, zero cotangent; integer operands: none.
    Params toI32 = Params.of("new_dtype", DType.I32);
    Array ict = ElementwiseTesting.array(DType.I32, new double[] {3, 3}, 2);
    Comparison.assertValues(
        "f64 -> i32",
        new double[] {0, 0},
        PrimitiveChecks.vjp(CONVERT, toI32, List.of(x), List.of(ict)).getFirst().toDoubleArray(),
        0);
    Array i = ElementwiseTesting.array(DType.I32, new double[] {1, 2}, 2);
    ElementwiseTesting.assertNoCotangents(
        CONVERT, Params.of("new_dtype", DType.F32), List.of(i), ct);
    // finite differences, f64 -> f64 via f32 is not smooth; check f64 -> f64 identity-like path
    ElementwiseTesting.checkVjpByFiniteDifferences(
        CONVERT,
        Params.of("new_dtype", DType.F64),
        List.of(new double[] {1, 2, 3}),
        List.of(new long[] {3}),
        new Random(1),
        1e-9);
  }

  @Test
  void convertBatchRuleMatchesLoop() {
    Random rng = new Random(31);
    for (int bdim = 0; bdim < 3; bdim++) {
      Array x =
          BinaryOpsTest.batchedOperand(rng, Gen.uniform(-9, 9), DType.F32, new long[] {2, 3}, bdim);
      ElementwiseTesting.checkBatchRule(
          CONVERT, Params.of("new_dtype", DType.I32), List.of(x), new int[] {bdim});
    }
  }
}
