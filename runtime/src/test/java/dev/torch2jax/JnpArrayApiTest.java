package dev.torch2jax;

import static dev.torch2jax.TorchOracle.assertMatches;
import static dev.torch2jax.TorchOracle.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.TorchOracle.Pair;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** The array API beyond issue 2's first ops, against libtorch and under transformations. */
class JnpArrayApiTest {
  @Test
  void comparisonsBroadcastAndPromote() {
    Random rng = new Random(9);
    Pair a = random(rng, DType.I32, 2, 3);
    Pair b = random(rng, DType.F32, 3);
    check(Jnp::equal, Tensor::eq, a, b);
    check(Jnp::notEqual, Tensor::ne, a, b);
    check(Jnp::less, Tensor::lt, a, b);
    check(Jnp::lessEqual, Tensor::le, a, b);
    check(Jnp::greater, Tensor::gt, a, b);
    check(Jnp::greaterEqual, Tensor::ge, a, b);
  }

  private static void check(BinaryOperator<Array> jnp, BinaryOperator<Tensor> t, Pair a, Pair b) {
    assertMatches(t.apply(a.torch(), b.torch()), jnp.apply(a.jax(), b.jax()), 0);
  }

  @Test
  void whereMeanSquareAgainstLibtorch() {
    Random rng = new Random(10);
    Pair c = random(rng, DType.BOOL, 2, 3);
    Pair x = random(rng, DType.F32, 3);
    Pair y = random(rng, DType.F64, 2, 1);
    assertMatches(
        torch.where(c.torch(), x.torch(), y.torch()), Jnp.where(c.jax(), x.jax(), y.jax()), 1e-12);
    Pair m = random(rng, DType.F64, 4, 5);
    assertMatches(m.torch().mean(), Jnp.mean(m.jax()), 1e-12);
    assertMatches(
        m.torch().mean(new long[] {1}, true, new org.bytedeco.pytorch.ScalarTypeOptional()),
        Jnp.mean(m.jax(), -1, true),
        1e-12);
    assertMatches(m.torch().mul(m.torch()), Jnp.square(m.jax()), 1e-12);
  }

  @Test
  void constructorsHaveShapeDtypeAndValue() {
    Array z = Jnp.zeros(new long[] {2, 3}, DType.I64);
    assertEquals(DType.I64, z.dtype());
    assertArrayEquals(new long[] {0, 0, 0, 0, 0, 0}, z.toLongArray());
    assertArrayEquals(new float[] {1, 1}, Jnp.ones(new long[] {2}, DType.F32).toFloatArray());
    assertArrayEquals(
        new double[] {2.5, 2.5}, Jnp.fullLike(Array.of(new double[2]), 2.5).toDoubleArray());
    assertArrayEquals(
        new boolean[] {true}, Jnp.onesLike(Array.of(new boolean[] {false})).toBooleanArray());
  }

  @Test
  void whereIsDifferentiableAndBatchable() {
    Fn relu =
        a ->
            Jnp.where(
                Jnp.greater((Array) a[0], Jnp.zerosLike((Array) a[0])),
                (Array) a[0],
                Jnp.zerosLike((Array) a[0]));
    Array xs = Array.of(new double[] {-1, 2, -3, 4});
    assertArrayEquals(
        new double[] {0, 2, 0, 4}, ((Array) Jax.vmap(relu).apply(xs)).toDoubleArray());
    Fn total = a -> Jnp.sum((Array) relu.apply(a[0]));
    assertArrayEquals(
        new double[] {0, 1, 0, 1}, ((Array) Jax.grad(total).apply(xs)).toDoubleArray());
    assertArrayEquals(
        new double[] {0, 1, 0, 1}, ((Array) Jax.jit(Jax.grad(total)).apply(xs)).toDoubleArray());
  }

  @Test
  void whereNeedsABoolCondition() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Jnp.where(
                    Array.of(new int[] {1}), Array.of(new int[] {1}), Array.of(new int[] {2})));
    assertEquals("where: the condition must be bool, got int32", e.getMessage());
  }

  @Test
  void concatenateStackAgainstLibtorch() {
    Random rng = new Random(12);
    Pair a = random(rng, DType.F32, 2, 3);
    Pair b = random(rng, DType.I32, 1, 3);
    assertMatches(
        torch.cat(new org.bytedeco.pytorch.TensorVector(a.torch(), b.torch()), 0),
        Jnp.concatenate(java.util.List.of(a.jax(), b.jax()), 0),
        0);
    Pair c = random(rng, DType.F64, 2, 3);
    Pair d = random(rng, DType.F64, 2, 3);
    assertMatches(
        torch.stack(new org.bytedeco.pytorch.TensorVector(c.torch(), d.torch()), 1),
        Jnp.stack(java.util.List.of(c.jax(), d.jax()), 1),
        0);
    assertThrows(
        IllegalArgumentException.class,
        () -> Jnp.concatenate(java.util.List.of(a.jax(), b.jax()), 1).shape());
  }

  @Test
  void arangeAndIndexing() {
    assertArrayEquals(new long[] {0, 1, 2, 3}, Jnp.arange(4).toLongArray());
    assertArrayEquals(new long[] {5, 2, -1}, Jnp.arange(5, -2, -3).toLongArray());
    assertEquals(0, Jnp.arange(3, 3, 1).size());
    Array x = Jnp.reshape(Jnp.arange(24), 2, 3, 4);
    Array row = Jnp.get(x, Index.at(1), Index.at(-1));
    assertArrayEquals(new long[] {20, 21, 22, 23}, row.toLongArray());
    Array sl = Jnp.get(x, Index.all(), Index.slice(1L, null), Index.slice(null, null, 2));
    assertArrayEquals(new long[] {2, 2, 2}, sl.shape());
    assertArrayEquals(new long[] {4, 6, 8, 10, 16, 18, 20, 22}, sl.toLongArray());
    assertArrayEquals(new long[] {2, 0, 4}, Jnp.get(x, Index.all(), Index.slice(5L, 9L)).shape());
    IndexOutOfBoundsException e =
        assertThrows(IndexOutOfBoundsException.class, () -> Jnp.get(x, Index.at(2)));
    assertTrue(e.getMessage().contains("axis 0 with size 2"), e.getMessage());
  }

  @Test
  void indexingIsDifferentiable() {
    Array x = Array.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Fn f = a -> Jnp.sum(Jnp.square(Jnp.get((Array) a[0], Index.at(1), Index.slice(0L, 2L))));
    assertArrayEquals(
        new double[] {0, 0, 0, 8, 10, 0}, ((Array) Jax.grad(f).apply(x)).toDoubleArray());
    assertArrayEquals(
        new double[] {0, 0, 0, 8, 10, 0}, ((Array) Jax.jit(Jax.grad(f)).apply(x)).toDoubleArray());
  }
}
