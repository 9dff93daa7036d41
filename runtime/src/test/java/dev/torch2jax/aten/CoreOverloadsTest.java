package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.floats;
import static dev.torch2jax.aten.NnTesting.i32;
import static dev.torch2jax.aten.NnTesting.i64;
import static dev.torch2jax.aten.NnTesting.longs;
import static dev.torch2jax.aten.NnTesting.randbool;
import static dev.torch2jax.aten.NnTesting.randint;
import static dev.torch2jax.aten.NnTesting.randn;
import static dev.torch2jax.aten.NnTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.T2J;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Core ATen overloads that TorchScript reaches only when called by their own name ({@code
 * torch._softmax(x, 1, False)}, {@code torch.sum(x, [0], False)}, ...): each sample asserts that
 * its graph holds exactly the overload under test, then goes through the OpInfo harness. Random
 * factories are checked by their contract (shape, dtype, distribution, reproducibility).
 */
class CoreOverloadsTest {
  /** A sample whose source is {@code def f(params): return expr}. */
  private static void sample(String op, String params, String expr, Object... inputs) {
    check(op, OpInfo.source(params, expr), inputs);
  }

  /** A sample with its own source, which must reach {@code op}. */
  private static void check(String op, String src, Object... inputs) {
    assertTrue(OpInfo.graphOps(src).contains(op), src + " reaches " + OpInfo.graphOps(src));
    OpInfo.run(List.of(op), src, inputs, OpInfo.ALL, -1, null);
  }

  @Test
  void softmaxAndLogSoftmax() {
    for (String op : List.of("_softmax", "_log_softmax")) {
      String ov = "aten::" + op;
      for (Tensor x : List.of(randn(2, 3, 4), f64(randn(3, 5)))) {
        sample(ov, "x", "torch." + op + "(x, 1, False)", x);
        sample(ov, "x", "torch." + op + "(x, -1, False)", x);
      }
      sample(ov, "x", "torch." + op + "(x, 0, False)", floats(new float[] {1e4f, -1e4f, 0f}, 3));
    }
  }

  @Test
  void pointwise() {
    Tensor x = randn(2, 3);
    Tensor positive = uniform(0.1, 3, 4, 2);
    for (Tensor t : List.of(x, f64(x), i64(randint(-4, 5, 3, 2)))) {
      sample("aten::exp", "x", "torch.exp(x)", t);
      sample("aten::tanh", "x", "torch.tanh(x)", t);
      sample("aten::relu", "x", "torch.relu(x)", t);
    }
    for (Tensor t : List.of(positive, f64(positive), i64(randint(1, 9, 5)))) {
      sample("aten::log", "x", "torch.log(x)", t);
    }
    sample("aten::log", "x", "torch.log(x)", floats(new float[] {-1f, 0f, 1f}, 3));
    sample("aten::maximum", "a, b", "torch.maximum(a, b)", randn(2, 3), randn(2, 3));
    sample("aten::maximum", "a, b", "torch.maximum(a, b)", f64(randn(2, 3)), f64(randn(3)));
    sample("aten::maximum", "a, b", "torch.maximum(a, b)", i64(randint(-3, 3, 4)), randn(4));
    sample("aten::maximum", "a, b", "torch.maximum(a, b)", randbool(3), randbool(3));
    sample(
        "aten::maximum",
        "a, b",
        "torch.maximum(a, b)",
        floats(new float[] {Float.NaN, 1f, 2f}, 3),
        floats(new float[] {0f, Float.NaN, 3f}, 3));
  }

  @Test
  void mmAndSum() {
    sample("aten::mm", "a, b", "torch.mm(a, b)", randn(2, 3), randn(3, 4));
    sample("aten::mm", "a, b", "torch.mm(a, b)", f64(randn(4, 1)), f64(randn(1, 2)));
    sample(
        "aten::mm", "a, b", "torch.mm(a, b)", i64(randint(-3, 3, 2, 2)), i64(randint(-3, 3, 2, 3)));
    String op = "aten::sum.dim_IntList";
    Tensor x = randn(2, 3, 4);
    sample(op, "x", "torch.sum(x, [0], False)", x);
    sample(op, "x", "torch.sum(x, [0, -1], True)", x);
    sample(op, "x", "torch.sum(x, [1], dtype=7)", x);
    sample(op, "x", "torch.sum(x, [1])", i32(randint(-5, 5, 2, 3)));
    sample(op, "x", "torch.sum(x, [0])", randbool(4, 2));
  }

  @Test
  void views() {
    Tensor x = randn(2, 3, 4);
    for (Tensor t : List.of(x, i64(randint(-5, 5, 2, 3, 4)), randbool(2, 3, 4))) {
      sample("aten::view", "x", "x.view([4, 6])", t);
      sample("aten::permute", "x", "torch.permute(x, [2, 0, 1])", t);
    }
    sample("aten::view", "x", "x.view(-1)", x);
    sample("aten::view", "x", "x.view([2, -1, 2])", x);
    sample("aten::permute", "x", "torch.permute(x, [-1, 0, 1])", x);
    sample("aten::expand", "x", "x.expand(2, 3, 4)", randn(3, 1));
    sample("aten::expand", "x", "x.expand([2, -1, 4])", randn(1, 3, 1));
    sample("aten::expand", "x", "x.expand(2, 3)", i64(randint(0, 5)));
    sample("aten::alias", "x", "torch.alias(x)", x);
    sample("aten::alias", "x", "torch.alias(x)", randbool(3));
    // An alias shares its storage: a write through it is seen by the original.
    check(
        "aten::alias",
        "def f(x):\n    z = x * 1.0\n    y = torch.alias(z)\n    y.mul_(2.0)\n    return z + 1\n",
        randn(2, 3));
  }

  @Test
  void indexPut() {
    String op = "aten::index_put";
    String typed =
        "def f(x, i, v):\n"
            + "    idx: List[Optional[Tensor]] = [i]\n"
            + "    return torch.index_put(x, idx, v, %s)\n";
    Tensor i = longs(new long[] {0, 2, 0}, 3);
    check(op, typed.formatted("False"), randn(4, 3), longs(new long[] {3, 1}, 2), randn(2, 3));
    // Repeated indices: accumulate sums their values.
    check(op, typed.formatted("True"), randn(4, 3), i, randn(3, 3));
    check(op, typed.formatted("True"), f64(randn(4)), i, f64(randn(1)));
    // A None entry keeps a dim whole: x[:, j] = v.
    sample(
        op,
        "x, j, v",
        "torch.index_put(x, [None, j], v)",
        randn(2, 4),
        longs(new long[] {1, -1}, 2),
        randn(2, 2));
    check(
        op,
        "def f(x, a, b, v):\n"
            + "    idx: List[Optional[Tensor]] = [a, b]\n"
            + "    return torch.index_put(x, idx, v)\n",
        i64(randint(0, 9, 3, 4)),
        longs(new long[] {0, 2}, 2),
        longs(new long[] {3, 1}, 2),
        i64(randint(0, 9, 2)));
  }

  @Test
  void factories() {
    String op = "aten::arange.start_step";
    sample(op, "", "torch.arange(1, 10, 2)");
    sample(op, "", "torch.arange(1.0, 2.0, 0.25)");
    sample(op, "", "torch.arange(10, 1, -3)");
    sample(op, "", "torch.arange(0, 5, 1, dtype=7)");
    sample(op, "s: int, e: int", "torch.arange(s, e, 2)", 3L, 11L);
    sample("aten::full", "", "torch.full([2, 3], 1.5)");
    sample("aten::full", "", "torch.full([2], 7)");
    sample("aten::full", "", "torch.full([2, 2], True)");
    sample("aten::full", "", "torch.full([3], 2, dtype=7)");
    sample("aten::full", "x", "torch.full(x.size(), -2.5) + x", randn(2, 3));
    sample("aten::scalar_tensor", "", "torch.scalar_tensor(2.5)");
    sample("aten::scalar_tensor", "", "torch.scalar_tensor(3, dtype=4)");
    sample("aten::scalar_tensor", "v: float", "torch.scalar_tensor(v)", -0.75);
    sample("aten::scalar_tensor", "x", "x * torch.scalar_tensor(2.0)", randn(3));
  }

  @Test
  void emptyTensorsHaveLibtorchsShapeAndDtype() {
    // Uninitialized values: filled or zeroed in the samples, shape and dtype compared raw.
    String op = "aten::empty.memory_format";
    sample(op, "", "torch.empty([2, 3]).fill_(1.5)");
    sample(op, "", "torch.empty([2, 3], dtype=4).zero_()");
    sample(op, "", "torch.empty([0, 3])");
    sample(op, "x", "torch.empty(x.size()).fill_(2.0) * x", randn(3, 2));
    String strided = "aten::empty_strided";
    sample(strided, "", "torch.empty_strided([2, 3], [3, 1]).fill_(1.0)");
    sample(strided, "", "torch.empty_strided([2, 3], [1, 2], dtype=7).zero_()");
    sample(strided, "x", "torch.empty_strided([2], [1]).fill_(3.0) + x", randn(2));
    for (String expr :
        List.of(
            "torch.empty([2, 3, 4])",
            "torch.empty([5], dtype=4)",
            "torch.empty([], dtype=11)",
            "torch.empty_strided([3, 2], [1, 3], dtype=7)",
            "torch.empty_strided([0, 4], [4, 1])")) {
      String src = OpInfo.source("", expr);
      Tensor theirs = RandomSamples.libtorch(src, List.of());
      Array ours = (Array) T2J.t2j(OpInfo.compile(src)).apply();
      assertEquals(ShapeOracle.dtypeOf(theirs), ours.dtype(), expr + ": dtype");
      assertArrayEquals(theirs.shape(), ours.shape(), expr + ": shape");
    }
  }

  // ---- random factories --------------------------------------------------------------------

  private static final int N = 20_000;

  @Test
  void randomFactories() {
    RandomSamples.check("aten::rand", "torch.rand([" + N + "])", RandomSamples.within(0, 1));
    RandomSamples.check(
        "aten::rand", "torch.rand([100, 200], dtype=7)", RandomSamples.within(0, 1));
    RandomSamples.check("aten::randn", "torch.randn([" + N + "])", RandomSamples.finite());
    RandomSamples.check("aten::randn", "torch.randn([100, 200], dtype=7)", RandomSamples.finite());
    for (String expr : List.of("torch.randperm(" + N + ")", "torch.randperm(50, dtype=3)")) {
      RandomSamples.check(
          "aten::randperm",
          expr,
          v -> {
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            for (int k = 0; k < sorted.length; k++) {
              assertEquals(k, sorted[k], "randperm: a permutation of 0.." + (sorted.length - 1));
            }
          });
    }
  }
}
