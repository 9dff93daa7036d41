package dev.torch2jax.aten;

import static dev.torch2jax.aten.PointwiseOracle.check;
import static dev.torch2jax.aten.PointwiseOracle.checkBothThrow;
import static dev.torch2jax.aten.PointwiseOracle.sample;

import dev.torch2jax.DType;
import dev.torch2jax.aten.PointwiseOracle.Dist;
import dev.torch2jax.aten.PointwiseOracle.T;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link BinaryOps} overloads against libtorch: promotion with tensors and numbers, rounding,
 * powers.
 */
class PointwiseArithmeticTest {
  /** Operand dtypes and shapes: broadcasting, 0-d operands (which promote less), empty. */
  record Case(DType a, long[] sa, DType b, long[] sb) {
    @Override
    public String toString() {
      return a.torchName() + Arrays.toString(sa) + " with " + b.torchName() + Arrays.toString(sb);
    }
  }

  static final List<Case> CASES =
      List.of(
          new Case(DType.F32, new long[] {2, 3}, DType.F32, new long[] {3}),
          new Case(DType.F64, new long[] {2, 1}, DType.F32, new long[] {1, 3}),
          new Case(DType.I32, new long[] {2, 3}, DType.I64, new long[] {2, 3}),
          new Case(DType.I64, new long[] {3}, DType.F32, new long[] {2, 3}),
          new Case(DType.I32, new long[] {2, 3}, DType.F64, new long[] {}),
          new Case(DType.F32, new long[] {}, DType.F64, new long[] {}),
          new Case(DType.BOOL, new long[] {2, 3}, DType.I32, new long[] {3}),
          new Case(DType.F32, new long[] {0}, DType.F32, new long[] {1}));

  /** A tensor-tensor overload: its TorchScript, how to draw each side, whether it takes bools. */
  record B(String overload, String torch, Dist da, Dist db, boolean bools, Object... extra) {
    Object[] args(T a, T b) {
      Object[] all = new Object[extra.length + 2];
      all[0] = a;
      all[1] = b;
      System.arraycopy(extra, 0, all, 2, extra.length);
      return all;
    }

    @Override
    public String toString() {
      return overload + " " + torch;
    }
  }

  static Stream<B> binary() {
    return Stream.of(
        new B(
            "aten::div.Tensor_mode",
            "torch.div(a0, a1, rounding_mode=None)",
            Dist.WIDE,
            Dist.NONZERO,
            true,
            (Object) null),
        new B(
            "aten::div.Tensor_mode",
            "torch.div(a0, a1, rounding_mode=a2)",
            Dist.WIDE,
            Dist.NONZERO,
            false,
            "trunc"),
        new B(
            "aten::div.Tensor_mode",
            "torch.div(a0, a1, rounding_mode=a2)",
            Dist.WIDE,
            Dist.NONZERO,
            false,
            "floor"),
        new B("aten::floor_divide", "torch.floor_divide(a0, a1)", Dist.WIDE, Dist.NONZERO, false),
        new B("aten::remainder.Tensor", "torch.remainder(a0, a1)", Dist.WIDE, Dist.NONZERO, false),
        new B("aten::fmod.Tensor", "torch.fmod(a0, a1)", Dist.WIDE, Dist.NONZERO, false),
        new B("aten::pow.Tensor_Tensor", "torch.pow(a0, a1)", Dist.POSITIVE, Dist.SMALL, true),
        new B("aten::atan2", "torch.atan2(a0, a1)", Dist.DEFAULT, Dist.NONZERO, true),
        new B("aten::minimum", "torch.minimum(a0, a1)", Dist.SPECIAL, Dist.DEFAULT, true),
        new B("aten::rsub.Tensor", "torch.rsub(a0, a1)", Dist.DEFAULT, Dist.DEFAULT, false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("binary")
  void tensorTensorForward(B op) {
    Random rng = new Random(op.toString().hashCode());
    for (Case c : CASES) {
      if (!op.bools() && (c.a() == DType.BOOL || c.b() == DType.BOOL)) {
        continue;
      }
      T a = sample(rng, c.a(), op.da(), c.sa());
      T b = sample(rng, c.b(), op.db(), c.sb());
      check(op.overload(), op.torch(), op.args(a, b));
    }
    // Gradients at NaN inputs differ (libtorch passes them through minimum): finite samples here.
    Dist da = op.da() == Dist.SPECIAL ? Dist.DEFAULT : op.da();
    check(
        op.overload(),
        op.torch(),
        op.args(sample(rng, DType.F64, da, 2, 3), sample(rng, DType.F64, op.db(), 3)));
  }

  @Test
  void floatDivisionSpecialValues() {
    Random rng = new Random(11);
    T a = sample(rng, DType.F64, Dist.SPECIAL, 6, 4);
    T b = sample(rng, DType.F64, Dist.SPECIAL, 6, 4);
    for (String mode : new String[] {"trunc", "floor", null}) {
      String expr = "torch.div(a0, a1, rounding_mode=" + (mode == null ? "None" : "a2") + ")";
      check("aten::div.Tensor_mode", expr, a, b, mode);
    }
    check("aten::remainder.Tensor", "torch.remainder(a0, a1)", a, b);
    check("aten::fmod.Tensor", "torch.fmod(a0, a1)", a, b);
    check("aten::floor_divide", "torch.floor_divide(a0, a1)", a, b);
  }

  /** A tensor-number overload (the number a Python int or float). */
  record S(String overload, String torch, Dist dist) {
    @Override
    public String toString() {
      return overload + " " + torch;
    }
  }

  static Stream<S> scalar() {
    return Stream.of(
        new S("aten::add.Scalar", "torch.add(a0, a1, alpha=a2)", Dist.DEFAULT),
        new S("aten::sub.Scalar", "torch.sub(a0, a1, alpha=a2)", Dist.DEFAULT),
        new S("aten::rsub.Scalar", "torch.rsub(a0, a1, alpha=a2)", Dist.DEFAULT),
        new S("aten::mul.Scalar", "torch.mul(a0, a1)", Dist.DEFAULT),
        new S("aten::div.Scalar", "torch.div(a0, a1)", Dist.DEFAULT),
        new S("aten::div.Scalar_mode", "torch.div(a0, a1, rounding_mode=a2)", Dist.WIDE),
        new S("aten::floor_divide.Scalar", "torch.floor_divide(a0, a1)", Dist.WIDE),
        new S("aten::remainder.Scalar", "torch.remainder(a0, a1)", Dist.WIDE),
        new S("aten::fmod.Scalar", "torch.fmod(a0, a1)", Dist.WIDE),
        new S("aten::pow.Tensor_Scalar", "torch.pow(a0, a1)", Dist.POSITIVE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scalar")
  void tensorNumberForward(S op) {
    Random rng = new Random(op.toString().hashCode());
    boolean alpha = op.torch().contains("alpha");
    boolean mode = op.torch().contains("rounding_mode");
    boolean noBool =
        op.overload().contains("sub")
            || op.overload().contains("div.Scalar_mode")
            || op.overload().contains("floor_divide");
    for (DType d : List.of(DType.BOOL, DType.I32, DType.I64, DType.F32, DType.F64)) {
      if (noBool && d == DType.BOOL) {
        continue;
      }
      for (Number n : new Number[] {3L, -1.5}) {
        for (long[] shape : new long[][] {{2, 3}, {}}) {
          T x = sample(rng, d, op.dist(), shape);
          if (alpha) {
            check(op.overload(), op.torch(), x, n, 2L);
          } else if (mode) {
            check(op.overload(), op.torch(), x, n, "floor");
            check(op.overload(), op.torch(), x, n, "trunc");
          } else {
            check(op.overload(), op.torch(), x, n);
          }
        }
      }
    }
    if (alpha) {
      check(op.overload(), op.torch(), sample(rng, DType.F32, op.dist(), 3), 2L, 0.5);
      checkBothThrow(op.overload(), op.torch(), sample(rng, DType.I64, op.dist(), 3), 2L, 0.5);
    }
    T x = sample(rng, DType.F64, op.dist(), 2, 3);
    check(
        op.overload(),
        op.torch(),
        alpha
            ? new Object[] {x, 0.75, 2L}
            : mode ? new Object[] {x, 0.75, "floor"} : new Object[] {x, 0.75});
  }

  @Test
  void numberWithTensor() {
    Random rng = new Random(12);
    for (DType d : List.of(DType.I32, DType.I64, DType.F32, DType.F64)) {
      T pos = sample(rng, d, Dist.POSITIVE, 2, 3);
      T nz = sample(rng, d, Dist.NONZERO, 2, 3);
      for (Number n : new Number[] {2L, 2.5}) {
        check("aten::pow.Scalar", "torch.pow(a0, a1)", n, pos);
        check("aten::remainder.Scalar_Tensor", "torch.remainder(a0, a1)", n, nz);
      }
    }
    T x = sample(rng, DType.F64, Dist.DEFAULT, 2, 3);
    check("aten::pow.Scalar", "torch.pow(a0, a1)", 1.7, x);
  }

  @Test
  void powersOfIntegers() {
    Random rng = new Random(13);
    T x = sample(rng, DType.I64, Dist.DEFAULT, 2, 3);
    check("aten::pow.Tensor_Scalar", "torch.pow(a0, a1)", x, 3L);
    check(
        "aten::pow.Tensor_Scalar",
        "torch.pow(a0, a1)",
        sample(rng, DType.BOOL, Dist.DEFAULT, 4),
        2L);
    check(
        "aten::pow.Tensor_Scalar",
        "torch.pow(a0, a1)",
        sample(rng, DType.F32, Dist.DEFAULT, 4),
        -2L);
    check(
        "aten::pow.Tensor_Scalar",
        "torch.pow(a0, a1)",
        sample(rng, DType.F32, Dist.DEFAULT, 4),
        0.5);
    checkBothThrow("aten::pow.Tensor_Scalar", "torch.pow(a0, a1)", x, -2L);
    T xs = sample(rng, DType.F64, Dist.DEFAULT, 2, 3);
    check("aten::pow.Tensor_Scalar", "torch.pow(a0, a1)", xs, 3L);
    check("aten::square", "torch.square(a0)", xs);
  }

  @Test
  void lerpAddcmulAddcdiv() {
    Random rng = new Random(14);
    for (DType d : List.of(DType.F32, DType.F64)) {
      T a = sample(rng, d, Dist.DEFAULT, 2, 3);
      T b = sample(rng, d, Dist.DEFAULT, 3);
      T w = sample(rng, d, Dist.DEFAULT, 2, 1);
      check("aten::lerp.Scalar", "torch.lerp(a0, a1, a2)", a, b, 0.25);
      check("aten::lerp.Scalar", "torch.lerp(a0, a1, a2)", a, b, 0.75);
      check("aten::lerp.Tensor", "torch.lerp(a0, a1, a2)", a, b, w);
      T c = sample(rng, d, Dist.NONZERO, 2, 3);
      check("aten::addcmul", "torch.addcmul(a0, a1, a2, value=a3)", a, b, c, 0.5);
      check("aten::addcdiv", "torch.addcdiv(a0, a1, a2, value=a3)", a, b, c, -2L);
    }
    T i = sample(rng, DType.I64, Dist.DEFAULT, 2, 3);
    T j = sample(rng, DType.I32, Dist.NONZERO, 3);
    T f = sample(rng, DType.F32, Dist.NONZERO, 3);
    check("aten::addcmul", "torch.addcmul(a0, a1, a2, value=a3)", i, j, j, 3L);
    check("aten::addcmul", "torch.addcmul(a0, a1, a2)", i, f, j, 1L);
    check("aten::addcdiv", "torch.addcdiv(a0, a1, a2)", i, f, j, 1L);
    checkBothThrow("aten::addcdiv", "torch.addcdiv(a0, a1, a2)", i, j, j, 1L);
    checkBothThrow(
        "aten::lerp.Scalar",
        "torch.lerp(a0, a1, a2)",
        sample(rng, DType.F32, Dist.DEFAULT, 3),
        sample(rng, DType.F64, Dist.DEFAULT, 3),
        0.5);

    T a = sample(rng, DType.F64, Dist.DEFAULT, 2, 3);
    T b = sample(rng, DType.F64, Dist.DEFAULT, 2, 3);
    T c = sample(rng, DType.F64, Dist.NONZERO, 2, 3);
    check("aten::lerp.Scalar", "torch.lerp(a0, a1, a2)", a, b, 0.3);
    check("aten::lerp.Tensor", "torch.lerp(a0, a1, a2)", a, b, c);
    check("aten::addcmul", "torch.addcmul(a0, a1, a2, value=a3)", a, b, c, 0.5);
    check("aten::addcdiv", "torch.addcdiv(a0, a1, a2, value=a3)", a, b, c, 0.5);
  }

  @Test
  void rejectionsMatch() {
    Random rng = new Random(15);
    T bool = sample(rng, DType.BOOL, Dist.DEFAULT, 3);
    checkBothThrow("aten::sub.Scalar", "torch.sub(a0, a1)", bool, 1L, 1L);
    checkBothThrow(
        "aten::div.Tensor_mode",
        "torch.div(a0, a1, rounding_mode=a2)",
        sample(rng, DType.F32, Dist.DEFAULT, 3),
        sample(rng, DType.F32, Dist.DEFAULT, 3),
        "round");
  }

  @Test
  void inPlaceTwinsComputeTheSameValue() {
    Random rng = new Random(16);
    T x = sample(rng, DType.F32, Dist.DEFAULT, 2, 3);
    T y = sample(rng, DType.F32, Dist.NONZERO, 3);
    check("aten::add_.Scalar", "torch.add(a0, a1, alpha=a2)", x, 2.5, 2L);
    check("aten::div_.Tensor_mode", "torch.div(a0, a1, rounding_mode=a2)", x, y, "floor");
    check("aten::pow_.Scalar", "torch.pow(a0, a1)", x, 2L);
    check("aten::floor_divide_.Tensor", "torch.floor_divide(a0, a1)", x, y);
    check("aten::lerp_.Scalar", "torch.lerp(a0, a1, a2)", x, y, 0.5);
  }

  @Test
  void numpyStyleSpellings() {
    Random rng = new Random(18);
    T x = sample(rng, DType.I32, Dist.WIDE, 2, 3);
    T y = sample(rng, DType.F32, Dist.NONZERO, 3);
    T u = sample(rng, DType.F32, Dist.UNIT, 3);
    check("aten::true_divide.Tensor", "torch.true_divide(a0, a1)", x, y);
    check("aten::divide.Tensor", "torch.divide(a0, a1)", x, x);
    check("aten::divide.Tensor_mode", "torch.divide(a0, a1, rounding_mode=a2)", x, y, "floor");
    check("aten::divide.Scalar_mode", "torch.divide(a0, a1, rounding_mode=a2)", x, 4L, "trunc");
    check("aten::true_divide.Scalar", "torch.true_divide(a0, a1)", x, 4L);
    check("aten::multiply.Tensor", "torch.multiply(a0, a1)", x, y);
    check("aten::multiply.Scalar", "torch.multiply(a0, a1)", x, 2.5);
    check("aten::subtract.Tensor", "torch.subtract(a0, a1, alpha=a2)", x, y, 2L);
    check("aten::subtract.Scalar", "torch.subtract(a0, a1, alpha=a2)", x, 3L, 2L);
    check("aten::negative", "torch.negative(a0)", x);
    check("aten::absolute", "torch.absolute(a0)", x);
    check("aten::arccos", "torch.arccos(a0)", u);
    check("aten::arctanh", "torch.arctanh(a0)", u);
    check("aten::arctan2", "torch.arctan2(a0, a1)", u, y);
    check("aten::greater_equal.Scalar", "torch.greater_equal(a0, a1)", x, 1L);
    check("aten::not_equal.Tensor", "torch.not_equal(a0, a1)", x, y);
  }
}
