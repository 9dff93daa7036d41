package dev.torch2jax.hlo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.DType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ConstantTest {

  private static TensorType t(DType dtype, long... shape) {
    return TensorType.of(dtype, shape);
  }

  @Test
  void floatSplatLikeMlirPrints() {
    assertEquals(
        "dense<1.000000e+00> : tensor<f32>",
        DenseLiteral.ofDoubles(t(DType.F32), new double[] {1.0}));
    assertEquals(
        "dense<-2.500000e-01> : tensor<2x3xf64>",
        DenseLiteral.ofDoubles(t(DType.F64, 2, 3), new double[] {-0.25}));
  }

  @Test
  void moreDigitsOnlyWhereSixDoNotRoundTrip() {
    assertEquals("1.000000e-01", DenseLiteral.floatText(0.1, DType.F32));
    assertEquals("1.000000e-01", DenseLiteral.floatText(0.1, DType.F64));
    assertEquals("3.3333334e-01", DenseLiteral.floatText(1.0 / 3, DType.F32));
    assertEquals("3.333333333333333e-01", DenseLiteral.floatText(1.0 / 3, DType.F64));
    assertEquals("1.23456789123e+08", DenseLiteral.floatText(123456789.123, DType.F64));
    assertEquals("1.401298e-45", DenseLiteral.floatText(1e-45, DType.F32));
  }

  @Test
  void negativeZeroKeepsItsSign() {
    for (DType d : List.of(DType.F64, DType.F32, DType.F16, DType.BF16)) {
      assertEquals("-0.000000e+00", DenseLiteral.floatText(-0.0, d), d.name());
      assertEquals("0.000000e+00", DenseLiteral.floatText(0.0, d), d.name());
    }
  }

  @Test
  void nanAndInfinitiesAreHexOfTheElementWidth() {
    double nan = Double.NaN;
    double inf = Double.POSITIVE_INFINITY;
    assertEquals("0x7FF8000000000000", DenseLiteral.floatText(nan, DType.F64));
    assertEquals("0x7FF0000000000000", DenseLiteral.floatText(inf, DType.F64));
    assertEquals("0xFFF0000000000000", DenseLiteral.floatText(-inf, DType.F64));
    assertEquals("0x7FC00000", DenseLiteral.floatText(nan, DType.F32));
    assertEquals("0x7F800000", DenseLiteral.floatText(inf, DType.F32));
    assertEquals("0xFF800000", DenseLiteral.floatText(-inf, DType.F32));
    assertEquals("0x7E00", DenseLiteral.floatText(nan, DType.F16));
    assertEquals("0x7C00", DenseLiteral.floatText(inf, DType.F16));
    assertEquals("0xFC00", DenseLiteral.floatText(-inf, DType.F16));
    assertEquals("0x7FC0", DenseLiteral.floatText(nan, DType.BF16));
    assertEquals("0x7F80", DenseLiteral.floatText(inf, DType.BF16));
    assertEquals("0xFF80", DenseLiteral.floatText(-inf, DType.BF16));
    assertEquals(
        "dense<0x7F800000> : tensor<f32>",
        DenseLiteral.ofDoubles(t(DType.F32), new double[] {inf}));
  }

  @Test
  void halfPrecisionValuesAreRoundedToTheType() {
    assertEquals("9.997559e-02", DenseLiteral.floatText(0.1, DType.F16));
    assertEquals("1.000977e-01", DenseLiteral.floatText(0.1, DType.BF16));
    assertEquals("6.550400e+04", DenseLiteral.floatText(65504, DType.F16));
    assertEquals("0x7C00", DenseLiteral.floatText(65520, DType.F16)); // rounds up to overflow
    assertEquals("6.553600e+04", DenseLiteral.floatText(65504, DType.BF16));
    assertEquals("5.960464e-08", DenseLiteral.floatText(6e-8, DType.F16)); // smallest subnormal
    assertEquals("0.000000e+00", DenseLiteral.floatText(2.9e-8, DType.F16)); // below half of it
    assertEquals("0x7F80", DenseLiteral.floatText(3.4e38, DType.BF16));
    // ties go to even: 1 + 2^-11 lies halfway between 1 and the next f16 after it
    assertEquals("1.000000e+00", DenseLiteral.floatText(1 + Math.scalb(1.0, -11), DType.F16));
    assertEquals("1.001953e+00", DenseLiteral.floatText(1 + 3 * Math.scalb(1.0, -11), DType.F16));
  }

  @Test
  void denseValuesAreNestedRowMajor() {
    assertEquals(
        "dense<[[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>",
        DenseLiteral.ofDoubles(t(DType.F32, 2, 2), new double[] {1, 2, 3, 4}));
    assertEquals(
        "dense<[[[1, 2]], [[3, 4]], [[5, 6]]]> : tensor<3x1x2xi32>",
        DenseLiteral.ofLongs(t(DType.I32, 3, 1, 2), new long[] {1, 2, 3, 4, 5, 6}));
    assertEquals(
        "dense<[true, false, true]> : tensor<3xi1>",
        DenseLiteral.ofBooleans(t(DType.BOOL, 3), new boolean[] {true, false, true}));
  }

  @Test
  void boolsFromBooleansOrZeroAndOne() {
    assertEquals(
        "dense<true> : tensor<i1>", DenseLiteral.ofBooleans(t(DType.BOOL), new boolean[] {true}));
    assertEquals(
        "dense<[false, true]> : tensor<2xi1>",
        DenseLiteral.ofLongs(t(DType.BOOL, 2), new long[] {0, 1}));
  }

  @Test
  void integersInRangeAndUnsignedAsUnsignedDecimals() {
    assertEquals(
        "dense<[18446744073709551615, 9223372036854775808]> : tensor<2xui64>",
        DenseLiteral.ofLongs(t(DType.U64, 2), new long[] {-1, Long.MIN_VALUE}));
    assertEquals(
        "dense<[255, 0]> : tensor<2xui8>",
        DenseLiteral.ofLongs(t(DType.U8, 2), new long[] {255, 0}));
    assertEquals(
        "dense<[-128, 127]> : tensor<2xi8>",
        DenseLiteral.ofLongs(t(DType.I8, 2), new long[] {-128, 127}));
    assertEquals(
        "dense<[-9223372036854775808, 9223372036854775807]> : tensor<2xi64>",
        DenseLiteral.ofLongs(t(DType.I64, 2), new long[] {Long.MIN_VALUE, Long.MAX_VALUE}));
    assertEquals(
        "dense<4294967295> : tensor<ui32>",
        DenseLiteral.ofLongs(t(DType.U32), new long[] {4294967295L}));
  }

  @Test
  void longsForFloatTypesAreRounded() {
    assertEquals(
        "dense<[7.000000e+00, -1.6777216e+07]> : tensor<2xf32>",
        DenseLiteral.ofLongs(t(DType.F32, 2), new long[] {7, -16777217}));
  }

  @Test
  void emptyTensorIsDenseOfNothing() {
    assertEquals(
        "dense<> : tensor<0x3xf32>", DenseLiteral.ofDoubles(t(DType.F32, 0, 3), new double[0]));
  }

  @Test
  void builderWritesTheConstantOp() {
    ModuleBuilder m = ModuleBuilder.create("c");
    FunctionBuilder f = m.function("main", List.of());
    f.returns(
        f.constant(t(DType.F32), 0.5),
        f.constant(t(DType.I32, 2), 1L, 2L),
        f.constant(t(DType.BOOL), false));
    assertEquals(
        """
        module @c {
          func.func public @main() -> (tensor<f32>, tensor<2xi32>, tensor<i1>) {
            %0 = "stablehlo.constant"() {value = dense<5.000000e-01> : tensor<f32>} : () -> tensor<f32>
            %1 = "stablehlo.constant"() {value = dense<[1, 2]> : tensor<2xi32>} : () -> tensor<2xi32>
            %2 = "stablehlo.constant"() {value = dense<false> : tensor<i1>} : () -> tensor<i1>
            "func.return"(%0, %1, %2) : (tensor<f32>, tensor<2xi32>, tensor<i1>) -> ()
          }
        }
        """,
        m.toText());
  }

  @Test
  void rejectsWrongCounts() {
    assertFails(
        "stablehlo.constant: 3 values for tensor<2x2xf32> (needs 1 or 4)",
        () -> DenseLiteral.ofDoubles(t(DType.F32, 2, 2), new double[] {1, 2, 3}));
    assertFails(
        "stablehlo.constant: 0 values for tensor<2xi32> (needs 1 or 2)",
        () -> DenseLiteral.ofLongs(t(DType.I32, 2), new long[0]));
  }

  @Test
  void rejectsValuesOutOfRange() {
    assertFails(
        "stablehlo.constant: value 256 is out of range for tensor<ui8>",
        () -> DenseLiteral.ofLongs(t(DType.U8), new long[] {256}));
    assertFails(
        "stablehlo.constant: value -1 is out of range for tensor<ui32>",
        () -> DenseLiteral.ofLongs(t(DType.U32), new long[] {-1}));
    assertFails(
        "stablehlo.constant: value -129 is out of range for tensor<i8>",
        () -> DenseLiteral.ofLongs(t(DType.I8), new long[] {-129}));
    assertFails(
        "stablehlo.constant: value 2147483648 is out of range for tensor<i32>",
        () -> DenseLiteral.ofLongs(t(DType.I32), new long[] {1L << 31}));
    assertFails(
        "stablehlo.constant: value 2 is not 0 or 1 for bool type tensor<i1>",
        () -> DenseLiteral.ofLongs(t(DType.BOOL), new long[] {2}));
  }

  @Test
  void rejectsValuesOfTheWrongKind() {
    assertFails(
        "stablehlo.constant: double values need a floating-point type, got tensor<2xi32>",
        () -> DenseLiteral.ofDoubles(t(DType.I32, 2), new double[] {1.0}));
    assertFails(
        "stablehlo.constant: boolean values need type i1, got tensor<f32>",
        () -> DenseLiteral.ofBooleans(t(DType.F32), new boolean[] {true}));
  }

  private static void assertFails(String message, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(message, e.getMessage());
    assertTrue(e.getMessage().startsWith("stablehlo.constant: "));
  }
}
