package dev.torch2jax.aten;

import static dev.torch2jax.aten.PointwiseOracle.check;
import static dev.torch2jax.aten.PointwiseOracle.checkBothThrow;
import static dev.torch2jax.aten.PointwiseOracle.sample;

import dev.torch2jax.DType;
import dev.torch2jax.aten.PointwiseArithmeticTest.Case;
import dev.torch2jax.aten.PointwiseOracle.Dist;
import dev.torch2jax.aten.PointwiseOracle.T;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Comparisons, logical and bitwise ops and shifts against libtorch. */
class PointwiseCompareTest {
  static Stream<String[]> comparisons() {
    return Stream.of(
        new String[] {"eq", "=="},
        new String[] {"ne", "!="},
        new String[] {"lt", "<"},
        new String[] {"le", "<="},
        new String[] {"gt", ">"},
        new String[] {"ge", ">="});
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("comparisons")
  void comparisonsWithTensorsAndNumbers(String name, String op) {
    Random rng = new Random(name.hashCode());
    for (Case c : PointwiseArithmeticTest.CASES) {
      T a = sample(rng, c.a(), Dist.WIDE, c.sa());
      T b = sample(rng, c.b(), Dist.WIDE, c.sb());
      check("aten::" + name + ".Tensor", "a0 " + op + " a1", a, b);
    }
    T nan = sample(rng, DType.F32, Dist.SPECIAL, 4, 3);
    check("aten::" + name + ".Tensor", "a0 " + op + " a1", nan, nan);
    for (DType d : PointwiseUnaryTest.ALL) {
      T x = sample(rng, d, Dist.WIDE, 2, 3);
      // 2.5 against integers compares in float32; 3 against floats in their dtype.
      check("aten::" + name + ".Scalar", "a0 " + op + " a1", x, 2.5);
      check("aten::" + name + ".Scalar", "torch." + name + "(a0, a1)", x, 3L);
    }
    check(
        "aten::" + name + "_.Scalar", "a0 " + op + " a1", sample(rng, DType.F32, Dist.WIDE, 3), 1L);
    check(
        "aten::" + name + ".Tensor",
        "a0 " + op + " a1",
        sample(rng, DType.F64, Dist.WIDE, 2, 3),
        sample(rng, DType.F64, Dist.WIDE, 3));
  }

  static Stream<String> logical() {
    return Stream.of("and", "or", "xor");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("logical")
  void logicalAndBitwise(String name) {
    Random rng = new Random(name.hashCode());
    for (Case c : PointwiseArithmeticTest.CASES) {
      T a = sample(rng, c.a(), Dist.SPECIAL, c.sa());
      T b = sample(rng, c.b(), Dist.DEFAULT, c.sb());
      check("aten::logical_" + name, "torch.logical_" + name + "(a0, a1)", a, b);
    }
    String sym =
        switch (name) {
          case "and" -> "&";
          case "or" -> "|";
          default -> "^";
        };
    List<DType> ints = PointwiseUnaryTest.INTS;
    for (DType x : ints) {
      for (DType y : ints) {
        T a = sample(rng, x, Dist.WIDE, 2, 3);
        T b = sample(rng, y, Dist.WIDE, 3);
        check("aten::bitwise_" + name + ".Tensor", "torch.bitwise_" + name + "(a0, a1)", a, b);
        check("aten::__" + name + "__.Tensor", "a0 " + sym + " a1", a, b);
      }
      T a = sample(rng, x, Dist.WIDE, 2, 3);
      check("aten::bitwise_" + name + ".Scalar", "torch.bitwise_" + name + "(a0, a1)", a, 6L);
      check("aten::__" + name + "__.Scalar", "a0 " + sym + " a1", a, 6L);
      check(
          "aten::bitwise_" + name + ".Scalar_Tensor", "torch.bitwise_" + name + "(a0, a1)", 6L, a);
    }
    checkBothThrow(
        "aten::bitwise_" + name + ".Tensor",
        "torch.bitwise_" + name + "(a0, a1)",
        sample(rng, DType.F32, Dist.DEFAULT, 3),
        sample(rng, DType.I32, Dist.DEFAULT, 3));
    check(
        "aten::logical_" + name,
        "torch.logical_" + name + "(a0, a1)",
        sample(rng, DType.F64, Dist.SPECIAL, 2, 3),
        sample(rng, DType.I64, Dist.DEFAULT, 2, 3));
  }

  @Test
  void shifts() {
    Random rng = new Random(17);
    for (DType d : List.of(DType.I32, DType.I64)) {
      T a = sample(rng, d, Dist.WIDE, 2, 3);
      T s = sample(rng, d, Dist.SMALL, 3);
      check("aten::bitwise_left_shift.Tensor", "torch.bitwise_left_shift(a0, a1)", a, s);
      check("aten::bitwise_right_shift.Tensor", "torch.bitwise_right_shift(a0, a1)", a, s);
      check("aten::__lshift__.Tensor", "a0 << a1", a, s);
      check("aten::__rshift__.Tensor", "a0 >> a1", a, s);
      check("aten::bitwise_left_shift.Tensor_Scalar", "torch.bitwise_left_shift(a0, a1)", a, 3L);
      check("aten::bitwise_right_shift.Tensor_Scalar", "torch.bitwise_right_shift(a0, a1)", a, 2L);
      check("aten::__lshift__.Scalar", "a0 << a1", a, 3L);
      check("aten::__rshift__.Scalar", "a0 >> a1", a, 1L);
      check("aten::bitwise_left_shift.Scalar_Tensor", "torch.bitwise_left_shift(a0, a1)", 5L, s);
      check(
          "aten::bitwise_right_shift.Scalar_Tensor", "torch.bitwise_right_shift(a0, a1)", -77L, s);
    }
    // Shifts by the width or more: 0 to the left, the sign to the right, as libtorch.
    T big = PointwiseOracle.of(DType.I32, Dist.DEFAULT, new double[] {-7, 7, -1, 5}, 4);
    T amount = PointwiseOracle.of(DType.I32, Dist.DEFAULT, new double[] {32, 33, 40, 31}, 4);
    check("aten::bitwise_left_shift.Tensor", "torch.bitwise_left_shift(a0, a1)", big, amount);
    check("aten::bitwise_right_shift.Tensor", "torch.bitwise_right_shift(a0, a1)", big, amount);
    check(
        "aten::bitwise_left_shift.Tensor",
        "torch.bitwise_left_shift(a0, a1)",
        sample(rng, DType.I64, Dist.WIDE, 2, 3),
        sample(rng, DType.I64, Dist.SMALL, 2, 3));
  }
}
