package dev.torch2jax.lax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.control.ScanOps;
import dev.torch2jax.core.Lowerer;
import dev.torch2jax.transform.ClosedJaxpr;
import dev.torch2jax.transform.Staging;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code scan} against a Java loop of the same recurrence {@code h' = tanh(w * h + x)}, {@code y =
 * h' * h'}: eager, jitted, differentiated (against central differences) and batched.
 */
class ScanTest {
  private static final int N = 3;
  private static final double TOL = 1e-12;

  /** The step: the next carry and the output. */
  private static List<Object> step(Array w, Array h, Array x) {
    Array next = Jnp.tanh(Jnp.add(Jnp.multiply(w, h), x));
    return List.of(next, Jnp.multiply(next, next));
  }

  /** (final carry, stacked outputs) of the scan. */
  private static List<Array> scanned(Array w, Array h0, Array xs, boolean reverse) {
    ScanOps.Result r = ScanOps.scan(a -> step(w, (Array) a[0], (Array) a[1]), h0, xs, -1, reverse);
    return List.of((Array) r.carry(), (Array) r.ys());
  }

  /** The same recurrence as a Java loop over doubles. */
  private static double[][] loop(double[] w, double[] h0, double[] xs, int steps, boolean rev) {
    double[] h = h0.clone();
    double[] ys = new double[steps * N];
    for (int k = 0; k < steps; k++) {
      int t = rev ? steps - 1 - k : k;
      for (int j = 0; j < N; j++) {
        h[j] = Math.tanh(w[j] * h[j] + xs[t * N + j]);
        ys[t * N + j] = h[j] * h[j];
      }
    }
    return new double[][] {h, ys};
  }

  private static double[] random(Random rng, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = rng.nextGaussian();
    }
    return d;
  }

  @Test
  void forwardAndReverseMatchALoopEagerAndJitted() {
    Random rng = new Random(1);
    double[] w = random(rng, N);
    double[] h0 = random(rng, N);
    double[] xs = random(rng, 5 * N);
    for (boolean reverse : new boolean[] {false, true}) {
      double[][] expected = loop(w, h0, xs, 5, reverse);
      Array wa = Array.of(w);
      Array ha = Array.of(h0);
      Array xa = Array.of(xs, 5, N);
      List<Array> eager = scanned(wa, ha, xa, reverse);
      assertArrayEquals(expected[0], eager.get(0).toDoubleArray(), TOL);
      assertArrayEquals(expected[1], eager.get(1).toDoubleArray(), TOL);
      assertArrayEquals(new long[] {5, N}, eager.get(1).shape());
      Fn f = a -> scanned((Array) a[0], (Array) a[1], (Array) a[2], reverse);
      List<?> jitted = (List<?>) Jax.jit(f).apply(wa, ha, xa);
      assertArrayEquals(expected[0], ((Array) jitted.get(0)).toDoubleArray(), TOL);
      assertArrayEquals(expected[1], ((Array) jitted.get(1)).toDoubleArray(), TOL);
    }
  }

  @Test
  void carriesPytreesAndRunsWithoutInputs() {
    // A counter and a running sum of the counter, 4 steps with no xs.
    ScanOps.Result r =
        ScanOps.scan(
            a -> {
              List<?> c = (List<?>) a[0];
              Array i = Jnp.add((Array) c.get(0), Array.scalar(1L));
              Array s = Jnp.add((Array) c.get(1), ElementwiseOps.convert(i, DType.F64));
              return List.of(List.of(i, s), s);
            },
            List.of(Array.scalar(0L), Array.scalar(0.0)),
            null,
            4,
            false);
    List<?> carry = (List<?>) r.carry();
    assertEquals(4.0, ((Array) carry.get(0)).item(), 0);
    assertEquals(10.0, ((Array) carry.get(1)).item(), TOL);
    assertArrayEquals(new double[] {1, 3, 6, 10}, ((Array) r.ys()).toDoubleArray(), TOL);
  }

  @Test
  void gradientsMatchCentralDifferences() {
    Random rng = new Random(2);
    double[] w = random(rng, N);
    double[] h0 = random(rng, N);
    double[] xs = random(rng, 4 * N);
    double[] weights = random(rng, 4 * N + N);
    for (boolean reverse : new boolean[] {false, true}) {
      Fn loss =
          a -> {
            List<Array> out = scanned((Array) a[0], (Array) a[1], (Array) a[2], reverse);
            Array all = Jnp.concatenate(List.of(Jnp.reshape(out.get(1), 4 * N), out.get(0)), 0);
            return Jnp.sum(Jnp.multiply(all, Array.of(weights)));
          };
      List<?> grads =
          (List<?>) Jax.grad(loss, 0, 1, 2).apply(Array.of(w), Array.of(h0), Array.of(xs, 4, N));
      List<?> jitGrads =
          (List<?>)
              Jax.jit(Jax.grad(loss, 0, 1, 2)).apply(Array.of(w), Array.of(h0), Array.of(xs, 4, N));
      double[][] inputs = {w, h0, xs};
      for (int k = 0; k < 3; k++) {
        double[] numeric = new double[inputs[k].length];
        for (int i = 0; i < numeric.length; i++) {
          double[][] plus = copy(inputs);
          double[][] minus = copy(inputs);
          plus[k][i] += 1e-6;
          minus[k][i] -= 1e-6;
          numeric[i] =
              (weighted(plus, weights, reverse) - weighted(minus, weights, reverse)) / 2e-6;
        }
        assertArrayEquals(numeric, ((Array) grads.get(k)).toDoubleArray(), 1e-6, "input " + k);
        assertArrayEquals(
            ((Array) grads.get(k)).toDoubleArray(),
            ((Array) jitGrads.get(k)).toDoubleArray(),
            TOL,
            "jitted gradient of input " + k);
      }
    }
  }

  private static double weighted(double[][] in, double[] weights, boolean reverse) {
    double[][] out = loop(in[0], in[1], in[2], 4, reverse);
    double s = 0;
    for (int i = 0; i < 4 * N; i++) {
      s += out[1][i] * weights[i];
    }
    for (int j = 0; j < N; j++) {
      s += out[0][j] * weights[4 * N + j];
    }
    return s;
  }

  private static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }

  @Test
  void secondDerivativeThroughTheReverseScan() {
    // d²/dw² of sum(final h) for one step from h0 = 1, x = 0: h = tanh(w).
    Fn f =
        a ->
            Jnp.sum(
                scanned(
                        (Array) a[0],
                        Array.of(new double[] {1}),
                        Array.of(new double[1], 1, 1),
                        false)
                    .get(0));
    double w = 0.7;
    double t = Math.tanh(w);
    double expected = -2 * t * (1 - t * t);
    assertEquals(
        expected,
        ((Array)
                Jax.grad(a -> Jnp.sum((Array) Jax.grad(f).apply(a[0])))
                    .apply(Array.of(new double[] {w})))
            .toDoubleArray()[0],
        1e-10);
  }

  @Test
  void vmapOverInputsAndCarryMatchesALoop() {
    Random rng = new Random(3);
    double[] w = random(rng, N);
    double[][] h0s = {random(rng, N), random(rng, N)};
    double[][] xss = {random(rng, 6 * N), random(rng, 6 * N)};
    Fn f = a -> scanned((Array) a[0], (Array) a[1], (Array) a[2], false);
    Array hb = Array.of(concat(h0s[0], h0s[1]), 2, N);
    // xs batched along its last axis: the rule must move it behind the scan axis.
    Array xb = Jnp.stack(List.of(Array.of(xss[0], 6, N), Array.of(xss[1], 6, N)), 2);
    for (Fn g : List.of(Jax.vmap(f, null, 0, 2), Jax.jit(Jax.vmap(f, null, 0, 2)))) {
      List<?> out = (List<?>) g.apply(Array.of(w), hb, xb);
      Array carries = (Array) out.get(0);
      Array ys = (Array) out.get(1);
      assertArrayEquals(new long[] {2, N}, carries.shape());
      assertArrayEquals(new long[] {2, 6, N}, ys.shape());
      for (int b = 0; b < 2; b++) {
        double[][] expected = loop(w, h0s[b], xss[b], 6, false);
        assertArrayEquals(
            expected[0],
            ShapeOps.slice(carries, new long[] {b, 0}, new long[] {b + 1, N}).toDoubleArray(),
            TOL);
        assertArrayEquals(
            expected[1],
            ShapeOps.slice(ys, new long[] {b, 0, 0}, new long[] {b + 1, 6, N}).toDoubleArray(),
            TOL);
      }
    }
    // Only the weights batched: the carry becomes batched inside the loop.
    Array wb = Array.of(concat(w, h0s[0]), 2, N);
    List<?> out =
        (List<?>) Jax.vmap(f, 0, null, null).apply(wb, Array.of(h0s[1]), Array.of(xss[0], 6, N));
    assertArrayEquals(
        loop(h0s[0], h0s[1], xss[0], 6, false)[1],
        ShapeOps.slice((Array) out.get(1), new long[] {1, 0, 0}, new long[] {2, 6, N})
            .toDoubleArray(),
        TOL);
  }

  private static double[] concat(double[] a, double[] b) {
    double[] c = new double[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void programSizeDoesNotGrowWithTheLength() {
    Array w = Array.of(new double[N]);
    Array h0 = Array.of(new double[N]);
    Fn f = a -> scanned((Array) a[0], (Array) a[1], (Array) a[2], false);
    Fn g = Jax.grad(a -> Jnp.sum(scanned((Array) a[0], (Array) a[1], (Array) a[2], false).get(1)));
    for (Fn fn : List.of(f, g)) {
      ClosedJaxpr short_ = Staging.makeJaxpr(fn, w, h0, Array.of(new double[10 * N], 10, N));
      ClosedJaxpr long_ = Staging.makeJaxpr(fn, w, h0, Array.of(new double[200 * N], 200, N));
      String shortHlo = Lowerer.module("short", short_.jaxpr());
      String longHlo = Lowerer.module("long", long_.jaxpr());
      assertEquals(
          short_.jaxpr().toString().lines().count(), long_.jaxpr().toString().lines().count());
      assertEquals(shortHlo.lines().count(), longHlo.lines().count(), longHlo);
      assertTrue(longHlo.contains("stablehlo.while"), longHlo);
    }
  }

  @Test
  void badBodiesAreRejected() {
    Array h0 = Array.of(new double[N]);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ScanOps.scan(
                    a -> List.of(ElementwiseOps.convert((Array) a[0], DType.F32), a[1]),
                    h0,
                    Array.of(new double[2 * N], 2, N)));
    assertTrue(e.getMessage().contains("carried structure and types"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ScanOps.scan(a -> a[0], h0, Array.of(new double[2 * N], 2, N)));
    assertTrue(e.getMessage().contains("List.of(nextCarry, y)"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ScanOps.scan(a -> List.of(a[0], a[1]), h0, null, -1, false));
    assertTrue(e.getMessage().contains("number of steps"), e.getMessage());
  }
}
