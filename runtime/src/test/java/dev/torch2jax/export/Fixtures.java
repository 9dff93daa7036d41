package dev.torch2jax.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.torch.T2J;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.global.torch;

/** The fixtures of {@code scripts/export/make_exports.py} and comparisons with Python's numbers. */
final class Fixtures {
  private Fixtures() {}

  /** {@code runtime/src/test/resources/pt2/<name>}. */
  static Path path(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/pt2/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("fixture pt2/%s is missing".formatted(name), e);
    }
  }

  /** Buffer {@code name} of the scripted module {@code <model>.io.pt} as an array. */
  static Array io(String model, String name) {
    JitModule io = torch.load(path(model + ".io.pt").toString());
    return T2J.t2j(io.attr(name).toTensor().clone());
  }

  /** Same shape and values within {@code rtol} relative (plus a tiny absolute floor). */
  static void assertClose(Array expected, Object actual, double rtol) {
    assertTrue(actual instanceof Array, () -> "expected an Array, got %s".formatted(actual));
    Array a = (Array) actual;
    assertArrayEquals(expected.shape(), a.shape(), "shape");
    double[] e = expected.toDoubleArray();
    double[] g = a.toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      double tol = rtol * Math.abs(e[i]) + 1e-6;
      int at = i;
      assertTrue(
          Math.abs(e[i] - g[i]) <= tol,
          () -> "element %d: expected %s, got %s".formatted(at, e[at], g[at]));
    }
  }
}
