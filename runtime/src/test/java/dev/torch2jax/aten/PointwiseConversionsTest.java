package dev.torch2jax.aten;

import static dev.torch2jax.aten.PointwiseOracle.check;
import static dev.torch2jax.aten.PointwiseOracle.checkBothThrow;
import static dev.torch2jax.aten.PointwiseOracle.sample;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.aten.PointwiseOracle.Dist;
import dev.torch2jax.aten.PointwiseOracle.T;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Dtype conversions, identity-like ops, copy, and detach's stop-gradient against libtorch. */
class PointwiseConversionsTest {
  @Test
  void toDtypeEveryPair() {
    Random rng = new Random(41);
    for (DType from : PointwiseUnaryTest.ALL) {
      T x = sample(rng, from, Dist.WIDE, 2, 3);
      for (DType to : PointwiseUnaryTest.ALL) {
        check("aten::to.dtype", "a0.to(a1)", x, to, false, false, null);
        check(
            "aten::_to_copy", "torch._to_copy(a0, dtype=a1)", x, to, null, null, null, false, null);
        check(
            "aten::to.dtype_layout",
            "a0.to(dtype=a1)",
            x,
            to,
            null,
            null,
            null,
            false,
            false,
            null);
        check(
            "aten::to.prim_dtype",
            "a0.to(a1)",
            x,
            PointwiseOracle.scalarTypeCode(to),
            false,
            false);
      }
      T other = sample(rng, DType.F64, Dist.DEFAULT, 1);
      check("aten::type_as", "a0.type_as(a1)", x, other);
      check("aten::to.other", "a0.to(a1)", x, other, false, false, null);
    }
    // Special floats to integers are implementation-defined in C++; only finite values are checked.
    T x = sample(rng, DType.F32, Dist.SPECIAL, 4, 3);
    check("aten::to.dtype", "a0.to(a1)", x, DType.F64, false, false, null);
    check("aten::to.dtype", "a0.to(a1)", x, DType.BOOL, false, false, null);
    check("aten::_to_copy", "torch._to_copy(a0)", x, null, null, null, null, false, null);
    check("aten::to.prim_dtype", "a0.to()", x, null, false, false);
  }

  @Test
  void identitiesAndCopy() {
    Random rng = new Random(42);
    T x = sample(rng, DType.F32, Dist.DEFAULT, 2, 3);
    check("aten::clone", "torch.clone(a0)", x, null);
    check("aten::contiguous", "a0.contiguous()", x, 0L);
    check("aten::alias", "torch.alias_copy(a0)", x);
    check("aten::detach", "torch.detach(a0)", x);
    check("aten::lift_fresh", "torch.clone(a0)", x);
    for (DType d : PointwiseUnaryTest.ALL) {
      T src = sample(rng, d, Dist.WIDE, 3);
      check("aten::copy", "torch.copy(a0, a1)", x, src, false);
      check("aten::copy_", "torch.copy(a0, a1)", x, src, false);
    }
    check("aten::copy", "torch.copy(a0, a1)", x, sample(rng, DType.I64, Dist.WIDE), false);
    checkBothThrow(
        "aten::copy",
        "torch.copy(a0, a1)",
        sample(rng, DType.F32, Dist.DEFAULT, 3),
        sample(rng, DType.F32, Dist.DEFAULT, 2, 3),
        false);
    T xd = sample(rng, DType.F64, Dist.DEFAULT, 2, 3);
    // libtorch has no derivative for aten::copy; the same value written differentiably:
    check(
        "aten::copy",
        "a1.to(a0.dtype).expand_as(a0) + a0 * 0",
        xd,
        sample(rng, DType.F64, Dist.DEFAULT, 3),
        false);
    check("aten::to.dtype", "a0.to(a1)", xd, DType.F32, false, false, null);
    check("aten::clone", "torch.clone(a0)", xd, null);
  }

  @Test
  void detachStopsTheGradient() {
    Array x = Array.of(new double[] {1, 2, 3});
    // d/dx sum(x * detach(x)) = detach(x): the detached factor is a constant.
    Fn f =
        a -> {
          Array v = (Array) a[0];
          Array d = (Array) PointwiseOracle.ours("aten::detach", v);
          return Jnp.sum(Jnp.multiply(v, d));
        };
    assertArrayEquals(
        new double[] {1, 2, 3}, ((Array) Jax.grad(f).apply(x)).toDoubleArray(), 0, "eager");
    assertArrayEquals(
        new double[] {1, 2, 3},
        ((Array) Jax.jit(Jax.grad(f)).apply(x)).toDoubleArray(),
        0,
        "jit of grad");
    Array batch = Array.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Array mapped = (Array) Jax.vmap(a -> PointwiseOracle.ours("aten::detach", a[0])).apply(batch);
    assertArrayEquals(
        batch.toDoubleArray(), mapped.toDoubleArray(), 0, Arrays.toString(mapped.shape()));
  }
}
