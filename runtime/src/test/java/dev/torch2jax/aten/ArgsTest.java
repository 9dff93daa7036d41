package dev.torch2jax.aten;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.DType;
import dev.torch2jax.aten.testing.TestArray;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgsTest {
  private static final String OP = "aten::test";

  @Test
  void scalarTypeCodesFollowC10() {
    assertEquals(DType.U8, Args.scalarType(OP, "dtype", 0L));
    assertEquals(DType.I64, Args.scalarType(OP, "dtype", 4));
    assertEquals(DType.F32, Args.scalarType(OP, "dtype", 6L));
    assertEquals(DType.BOOL, Args.scalarType(OP, "dtype", 11L));
    assertEquals(DType.BF16, Args.scalarType(OP, "dtype", 15L));
    assertEquals(DType.U64, Args.scalarType(OP, "dtype", 29L));
    assertEquals(DType.F16, Args.scalarType(OP, "dtype", DType.F16));
    assertNull(Args.optionalScalarType(OP, "dtype", null));
    assertThrows(OpArgumentException.class, () -> Args.scalarType(OP, "dtype", null));
    assertThrows(OpArgumentException.class, () -> Args.scalarType(OP, "dtype", "float32"));
  }

  @Test
  void intListsAcceptListsArraysAndBroadcastScalars() {
    assertArrayEquals(new long[] {2, 2, 2}, Args.int64List(OP, "k", 2L, 3));
    assertArrayEquals(new long[] {1, 2}, Args.int64List(OP, "k", Arrays.asList(1, 2L), 0));
    long[] given = {5, 6};
    long[] converted = Args.int64List(OP, "k", given, 2);
    assertArrayEquals(given, converted);
    converted[0] = 0;
    assertEquals(5, given[0], "the caller's array is not shared");
    assertThrows(OpArgumentException.class, () -> Args.int64List(OP, "k", 2L, 0));
    assertThrows(OpArgumentException.class, () -> Args.int64List(OP, "k", List.of(1.0), 1));
  }

  @Test
  void scalarsFloatsAndBools() {
    assertEquals(3, Args.scalar(OP, "s", 3));
    assertEquals(2.0, Args.float64(OP, "f", 2L));
    assertArrayEquals(new double[] {1, 2.5}, Args.float64List(OP, "f", List.of(1L, 2.5)));
    assertTrue(Args.bool(OP, "b", true));
    assertArrayEquals(new boolean[] {true, true}, Args.boolList(OP, "b", true, 2));
    OpArgumentException e =
        assertThrows(OpArgumentException.class, () -> Args.scalar(OP, "s", true));
    assertTrue(e.getMessage().contains("bool scalars are not supported yet"));
    assertThrows(OpArgumentException.class, () -> Args.bool(OP, "b", 1L));
  }

  @Test
  void tensorListsAndOptionalElements() {
    TestArray x = new TestArray(DType.F32, 2);
    assertEquals(List.of(x, x), Args.tensorList(OP, "t", List.of(x, x)));
    assertEquals(Arrays.asList(x, null), Args.optionalTensorList(OP, "t", Arrays.asList(x, null)));
    OpArgumentException e =
        assertThrows(
            OpArgumentException.class, () -> Args.tensorList(OP, "t", Arrays.asList(x, null)));
    assertTrue(e.getMessage().contains("element 1"), e.getMessage());
  }

  @Test
  void deviceLayoutMemoryFormatGeneratorAcceptOnlyDefaults() {
    assertNull(Args.device(OP, "device", null));
    assertEquals("cpu", Args.device(OP, "device", "cpu"));
    assertThrows(OpArgumentException.class, () -> Args.device(OP, "device", "cuda"));
    assertEquals(0L, Args.layout(OP, "layout", 0L));
    assertThrows(OpArgumentException.class, () -> Args.layout(OP, "layout", 1L));
    assertEquals("contiguous_format", Args.memoryFormat(OP, "m", "contiguous_format"));
    assertEquals(1L, Args.memoryFormat(OP, "m", 1L));
    OpArgumentException cl =
        assertThrows(OpArgumentException.class, () -> Args.memoryFormat(OP, "m", 2L));
    assertEquals(
        "aten::test: argument 'm': expected MemoryFormat (only None, torch.contiguous_format or"
            + " torch.preserve_format), got Long 2",
        cl.getMessage());
    assertThrows(OpArgumentException.class, () -> Args.generator(OP, "generator", new Object()));
  }
}
