package dev.torch2jax.aten;

import static dev.torch2jax.aten.PointwiseOracle.check;
import static dev.torch2jax.aten.PointwiseOracle.checkBothThrow;
import static dev.torch2jax.aten.PointwiseOracle.sample;

import dev.torch2jax.DType;
import dev.torch2jax.aten.PointwiseOracle.Dist;
import dev.torch2jax.aten.PointwiseOracle.T;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Unary pointwise overloads against libtorch: dtypes, 0-d and empty shapes, specials, transforms.
 */
class PointwiseUnaryTest {
  static final List<DType> ALL = List.of(DType.BOOL, DType.I32, DType.I64, DType.F32, DType.F64);
  static final List<DType> NUM = List.of(DType.I32, DType.I64, DType.F32, DType.F64);
  static final List<DType> INTS = List.of(DType.BOOL, DType.I32, DType.I64);
  static final List<DType> FLOAT = List.of(DType.F32, DType.F64);

  /** One unary overload: the dtypes it takes, how to draw inputs. */
  record U(String overload, String torch, List<DType> dtypes, Dist dist) {
    @Override
    public String toString() {
      return overload;
    }
  }

  static Stream<U> ops() {
    return Stream.of(
        new U("aten::abs", "torch.abs(a0)", NUM, Dist.NONZERO),
        new U("aten::acos", "torch.acos(a0)", ALL, Dist.UNIT),
        new U("aten::acosh", "torch.acosh(a0)", ALL, Dist.ABOVE_ONE),
        new U("aten::asin", "torch.asin(a0)", ALL, Dist.UNIT),
        new U("aten::asinh", "torch.asinh(a0)", ALL, Dist.DEFAULT),
        new U("aten::atan", "torch.atan(a0)", ALL, Dist.DEFAULT),
        new U("aten::atanh", "torch.atanh(a0)", ALL, Dist.UNIT),
        new U("aten::expm1", "torch.expm1(a0)", ALL, Dist.DEFAULT),
        new U("aten::exp2", "torch.exp2(a0)", ALL, Dist.DEFAULT),
        new U("aten::log1p", "torch.log1p(a0)", ALL, Dist.POSITIVE),
        new U("aten::log2", "torch.log2(a0)", ALL, Dist.POSITIVE),
        new U("aten::log10", "torch.log10(a0)", ALL, Dist.POSITIVE),
        new U("aten::sqrt", "torch.sqrt(a0)", ALL, Dist.POSITIVE),
        new U("aten::rsqrt", "torch.rsqrt(a0)", ALL, Dist.POSITIVE),
        new U("aten::reciprocal", "torch.reciprocal(a0)", ALL, Dist.NONZERO),
        new U("aten::sin", "torch.sin(a0)", ALL, Dist.DEFAULT),
        new U("aten::cos", "torch.cos(a0)", ALL, Dist.DEFAULT),
        new U("aten::tan", "torch.tan(a0)", ALL, Dist.UNIT),
        new U("aten::sinh", "torch.sinh(a0)", ALL, Dist.DEFAULT),
        new U("aten::cosh", "torch.cosh(a0)", ALL, Dist.DEFAULT),
        new U("aten::sigmoid", "torch.sigmoid(a0)", ALL, Dist.DEFAULT),
        new U("aten::erf", "torch.erf(a0)", ALL, Dist.DEFAULT),
        new U("aten::erfinv", "torch.erfinv(a0)", ALL, Dist.UNIT),
        new U("aten::sign", "torch.sign(a0)", ALL, Dist.DEFAULT),
        new U("aten::sgn", "torch.sgn(a0)", ALL, Dist.DEFAULT),
        new U("aten::ceil", "torch.ceil(a0)", NUM, Dist.WIDE),
        new U("aten::floor", "torch.floor(a0)", NUM, Dist.WIDE),
        new U("aten::round", "torch.round(a0)", NUM, Dist.WIDE),
        new U("aten::trunc", "torch.trunc(a0)", NUM, Dist.WIDE),
        new U("aten::fix", "torch.fix(a0)", NUM, Dist.WIDE),
        new U("aten::square", "torch.square(a0)", ALL, Dist.DEFAULT),
        new U("aten::isnan", "torch.isnan(a0)", ALL, Dist.SPECIAL),
        new U("aten::isinf", "torch.isinf(a0)", ALL, Dist.SPECIAL),
        new U("aten::isposinf", "torch.isposinf(a0)", NUM, Dist.SPECIAL),
        new U("aten::isneginf", "torch.isneginf(a0)", NUM, Dist.SPECIAL),
        new U("aten::isfinite", "torch.isfinite(a0)", ALL, Dist.SPECIAL),
        new U("aten::logical_not", "torch.logical_not(a0)", ALL, Dist.SPECIAL),
        new U("aten::bitwise_not", "torch.bitwise_not(a0)", INTS, Dist.DEFAULT),
        new U("aten::nan_to_num", "torch.nan_to_num(a0)", ALL, Dist.SPECIAL),
        new U("aten::positive", "torch.positive(a0)", NUM, Dist.DEFAULT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void forwardMatchesLibtorch(U op) {
    Random rng = new Random(op.overload().hashCode());
    for (DType d : op.dtypes()) {
      check(op.overload(), op.torch(), sample(rng, d, op.dist(), 2, 3));
    }
    DType f = op.dtypes().contains(DType.F32) ? DType.F32 : op.dtypes().getLast();
    check(op.overload(), op.torch(), sample(rng, f, op.dist()));
    check(op.overload(), op.torch(), sample(rng, f, op.dist(), 0));
    if (op.dtypes().contains(DType.F64)) {
      check(op.overload(), op.torch(), sample(rng, DType.F64, Dist.SPECIAL, 4, 3));
    }
    String inPlace = op.overload() + "_";
    if (PointwiseOracle.isRegistered(inPlace) && !op.overload().equals("aten::positive")) {
      // The in-place twin computes the same value (the interpreter casts it back to self's dtype).
      T x = sample(rng, f, op.dist(), 3);
      check(inPlace, op.torch(), x);
    }
  }

  @Test
  void roundDecimals() {
    Random rng = new Random(5);
    for (long decimals : new long[] {0, 1, 2, -1}) {
      for (DType d : FLOAT) {
        T x = sample(rng, d, Dist.WIDE, 3, 4);
        check("aten::round.decimals", "torch.round(a0, decimals=a1)", x, decimals);
      }
    }
    T x = sample(rng, DType.F64, Dist.WIDE, 2, 3);
    check("aten::round.decimals", "torch.round(a0, decimals=a1)", x, 2L);
    checkBothThrow(
        "aten::round.decimals",
        "torch.round(a0, decimals=a1)",
        sample(rng, DType.I64, Dist.WIDE, 3),
        1L);
  }

  @Test
  void nanToNumWithReplacements() {
    Random rng = new Random(6);
    for (DType d : FLOAT) {
      T x = sample(rng, d, Dist.SPECIAL, 4, 3);
      check(
          "aten::nan_to_num",
          "torch.nan_to_num(a0, nan=a1, posinf=a2, neginf=a3)",
          x,
          1.5,
          100.0,
          -7.0);
      check("aten::nan_to_num", "torch.nan_to_num(a0, posinf=a2)", x, null, 3.0, null);
    }
  }

  @Test
  void boolAndFloatRejectionsMatch() {
    Random rng = new Random(8);
    checkBothThrow("aten::abs", "torch.abs(a0)", sample(rng, DType.BOOL, Dist.DEFAULT, 3));
    checkBothThrow(
        "aten::bitwise_not", "torch.bitwise_not(a0)", sample(rng, DType.F32, Dist.DEFAULT, 3));
  }
}
