package dev.torch2jax.torch;

import static dev.torch2jax.torch.Scripts.checkAgainstLibtorch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Function;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** Every prim node of the issue, and the scalar ops the interpreter runs in Java. */
class PrimNodesTest {
  private static Tensor x() {
    return Tensor.create(new float[] {1, -2, 3, -4, 5, -6}, 2, 3);
  }

  @Test
  void constantsOfEveryKind() {
    checkAgainstLibtorch(
        """
        def f(x):
            a = 3
            b = 2.5
            c = True
            d = "s"
            e = None
            l = [1, 2, 3]
            fl = [1.5, 2.5]
            bl = [True, False]
            t = (1, "two")
            return x * a + b, c, d, e, l, fl, bl, t
        """,
        "f",
        x());
  }

  @Test
  void listsTuplesAndDicts() {
    checkAgainstLibtorch(
        """
        def f(x):
            l = [x, x * 2]
            a, b = l
            t = (a, b + 1, 7)
            p, q, r = t
            u = t[1]
            d = {"sum": p + q, "u": u}
            l.append(x - 1)
            return len(l), l[-1], d, t[2], (p, r)
        """,
        "f",
        x());
  }

  @Test
  void sizeDimLenGetitemAndNumToTensor() {
    checkAgainstLibtorch(
        """
        def f(x):
            s = x.size()
            n = x.size(1) * x.size(-2)
            k = x.dim() + len(x) + s[0]
            t = torch.tensor(n) + x.numel()
            return s, n, k, x * float(n), t
        """,
        "f",
        x());
  }

  @Test
  void scalarArithmeticInJava() {
    checkAgainstLibtorch(
        """
        def f(x, n: int, y: float):
            a = n * 3 + 1 - 2
            b = n // 3
            c = -7 // 2
            d = -7 % 3
            e = n / 4
            g = y * n
            h = n > 2 and y < 10.0
            i = not h
            j = max(n, 5)
            s = "n={} y={}".format(n, y)
            return a, b, c, d, e, g, h, i, j, s, x + a
        """,
        "f", x(), 7L, 1.5);
  }

  @Test
  void ifOnStaticConditionsTakesTheBranch() {
    String src =
        """
        def f(x, flag: bool):
            if flag:
                y = x * 2
            else:
                y = x - 1
            if x.dim() == 2:
                y = y + 100
            return y
        """;
    checkAgainstLibtorch(src, "f", x(), true);
    checkAgainstLibtorch(src, "f", x(), false);
  }

  @Test
  void ifOnTracedDataBecomesCond() {
    String src =
        """
        def f(x):
            if bool(x.sum() > 0):
                y = x * 2
            else:
                y = x - 1
            return y
        """;
    checkAgainstLibtorch(src, "f", x());
    checkAgainstLibtorch(src, "f", Tensor.create(new float[] {1, 2}, 2));
    Function f = Scripts.function(src, "f");
    TorchFunction t = T2J.t2j(f);
    assertTrue(Jax.makeJaxpr(t, Array.of(new float[] {1, 2})).contains("cond"));
    // vmap: each row takes its own branch.
    Array rows = Array.of(new float[] {1, 2, -3, -4}, 2, 2);
    assertEquals(
        List.of(2f, 4f, -4f, -5f), boxed(((Array) Jax.vmap(t).apply(rows)).toFloatArray()));
    // grad through the taken branch.
    Fn g = Jax.grad(args -> Jnp.sum((Array) t.apply(args[0])));
    assertEquals(
        List.of(2f, 2f),
        boxed(((Array) Jax.jit(g).apply(Array.of(new float[] {1, 2}))).toFloatArray()));
  }

  @Test
  void tracedBranchesThatMutateOuterTensors() {
    String src =
        """
        def f(x, y):
            if bool(x.sum() > 0):
                x.add_(1)
                y[0].fill_(5.0)
            else:
                x.mul_(3)
            return x, y
        """;
    checkAgainstLibtorch(src, "f", x(), Tensor.create(new float[] {1, 2}, 2));
    checkAgainstLibtorch(src, "f", x().neg(), Tensor.create(new float[] {1, 2}, 2));
  }

  @Test
  void loopsUnrollOrBecomeWhile() {
    checkAgainstLibtorch(
        """
        def f(x, n: int):
            acc = x
            for i in range(n):
                acc = acc + i
            total = 0
            for v in [1, 2, 3]:
                total += v
            k = 0
            while k < 4:
                k += 1
                x.mul_(2)
            return acc, total, k, x
        """,
        "f",
        x(),
        3L);
    String whileSrc =
        """
        def f(x):
            while bool(x.sum() < 100):
                x = x * 2
            return x
        """;
    checkAgainstLibtorch(whileSrc, "f", Tensor.create(new float[] {1, 2}, 2));
    TorchFunction t = T2J.t2j(Scripts.function(whileSrc, "f"));
    assertTrue(Jax.makeJaxpr(t, Array.of(new float[] {1, 2})).contains("while"));
  }

  @Test
  void callFunctionAndDtypeDeviceQueries() {
    checkAgainstLibtorch(
        """
        def helper(x, k: int):
            return x * k

        def f(x):
            y = helper(x, 3)
            dt = x.dtype
            fp = x.is_floating_point()
            z = torch.zeros([2], dtype=dt)
            return y, fp, z, x.device == torch.device("cpu")
        """,
        "f",
        x());
  }

  @Test
  void raiseExceptionOnlyWhenReached() {
    String src =
        """
        def f(x):
            assert x.dim() == 2, "expected a matrix"
            return x + 1
        """;
    checkAgainstLibtorch(src, "f", x());
    TorchFunction t = T2J.t2j(Scripts.function(src, "f"));
    ScriptException e =
        assertThrows(ScriptException.class, () -> t.apply(Array.of(new float[] {1, 2, 3})));
    assertTrue(e.getMessage().contains("expected a matrix"), e.getMessage());
    assertTrue(e.getMessage().contains("assert x.dim() == 2"), e.getMessage());
  }

  @Test
  void unsupportedOpNamesOverloadSchemaSourceAndNeighbours() {
    TorchFunction t =
        T2J.t2j(
            Scripts.function(
                """
                def f(x):
                    y = x + 1
                    return torch.logcumsumexp(y, 0)
                """,
                "f"));
    UnsupportedOpException e =
        assertThrows(UnsupportedOpException.class, () -> t.apply(Array.of(new float[] {1, 2})));
    assertEquals("aten::logcumsumexp", e.overload());
    assertEquals("aten::logcumsumexp(Tensor self, int dim) -> Tensor", e.schema());
    assertTrue(e.getMessage().contains("torch.logcumsumexp(y, 0)"), e.getMessage());
    assertTrue(e.getMessage().contains("~~~"), e.getMessage());
    assertEquals(5, e.nearest().size());
  }

  @Test
  void returnsDictsAsMapsAndArgumentErrors() {
    TorchFunction t = T2J.t2j(Scripts.function("def f(x, y):\n    return {\"s\": x + y}\n", "f"));
    Object out = t.apply(Array.of(new float[] {1}), Array.of(new float[] {2}));
    assertEquals(List.of(3f), boxed(((Array) ((Map<?, ?>) out).get("s")).toFloatArray()));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> t.apply(Array.of(new float[] {1})));
    assertTrue(e.getMessage().contains("[x, y]"), e.getMessage());
  }

  private static List<Float> boxed(float[] a) {
    Float[] b = new Float[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = a[i];
    }
    return List.of(b);
  }
}
