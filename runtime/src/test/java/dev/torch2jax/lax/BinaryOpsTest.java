package dev.torch2jax.lax;

import static dev.torch2jax.opinfo.Tolerances.tolerance;
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
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.lax.ElementwiseTesting.Gen;
import dev.torch2jax.lax.ElementwiseTesting.Pair;
import dev.torch2jax.opinfo.Comparison;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.LongBinaryOperator;
import java.util.stream.Stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.pytorch.StringViewOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The binary elementwise primitives: forward against libtorch, VJP rules, batch rules, errors. */
class BinaryOpsTest {
  private static final DType[] ALL = {DType.BOOL, DType.I32, DType.I64, DType.F32, DType.F64};
  private static final DType[] NUMBERS = {DType.I32, DType.I64, DType.F32, DType.F64};
  private static final DType[] FLOATS = {DType.F32, DType.F64};
  private static final DType[] BITS = {DType.BOOL, DType.I32, DType.I64};
  private static final DType[] INTS = {DType.I32, DType.I64};

  /**
   * A binary primitive, its API function, libtorch's version (null: checked against {@code ref} in
   * Java), and where each operand's values come from (integer dtypes draw from {@code intX}, {@code
   * intY}).
   */
  record Binary(
      String name,
      BinaryOperator<Array> api,
      BinaryOperator<Tensor> torch,
      Gen x,
      Gen y,
      Gen intX,
      Gen intY,
      DType[] dtypes) {
    Primitive primitive() {
      return Primitive.of(name);
    }

    Gen gen(int operand, DType t) {
      boolean integer = !t.isFloatingPoint();
      return operand == 0 ? (integer ? intX : x) : (integer ? intY : y);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  // libtorch keeps a string_view of the rounding mode: the characters must outlive the call.
  private static final BytePointer TRUNC_CHARS = new BytePointer("trunc");
  private static final StringViewOptional TRUNC = new StringViewOptional(TRUNC_CHARS);

  private static final Gen ANY = Gen.uniform(-3, 3);
  private static final Gen SMALL_INTS = Gen.ints(-20, 20);
  private static final Gen NONZERO_INTS =
      rng -> (rng.nextBoolean() ? 1 : -1) * (1 + rng.nextInt(6));
  private static final Gen AWAY_FROM_ZERO = Gen.signed(0.3, 3);

  static final List<Binary> OPS =
      List.of(
          new Binary(
              "add", ElementwiseOps::add, Tensor::add, ANY, ANY, SMALL_INTS, SMALL_INTS, ALL),
          new Binary(
              "sub", ElementwiseOps::sub, Tensor::sub, ANY, ANY, SMALL_INTS, SMALL_INTS, NUMBERS),
          new Binary(
              "mul", ElementwiseOps::mul, Tensor::mul, ANY, ANY, SMALL_INTS, SMALL_INTS, ALL),
          new Binary(
              "div",
              ElementwiseOps::div,
              (a, b) ->
                  ElementwiseTesting.dtypeOf(a).isFloatingPoint() ? a.div(b) : a.div(b, TRUNC),
              ANY,
              AWAY_FROM_ZERO,
              SMALL_INTS,
              NONZERO_INTS,
              NUMBERS),
          new Binary(
              "rem",
              ElementwiseOps::rem,
              Tensor::fmod,
              ANY,
              AWAY_FROM_ZERO,
              SMALL_INTS,
              NONZERO_INTS,
              NUMBERS),
          new Binary(
              "pow",
              ElementwiseOps::pow,
              Tensor::pow,
              Gen.uniform(0.2, 3),
              Gen.uniform(-2, 2),
              Gen.ints(-4, 5),
              Gen.ints(0, 6),
              NUMBERS),
          new Binary(
              "max", ElementwiseOps::max, torch::maximum, ANY, ANY, SMALL_INTS, SMALL_INTS, ALL),
          new Binary(
              "min", ElementwiseOps::min, torch::minimum, ANY, ANY, SMALL_INTS, SMALL_INTS, ALL),
          new Binary("atan2", ElementwiseOps::atan2, Tensor::atan2, ANY, ANY, null, null, FLOATS),
          new Binary(
              "and",
              ElementwiseOps::and,
              Tensor::bitwise_and,
              ANY,
              ANY,
              SMALL_INTS,
              SMALL_INTS,
              BITS),
          new Binary(
              "or", ElementwiseOps::or, Tensor::bitwise_or, ANY, ANY, SMALL_INTS, SMALL_INTS, BITS),
          new Binary(
              "xor",
              ElementwiseOps::xor,
              Tensor::bitwise_xor,
              ANY,
              ANY,
              SMALL_INTS,
              SMALL_INTS,
              BITS),
          new Binary(
              "shift_left",
              ElementwiseOps::shiftLeft,
              Tensor::bitwise_left_shift,
              ANY,
              ANY,
              Gen.ints(-1000, 1000),
              Gen.ints(0, 20),
              INTS),
          new Binary(
              "shift_right_arithmetic",
              ElementwiseOps::shiftRightArithmetic,
              Tensor::bitwise_right_shift,
              ANY,
              ANY,
              Gen.ints(-100000, 100000),
              Gen.ints(0, 31),
              INTS));

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
  void forwardMatchesLibtorch(Binary op, DType dtype, long[] shape) {
    Random rng = new Random(op.name().hashCode() + 31L * dtype.ordinal() + shape.length);
    Pair x = ElementwiseTesting.random(rng, op.gen(0, dtype), dtype, shape);
    Pair y = ElementwiseTesting.random(rng, op.gen(1, dtype), dtype, shape);
    Comparison.assertClose(
        "result",
        op.torch().apply(x.torch(), y.torch()),
        op.api().apply(x.jax(), y.jax()),
        tolerance(dtype));
  }

  @Test
  void shiftsBeyondTheBitWidth() {
    // StableHLO: shifting by the bit width or more gives 0, or the sign fill for arithmetic shifts.
    checkIntegerOp(
        ElementwiseOps::shiftLeft,
        (a, b) -> b >= 32 || b < 0 ? 0 : a << b,
        (a, b) -> b >= 64 || b < 0 ? 0 : a << b);
    checkIntegerOp(
        ElementwiseOps::shiftRightArithmetic,
        (a, b) -> b >= 32 || b < 0 ? (a < 0 ? -1 : 0) : a >> b,
        (a, b) -> b >= 64 || b < 0 ? (a < 0 ? -1 : 0) : a >> b);
    checkIntegerOp(
        ElementwiseOps::shiftRightLogical,
        (a, b) -> b >= 32 || b < 0 ? 0 : a >>> b,
        (a, b) -> b >= 64 || b < 0 ? 0 : a >>> b);
  }

  private interface IntOp {
    int apply(int a, int b);
  }

  private static void checkIntegerOp(
      BinaryOperator<Array> op, IntOp ints, LongBinaryOperator longs) {
    long[] a = {-1, Long.MIN_VALUE, 5, -123456789, 1L << 40, Integer.MIN_VALUE, 77};
    long[] b = {0, 1, 3, 7, 31, 33, 64};
    for (DType t : INTS) {
      long[] want = new long[a.length];
      for (int i = 0; i < a.length; i++) {
        want[i] =
            t == DType.I32 ? ints.apply((int) a[i], (int) b[i]) : longs.applyAsLong(a[i], b[i]);
      }
      long[] got = op.apply(exact(t, a), exact(t, b)).toLongArray();
      assertEquals(Arrays.toString(want), Arrays.toString(got), t.toString());
    }
  }

  /** An integer array with exact values (doubles cannot hold every int64); int32 wraps. */
  private static Array exact(DType t, long[] v) {
    return t == DType.I64
        ? Array.of(v.clone(), v.length)
        : Array.of(Arrays.stream(v).mapToInt(l -> (int) l).toArray(), v.length);
  }

  // ---- VJP ----------------------------------------------------------------------------------

  static Stream<Binary> differentiableOps() {
    return OPS.stream().filter(op -> !PrimitiveRules.isNotDifferentiable(op.primitive()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("differentiableOps")
  void vjpMatchesFiniteDifferencesAndLibtorch(Binary op) {
    Random rng = new Random(op.name().hashCode());
    long[] shape = {2, 3};
    double[] x = ElementwiseTesting.values(rng, op.x(), DType.F64, 6);
    double[] y = ElementwiseTesting.values(rng, op.y(), DType.F64, 6);
    if (op.name().equals("max") || op.name().equals("min")) {
      y[0] = x[0]; // a tie: both share the cotangent (no finite difference there)
    }
    List<double[]> in = List.of(x, y);
    List<long[]> shapes = List.of(shape, shape);
    if (!op.name().equals("max") && !op.name().equals("min")) {
      ElementwiseTesting.checkVjpByFiniteDifferences(
          op.primitive(), Params.EMPTY, in, shapes, rng, 1e-6);
    }
    ElementwiseTesting.checkVjpAgainstTorch(
        op.primitive(),
        Params.EMPTY,
        in,
        shapes,
        ts -> op.torch().apply(ts.get(0), ts.get(1)),
        rng,
        1e-10,
        0,
        1);
  }

  @Test
  void maxAndMinVjpAwayFromTiesMatchFiniteDifferences() {
    Random rng = new Random(3);
    double[] x = ElementwiseTesting.values(rng, ANY, DType.F64, 6);
    double[] y = ElementwiseTesting.values(rng, ANY, DType.F64, 6);
    for (String name : List.of("max", "min")) {
      ElementwiseTesting.checkVjpByFiniteDifferences(
          Primitive.of(name),
          Params.EMPTY,
          List.of(x, y),
          List.of(new long[] {6}, new long[] {6}),
          rng,
          1e-6);
    }
  }

  @Test
  void integerOperandsGetNoCotangent() {
    Array x = ElementwiseTesting.array(DType.I64, new double[] {-2, 1, 3}, 3);
    for (String name : List.of("add", "sub", "mul", "div", "rem", "pow", "max", "min")) {
      ElementwiseTesting.assertNoCotangents(Primitive.of(name), Params.EMPTY, List.of(x, x), x);
    }
  }

  @Test
  void bitwiseOpsAreNotDifferentiable() {
    for (String name :
        List.of(
            "and",
            "or",
            "xor",
            "shift_left",
            "shift_right_arithmetic",
            "shift_right_logical",
            "compare")) {
      UnsupportedOperationException e =
          assertThrows(
              UnsupportedOperationException.class, () -> PrimitiveRules.vjp(Primitive.of(name)));
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
  }

  // ---- batching -----------------------------------------------------------------------------

  static Stream<Arguments> batchCases() {
    int[][] layouts = {{1, 1}, {0, 2}, {2, 1}, {0, Batched.NOT_MAPPED}, {Batched.NOT_MAPPED, 1}};
    return Stream.concat(OPS.stream(), Stream.of(LOGICAL_SHIFT))
        .flatMap(op -> Arrays.stream(layouts).map(l -> Arguments.of(op, l)));
  }

  private static final Binary LOGICAL_SHIFT =
      new Binary(
          "shift_right_logical",
          ElementwiseOps::shiftRightLogical,
          null,
          ANY,
          ANY,
          Gen.ints(-1000, 1000),
          Gen.ints(0, 40),
          INTS);

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("batchCases")
  void batchRuleMatchesLoop(Binary op, int[] bdims) {
    Random rng = new Random(op.name().hashCode());
    DType t = op.dtypes()[op.dtypes().length - 1];
    long[] shape = {2, 3};
    Array x = batchedOperand(rng, op.gen(0, t), t, shape, bdims[0]);
    Array y = batchedOperand(rng, op.gen(1, t), t, shape, bdims[1]);
    ElementwiseTesting.checkBatchRule(op.primitive(), Params.EMPTY, List.of(x, y), bdims);
  }

  static Array batchedOperand(Random rng, Gen gen, DType t, long[] shape, int bdim) {
    long[] s = bdim == Batched.NOT_MAPPED ? shape : PrimitiveChecks.withAxis(shape, bdim, 4);
    return ElementwiseTesting.random(rng, gen, t, s).jax();
  }

  // ---- abstract evaluation errors -----------------------------------------------------------

  static Stream<Arguments> badOperands() {
    ShapedArray f23 = new ShapedArray(new long[] {2, 3}, DType.F32);
    ShapedArray f3 = new ShapedArray(new long[] {3}, DType.F32);
    ShapedArray d23 = new ShapedArray(new long[] {2, 3}, DType.F64);
    ShapedArray i23 = new ShapedArray(new long[] {2, 3}, DType.I32);
    ShapedArray b23 = new ShapedArray(new long[] {2, 3}, DType.BOOL);
    return Stream.of(
        Arguments.of("add", List.of(f23, f3)),
        Arguments.of("mul", List.of(f23, d23)),
        Arguments.of("sub", List.of(b23, b23)),
        Arguments.of("div", List.of(b23, b23)),
        Arguments.of("rem", List.of(f23, i23)),
        Arguments.of("pow", List.of(b23, b23)),
        Arguments.of("atan2", List.of(i23, i23)),
        Arguments.of("and", List.of(f23, f23)),
        Arguments.of("xor", List.of(i23, b23)),
        Arguments.of("shift_left", List.of(b23, b23)),
        Arguments.of("shift_right_logical", List.of(f23, f23)),
        Arguments.of("compare", List.of(f23, i23)),
        Arguments.of("max", List.of(f23)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("badOperands")
  void abstractEvalRejectsBadOperands(String name, List<ShapedArray> in) {
    Params params =
        name.equals("compare") ? Params.of("direction", ComparisonDirection.EQ) : Params.EMPTY;
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PrimitiveRules.outputAvals(Primitive.of(name), in, params));
    assertTrue(e.getMessage().contains(name), e.getMessage());
    assertTrue(e.getMessage().contains(in.getFirst().toString()), e.getMessage());
  }

  @Test
  void abstractEvalGivesTheOperandType() {
    ShapedArray b = new ShapedArray(new long[] {0, 2}, DType.BOOL);
    ShapedArray u = new ShapedArray(new long[] {4}, DType.U32);
    assertEquals(
        List.of(b), PrimitiveRules.outputAvals(Primitive.of("add"), List.of(b, b), Params.EMPTY));
    assertEquals(
        List.of(b), PrimitiveRules.outputAvals(Primitive.of("xor"), List.of(b, b), Params.EMPTY));
    assertEquals(
        List.of(u),
        PrimitiveRules.outputAvals(
            Primitive.of("shift_right_logical"), List.of(u, u), Params.EMPTY));
  }

  @Test
  void floatRemainderAndPowerEdgeCases() {
    double[] x = {5.5, -5.5, 0, -0.0, 1, Double.POSITIVE_INFINITY, 2, 0, -8};
    double[] y = {2, 2, 3, 3, Double.NaN, 2, Double.POSITIVE_INFINITY, -1, 1.0 / 3};
    for (DType t : FLOATS) {
      Pair a = ElementwiseTesting.pair(t, x, x.length);
      Pair b = ElementwiseTesting.pair(t, y, y.length);
      Comparison.assertClose(
          "result", a.torch().fmod(b.torch()), ElementwiseOps.rem(a.jax(), b.jax()), tolerance(t));
      Comparison.assertClose(
          "result", a.torch().pow(b.torch()), ElementwiseOps.pow(a.jax(), b.jax()), tolerance(t));
      Comparison.assertClose(
          "result",
          a.torch().atan2(b.torch()),
          ElementwiseOps.atan2(a.jax(), b.jax()),
          tolerance(t));
    }
  }

  @Test
  void maxAndMinPropagateNaN() {
    double[] x = {Double.NaN, 1, Double.NaN};
    double[] y = {1, Double.NaN, Double.NaN};
    Pair a = ElementwiseTesting.pair(DType.F32, x, 3);
    Pair b = ElementwiseTesting.pair(DType.F32, y, 3);
    Comparison.assertClose(
        "result", torch.maximum(a.torch(), b.torch()), ElementwiseOps.max(a.jax(), b.jax()), 0);
    Comparison.assertClose(
        "result", torch.minimum(a.torch(), b.torch()), ElementwiseOps.min(a.jax(), b.jax()), 0);
    Comparison.assertValues(
        "max",
        new double[] {Double.NaN, Double.NaN, Double.NaN},
        ElementwiseOps.max(a.jax(), b.jax()).toDoubleArray(),
        0);
  }
}
