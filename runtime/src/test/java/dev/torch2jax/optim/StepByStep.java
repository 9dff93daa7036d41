package dev.torch2jax.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.torch.T2J;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;

/**
 * One optimization problem run by a libtorch optimizer and by ours: the same initial parameters
 * ({@code bias [5]}, {@code weight [3, 4]}) and the same gradient sequence, the parameters compared
 * after every step.
 */
final class StepByStep {
  static final int STEPS = 5;

  /** Gradient scales per step, varied so that amsgrad's running maximum differs from v. */
  private static final double[] SCALES = {1, 0.1, 2, 0.05, 1};

  private static final Map<String, long[]> SHAPES =
      new TreeMap<>(Map.of("bias", new long[] {5}, "weight", new long[] {3, 4}));

  /** Initial parameters and the gradient of every step, as arrays of {@code dtype}. */
  record Problem(Map<String, Array> params, List<Map<String, Array>> grads) {}

  private StepByStep() {}

  static Problem problem(long seed, DType dtype) {
    Random rng = new Random(seed);
    Map<String, Array> params = random(rng, dtype, 1);
    List<Map<String, Array>> grads = new ArrayList<>();
    for (int s = 0; s < STEPS; s++) {
      grads.add(random(rng, dtype, SCALES[s]));
    }
    return new Problem(params, grads);
  }

  private static Map<String, Array> random(Random rng, DType dtype, double scale) {
    Map<String, Array> out = new TreeMap<>();
    SHAPES.forEach(
        (k, shape) -> {
          int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
          double[] d = new double[n];
          for (int i = 0; i < n; i++) {
            d[i] = scale * (rng.nextDouble() * 2 - 1);
          }
          out.put(k, dtype == DType.F64 ? Array.of(d, shape) : Array.of(toFloats(d), shape));
        });
    return out;
  }

  private static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  /** The parameters after each step of the libtorch optimizer that {@code make} builds. */
  static List<Map<String, double[]>> libtorch(
      Problem problem, Function<TensorVector, org.bytedeco.pytorch.Optimizer> make) {
    Map<String, Tensor> params = new LinkedHashMap<>();
    problem.params().forEach((k, v) -> params.put(k, T2J.j2t(v).set_requires_grad(true)));
    org.bytedeco.pytorch.Optimizer opt =
        make.apply(new TensorVector(params.values().toArray(new Tensor[0])));
    List<Map<String, double[]>> out = new ArrayList<>();
    for (Map<String, Array> grads : problem.grads()) {
      params.forEach((k, p) -> p.mutable_grad().put(T2J.j2t(grads.get(k))));
      opt.step();
      Map<String, double[]> now = new TreeMap<>();
      params.forEach((k, p) -> now.put(k, T2J.t2j(p.detach()).toDoubleArray()));
      out.add(now);
    }
    return out;
  }

  /** The parameters after each step of {@code step}, which maps (grads, state, params). */
  @SuppressWarnings("unchecked")
  static List<Map<String, double[]>> ours(Problem problem, Object initialState, StepFunction step) {
    Object params = problem.params();
    Object state = initialState;
    List<Map<String, double[]>> out = new ArrayList<>();
    for (Map<String, Array> grads : problem.grads()) {
      Optimizer.Update u = step.apply(grads, state, params);
      params = u.params();
      state = u.state();
      Map<String, double[]> now = new TreeMap<>();
      ((Map<String, Array>) params).forEach((k, v) -> now.put(k, v.toDoubleArray()));
      out.add(now);
    }
    return out;
  }

  /** An optimizer step, eager or jitted. */
  @FunctionalInterface
  interface StepFunction {
    Optimizer.Update apply(Object grads, Object state, Object params);
  }

  /**
   * Every element within {@code rtol} relative to the largest magnitude of its leaf (elements near
   * zero are not held to a relative bound on their own value).
   */
  static void assertClose(
      List<Map<String, double[]>> expected, List<Map<String, double[]>> actual, double rtol) {
    assertEquals(expected.size(), actual.size());
    for (int s = 0; s < expected.size(); s++) {
      for (String k : expected.get(s).keySet()) {
        double[] e = expected.get(s).get(k);
        double[] a = actual.get(s).get(k);
        double scale = 0;
        for (double x : e) {
          scale = Math.max(scale, Math.abs(x));
        }
        for (int i = 0; i < e.length; i++) {
          double err = Math.abs(a[i] - e[i]) / scale;
          if (!(err <= rtol)) {
            fail(
                "step %d, %s[%d]: expected %s, got %s (relative error %.3g > %.1g)"
                    .formatted(s + 1, k, i, e[i], a[i], err, rtol));
          }
        }
      }
    }
  }
}
