package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.i64;
import static dev.torch2jax.aten.NnTesting.randint;
import static dev.torch2jax.aten.NnTesting.randn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Jax;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.torch.TorchFunction;
import dev.torch2jax.torch.UnsupportedOpException;
import java.util.List;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * {@code .out} overloads ({@code torch.atan2(a, b, out=c)}): the result is written into {@code out}
 * (a view included), cast to its dtype and resized to the result's shape as PyTorch does; both the
 * returned tensor and {@code out} are checked against libtorch.
 */
class OutOverloadsTest {
  /** {@code def f(params): r = call; return r, ret}, checked with every transformation. */
  private static void sample(String op, String params, String call, String ret, Tensor... in) {
    String src = "def f(" + params + "):\n    r = " + call + "\n    return r, " + ret + "\n";
    assertTrue(OpInfo.graphOps(src).contains(op), src + " reaches " + OpInfo.graphOps(src));
    Object[] inputs = java.util.Arrays.copyOf(in, in.length, Object[].class);
    OpInfo.run(List.of(op), src, inputs, OpInfo.ALL, -1, null);
  }

  private static Tensor empty(long... shape) {
    return randn(shape).mul(new org.bytedeco.pytorch.Scalar(0.0));
  }

  @Test
  void atan2Out() {
    String op = "aten::atan2.out";
    sample(op, "a, b, c", "torch.atan2(a, b, out=c)", "c", randn(2, 3), randn(2, 3), empty(2, 3));
    sample(
        op,
        "a, b, c",
        "torch.atan2(a, b, out=c)",
        "c",
        f64(randn(2, 3)),
        f64(randn(3)),
        f64(empty(2, 3)));
    // The result cast to out's dtype: float32 into float64, int64 inputs (float32 result) too.
    sample(op, "a, b, c", "torch.atan2(a, b, out=c)", "c", randn(4), randn(4), f64(empty(4)));
    sample(
        op,
        "a, b, c",
        "torch.atan2(a, b, out=c)",
        "c",
        i64(randint(-3, 4, 3)),
        i64(randint(1, 4, 3)),
        empty(3));
    // out aliasing an input.
    sample(op, "a, b", "torch.atan2(a, b, out=a)", "a", randn(2, 3), randn(2, 3));
  }

  @Test
  void outCanBeAViewOfAnotherTensor() {
    sample(
        "aten::atan2.out",
        "a, b, base",
        "torch.atan2(a, b, out=base[1])",
        "base",
        randn(2, 3),
        randn(2, 3),
        randn(3, 2, 3));
    sample(
        "aten::atan2.out",
        "a, b, base",
        "torch.atan2(a, b, out=base.t())",
        "base",
        randn(3, 2),
        randn(3, 2),
        randn(2, 3));
    sample(
        "aten::add.out",
        "a, b, base",
        "torch.add(a, b, alpha=2, out=base[:, 1])",
        "base",
        randn(4),
        randn(4),
        randn(4, 3));
    sample(
        "aten::mm.out",
        "a, b, base",
        "torch.mm(a, b, out=base[:, 1:3])",
        "base",
        randn(2, 3),
        randn(3, 2),
        randn(2, 5));
  }

  @Test
  void outIsResizedToTheResult() {
    // Empty: resized silently; with elements (another count or another shape): libtorch warns.
    sample(
        "aten::atan2.out",
        "a, b, c",
        "torch.atan2(a, b, out=c)",
        "c",
        randn(2, 3),
        randn(3),
        empty(0));
    sample(
        "aten::atan2.out",
        "a, b, c",
        "torch.atan2(a, b, out=c)",
        "c",
        randn(2, 3),
        randn(3),
        empty(5));
    sample(
        "aten::atan2.out",
        "a, b, c",
        "torch.atan2(a, b, out=c)",
        "c",
        randn(2, 3),
        randn(3),
        empty(3, 2));
    sample(
        "aten::mm.out",
        "a, b, c",
        "torch.mm(a, b, out=c)",
        "c",
        randn(2, 3),
        randn(3, 4),
        empty(0));
  }

  @Test
  void otherOutOverloadsRunTheirFunctionalTwin() {
    sample(
        "aten::add.out",
        "a, b, c",
        "torch.add(a, b, alpha=3, out=c)",
        "c",
        i64(randint(-5, 5, 2, 3)),
        i64(randint(-5, 5, 3)),
        empty(2, 3));
    sample(
        "aten::mm.out",
        "a, b, c",
        "torch.mm(a, b, out=c)",
        "c",
        randn(2, 3),
        randn(3, 4),
        empty(2, 4));
    sample(
        "aten::mm.out",
        "a, b, c",
        "torch.mm(a, b, out=c)",
        "c",
        f64(randn(3, 3)),
        f64(randn(3, 1)),
        f64(empty(3, 1)));
    sample(
        "aten::sum.IntList_out",
        "x, c",
        "torch.sum(x, [0, 2], True, out=c)",
        "c",
        randn(2, 3, 4),
        empty(1, 3, 1));
    // arange.out has no dtype argument: the functional twin computes in out's dtype.
    sample("aten::arange.start_out", "c", "torch.arange(0, 2, 0.25, out=c)", "c", f64(empty(8)));
    sample("aten::arange.out", "c", "torch.arange(7, out=c)", "c", empty(7));
  }

  @Test
  void aResultThatCannotBeCastIsRefused() {
    String src = "def f(a, b, c):\n    return torch.atan2(a, b, out=c)\n";
    Tensor a = randn(3);
    Tensor c = i64(randint(0, 3, 3));
    assertThrows(
        RuntimeException.class,
        () ->
            OpInfo.compile(src)
                .apply(new IValueVector(new IValue(a), new IValue(a), new IValue(c))));
    TorchFunction f = T2J.t2j(OpInfo.compile(src));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> f.apply(T2J.t2j(a), T2J.t2j(a), T2J.t2j(c)));
    assertTrue(
        e.getMessage()
            .contains("result type float32 can't be cast to the desired output type int64"),
        e.getMessage());
    // Through the registry too.
    Array ours =
        (Array)
            OpRegistry.global()
                .lookup("aten::atan2.out")
                .orElseThrow()
                .call(List.of(T2J.t2j(a), T2J.t2j(a), T2J.t2j(f64(a))));
    assertArrayEquals(new long[] {3}, ours.shape());
  }

  @Test
  void aViewIsNotResized() {
    String src = "def f(a, b, base):\n    torch.atan2(a, b, out=base[0])\n    return base\n";
    TorchFunction f = T2J.t2j(OpInfo.compile(src));
    Array a = T2J.t2j(randn(4));
    UnsupportedOpException e =
        assertThrows(UnsupportedOpException.class, () -> f.apply(a, a, T2J.t2j(randn(2, 3))));
    assertTrue(e.getMessage().contains("resizing an out= tensor that is a view"), e.getMessage());
  }

  @Test
  void gradientsFlowLikeThroughTheFunctionalOp() {
    // libtorch refuses autograd through out=; t2j differentiates the out= call like the op.
    TorchFunction out =
        T2J.t2j(
            OpInfo.compile(
                "def f(a, b, base):\n"
                    + "    torch.atan2(a, b, out=base[1])\n"
                    + "    return (base * base).sum()\n"));
    TorchFunction functional =
        T2J.t2j(
            OpInfo.compile(
                "def f(a, b, base):\n"
                    + "    base = base.clone()\n"
                    + "    base[1] = torch.atan2(a, b)\n"
                    + "    return (base * base).sum()\n"));
    Object[] args = {T2J.t2j(randn(2, 3)), T2J.t2j(randn(2, 3)), T2J.t2j(randn(3, 2, 3))};
    for (int arg = 0; arg < 3; arg++) {
      Array ours = (Array) Jax.grad(out, arg).apply(args);
      Array expected = (Array) Jax.grad(functional, arg).apply(args);
      assertArrayEquals(expected.toFloatArray(), ours.toFloatArray(), 1e-6f);
    }
  }
}
