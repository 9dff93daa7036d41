package dev.torch2jax.aten;

import static dev.torch2jax.aten.PointwiseOracle.check;
import static dev.torch2jax.aten.PointwiseOracle.checkBothThrow;
import static dev.torch2jax.aten.PointwiseOracle.sample;

import dev.torch2jax.DType;
import dev.torch2jax.aten.PointwiseOracle.Dist;
import dev.torch2jax.aten.PointwiseOracle.T;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** clamp, where and masked_fill against libtorch. */
class PointwiseSelectTest {
  @Test
  void clampWithNumbers() {
    Random rng = new Random(21);
    for (DType d : PointwiseUnaryTest.NUM) {
      T x = sample(rng, d, Dist.WIDE, 2, 3);
      check("aten::clamp", "torch.clamp(a0, a1, a2)", x, -2L, 3L);
      check("aten::clamp", "torch.clamp(a0, a1, a2)", x, -1.5, 2.5);
      check("aten::clamp", "torch.clamp(a0, min=a1)", x, 0.5, null);
      check("aten::clamp", "torch.clamp(a0, max=a2)", x, null, 1L);
      check("aten::clamp", "torch.clamp(a0, a1, a2)", x, 3L, -1L);
      check("aten::clamp_min", "torch.clamp_min(a0, a1)", x, 1L);
      check("aten::clamp_max", "torch.clamp_max(a0, a1)", x, -0.5);
      check("aten::clip", "torch.clip(a0, a1, a2)", x, -2L, 3L);
    }
    check(
        "aten::clamp",
        "torch.clamp(a0, a1, a2)",
        sample(rng, DType.F32, Dist.SPECIAL, 4, 3),
        -1.0,
        1.0);
    check(
        "aten::clamp", "torch.clamp(a0, a1, a2)", sample(rng, DType.F32, Dist.DEFAULT), -1.0, 1.0);
    check(
        "aten::clamp_",
        "torch.clamp(a0, a1, a2)",
        sample(rng, DType.F32, Dist.DEFAULT, 3),
        -1.0,
        1.0);
    checkBothThrow(
        "aten::clamp", "torch.clamp(a0)", sample(rng, DType.F32, Dist.DEFAULT, 3), null, null);
    T x = sample(rng, DType.F64, Dist.WIDE, 2, 3);
    check("aten::clamp", "torch.clamp(a0, a1, a2)", x, -2.2, 3.3);
    check("aten::clamp_min", "torch.clamp_min(a0, a1)", x, 0.1);
    check("aten::clamp_max", "torch.clamp_max(a0, a1)", x, 0.1);
  }

  @Test
  void clampWithTensors() {
    Random rng = new Random(22);
    for (PointwiseArithmeticTest.Case c : PointwiseArithmeticTest.CASES) {
      if (c.a() == DType.BOOL) {
        continue;
      }
      T x = sample(rng, c.a(), Dist.WIDE, c.sa());
      T lo = sample(rng, c.b(), Dist.WIDE, c.sb());
      T hi = sample(rng, c.b(), Dist.POSITIVE, c.sb());
      check("aten::clamp.Tensor", "torch.clamp(a0, a1, a2)", x, lo, hi);
      check("aten::clamp.Tensor", "torch.clamp(a0, min=a1)", x, lo, null);
      check("aten::clamp.Tensor", "torch.clamp(a0, max=a2)", x, null, hi);
      check("aten::clamp_min.Tensor", "torch.clamp_min(a0, a1)", x, lo);
      check("aten::clamp_max.Tensor", "torch.clamp_max(a0, a1)", x, hi);
    }
    T x = sample(rng, DType.F32, Dist.DEFAULT, 4, 3);
    check(
        "aten::clamp.Tensor",
        "torch.clamp(a0, a1, a2)",
        x,
        sample(rng, DType.F32, Dist.SPECIAL, 3),
        sample(rng, DType.F32, Dist.POSITIVE, 3));
    // Ties between x and a tensor bound get half the gradient each here (XLA's max/min VJP);
    // libtorch gives it all to x. Continuous samples have no ties.
    T xd = sample(rng, DType.F64, Dist.DEFAULT, 2, 3);
    check(
        "aten::clamp.Tensor",
        "torch.clamp(a0, a1, a2)",
        xd,
        sample(rng, DType.F64, Dist.DEFAULT, 3),
        sample(rng, DType.F64, Dist.POSITIVE, 2, 3));
  }

  @Test
  void whereForms() {
    Random rng = new Random(23);
    for (PointwiseArithmeticTest.Case c : PointwiseArithmeticTest.CASES) {
      T cond = sample(rng, DType.BOOL, Dist.DEFAULT, c.sb());
      T a = sample(rng, c.a(), Dist.DEFAULT, c.sa());
      T b = sample(rng, c.b(), Dist.DEFAULT, c.sb());
      check("aten::where.self", "torch.where(a0, a1, a2)", cond, a, b);
      check("aten::where.ScalarOther", "torch.where(a0, a1, a2)", cond, a, 2.5);
      check("aten::where.ScalarSelf", "torch.where(a0, a1, a2)", cond, 7L, b);
    }
    T cond = sample(rng, DType.BOOL, Dist.DEFAULT, 2, 3);
    check("aten::where.Scalar", "torch.where(a0, a1, a2)", cond, 1.5, -2.0);
    check("aten::where.Scalar", "torch.where(a0, a1, a2)", cond, 1L, 0L);
    checkBothThrow(
        "aten::where.self",
        "torch.where(a0, a1, a2)",
        sample(rng, DType.F32, Dist.DEFAULT, 3),
        sample(rng, DType.F32, Dist.DEFAULT, 3),
        sample(rng, DType.F32, Dist.DEFAULT, 3));
    check(
        "aten::where.self",
        "torch.where(a0, a1, a2)",
        cond,
        sample(rng, DType.F64, Dist.DEFAULT, 2, 3),
        sample(rng, DType.F64, Dist.DEFAULT, 3));
  }

  @Test
  void maskedFill() {
    Random rng = new Random(24);
    for (DType d : PointwiseUnaryTest.ALL) {
      T x = sample(rng, d, Dist.DEFAULT, 2, 3);
      T mask = sample(rng, DType.BOOL, Dist.DEFAULT, 3);
      check("aten::masked_fill.Scalar", "torch.masked_fill(a0, a1, a2)", x, mask, 3L);
      T value = sample(rng, DType.F64, Dist.DEFAULT);
      check("aten::masked_fill.Tensor", "torch.masked_fill(a0, a1, a2)", x, mask, value);
    }
    T x = sample(rng, DType.F32, Dist.DEFAULT, 3);
    T mask = sample(rng, DType.BOOL, Dist.DEFAULT, 2, 3);
    check("aten::masked_fill.Scalar", "torch.masked_fill(a0, a1, a2)", x, mask, -1.5);
    check(
        "aten::masked_fill_.Scalar",
        "torch.masked_fill(a0, a1, a2)",
        x,
        sample(rng, DType.BOOL, Dist.DEFAULT, 3),
        -1.5);
    checkBothThrow(
        "aten::masked_fill.Scalar",
        "torch.masked_fill(a0, a1, a2)",
        x,
        sample(rng, DType.I64, Dist.DEFAULT, 3),
        1L);
    checkBothThrow(
        "aten::masked_fill.Tensor",
        "torch.masked_fill(a0, a1, a2)",
        x,
        sample(rng, DType.BOOL, Dist.DEFAULT, 3),
        sample(rng, DType.F32, Dist.DEFAULT, 3));
    T xd = sample(rng, DType.F64, Dist.DEFAULT, 2, 3);
    check(
        "aten::masked_fill.Scalar",
        "torch.masked_fill(a0, a1, a2)",
        xd,
        sample(rng, DType.BOOL, Dist.DEFAULT, 2, 3),
        0.5);
    check(
        "aten::masked_fill.Tensor",
        "torch.masked_fill(a0, a1, a2)",
        xd,
        sample(rng, DType.BOOL, Dist.DEFAULT, 2, 3),
        sample(rng, DType.F64, Dist.DEFAULT));
  }
}
