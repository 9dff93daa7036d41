package dev.torch2jax.hlo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.torch2jax.DType;
import org.junit.jupiter.api.Test;

class TensorTypeTest {

  @Test
  void spellsTypesLikeMlir() {
    assertEquals("tensor<2x3xf32>", TensorType.of(DType.F32, 2, 3).toString());
    assertEquals("tensor<f32>", TensorType.scalar(DType.F32).toString());
    assertEquals("tensor<0x3xf32>", TensorType.of(DType.F32, 0, 3).toString());
    assertEquals("tensor<4xi1>", TensorType.of(DType.BOOL, 4).toString());
    assertEquals("tensor<1xui8>", TensorType.of(DType.U8, 1).toString());
    assertEquals("tensor<2x2xbf16>", TensorType.of(DType.BF16, 2, 2).toString());
  }

  @Test
  void rankAndElementCount() {
    TensorType t = TensorType.of(DType.I64, 2, 3, 4);
    assertEquals(3, t.rank());
    assertEquals(24, t.elementCount());
    assertEquals(0, TensorType.scalar(DType.F32).rank());
    assertEquals(1, TensorType.scalar(DType.F32).elementCount());
    assertEquals(0, TensorType.of(DType.F32, 0, 3).elementCount());
  }

  @Test
  void equalsByContent() {
    TensorType a = new TensorType(new long[] {2, 3}, DType.F32);
    TensorType b = TensorType.of(DType.F32, 2, 3);
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, TensorType.of(DType.F64, 2, 3));
    assertNotEquals(a, TensorType.of(DType.F32, 3, 2));
    assertEquals(TensorType.of(DType.BOOL, 2, 3), a.withDType(DType.BOOL));
  }

  @Test
  void shapeIsCopied() {
    long[] dims = {2, 3};
    TensorType t = new TensorType(dims, DType.F32);
    dims[0] = 7;
    t.shape()[1] = 9;
    assertEquals("tensor<2x3xf32>", t.toString());
  }

  @Test
  void rejectsNegativeDimensions() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TensorType.of(DType.F32, 2, -1));
    assertEquals("negative dimension in shape [2, -1]", e.getMessage());
  }
}
