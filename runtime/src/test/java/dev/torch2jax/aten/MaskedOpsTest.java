package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.i32;
import static dev.torch2jax.aten.NnTesting.randbool;
import static dev.torch2jax.aten.NnTesting.randint;
import static dev.torch2jax.aten.NnTesting.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jax;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.T2J;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@code masked_scatter} (both forms) and {@code resize_} against libtorch. */
class MaskedOpsTest {
  private static final String SCATTER = "aten::masked_scatter";

  private static void scatter(String expr, String target, Tensor self, Tensor mask, Tensor src) {
    OpInfo.run(
        List.of(target),
        OpInfo.source("a: Tensor, m: Tensor, s: Tensor", expr),
        new Object[] {self, mask, src},
        OpInfo.ALL,
        -1,
        null);
  }

  private static void scatter(Tensor self, Tensor mask, Tensor src) {
    scatter("torch.masked_scatter(a, m, s)", SCATTER, self, mask, src);
  }

  @Test
  void maskedScatterEveryDtype() {
    Tensor mask = randbool(3, 4);
    List<UnaryOperator<Tensor>> dtypes =
        List.of(t -> t, NnTesting::f64, NnTesting::i32, NnTesting::i64, NnTesting::bool);
    for (UnaryOperator<Tensor> dtype : dtypes) {
      scatter(dtype.apply(randn(3, 4)), mask, dtype.apply(randn(12)));
      // A source with more elements (and another shape) than the mask needs.
      scatter(dtype.apply(randn(3, 4)), mask, dtype.apply(randn(4, 5)));
    }
  }

  @Test
  void maskedScatterBroadcasts() {
    scatter(randn(3, 4), randbool(4), randn(12));
    // Out of place, self broadcasts to the mask too.
    scatter(randn(1, 4), randbool(3, 4), randn(3, 5));
    scatter(f64(randn(2, 1, 3)), randbool(4, 1), f64(randn(30)));
  }

  @Test
  void maskedScatterEdgeCases() {
    Tensor yes = NnTesting.bool(NnTesting.longs(new long[] {1}));
    scatter(randn(), yes, randn(3));
    scatter(randn(), NnTesting.bool(NnTesting.longs(new long[] {0})), randn(3));
    scatter(randn(0, 3), randbool(0, 3), randn(0));
    scatter(randn(2, 3), NnTesting.bool(randint(0, 1, 2, 3)), randn(0));
    scatter(randn(2, 3), NnTesting.bool(randint(1, 2, 2, 3)), randn(6));
  }

  @Test
  void maskedScatterInPlace() {
    String target = "aten::masked_scatter_";
    scatter("a.clone().masked_scatter_(m, s)", target, randn(3, 4), randbool(3, 4), randn(12));
    scatter("a.clone().masked_scatter_(m, s)", target, randn(3, 4), randbool(4), randn(12));
    scatter(
        "a.clone().masked_scatter_(m, s)", target, i32(randn(2, 3)), randbool(3), i32(randn(6)));
  }

  @Test
  void maskedScatterRejectsBadInput() {
    Array x = T2J.t2j(randn(2, 3));
    Array m = T2J.t2j(randbool(2, 3));
    assertMessage(() -> NnTesting.call(SCATTER, x, T2J.t2j(randint(0, 2, 2, 3)), x), "bool");
    assertMessage(() -> NnTesting.call(SCATTER, x, m, T2J.t2j(f64(randn(6)))), "same dtype");
    Array all = T2J.t2j(NnTesting.bool(randint(1, 2, 2, 3)));
    assertMessage(() -> NnTesting.call(SCATTER, x, all, T2J.t2j(randn(5))), "source has only 5");
    assertMessage(
        () -> NnTesting.call("aten::masked_scatter_", x, T2J.t2j(randbool(4, 2, 3)), x),
        "must broadcast to self");
  }

  @Test
  void maskedScatterUnderJitKeepsStaticShapes() {
    Array x = T2J.t2j(randn(3, 4));
    Array m = T2J.t2j(randbool(3, 4));
    Array s = T2J.t2j(randn(12));
    Array eager = (Array) NnTesting.call(SCATTER, x, m, s);
    Array jitted = (Array) Jax.jit(a -> NnTesting.call(SCATTER, a[0], a[1], a[2])).apply(x, m, s);
    assertArrayEquals(eager.toDoubleArray(), jitted.toDoubleArray(), 0);
  }

  // ---- resize_ -------------------------------------------------------------------------------

  private static void resize(String body, Tensor x) {
    OpInfo.run(
        List.of("aten::resize_"),
        "def f(a: Tensor):\n" + body,
        new Object[] {x},
        OpInfo.ALL,
        -1,
        null);
  }

  @Test
  void resizeKeepsLeadingElements() {
    for (Tensor x :
        new Tensor[] {randn(2, 4), f64(randn(3, 3)), i32(randn(2, 5)), randbool(4, 2)}) {
      resize("    y = a.clone()\n    y.resize_([3, 2])\n    return y\n", x);
      resize("    y = a.clone()\n    return y.resize_([6])\n", x);
      resize("    y = a.clone()\n    y.resize_([2, 0, 3])\n    return y * 1\n", x);
    }
    resize("    a.resize_([2, 2])\n    return a + 1\n", randn(2, 3));
    resize("    y = a.clone()\n    y.resize_([4, 2])\n    return y\n", randn(2, 4));
    resize("    y = a.clone()\n    y.resize_([])\n    return y\n", randn(3));
  }

  @Test
  void resizeGrowsWithZeros() {
    Tensor x = randn(2, 3);
    Tensor theirs = NnTesting.torchEval("a.clone().resize_([3, 4])", x);
    Array ours = (Array) NnTesting.call("aten::resize_", T2J.t2j(x), new long[] {3, 4}, null);
    assertArrayEquals(theirs.shape(), ours.shape());
    assertEquals(DType.F32, ours.dtype());
    double[] kept = T2J.t2j(x).toDoubleArray();
    double[] v = ours.toDoubleArray();
    for (int i = 0; i < v.length; i++) {
      assertEquals(i < kept.length ? kept[i] : 0, v[i], 0, "element " + i);
    }
    Array ints = (Array) NnTesting.call("aten::resize_", T2J.t2j(i32(x)), new long[] {8}, null);
    assertEquals(DType.I32, ints.dtype());
    assertMessage(
        () -> NnTesting.call("aten::resize_", T2J.t2j(x), new long[] {2, -1}, null),
        "non-negative");
  }

  private static void assertMessage(Executable call, String part) {
    Throwable e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
