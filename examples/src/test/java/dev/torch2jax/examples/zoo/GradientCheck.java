package dev.torch2jax.examples.zoo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.examples.models.ModelParameters;
import dev.torch2jax.torch.T2J;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.Tensor;

/**
 * Gradients of the sum of squares of a model's floating-point outputs with respect to its
 * parameters: libtorch autograd's (the oracle) and a comparison with t2j's.
 */
final class GradientCheck {
  /**
   * 2-norm relative error of each parameter's gradient (against at least 1e-3 of the whole
   * gradient's norm).
   */
  static final double TOLERANCE = 1e-3;

  private GradientCheck() {}

  /** The sum of squares of the floating-point arrays of {@code outputs}. */
  static Array sumOfSquares(List<Array> outputs) {
    Array total = null;
    for (Array y : outputs) {
      if (y.dtype().isFloatingPoint()) {
        Array s = Jnp.sum(Jnp.square(y));
        total = total == null ? s : Jnp.add(total, s);
      }
    }
    if (total == null) {
      throw new AssertionError("no floating-point output to differentiate");
    }
    return total;
  }

  /**
   * libtorch autograd's gradient of the sum of squares for each parameter of {@code module} (a
   * fresh copy: its parameters are set to require grad), zeros where a parameter gets none.
   */
  static Map<String, double[]> libtorch(JitModule module, List<Tensor> inputs) {
    Map<String, Tensor> leaves = ModelParameters.names(module);
    leaves.values().forEach(t -> t.set_requires_grad(true));
    Tensor total = null;
    for (Tensor y : ZooFixture.libtorchForward(module, inputs)) {
      if (y.is_floating_point()) {
        Tensor s = y.mul(y).sum();
        total = total == null ? s : total.add(s);
      }
    }
    if (total == null) {
      throw new AssertionError("the model has no floating-point output");
    }
    total.backward();
    Map<String, double[]> out = new LinkedHashMap<>();
    leaves.forEach(
        (k, t) -> {
          Tensor g = t.grad();
          out.put(k, g.defined() ? T2J.t2j(g).toDoubleArray() : new double[(int) t.numel()]);
        });
    return out;
  }

  /**
   * Asserts that {@code actual} has the keys of {@code expected} and each gradient is within {@link
   * #TOLERANCE}. A gradient that is zero in exact arithmetic (an attention key bias: softmax
   * ignores a shift shared by a row) is rounding noise on both sides, so errors are measured
   * against at least 1e-3 of the whole gradient's norm.
   */
  static void assertClose(String id, Map<String, double[]> expected, Map<String, Array> actual) {
    assertEquals(expected.keySet(), actual.keySet(), id + ": gradient keys");
    double floor =
        1e-3 * Math.sqrt(expected.values().stream().mapToDouble(GradientCheck::squaredNorm).sum());
    double worst = 0;
    String worstKey = null;
    for (var e : expected.entrySet()) {
      double[] want = e.getValue();
      double[] got = actual.get(e.getKey()).toDoubleArray();
      double[] diff = new double[want.length];
      Arrays.setAll(diff, i -> got[i] - want[i]);
      double rel = Math.sqrt(squaredNorm(diff)) / Math.max(Math.sqrt(squaredNorm(want)), floor);
      if (!(rel <= worst)) {
        worst = rel;
        worstKey = e.getKey();
      }
    }
    System.out.printf("zoo %s gradient: worst relative error %.1e (%s)%n", id, worst, worstKey);
    assertTrue(
        worst <= TOLERANCE,
        "%s: gradient of %s off by %.2e (2-norm, relative)".formatted(id, worstKey, worst));
  }

  private static double squaredNorm(double[] v) {
    return Arrays.stream(v).map(x -> x * x).sum();
  }
}
