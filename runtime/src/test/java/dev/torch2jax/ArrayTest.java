package dev.torch2jax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArrayTest {
  @Test
  void factoriesKeepDataShapeAndDtype() {
    Array f = Array.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    assertArrayEquals(new long[] {2, 3}, f.shape());
    assertEquals(DType.F32, f.dtype());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, f.toFloatArray());
    assertArrayEquals(new double[] {0.5, -1}, Array.of(new double[] {0.5, -1}).toDoubleArray());
    assertEquals(DType.F64, Array.of(new double[] {0.5}).dtype());
    assertArrayEquals(new int[] {7, -8}, Array.of(new int[] {7, -8}).toIntArray());
    assertEquals(DType.I32, Array.of(new int[] {7}).dtype());
    assertArrayEquals(
        new long[] {Long.MAX_VALUE, Long.MIN_VALUE},
        Array.of(new long[] {Long.MAX_VALUE, Long.MIN_VALUE}).toLongArray());
    assertArrayEquals(
        new boolean[] {true, false}, Array.of(new boolean[] {true, false}).toBooleanArray());
    assertEquals(DType.BOOL, Array.of(new boolean[] {true}).dtype());
    assertArrayEquals(new long[] {3}, Array.of(new float[] {1, 2, 3}).shape());
  }

  @Test
  void scalarsAreZeroDimensional() {
    assertEquals(0, Array.scalar(1.5f).ndim());
    assertEquals(DType.F32, Array.scalar(1.5f).dtype());
    assertEquals(DType.F64, Array.scalar(1.5).dtype());
    assertEquals(DType.I64, Array.scalar(3L).dtype());
    assertArrayEquals(new long[] {3}, Array.scalar(3L).toLongArray());
  }

  @Test
  void wrongDataLengthNamesShapeAndCount() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Array.of(new float[5], 2, 3));
    assertTrue(e.getMessage().contains("5") && e.getMessage().contains("[2, 3]"), e.getMessage());
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void rawBytesRoundTripBitExactForEveryDtype(DType dtype) {
    byte[] bytes = new byte[12 * dtype.byteSize()];
    new Random(dtype.ordinal() + 100).nextBytes(bytes);
    if (dtype == DType.BOOL) {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] &= 1;
      }
    }
    Array a = Array.fromBytes(bytes, dtype, 3, 4);
    assertEquals(dtype, a.dtype());
    assertArrayEquals(bytes, a.toBytes());
  }

  @Test
  void halfPrecisionConvertsThroughFloat() {
    // 1.0 in f16 is 0x3C00, in bf16 0x3F80 (little-endian bytes).
    assertArrayEquals(
        new float[] {1f}, Array.fromBytes(new byte[] {0x00, 0x3C}, DType.F16, 1).toFloatArray());
    assertArrayEquals(
        new float[] {1f},
        Array.fromBytes(new byte[] {(byte) 0x80, 0x3F}, DType.BF16, 1).toFloatArray());
    assertArrayEquals(
        new long[] {255}, Array.fromBytes(new byte[] {(byte) 0xFF}, DType.U8, 1).toLongArray());
  }

  @Test
  void toStringShowsDtypeShapeAndValues() {
    String s = Array.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).toString();
    assertEquals("Array(float32[2, 3],\n[[1.0, 2.0, 3.0],\n [4.0, 5.0, 6.0]])", s);
    assertEquals("Array(int64[],\n7)", Array.scalar(7L).toString());
    assertEquals(
        "Array(bool[2],\n[true, false])", Array.of(new boolean[] {true, false}).toString());
    String big = Array.of(new float[2000]).toString();
    assertTrue(big.contains("0.0, 0.0, 0.0, ..., 0.0, 0.0, 0.0"), big);
    assertTrue(big.length() < 200, big);
  }

  @Test
  void closedArraysRefuseReads() {
    Array a = Array.of(new float[] {1});
    a.close();
    assertThrows(IllegalStateException.class, a::toFloatArray);
  }
}
