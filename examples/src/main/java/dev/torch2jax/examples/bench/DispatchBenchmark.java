package dev.torch2jax.examples.bench;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.Backend;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.pjrt.PjrtBuffer;
import dev.torch2jax.pjrt.PjrtExecutable;
import java.util.Arrays;
import java.util.Locale;

/**
 * Op-by-op dispatch overhead: a cached {@code Jnp.add} against the plain PJRT execute of the same
 * compiled program, measured in one run so the ratio is meaningful on a noisy machine.
 *
 * <p>Run: {@code ./t2j example dev.torch2jax.examples.bench.DispatchBenchmark}
 */
public final class DispatchBenchmark {
  private static final int ROUNDS = 15;

  private DispatchBenchmark() {}

  /** Prints per-call medians (µs) and the Java overhead for 1x1 and 1000x1000 f32 adds. */
  public static void main(String[] args) {
    System.out.println(
        "device: " + Backend.device() + ", plugin " + Backend.client().api().library());
    measure(1, 20_000);
    measure(1000, 200);
  }

  private static void measure(int n, int callsPerRound) {
    float[] data = new float[n * n];
    Arrays.fill(data, 1.5f);
    Array a = Array.of(data, n, n);
    Array b = Array.of(data, n, n);
    PjrtExecutable exe = Backend.client().compile(addModule(n));
    PjrtBuffer ba = ((DeviceArray) a).buffer();
    PjrtBuffer bb = ((DeviceArray) b).buffer();

    double[] jnp = new double[ROUNDS];
    double[] pjrt = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      // Alternate the two in each round so drift on the machine hits both alike.
      long t0 = System.nanoTime();
      for (int i = 0; i < callsPerRound; i++) {
        Jnp.add(a, b).close(); // released at once, as a tight loop should
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < callsPerRound; i++) {
        exe.execute(ba, bb)[0].close();
      }
      long t2 = System.nanoTime();
      jnp[r] = (t1 - t0) / 1e3 / callsPerRound;
      pjrt[r] = (t2 - t1) / 1e3 / callsPerRound;
    }
    double mj = median(jnp);
    double mp = median(pjrt);
    System.out.printf(
        Locale.ROOT,
        "add %dx%d f32: Jnp %.2f us (min %.2f, max %.2f), plain PJRT execute %.2f us (min %.2f, max %.2f);"
            + " Java overhead %.2f us per call, ratio %.2f%n",
        n,
        n,
        mj,
        min(jnp),
        max(jnp),
        mp,
        min(pjrt),
        max(pjrt),
        mj - mp,
        mj / mp);
    exe.close();
  }

  private static String addModule(int n) {
    String t = "tensor<" + n + "x" + n + "xf32>";
    return "module @add {\n  func.func public @main(%a: "
        + t
        + ", %b: "
        + t
        + ") -> ("
        + t
        + ") {\n    %0 = \"stablehlo.add\"(%a, %b) : ("
        + t
        + ", "
        + t
        + ") -> "
        + t
        + "\n    \"func.return\"(%0) : ("
        + t
        + ") -> ()\n  }\n}\n";
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static double min(double[] v) {
    return Arrays.stream(v).min().orElseThrow();
  }

  private static double max(double[] v) {
    return Arrays.stream(v).max().orElseThrow();
  }
}
