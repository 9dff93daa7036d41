package dev.torch2jax.transform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.ConcretizationException;
import dev.torch2jax.lax.IdentityOps;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TransformTest {
  private static final double TOL = 1e-9;

  /** f(x, y) = sum(tanh(x @ y) * x[:, :1]) style function of two matrices. */
  private static Array loss(Array x, Array w) {
    return Jnp.sum(
        Jnp.multiply(Jnp.tanh(Jnp.matmul(x, w)), Jnp.exp(Jnp.negative(Jnp.sum(x, 1, true)))));
  }

  private static Array x() {
    return Array.of(new double[] {0.1, -0.2, 0.3, 0.4, 0.5, -0.6}, 2, 3);
  }

  private static Array w() {
    return Array.of(new double[] {0.7, -0.1, 0.2, 0.3, -0.5, 0.9}, 3, 2);
  }

  @Test
  void jitMatchesEagerAndCachesBySignature() {
    AtomicInteger calls = new AtomicInteger();
    Fn f =
        a -> {
          calls.incrementAndGet();
          return loss((Array) a[0], (Array) a[1]);
        };
    Fn jitted = Jax.jit(f);
    double eager = loss(x(), w()).item();
    assertEquals(eager, ((Array) jitted.apply(x(), w())).item(), TOL);
    assertEquals(eager, ((Array) jitted.apply(x(), w())).item(), TOL);
    assertEquals(1, calls.get(), "same shapes must not retrace");
    jitted.apply(Array.of(new double[] {1, 2, 3}, 1, 3), w());
    assertEquals(2, calls.get(), "a new shape retraces");
    jitted.apply(
        Jnp.astype(x(), dev.torch2jax.DType.F32), Jnp.astype(w(), dev.torch2jax.DType.F32));
    assertEquals(3, calls.get(), "a new dtype retraces");
  }

  @Test
  void aSecondJitOfTheSameProgramReusesItsExecutable() {
    Fn f = a -> Jnp.tanh(Jnp.multiply((Array) a[0], (Array) a[0]));
    Array x = Array.of(new double[] {0.25, -1.5, 3, 7.5, -2}, 5);
    Array first = (Array) Jax.jit(f).apply(x);
    int cached = dev.torch2jax.core.Eager.cacheSize();
    Array second = (Array) Jax.jit(f).apply(x);
    assertEquals(
        cached, dev.torch2jax.core.Eager.cacheSize(), "an identical program compiles once");
    assertArrayEquals(first.toDoubleArray(), second.toDoubleArray());
    Jax.jit(a -> Jnp.tanh((Array) a[0])).apply(x);
    assertEquals(cached + 1, dev.torch2jax.core.Eager.cacheSize(), "another program compiles");
  }

  @Test
  void gradMatchesFiniteDifferences() {
    Fn g = Jax.grad(a -> loss((Array) a[0], (Array) a[1]));
    double[] grad = ((Array) g.apply(x(), w())).toDoubleArray();
    double[] xs = x().toDoubleArray();
    double h = 1e-6;
    for (int i = 0; i < xs.length; i++) {
      double[] plus = xs.clone();
      double[] minus = xs.clone();
      plus[i] += h;
      minus[i] -= h;
      double fd =
          (loss(Array.of(plus, 2, 3), w()).item() - loss(Array.of(minus, 2, 3), w()).item())
              / (2 * h);
      assertEquals(fd, grad[i], 1e-7, "d/dx[" + i + "]");
    }
  }

  @Test
  void gradOfGradOfCube() {
    Fn cube = a -> Jnp.multiply((Array) a[0], Jnp.multiply((Array) a[0], (Array) a[0]));
    Array x = Array.scalar(1.5);
    assertEquals(3 * 1.5 * 1.5, ((Array) Jax.grad(cube).apply(x)).item(), TOL);
    assertEquals(6 * 1.5, ((Array) Jax.grad(Jax.grad(cube)).apply(x)).item(), TOL);
    assertEquals(6.0, ((Array) Jax.grad(Jax.grad(Jax.grad(cube))).apply(x)).item(), TOL);
    assertEquals(6 * 1.5, ((Array) Jax.jit(Jax.grad(Jax.grad(cube))).apply(x)).item(), TOL);
  }

  @Test
  void gradOfAMapHasTheSameKeys() {
    Map<String, Array> params =
        new TreeMap<>(Map.of("w", w(), "b", Array.of(new double[] {0.1, -0.3})));
    Fn f =
        a -> {
          @SuppressWarnings("unchecked")
          Map<String, Array> p = (Map<String, Array>) a[0];
          return Jnp.sum(Jnp.tanh(Jnp.add(Jnp.matmul((Array) a[1], p.get("w")), p.get("b"))));
        };
    Object g = Jax.grad(f).apply(params, x());
    Map<?, ?> grads = assertInstanceOf(Map.class, g);
    assertEquals(params.keySet(), grads.keySet());
    assertArrayEquals(new long[] {3, 2}, ((Array) grads.get("w")).shape());
    // d/db sum(tanh(z)) = sum over rows of 1 - tanh(z)^2
    double[] z = Jnp.add(Jnp.matmul(x(), w()), params.get("b")).toDoubleArray();
    double db0 = (1 - Math.pow(Math.tanh(z[0]), 2)) + (1 - Math.pow(Math.tanh(z[2]), 2));
    assertEquals(db0, ((Array) grads.get("b")).toDoubleArray()[0], TOL);
  }

  @Test
  void gradWithArgnumsAndValueAndGrad() {
    Fn f = a -> loss((Array) a[0], (Array) a[1]);
    List<?> both = (List<?>) Jax.grad(f, 0, 1).apply(x(), w());
    assertEquals(2, both.size());
    assertArrayEquals(
        ((Array) Jax.grad(f).apply(x(), w())).toDoubleArray(),
        ((Array) both.get(0)).toDoubleArray(),
        TOL);
    assertArrayEquals(new long[] {3, 2}, ((Array) both.get(1)).shape());
    Array gw = (Array) Jax.grad(f, 1).apply(x(), w());
    assertArrayEquals(((Array) both.get(1)).toDoubleArray(), gw.toDoubleArray(), TOL);
    List<?> vg = (List<?>) Jax.valueAndGrad(f).apply(x(), w());
    assertEquals(loss(x(), w()).item(), ((Array) vg.get(0)).item(), TOL);
  }

  @Test
  void vjpPullsBackCotangents() {
    List<Object> r = Jax.vjp(a -> Jnp.tanh((Array) a[0]), x());
    Array y = (Array) r.get(0);
    assertArrayEquals(Jnp.tanh(x()).toDoubleArray(), y.toDoubleArray(), TOL);
    Array ct = Array.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    List<?> cts = (List<?>) ((Fn) r.get(1)).apply(ct);
    double[] xs = x().toDoubleArray();
    double[] got = ((Array) cts.get(0)).toDoubleArray();
    for (int i = 0; i < xs.length; i++) {
      assertEquals((i + 1) * (1 - Math.pow(Math.tanh(xs[i]), 2)), got[i], TOL);
    }
  }

  @Test
  void vmapMatchesALoopForEveryAxis() {
    Array batch = Array.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 2, 3);
    Fn rowNorm = a -> Jnp.sum(Jnp.multiply((Array) a[0], (Array) a[0]), 0);
    for (int axis = 0; axis < 3; axis++) {
      Array out = (Array) Jax.vmap(rowNorm, axis).apply(batch);
      long n = batch.shape()[axis];
      assertEquals(n, out.shape()[0]);
      Array moved =
          Jnp.transpose(
              batch, axis, (axis + 1) % 3 == axis ? 0 : otherAxes(axis)[0], otherAxes(axis)[1]);
      for (int i = 0; i < n; i++) {
        Array example = Jnp.reshape(slice(moved, i), moved.shape()[1], moved.shape()[2]);
        assertArrayEquals(
            ((Array) rowNorm.apply(example)).toDoubleArray(),
            slice(out, i).toDoubleArray(),
            TOL,
            "axis " + axis);
      }
    }
  }

  @Test
  void vmapWithUnmappedArgumentAndJit() {
    Array xs = Array.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
    Array w = Array.of(new double[] {1, -1, 2, 0.5}, 2, 2);
    Fn f = a -> Jnp.tanh(Jnp.matmul((Array) a[0], (Array) a[1]));
    Array expected = Jnp.tanh(Jnp.matmul(xs, w));
    assertArrayEquals(
        expected.toDoubleArray(), ((Array) Jax.vmap(f, 0, null).apply(xs, w)).toDoubleArray(), TOL);
    assertArrayEquals(
        expected.toDoubleArray(),
        ((Array) Jax.jit(Jax.vmap(f, 0, null)).apply(xs, w)).toDoubleArray(),
        TOL);
    assertArrayEquals(
        expected.toDoubleArray(),
        ((Array) Jax.vmap(Jax.jit(f), 0, null).apply(xs, w)).toDoubleArray(),
        TOL);
  }

  @Test
  void perExampleGradientsAndGradOfSummedVmap() {
    Array xs = Array.of(new double[] {0.1, 0.2, -0.3, 0.4, 0.5, 0.6}, 3, 2);
    Array w = Array.of(new double[] {1, -1, 2, 0.5}, 2, 2);
    Fn lossOne = a -> Jnp.sum(Jnp.tanh(Jnp.matmul((Array) a[1], (Array) a[0])));
    Array perExample = (Array) Jax.vmap(Jax.grad(lossOne), null, 0).apply(w, xs);
    assertArrayEquals(new long[] {3, 2, 2}, perExample.shape());
    Array total =
        (Array)
            Jax.grad(a -> Jnp.sum((Array) Jax.vmap(lossOne, null, 0).apply(a[0], a[1])))
                .apply(w, xs);
    assertArrayEquals(Jnp.sum(perExample, 0).toDoubleArray(), total.toDoubleArray(), TOL);
    Array viaJit =
        (Array)
            Jax.grad(a -> Jnp.sum((Array) Jax.jit(Jax.vmap(lossOne, null, 0)).apply(a[0], a[1])))
                .apply(w, xs);
    assertArrayEquals(total.toDoubleArray(), viaJit.toDoubleArray(), TOL);
    Array jitGrad = (Array) Jax.jit(Jax.vmap(Jax.grad(lossOne), null, 0)).apply(w, xs);
    assertArrayEquals(perExample.toDoubleArray(), jitGrad.toDoubleArray(), TOL);
  }

  @Test
  void makeJaxprPrintsTheProgram() {
    String text =
        Jax.makeJaxpr(
            a -> Jnp.sum(Jnp.tanh(Jnp.add((Array) a[0], (Array) a[0]))),
            Array.of(new float[] {1, 2, 3}));
    assertEquals(
        "{ lambda ; a:f32[3]. let\n"
            + "    b:f32[3] = add a a\n"
            + "    c:f32[3] = tanh b\n"
            + "    d:f32[] = reduce_sum[axes=(0,)] c\n"
            + "  in (d,) }",
        text);
  }

  @Test
  void errorsNameTheProblem() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Jax.grad(a -> Jnp.tanh((Array) a[0])).apply(x()));
    assertTrue(
        e.getMessage().contains("scalar") && e.getMessage().contains("[2, 3]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Jax.vmap(a -> Jnp.add((Array) a[0], (Array) a[1]))
                    .apply(Array.of(new float[3]), Array.of(new float[4])));
    assertTrue(
        e.getMessage().contains("argument 1") && e.getMessage().contains("4"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Jax.jit(a -> a[0]).apply(new StringBuilder("x")));
    assertTrue(
        e.getMessage().contains("not a pytree") && e.getMessage().contains("StringBuilder"),
        e.getMessage());
    ConcretizationException c =
        assertThrows(
            ConcretizationException.class,
            () ->
                Jax.jit(a -> ((Array) a[0]).bool() ? a[0] : Jnp.negative((Array) a[0]))
                    .apply(Array.scalar(1.0)));
    assertTrue(c.getMessage().contains("Jnp.where"), c.getMessage());
  }

  @Test
  void javaBranchesWorkUnderGrad() {
    Fn abs =
        a -> ((Array) a[0]).bool() && ((Array) a[0]).item() > 0 ? a[0] : Jnp.negative((Array) a[0]);
    assertEquals(1.0, ((Array) Jax.grad(abs).apply(Array.scalar(2.0))).item(), TOL);
    assertEquals(-1.0, ((Array) Jax.grad(abs).apply(Array.scalar(-2.0))).item(), TOL);
  }

  @Test
  void stopGradientCutsTheTape() {
    Fn f = a -> Jnp.multiply((Array) a[0], Jnp.stopGradient(Jnp.square((Array) a[0])));
    Array x = Array.scalar(3.0);
    assertEquals(27.0, ((Array) f.apply(x)).item(), TOL);
    assertEquals(9.0, ((Array) Jax.grad(f).apply(x)).item(), TOL);
    assertEquals(9.0, ((Array) Jax.jit(Jax.grad(f)).apply(x)).item(), TOL);
    assertArrayEquals(
        new double[] {1, 4},
        ((Array) Jax.vmap(Jax.grad(f)).apply(Array.of(new double[] {1, 2}))).toDoubleArray(),
        TOL);
  }

  @Test
  void anOptimizationBarrierIsTheIdentityUnderEveryTransformation() {
    Fn f =
        a -> Jnp.multiply((Array) a[0], IdentityOps.optimizationBarrier(Jnp.square((Array) a[0])));
    Array x = Array.scalar(3.0);
    assertEquals(27.0, ((Array) f.apply(x)).item(), TOL);
    assertEquals(27.0, ((Array) Jax.jit(f).apply(x)).item(), TOL);
    assertEquals(27.0, ((Array) Jax.grad(f).apply(x)).item(), TOL);
    assertEquals(27.0, ((Array) Jax.jit(Jax.grad(f)).apply(x)).item(), TOL);
    assertArrayEquals(
        new double[] {3, 12},
        ((Array) Jax.vmap(Jax.grad(f)).apply(Array.of(new double[] {1, 2}))).toDoubleArray(),
        TOL);
  }

  private static long[] otherAxes(int axis) {
    return java.util.stream.LongStream.range(0, 3).filter(a -> a != axis).toArray();
  }

  private static Array slice(Array a, int i) {
    double[] all = a.toDoubleArray();
    long[] s = a.shape();
    int inner = (int) (a.size() / s[0]);
    double[] part = java.util.Arrays.copyOfRange(all, i * inner, (i + 1) * inner);
    long[] rest = java.util.Arrays.copyOfRange(s, 1, s.length);
    return Array.of(part, rest.length == 0 ? new long[] {1} : rest);
  }
}
