package dev.torch2jax.examples.bench;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.Backend;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.core.Lowerer;
import dev.torch2jax.pjrt.PjrtBuffer;
import dev.torch2jax.pjrt.PjrtExecutable;
import dev.torch2jax.transform.ClosedJaxpr;
import dev.torch2jax.transform.Staging;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * The tracing core's costs, measured in one run: jitted dispatch against plain PJRT execute, trace
 * and compile time of an MLP's gradient, and an MLP training step against libtorch.
 *
 * <p>Run: {@code ./t2j example dev.torch2jax.examples.bench.JitBenchmark}
 */
public final class JitBenchmark {
  private static final int ROUNDS = 11;
  private static final int BATCH = 64;
  private static final int[] WIDTHS = {32, 128, 128, 10};
  private static final float LEARNING_RATE = 0.01f;

  private JitBenchmark() {}

  /** Prints the three measurements as medians and ratios. */
  public static void main(String[] args) {
    System.out.println(
        "device: "
            + Backend.device()
            + "; libtorch intra-op threads: "
            + org.bytedeco.pytorch.global.torch.get_num_threads()
            + " (OMP_NUM_THREADS="
            + System.getenv("OMP_NUM_THREADS")
            + "), XLA: its own pool");
    dispatch();
    Map<String, Array> params = initParams(new Random(0));
    Array x = randomArray(new Random(1), BATCH, WIDTHS[0]);
    Array y = randomArray(new Random(2), BATCH, WIDTHS[WIDTHS.length - 1]);
    traceAndCompile(params, x, y);
    trainingStep(params, x, y);
  }

  /** A cached jitted {@code x * y + x} against PJRT execute of the very same module. */
  private static void dispatch() {
    Fn f = a -> Jnp.add(Jnp.multiply((Array) a[0], (Array) a[1]), (Array) a[0]);
    Fn jitted = Jax.jit(f);
    Array a = Array.of(new float[] {1.5f});
    Array b = Array.of(new float[] {2f});
    ClosedJaxpr closed = Staging.makeJaxpr(f, a, b);
    PjrtExecutable exe = Backend.client().compile(Lowerer.module("plain", closed.jaxpr()));
    PjrtBuffer ba = ((DeviceArray) a).buffer();
    PjrtBuffer bb = ((DeviceArray) b).buffer();
    int calls = 20_000;
    double[] jit = new double[ROUNDS];
    double[] plain = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        ((Array) jitted.apply(a, b)).close();
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < calls; i++) {
        exe.execute(ba, bb)[0].close();
      }
      long t2 = System.nanoTime();
      jit[r] = (t1 - t0) / 1e3 / calls;
      plain[r] = (t2 - t1) / 1e3 / calls;
    }
    System.out.printf(
        Locale.ROOT,
        "jit dispatch (1-element x*y+x): jitted call %.2f us, plain PJRT execute %.2f us, ratio %.2f (goal <= 2)%n",
        median(jit),
        median(plain),
        median(jit) / median(plain));
    exe.close();
  }

  private static Array mlpLoss(Map<String, Array> p, Array x, Array y) {
    Array h = x;
    for (int layer = 0; layer < WIDTHS.length - 1; layer++) {
      h = Jnp.add(Jnp.matmul(h, p.get("w" + layer)), p.get("b" + layer));
      if (layer < WIDTHS.length - 2) {
        h = Jnp.tanh(h);
      }
    }
    Array d = Jnp.subtract(h, y);
    return Jnp.divide(Jnp.sum(Jnp.multiply(d, d)), Array.scalar((float) d.size()));
  }

  @SuppressWarnings("unchecked")
  private static Fn trainStep() {
    Fn valueAndGrad =
        Jax.valueAndGrad(a -> mlpLoss((Map<String, Array>) a[0], (Array) a[1], (Array) a[2]));
    return Jax.jit(
        a -> {
          List<?> vg = (List<?>) valueAndGrad.apply(a);
          Map<String, Array> params = (Map<String, Array>) a[0];
          Map<String, Array> grads = (Map<String, Array>) vg.get(1);
          Map<String, Array> updated = new TreeMap<>();
          Array lr = Array.scalar(LEARNING_RATE);
          params.forEach((k, v) -> updated.put(k, Jnp.subtract(v, Jnp.multiply(lr, grads.get(k)))));
          return List.of(vg.get(0), updated);
        });
  }

  private static void traceAndCompile(Map<String, Array> params, Array x, Array y) {
    double[] times = new double[5];
    for (int r = 0; r < times.length; r++) {
      Fn step = trainStep(); // a fresh function: traced and compiled again
      long t0 = System.nanoTime();
      step.apply(params, x, y);
      times[r] = (System.nanoTime() - t0) / 1e6;
    }
    System.out.printf(
        Locale.ROOT,
        "3-layer MLP value-and-grad + SGD step: trace + compile + first run %.1f ms (median of %d)%n",
        median(times),
        times.length);
  }

  @SuppressWarnings("unchecked")
  private static void trainingStep(Map<String, Array> params, Array x, Array y) {
    Fn step = trainStep();
    Map<String, Array> p = params;
    for (int i = 0; i < 5; i++) {
      p = (Map<String, Array>) ((List<?>) step.apply(p, x, y)).get(1);
    }
    Map<String, Tensor> tp = new TreeMap<>();
    params.forEach((k, v) -> tp.put(k, toTorch(v).requires_grad_(true)));
    Tensor tx = toTorch(x);
    Tensor ty = toTorch(y);
    for (int i = 0; i < 5; i++) {
      torchStep(tp, tx, ty);
    }
    int steps = 50;
    double[] xla = new double[ROUNDS];
    double[] torch = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        p = (Map<String, Array>) ((List<?>) step.apply(p, x, y)).get(1);
      }
      p.values().iterator().next().toFloatArray(); // wait for the last step
      long t1 = System.nanoTime();
      for (int i = 0; i < steps; i++) {
        torchStep(tp, tx, ty);
      }
      long t2 = System.nanoTime();
      xla[r] = (t1 - t0) / 1e3 / steps;
      torch[r] = (t2 - t1) / 1e3 / steps;
    }
    System.out.printf(
        Locale.ROOT,
        "MLP training step (batch %d, widths %s): XLA jit %.1f us, libtorch eager autograd %.1f us, ratio %.2f (goal <= 1)%n",
        BATCH,
        Arrays.toString(WIDTHS),
        median(xla),
        median(torch),
        median(xla) / median(torch));
  }

  @SuppressWarnings("try") // the guard only scopes no-grad mode
  private static void torchStep(Map<String, Tensor> p, Tensor x, Tensor y) {
    Tensor h = x;
    for (int layer = 0; layer < WIDTHS.length - 1; layer++) {
      h = h.matmul(p.get("w" + layer)).add(p.get("b" + layer));
      if (layer < WIDTHS.length - 2) {
        h = h.tanh();
      }
    }
    Tensor d = h.sub(y);
    Tensor loss = d.mul(d).mean();
    loss.backward();
    try (NoGradGuard guard = new NoGradGuard()) {
      for (Tensor w : p.values()) {
        w.sub_(w.grad().mul(new org.bytedeco.pytorch.Scalar(LEARNING_RATE)));
        w.grad().zero_();
      }
    }
  }

  private static Map<String, Array> initParams(Random rng) {
    Map<String, Array> p = new TreeMap<>();
    for (int layer = 0; layer < WIDTHS.length - 1; layer++) {
      p.put("w" + layer, randomArray(rng, WIDTHS[layer], WIDTHS[layer + 1]));
      p.put("b" + layer, randomArray(rng, WIDTHS[layer + 1]));
    }
    return p;
  }

  private static Array randomArray(Random rng, long... shape) {
    float[] d = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rng.nextGaussian() * 0.3);
    }
    return Array.of(d, shape);
  }

  private static Tensor toTorch(Array a) {
    return Tensor.create(a.toFloatArray(), a.shape());
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
