package dev.torch2jax.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import java.nio.ByteBuffer;
import java.util.Random;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TensorConversionTest {
  /** A tensor of {@code dtype} with random bits (bools 0/1). */
  private static Tensor randomTensor(DType dtype, long... shape) {
    int n = 1;
    for (long d : shape) {
      n *= (int) d;
    }
    byte[] bytes = new byte[n * dtype.byteSize()];
    new Random(dtype.ordinal() + 7).nextBytes(bytes);
    if (dtype == DType.BOOL) {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] &= 1;
      }
    }
    return Tensor.create(bytes, false, bytes.length)
        .view(ScalarTypes.toScalarType(dtype))
        .reshape(shape)
        .clone();
  }

  private static byte[] bytesOf(Tensor t) {
    Tensor raw = t.contiguous().reshape(-1).view(ScalarType.Byte);
    byte[] out = new byte[(int) raw.numel()];
    if (out.length > 0) {
      ByteBuffer b = raw.createBuffer();
      b.get(out);
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(DType.class)
  void everyDtypeRoundTripsBitExact(DType dtype) {
    Tensor t = randomTensor(dtype, 3, 4);
    Array a = T2J.t2j(t);
    assertEquals(dtype, a.dtype());
    assertArrayEquals(new long[] {3, 4}, a.shape());
    assertArrayEquals(bytesOf(t), a.toBytes());
    Tensor back = T2J.j2t(a);
    assertEquals(t.scalar_type().value, back.scalar_type().value);
    assertArrayEquals(t.shape(), back.shape());
    assertArrayEquals(bytesOf(t), bytesOf(back));
  }

  @Test
  void stridedAndNonContiguousTensorsAreReadInLogicalOrder() {
    Tensor t = Tensor.create(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
    assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, T2J.t2j(t.t()).toFloatArray());
    assertArrayEquals(new long[] {3, 2}, T2J.t2j(t.t()).shape());
    Tensor everyOther =
        Tensor.create(new long[] {0, 1, 2, 3, 4, 5, 6, 7})
            .slice(
                0,
                new org.bytedeco.pytorch.LongOptional(1),
                new org.bytedeco.pytorch.LongOptional(8),
                2);
    assertArrayEquals(new long[] {1, 3, 5, 7}, T2J.t2j(everyOther).toLongArray());
    Tensor expanded = Tensor.create(new double[] {1, 2}, 2, 1).expand(2, 3);
    assertArrayEquals(new double[] {1, 1, 1, 2, 2, 2}, T2J.t2j(expanded).toDoubleArray());
  }

  @Test
  void zeroSizeAndZeroDimensional() {
    Array empty = T2J.t2j(Tensor.create(new float[0], 0, 5));
    assertArrayEquals(new long[] {0, 5}, empty.shape());
    assertArrayEquals(new long[] {0, 5}, T2J.j2t(empty).shape());
    Tensor scalar = Tensor.create(new double[] {2.5}).reshape();
    Array a = T2J.t2j(scalar);
    assertEquals(0, a.ndim());
    assertEquals(2.5, a.item());
    assertEquals(0, T2J.j2t(a).dim());
    assertEquals(2.5, T2J.j2t(a).item_double());
  }

  @Test
  void unsupportedDtypeIsAClearError() {
    Tensor complex = Tensor.create(new float[] {1, 2}).to(ScalarType.ComplexHalf);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> T2J.t2j(complex));
    assertTrue(e.getMessage().contains("ComplexHalf"), e.getMessage());
  }
}
