package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.floats;
import static dev.torch2jax.aten.NnTesting.randn;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.opinfo.OpInfo.Check;
import dev.torch2jax.torch.T2J;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** {@code _cdist_forward} and {@code _pdist_forward} against libtorch, gradients included. */
class DistancesTest {
  private static final String CDIST = "aten::_cdist_forward";
  private static final String PDIST = "aten::_pdist_forward";

  /** Every p with its own kernel in libtorch: 0, 1, 2, inf, below 1, between 1 and 2, above 2. */
  private static final String[] PS = {"0.0", "1.0", "2.0", "float('inf')", "0.5", "1.5", "3.0"};

  private static void cdist(String p, String mode, double tol, Tensor x1, Tensor x2) {
    cdist(p, mode, tol, x1, x2, OpInfo.ALL);
  }

  /** A float32 sample and its float64 twin, each with its half of the checks. */
  private static void cdistTwins(String p, String mode, double tol, Tensor x1, Tensor x2) {
    cdist(p, mode, tol, x1, x2, OpInfo.TRANSFORMS);
    cdist(p, mode, -1, f64(x1), f64(x2), OpInfo.VALUES);
  }

  private static void cdist(
      String p, String mode, double tol, Tensor x1, Tensor x2, Set<OpInfo.Check> checks) {
    OpInfo.run(
        List.of(CDIST),
        OpInfo.source(
            "a: Tensor, b: Tensor", "torch._cdist_forward(a, b, " + p + ", " + mode + ")"),
        new Object[] {x1, x2},
        checks,
        tol,
        null);
  }

  private static void pdist(String p, double tol, Tensor x) {
    pdist(p, tol, x, OpInfo.ALL);
  }

  private static void pdist(String p, double tol, Tensor x, Set<OpInfo.Check> checks) {
    OpInfo.run(
        List.of(PDIST),
        OpInfo.source("a: Tensor", "torch._pdist_forward(a, " + p + ")"),
        new Object[] {x},
        checks,
        tol,
        null);
  }

  @Test
  void cdistEveryNormBothDtypes() {
    Tensor x1 = randn(2, 4, 3);
    Tensor x2 = randn(2, 5, 3);
    for (String p : PS) {
      cdistTwins(p, "None", 1e-5, x1, x2);
    }
  }

  @Test
  void cdistComputeModes() {
    Tensor x1 = randn(3, 4);
    Tensor x2 = randn(5, 4);
    for (String mode : new String[] {"None", "0", "1", "2"}) {
      cdist("2.0", mode, 1e-5, x1, x2, OpInfo.TRANSFORMS);
      cdist("2.0", mode, 1e-9, f64(x1), f64(x2), OpInfo.VALUES);
    }
    // More than 25 rows: None takes the matrix-product path, 2 still the direct one.
    Tensor many = randn(30, 3);
    for (String mode : new String[] {"None", "1", "2"}) {
      cdist("2.0", mode, 1e-5, many, x2.narrow(1, 0, 3));
    }
    cdist("1.5", "1", 1e-5, many, randn(4, 3));
  }

  @Test
  void cdistBroadcastsBatchDimensions() {
    Tensor x1 = randn(2, 1, 4, 3);
    Tensor x2 = randn(3, 5, 3);
    for (String p : new String[] {"1.0", "2.0", "float('inf')", "1.5"}) {
      cdist(p, "None", 1e-5, x1, x2);
    }
    cdist("2.0", "1", 1e-5, x1, x2);
    cdist("2.0", "None", 1e-5, randn(1, 4, 2), randn(5, 2));
  }

  @Test
  void cdistGradientAtNonSmoothPoints() {
    // Identical rows (distance 0), equal coordinates (p < 1), tied maxima (p = inf): libtorch
    // defines these gradients; small integers keep every path exact.
    Tensor x1 = floats(new float[] {0, 1, 2, 2, -1, 3}, 3, 2);
    Tensor x2 = floats(new float[] {0, 1, 2, 4, 1, 0, 3, 2}, 4, 2);
    for (String p : PS) {
      cdistTwins(p, "2", 1e-5, x1, x2);
    }
    cdist("2.0", "1", 1e-5, x1, x2);
  }

  @Test
  void cdistEmptyInputs() {
    cdist("2.0", "None", -1, randn(0, 3), randn(4, 3));
    cdist("1.5", "None", -1, randn(2, 3), randn(0, 3));
    cdist("2.0", "None", -1, randn(3, 0), randn(4, 0));
    cdist("float('inf')", "None", -1, randn(0, 2, 3), randn(1, 4, 3));
  }

  @Test
  void cdistRejectsBadInput() {
    Array i = T2J.t2j(NnTesting.randint(0, 5, 3, 2));
    Array f = T2J.t2j(randn(3, 2));
    assertMessage(() -> NnTesting.call(CDIST, i, i, 2.0, null), "floating-point");
    assertMessage(() -> NnTesting.call(CDIST, T2J.t2j(randn(3)), f, 2.0, null), "2D");
    assertMessage(() -> NnTesting.call(CDIST, f, T2J.t2j(randn(3, 4)), 2.0, null), "columns");
    assertMessage(() -> NnTesting.call(CDIST, f, f, -1.0, null), "non-negative");
    assertMessage(() -> NnTesting.call(CDIST, f, f, 2.0, 3L), "compute_mode");
    assertMessage(() -> NnTesting.call(CDIST, f, T2J.t2j(f64(randn(3, 2))), 2.0, null), "dtype");
  }

  @Test
  void pdistEveryNormBothDtypes() {
    Tensor x = randn(5, 3);
    for (String p : PS) {
      pdist(p, 1e-5, x, OpInfo.TRANSFORMS);
      pdist(p, -1, f64(x), OpInfo.VALUES);
    }
  }

  @Test
  void pdistGradientAtNonSmoothPoints() {
    // Rows 0 and 2 coincide; rows 0 and 1 share a coordinate; rows 1 and 3 tie for p = inf.
    Tensor x = floats(new float[] {1, 2, 1, 4, 1, 2, 3, 6}, 4, 2);
    for (String p : PS) {
      pdist(p, 1e-5, x, OpInfo.TRANSFORMS);
      pdist(p, -1, f64(x), OpInfo.VALUES);
    }
  }

  @Test
  void pdistDegenerateShapes() {
    pdist("2.0", -1, randn(1, 3));
    // libtorch's _pdist_backward reads past the input for 0 rows (a crash, not an error): the
    // gradient of that case cannot be compared.
    pdist("2.0", -1, randn(0, 3), EnumSet.of(Check.FORWARD, Check.JIT, Check.VMAP));
    pdist("1.5", -1, randn(4, 0));
    pdist("2.0", -1, randn(2, 1));
    assertMessage(() -> NnTesting.call(PDIST, T2J.t2j(randn(3)), 2.0), "2D");
    assertMessage(
        () -> NnTesting.call(PDIST, T2J.t2j(NnTesting.randint(0, 3, 3, 2)), 2.0), "floating-point");
  }

  private static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
    Throwable e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
