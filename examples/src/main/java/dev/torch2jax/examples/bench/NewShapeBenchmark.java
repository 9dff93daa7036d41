package dev.torch2jax.examples.bench;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.Backend;
import dev.torch2jax.core.Lowerer;
import dev.torch2jax.pjrt.PjrtExecutable;
import dev.torch2jax.transform.Staging;
import java.util.Arrays;
import java.util.Locale;

/**
 * What one new shape of a small jitted function costs ({@code sum(tanh(x @ w))}, x of {@code n}x64,
 * w 64x32, a new {@code n} each call), in total and split into trace, lowering to StableHLO and XLA
 * compile. {@code scripts/bench/new_shape_jax.py} measures the same for JAX: run both on the same
 * machine, one after the other.
 *
 * <p>Run: {@code ./t2j example dev.torch2jax.examples.bench.NewShapeBenchmark [shapes]}
 */
public final class NewShapeBenchmark {
  private static final int WARM_UP = 10;
  private static final int IN = 64;
  private static final int OUT = 32;

  private NewShapeBenchmark() {}

  /** Prints the median milliseconds per new shape of each phase and of the whole first call. */
  public static void main(String[] args) {
    int shapes = args.length > 0 ? Integer.parseInt(args[0]) : 40;
    Fn f = a -> Jnp.sum(Jnp.tanh(Jnp.matmul((Array) a[0], (Array) a[1])));
    Array w = Array.of(new float[IN * OUT], IN, OUT);
    Fn jitted = Jax.jit(f);
    double[] total = new double[shapes];
    double[] trace = new double[shapes];
    double[] lower = new double[shapes];
    double[] compile = new double[shapes];
    // The first WARM_UP shapes warm the JVM; every shape is new to the jit and to the phases.
    for (int i = -WARM_UP; i < shapes; i++) {
      int rows = 1000 + WARM_UP + 1 + i;
      Array x = Array.of(new float[rows * IN], rows, IN);
      long t0 = System.nanoTime();
      ((Array) jitted.apply(x, w)).toFloatArray();
      long t1 = System.nanoTime();
      // The phases again, by hand, on a shape of the same size that the jit has not seen.
      Array y = Array.of(new float[(rows + 1000) * IN], rows + 1000, IN);
      long t2 = System.nanoTime();
      Staging.Staged staged = Staging.stageLike(f, y, w);
      long t3 = System.nanoTime();
      String text = Lowerer.module("new_shape", staged.closed().jaxpr());
      long t4 = System.nanoTime();
      PjrtExecutable executable = Backend.client().compile(text);
      long t5 = System.nanoTime();
      executable.close();
      if (i >= 0) {
        total[i] = (t1 - t0) / 1e6;
        trace[i] = (t3 - t2) / 1e6;
        lower[i] = (t4 - t3) / 1e6;
        compile[i] = (t5 - t4) / 1e6;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "t2j new shape of sum(tanh(x @ w)), median of %d: first call %.1f ms = trace %.1f +"
            + " lowering %.1f + XLA compile %.1f (+ dispatch)%n",
        shapes,
        median(total),
        median(trace),
        median(lower),
        median(compile));
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
