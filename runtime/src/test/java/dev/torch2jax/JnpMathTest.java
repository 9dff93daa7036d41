package dev.torch2jax;

import static dev.torch2jax.TorchOracle.assertMatches;
import static dev.torch2jax.TorchOracle.random;
import static dev.torch2jax.opinfo.Tolerances.tolerance;

import dev.torch2jax.TorchOracle.Pair;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Jnp's math, bitwise, reduction, scan and sort functions against libtorch. */
class JnpMathTest {
  record Op(String name, UnaryOperator<Array> jnp, UnaryOperator<Tensor> torch) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> unary() {
    Op[] ops = {
      new Op("expm1", Jnp::expm1, Tensor::expm1),
      new Op("sqrt", a -> Jnp.sqrt(Jnp.abs(a)), t -> t.abs().sqrt()),
      new Op("sigmoid", Jnp::sigmoid, Tensor::sigmoid),
      new Op("sin", Jnp::sin, Tensor::sin),
      new Op("cos", Jnp::cos, Tensor::cos),
      new Op("arctan", Jnp::arctan, Tensor::atan),
      new Op("sinh", Jnp::sinh, Tensor::sinh),
      new Op("erf", Jnp::erf, Tensor::erf),
      new Op("abs", Jnp::abs, Tensor::abs),
      new Op("sign", Jnp::sign, Tensor::sign),
      new Op("floor", Jnp::floor, Tensor::floor),
      new Op("ceil", Jnp::ceil, Tensor::ceil),
      new Op("round", Jnp::round, Tensor::round),
      new Op("isfinite", Jnp::isfinite, Tensor::isfinite),
      new Op("logicalNot", Jnp::logicalNot, Tensor::logical_not),
      new Op("cumsum", a -> Jnp.cumsum(a, -1), t -> t.cumsum(-1)),
      new Op("sort", a -> Jnp.sort(a, 0), t -> t.sort(0L, false).get0()),
    };
    return Stream.of(ops)
        .flatMap(
            op ->
                Stream.of(DType.F32, DType.F64, DType.I32, DType.I64)
                    .map(d -> Arguments.of(op, d)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("unary")
  void unaryMatchesLibtorch(Op op, DType dtype) {
    Pair a = random(new Random(21), dtype, 3, 4);
    Array actual = op.jnp().apply(a.jax());
    assertMatches(op.torch().apply(a.torch()), actual, Math.max(tolerance(actual.dtype()), 1e-6));
  }

  record Bin(String name, BinaryOperator<Array> jnp, BinaryOperator<Tensor> torch) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> binary() {
    Bin[] ops = {
      new Bin("minimum", Jnp::minimum, torch::minimum),
      new Bin("arctan2", Jnp::arctan2, Tensor::atan2),
      new Bin("fmod", Jnp::fmod, Tensor::fmod),
      new Bin("remainder", Jnp::remainder, Tensor::remainder),
    };
    return Stream.of(ops)
        .flatMap(op -> Stream.of(DType.F32, DType.F64).map(d -> Arguments.of(op, d)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("binary")
  void binaryMatchesLibtorch(Bin op, DType dtype) {
    Random rng = new Random(22);
    Pair a = random(rng, dtype, 2, 3);
    Pair b = random(rng, dtype, 3);
    Array actual = op.jnp().apply(a.jax(), b.jax());
    assertMatches(
        op.torch().apply(a.torch(), b.torch()), actual, Math.max(tolerance(actual.dtype()), 1e-6));
  }

  @Test
  void integerRemainderBitwiseAndShifts() {
    Array a = Array.of(new int[] {7, -7, 7, -7, 12});
    Array b = Array.of(new int[] {3, 3, -3, -3, 5});
    Tensor ta = Tensor.create(new int[] {7, -7, 7, -7, 12});
    Tensor tb = Tensor.create(new int[] {3, 3, -3, -3, 5});
    assertMatches(ta.remainder(tb), Jnp.remainder(a, b), 0);
    assertMatches(ta.fmod(tb), Jnp.fmod(a, b), 0);
    assertMatches(ta.bitwise_and(tb), Jnp.bitwiseAnd(a, b), 0);
    assertMatches(ta.bitwise_or(tb), Jnp.bitwiseOr(a, b), 0);
    assertMatches(ta.bitwise_xor(tb), Jnp.bitwiseXor(a, b), 0);
    Array s = Array.of(new int[] {1, 2, 0, 3, 1});
    Tensor ts = Tensor.create(new int[] {1, 2, 0, 3, 1});
    assertMatches(ta.bitwise_left_shift(ts), Jnp.leftShift(a, s), 0);
    assertMatches(ta.bitwise_right_shift(ts), Jnp.rightShift(a, s), 0);
  }

  @Test
  void reductionsAgainstLibtorch() {
    Pair a = random(new Random(23), DType.F64, 3, 4);
    assertMatches(a.torch().amax(), Jnp.max(a.jax()), 0);
    assertMatches(a.torch().amin(new long[] {1}, true), Jnp.min(a.jax(), 1, true), 0);
    assertMatches(a.torch().prod(), Jnp.prod(a.jax()), 1e-12);
    assertMatches(
        a.torch().argmax(new org.bytedeco.pytorch.LongOptional(0), false),
        Jnp.argmax(a.jax(), 0),
        0);
    assertMatches(
        a.torch().argmin(new org.bytedeco.pytorch.LongOptional(1), false),
        Jnp.argmin(a.jax(), 1),
        0);
    Pair i = random(new Random(24), DType.I32, 2, 3);
    assertMatches(i.torch().prod(), Jnp.prod(i.jax()), 0);
    assertMatches(i.torch().cumprod(1), Jnp.cumprod(i.jax(), 1), 0);
    assertMatches(i.torch().all(), Jnp.all(i.jax()), 0);
    assertMatches(i.torch().any(), Jnp.any(i.jax()), 0);
    assertMatches(a.torch().argsort(1, true), Jnp.argsort(a.jax(), 1, true), 0);
  }
}
