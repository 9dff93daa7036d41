package dev.torch2jax.aten;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Random;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.torch.TorchFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.Tensor;

/**
 * Random ops through the OpInfo harness. Their numbers cannot equal libtorch's, so the checks are
 * their contract. Forward: t2j's dtype and shape are libtorch's, the values pass {@code valid},
 * mean and variance are those of libtorch's sample, a key gives the same numbers every time and
 * another key others. Jit: a jitted call with the key as an argument gives the eager numbers of
 * that key. Both are recorded in the harness as checks that ran; vmap and vjp are recorded as not
 * applicable (a random op's numbers depend on no input's values, only on shapes and dtypes).
 */
final class RandomSamples {
  private RandomSamples() {}

  /** {@code expr} without inputs. */
  static void check(String op, String expr, Consumer<double[]> valid) {
    check(op, "", expr, List.of(), valid);
  }

  /** {@code expr} over the tensor parameters {@code params} bound to {@code inputs}. */
  static void check(
      String op, String params, String expr, List<Tensor> inputs, Consumer<double[]> valid) {
    String src = OpInfo.source(params, expr);
    assertTrue(OpInfo.graphOps(src).contains(op), src + " reaches " + OpInfo.graphOps(src));
    TorchFunction f = T2J.t2j(OpInfo.compile(src));
    Object[] arrays = inputs.stream().map(t -> T2J.t2j(t.contiguous())).toArray();
    Fn keyed = k -> RandomState.withKey((Array) k[0], () -> f.apply(arrays));
    OpInfo.runCustom(
        List.of(op),
        src,
        OpInfo.Check.FORWARD,
        () -> {
          Tensor theirs = libtorch(src, inputs);
          Array ours = (Array) keyed.apply(Random.key(7));
          assertEquals(ShapeOracle.dtypeOf(theirs), ours.dtype(), expr + ": dtype");
          assertArrayEquals(theirs.shape(), ours.shape(), expr + ": shape");
          double[] e = ShapeOracle.values(theirs);
          double[] a = ours.toDoubleArray();
          valid.accept(a);
          // 5 standard errors of the difference of two samples' moments, from libtorch's sample:
          // sd sqrt(2/n) for means, var sqrt(2 (kurtosis - 1) / n) for variances (kurtosis - 1
          // floored at 0.5: it is 0 for a fair coin, whose variance then moves at second order).
          double n = e.length;
          double v = var(e);
          assertEquals(mean(e), mean(a), 5 * Math.sqrt(2 * v / n), expr + ": mean");
          double spread = v > 0 ? Math.sqrt(2 * Math.max(kurtosis(e) - 1, 0.5) / n) : 0;
          assertEquals(v, var(a), 5 * v * spread + 1e-12, expr + ": variance");
          assertArrayEquals(a, ((Array) keyed.apply(Random.key(7))).toDoubleArray(), expr);
          assertFalse(
              Arrays.equals(a, ((Array) keyed.apply(Random.key(8))).toDoubleArray()),
              expr + ": another key, other numbers");
        });
    OpInfo.runCustom(
        List.of(op),
        src,
        OpInfo.Check.JIT,
        () -> {
          Fn jitted = Jax.jit(keyed);
          double[] eager = ((Array) keyed.apply(Random.key(3))).toDoubleArray();
          assertArrayEquals(eager, ((Array) jitted.apply(Random.key(3))).toDoubleArray(), 1e-6);
          assertFalse(
              Arrays.equals(eager, ((Array) jitted.apply(Random.key(4))).toDoubleArray()),
              expr + ": jit with another key, other numbers");
        });
    OpInfo.notApplicable(src, OpInfo.Check.VJP);
    OpInfo.notApplicable(src, OpInfo.Check.VMAP);
  }

  /** Every value in {@code [lo, hi)}. */
  static Consumer<double[]> within(double lo, double hi) {
    return v ->
        assertTrue(
            Arrays.stream(v).allMatch(d -> d >= lo && d < hi),
            "values in [" + lo + ", " + hi + ")");
  }

  /** Every value finite. */
  static Consumer<double[]> finite() {
    return v -> assertTrue(Arrays.stream(v).allMatch(Double::isFinite), "finite values");
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(Double.NaN);
  }

  private static double var(double[] v) {
    double m = mean(v);
    return Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1);
  }

  private static double kurtosis(double[] v) {
    double m = mean(v);
    double s2 = var(v);
    return Arrays.stream(v).map(x -> Math.pow(x - m, 4)).average().orElse(Double.NaN) / (s2 * s2);
  }

  /** {@code src}'s {@code f(inputs)} run by libtorch. */
  static Tensor libtorch(String src, List<Tensor> inputs) {
    List<IValue> args = new ArrayList<>();
    for (Tensor t : inputs) {
      args.add(new IValue(t));
    }
    IValueVector vec = new IValueVector(args.toArray(new IValue[0]));
    IValue out = OpInfo.compile(src).apply(vec);
    Tensor t = out.toTensor().clone();
    java.lang.ref.Reference.reachabilityFence(out);
    java.lang.ref.Reference.reachabilityFence(vec);
    return t;
  }
}
