package dev.torch2jax.aten;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime's own ATen table, called the way the interpreter will call it. */
class AtenOpsTest {
  private static final OpRegistry OPS = OpRegistry.global();

  private static Object call(String overload, Object... args) {
    return OPS.lookup(overload).orElseThrow().call(Arrays.asList(args));
  }

  @Test
  void runtimeTableIsFoundWithItsInPlaceTwins() {
    for (String op :
        List.of("aten::add.Tensor", "aten::add_.Tensor", "aten::relu_", "aten::sum.dim_IntList")) {
      assertTrue(OPS.lookup(op).isPresent(), op);
    }
  }

  @Test
  void addWithAlphaAndDefaults() {
    Array a = Array.of(new float[] {1, 2, 3});
    Array b = Array.of(new float[] {10, 20, 30});
    assertArrayEquals(
        new float[] {21, 42, 63}, ((Array) call("aten::add.Tensor", a, b, 2L)).toFloatArray());
    assertArrayEquals(
        new float[] {11, 22, 33}, ((Array) call("aten::add.Tensor", a, b)).toFloatArray());
    assertArrayEquals(
        new float[] {-4, -8, -12}, ((Array) call("aten::sub_.Tensor", a, b, 0.5)).toFloatArray());
  }

  @Test
  void sumOverDimsWithKeepdim() {
    Array x = Array.of(new int[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Array s = (Array) call("aten::sum.dim_IntList", x, List.of(1L), true, null);
    assertArrayEquals(new long[] {2, 1}, s.shape());
    assertEquals(dev.torch2jax.DType.I64, s.dtype());
    assertArrayEquals(new long[] {6, 15}, s.toLongArray());
    Array all = (Array) call("aten::sum.dim_IntList", x, List.of(0L, 1L), false, null);
    assertArrayEquals(new long[] {21}, all.toLongArray());
  }

  @Test
  void viewsAndRelu() {
    Array x = Array.of(new float[] {-1, 2, -3, 4, -5, 6}, 2, 3);
    assertArrayEquals(new long[] {3, 2}, ((Array) call("aten::view", x, List.of(3L, -1L))).shape());
    assertArrayEquals(
        new float[] {-1, 4, 2, -5, -3, 6}, ((Array) call("aten::t", x)).toFloatArray());
    assertArrayEquals(
        new long[] {4, 2, 3},
        ((Array) call("aten::expand", x, List.of(4L, -1L, -1L), false)).shape());
    assertArrayEquals(
        new float[] {0, 2, 0, 4, 0, 6}, ((Array) call("aten::relu", x)).toFloatArray());
  }
}
