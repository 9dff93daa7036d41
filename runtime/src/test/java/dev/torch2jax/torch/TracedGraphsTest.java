package dev.torch2jax.torch;

import static dev.torch2jax.torch.Scripts.assertSameResult;
import static dev.torch2jax.torch.Scripts.checkAgainstLibtorch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Jax;
import dev.torch2jax.core.ConcretizationException;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.Function;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * What graphs saved from Python do that hand-written scripts rarely do: {@code torch.jit.trace}'s
 * shape arithmetic on 0-d tensors, empty string constants, optional arguments left out.
 */
class TracedGraphsTest {
  private static Tensor x() {
    return torch.arange(new org.bytedeco.pytorch.Scalar(24)).to(torch.ScalarType.Float).view(4, 6);
  }

  /**
   * A module traced in Python ({@code scripts/fixtures/make_traced.py}): {@code torch.jit.trace}
   * records {@code x.view(b, 2, c // 2, h, w)} as {@code aten::size}, {@code prim::NumToTensor},
   * tensor arithmetic and {@code aten::Int}; under jit those stay known numbers.
   */
  @Test
  void shapeArithmeticOfATracedModuleStaysStaticUnderJit() throws Exception {
    JitModule io = torch.load(fixture("shape_arithmetic.io.pt"));
    Tensor in = io.attr("x").toTensor().clone();
    Tensor expected = io.attr("y").toTensor().clone();
    JitModule m = torch.load(fixture("shape_arithmetic.trace.pt"));
    assertTrue(m.get_method("forward").graph().toString().contains("prim::NumToTensor"));
    TorchFunction f = T2J.t2j(m);
    Map<String, Array> state = T2J.stateDict(m);
    Scripts.assertMatches(expected, f.call(state, T2J.t2j(in)));
    Scripts.assertMatches(expected, Jax.jit(f).apply(state, T2J.t2j(in)));
  }

  /** The scripted form of the same: {@code torch.tensor(x.size(0))} is known under jit. */
  @Test
  void sizesWrappedInTensorsStayStaticUnderJit() {
    checkAgainstLibtorch(
        """
        def f(x):
            b = torch.tensor(x.size(0))
            h = torch.floor_divide(torch.tensor(x.size(1)), 2)
            rows = int(b * 2)
            y = x.reshape(rows, int(h))
            return y.expand(2, rows, int(h)).sum(0) * float(h)
        """,
        "f",
        x());
  }

  private static String fixture(String name) throws Exception {
    return java.nio.file.Path.of(TracedGraphsTest.class.getResource("/traced/" + name).toURI())
        .toString();
  }

  @Test
  void aNumberReadFromTracedDataIsAClearErrorUnderJit() {
    TorchFunction f =
        T2J.t2j(
            Scripts.function(
                """
                def f(x):
                    n = int(x.sum() > 0)
                    return x.view(n + 3, -1)
                """,
                "f"));
    Array in = T2J.t2j(x());
    assertEquals(List.of(4L, 6L), List.of(((Array) f.apply(in)).shape()[0], 6L));
    ConcretizationException e =
        assertThrows(ConcretizationException.class, () -> Jax.jit(f).apply(in));
    assertTrue(
        e.getMessage().contains("read from traced tensor data (by aten::Int, then aten::add)"),
        e.getMessage());
  }

  /** Arithmetic on a number read from traced data stays traced, so a branch on it is staged. */
  @Test
  void arithmeticOnTracedNumbersStaysTraced() {
    checkAgainstLibtorch(
        """
        def f(x):
            s = float(x.sum())
            scale = 1.0 / (s * s + 1.0)
            if scale - 0.5 > 0.0:
                return x * 2
            return -x
        """,
        "f",
        x());
  }

  @Test
  void emptyStringConstants() {
    checkAgainstLibtorch(
        """
        def f(x):
            s = ""
            t = "a" + s
            if s == "":
                return x * 2, s, t
            return x, s, t
        """,
        "f",
        x());
  }

  @Test
  void leftOutArgumentsTakeTheScriptsDefaults() {
    Function f =
        Scripts.function(
            """
            def f(x, mask: Optional[Tensor] = None, scale: float = 2.0, mode: str = "", k: List[int] = [1, 2]):
                y = x * scale
                if mask is not None:
                    y = y + mask
                if mode == "":
                    y = y + k[1]
                return y
            """,
            "f");
    TorchFunction t = T2J.t2j(f);
    assertEquals(List.of("x", "mask", "scale", "mode", "k"), t.argumentNames());
    Tensor in = x();
    // libtorch fills the defaults itself when called with fewer inputs.
    assertSameResult(Scripts.eager(f, in), t.apply(T2J.t2j(in)));
    assertSameResult(Scripts.eager(f, in), Jax.jit(t).apply(T2J.t2j(in)));
    assertSameResult(
        Scripts.eager(f, in, in, 0.5),
        t.callByName(null, Map.of("x", T2J.t2j(in), "scale", 0.5, "mask", T2J.t2j(in))));
    assertSameResult(
        Scripts.eager(f, in, null, 2.0, "m"),
        t.callByName(null, Map.of("x", T2J.t2j(in), "mode", "m")));
  }

  @Test
  void missingAndUnknownArgumentsAreNamed() {
    TorchFunction t =
        T2J.t2j(
            Scripts.function(
                """
                def g(x, y, z: int = 3):
                    return x + y + z
                """,
                "g"));
    Array in = T2J.t2j(x());
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> t.apply(in));
    assertEquals("g() missing required argument 'y' (arguments: [x, y, z])", missing.getMessage());
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class, () -> t.callByName(null, Map.of("x", in, "w", in)));
    assertEquals(
        "g has no argument(s) named [w]; its arguments are [x, y, z]", unknown.getMessage());
    IllegalArgumentException tooMany =
        assertThrows(IllegalArgumentException.class, () -> t.apply(in, in, 1L, 2L));
    assertEquals("g takes 3 argument(s) [x, y, z], got 4", tooMany.getMessage());
  }
}
