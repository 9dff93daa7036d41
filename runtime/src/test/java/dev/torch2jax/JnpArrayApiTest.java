package dev.torch2jax;

import static dev.torch2jax.TorchOracle.assertMatches;
import static dev.torch2jax.TorchOracle.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
