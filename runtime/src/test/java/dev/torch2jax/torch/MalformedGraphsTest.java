package dev.torch2jax.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Jax;
import org.junit.jupiter.api.Test;

/**
 * Graphs the interpreter cannot run fail with an {@link UnsupportedOpException} naming the op, its
 * schema and the source line, or an {@link IllegalArgumentException} saying what was wrong; never
 * with a {@code NullPointerException} or {@code ClassCastException}.
 */
class MalformedGraphsTest {
  private static final Array X = Array.of(new float[] {1, -2, 3, -4, 5, -6}, 2, 3);

  private static TorchFunction script(String source) {
    return T2J.t2j(Scripts.function(source, "f"));
  }

  @Test
  void anUnimplementedOpNamesItsSchemaAndLine() {
    TorchFunction f =
        script(
            """
            def f(x):
                y = x + 1
                return torch.histc(y, 4)
            """);
    UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> f.apply(X));
    assertEquals("aten::histc", e.overload());
    assertTrue(e.schema().startsWith("aten::histc(Tensor self, int bins=100"), e.schema());
    assertTrue(e.source().contains("torch.histc(y, 4)"), e.source());
    assertTrue(e.getMessage().contains("TorchScript op aten::histc is not supported"));
  }

  @Test
  void aManyElementTensorReadAsANumberSaysHowMany() {
    TorchFunction f =
        script(
            """
            def f(x):
                return x * int(x)
            """);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.apply(X));
    assertTrue(
        e.getMessage().startsWith("aten::Int: a Tensor with 6 elements cannot be converted"),
        e.getMessage());
    assertTrue(e.getMessage().contains("int(x)"), e.getMessage());
  }

  @Test
  void aTracedLoopCarryingANumberIsRefusedByName() {
    TorchFunction f =
        script(
            """
            def f(x):
                n = 0
                while bool(x.sum() > 0):
                    x = x - 1
                    n += 1
                return x, n
            """);
    UnsupportedOpException e =
        assertThrows(UnsupportedOpException.class, () -> Jax.jit(f).apply(X));
    assertEquals("prim::Loop", e.overload());
    assertTrue(e.getMessage().contains("carries a non-tensor value Long 0"), e.getMessage());
  }

  @Test
  void aTensorWhereANumberIsExpectedIsAnArgumentError() {
    TorchFunction f =
        script(
            """
            def f(x, k: int):
                return x * k
            """);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.apply(X, X));
    assertTrue(e.getMessage().contains("aten::mul"), e.getMessage());
  }
}
