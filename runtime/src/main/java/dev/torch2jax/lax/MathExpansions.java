package dev.torch2jax.lax;

import dev.torch2jax.DType;
import dev.torch2jax.hlo.BinaryOp;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.hlo.FunctionBuilder;
import dev.torch2jax.hlo.TensorType;
import dev.torch2jax.hlo.UnaryOp;
import dev.torch2jax.hlo.Value;

/**
 * StableHLO expansions of the elementwise functions that are CHLO ops, not StableHLO ops (asin,
 * acos, atan, sinh, cosh, asinh, acosh, atanh, erf, erf_inv). Each one is written for accuracy at
 * the precision of its element type: float64 gets approximations good to a few units in the last
 * place, float32 cheaper ones; float16 and bfloat16 are computed in float32 and rounded back.
 *
 * <p>The formulas avoid the usual cancellations: {@code 1 - x^2} is computed as {@code (1-x)(1+x)},
 * small arguments of sinh go through {@code expm1}, the inverse hyperbolic functions through {@code
 * log1p}, and arguments whose square would overflow through {@code log(2|x|)}.
 */
final class MathExpansions {
  private static final double LN2 = Math.log(2);

  private MathExpansions() {}

  /** The expansion of {@code name} applied to floating-point {@code x}. */
  static Value expand(FunctionBuilder b, String name, Value x) {
    DType t = x.dtype();
    if (t == DType.F16 || t == DType.BF16) {
      return b.convert(expand(b, name, b.convert(x, DType.F32)), t);
    }
    E e = new E(b, x.type());
    return switch (name) {
      case "asin" -> asin(e, x);
      case "acos" -> acos(e, x);
      case "atan" -> atan(e, x, t == DType.F64 ? 1e8 : 1e4);
      case "sinh" -> sinh(e, x);
      case "cosh" -> cosh(e, x);
      case "asinh" -> asinh(e, x);
      case "acosh" -> acosh(e, x);
      case "atanh" -> atanh(e, x);
      case "erf" -> t == DType.F64 ? erf64(e, x) : erf32(e, x);
      case "erf_inv" -> t == DType.F64 ? erfInv64(e, x) : erfInv32(e, x);
      default -> throw new IllegalArgumentException("no expansion for " + name);
    };
  }

  /** True for the primitives {@link #expand} handles. */
  static boolean handles(String name) {
    return switch (name) {
      case "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh", "atanh", "erf", "erf_inv" ->
          true;
      default -> false;
    };
  }

  /** Builder shorthands for values of one type. */
  private record E(FunctionBuilder b, TensorType type) {
    Value c(double v) {
      return b.constant(type, v);
    }

    Value add(Value x, Value y) {
      return b.binary(BinaryOp.ADD, x, y);
    }

    Value sub(Value x, Value y) {
      return b.binary(BinaryOp.SUBTRACT, x, y);
    }

    Value mul(Value x, Value y) {
      return b.binary(BinaryOp.MULTIPLY, x, y);
    }

    Value div(Value x, Value y) {
      return b.binary(BinaryOp.DIVIDE, x, y);
    }

    Value un(UnaryOp op, Value x) {
      return b.unary(op, x);
    }

    Value lt(Value x, Value y) {
      return b.compare(ComparisonDirection.LT, x, y);
    }

    Value select(Value pred, Value onTrue, Value onFalse) {
      return b.select(pred, onTrue, onFalse);
    }

    /** {@code (1 - x)(1 + x)}, which keeps its precision near |x| = 1. */
    Value oneMinusSquare(Value x) {
      return mul(sub(c(1), x), add(c(1), x));
    }

    /** The polynomial with {@code coefficients} (highest degree first) at {@code x}, by Horner. */
    Value poly(Value x, double... coefficients) {
      Value p = c(coefficients[0]);
      for (int i = 1; i < coefficients.length; i++) {
        p = add(mul(p, x), c(coefficients[i]));
      }
      return p;
    }

    /** {@code r} with the sign of {@code x} ({@code r} is not negative); keeps NaN and -0. */
    Value withSignOf(Value x, Value r) {
      return mul(un(UnaryOp.SIGN, x), r);
    }
  }

  // asin(x) = 2 atan2(x, 1 + sqrt(1 - x^2)); NaN outside [-1, 1] from the square root.
  private static Value asin(E e, Value x) {
    Value root = e.un(UnaryOp.SQRT, e.oneMinusSquare(x));
    return e.mul(e.c(2), e.b().atan2(x, e.add(e.c(1), root)));
  }

  // atan(x) = 2 atan2(x, 1 + sqrt(1 + x^2)): the plain atan2(x, 1) is rewritten by the 0.11 XLA CPU
  // plugin into a wrong approximation, while atan2 of a computed denominator is exact. Beyond
  // |x| = big, where x^2 may overflow, atan(x) = sign(x) pi/2 - 1/x to the type's precision.
  private static Value atan(E e, Value x, double big) {
    Value root = e.un(UnaryOp.SQRT, e.add(e.c(1), e.mul(x, x)));
    Value near = e.mul(e.c(2), e.b().atan2(x, e.add(e.c(1), root)));
    Value far = e.sub(e.withSignOf(x, e.c(Math.PI / 2)), e.div(e.c(1), x));
    return e.select(e.lt(e.c(big), e.un(UnaryOp.ABS, x)), far, near);
  }

  // acos(x) = 2 atan2(sqrt(1 - x^2), 1 + x), except acos(-1) = pi where that reads atan2(0, 0).
  private static Value acos(E e, Value x) {
    Value root = e.un(UnaryOp.SQRT, e.oneMinusSquare(x));
    Value r = e.mul(e.c(2), e.b().atan2(root, e.add(e.c(1), x)));
    Value minusOne = e.b().compare(ComparisonDirection.EQ, x, e.c(-1));
    return e.select(minusOne, e.c(Math.PI), r);
  }

  // sinh|x| = (m + m / (m + 1)) / 2 with m = expm1|x| below 1 (no cancellation near 0); above it
  // c - 1/(4c) with c = e^|x| / 2 computed as (e^(|x|/2) / 2) e^(|x|/2), which overflows only
  // where sinh itself does.
  private static Value sinh(E e, Value x) {
    Value a = e.un(UnaryOp.ABS, x);
    Value m = e.un(UnaryOp.EXPONENTIAL_MINUS_ONE, a);
    Value small = e.mul(e.c(0.5), e.add(m, e.div(m, e.add(m, e.c(1)))));
    Value c = halfExp(e, a);
    Value big = e.sub(c, e.div(e.c(0.25), c));
    return e.withSignOf(x, e.select(e.lt(a, e.c(1)), small, big));
  }

  // cosh x = c + 1/(4c) with c = e^|x| / 2 as in sinh: no cancellation, no early overflow.
  private static Value cosh(E e, Value x) {
    Value c = halfExp(e, e.un(UnaryOp.ABS, x));
    return e.add(c, e.div(e.c(0.25), c));
  }

  /** {@code e^a / 2} for {@code a >= 0}, finite wherever the result is representable. */
  private static Value halfExp(E e, Value a) {
    Value h = e.un(UnaryOp.EXPONENTIAL, e.mul(e.c(0.5), a));
    return e.mul(e.mul(e.c(0.5), h), h);
  }

  /** Above this |x|, {@code sqrt(x^2 + 1)} and {@code sqrt(x^2 - 1)} round to |x|. */
  private static double hugeArgument(TensorType t) {
    return t.dtype() == DType.F64 ? 0x1p28 : 0x1p12;
  }

  // asinh|x| = log1p(|x| + x^2 / (1 + sqrt(1 + x^2))), or log|x| + log 2 for huge |x|.
  private static Value asinh(E e, Value x) {
    Value a = e.un(UnaryOp.ABS, x);
    Value a2 = e.mul(a, a);
    Value root = e.un(UnaryOp.SQRT, e.add(e.c(1), a2));
    Value small = e.un(UnaryOp.LOG_PLUS_ONE, e.add(a, e.div(a2, e.add(e.c(1), root))));
    Value big = e.add(e.un(UnaryOp.LOG, a), e.c(LN2));
    Value huge = e.lt(e.c(hugeArgument(e.type())), a);
    return e.withSignOf(x, e.select(huge, big, small));
  }

  // acosh x = log1p((x - 1) + sqrt((x - 1)(x + 1))) (x - 1 is exact near 1), or log x + log 2 for
  // huge x; NaN below 1.
  private static Value acosh(E e, Value x) {
    Value t = e.sub(x, e.c(1));
    Value root = e.un(UnaryOp.SQRT, e.mul(t, e.add(x, e.c(1))));
    Value small = e.un(UnaryOp.LOG_PLUS_ONE, e.add(t, root));
    Value big = e.add(e.un(UnaryOp.LOG, x), e.c(LN2));
    Value r = e.select(e.lt(e.c(hugeArgument(e.type())), x), big, small);
    return e.select(e.lt(x, e.c(1)), e.c(Double.NaN), r);
  }

  // atanh|x| = log1p(2|x| / (1 - |x|)) / 2: the log1p argument is never near -1; +-inf at +-1, NaN
  // beyond.
  private static Value atanh(E e, Value x) {
    Value a = e.un(UnaryOp.ABS, x);
    Value q = e.div(e.mul(e.c(2), a), e.sub(e.c(1), a));
    return e.withSignOf(x, e.mul(e.c(0.5), e.un(UnaryOp.LOG_PLUS_ONE, q)));
  }

  // float32 erf: x P(x^2) / Q(x^2) on [-4, 4] (erf is 1 to float32 precision beyond), the
  // rational approximation Eigen and XLA use for float32.
  private static final double[] ERF32_P = {
    -2.72614225801306e-10, 2.77068142495902e-08, -2.10102402082508e-06,
    -5.69250639462346e-05, -7.34990630326855e-04, -2.95459980854025e-03,
    -1.60960333262415e-02
  };

  private static final double[] ERF32_Q = {
    -1.45660718464996e-05,
    -2.13374055278905e-04,
    -1.68282697438203e-03,
    -7.37332916720468e-03,
    -1.42647390514189e-02
  };

  private static Value erf32(E e, Value x) {
    Value xc = e.b().clamp(e.c(-4), x, e.c(4));
    Value x2 = e.mul(xc, xc);
    Value p = e.poly(x2, ERF32_P);
    Value q = e.poly(x2, ERF32_Q);
    return e.div(e.mul(xc, p), q);
  }

  // float64 erf, after Cephes (ndtr.c): x T(x^2) / U(x^2) for |x| < 1, else
  // sign(x) (1 - erfc|x|) with erfc a = e^(-a^2) P(a) / Q(a) (a clamped to 8, where erf is 1 to
  // float64 precision long before).
  private static final double[] ERF64_T = {
    9.60497373987051638749E0,
    9.00260197203842689217E1,
    2.23200534594684319226E3,
    7.00332514112805075473E3,
    5.55923013010394962768E4
  };

  private static final double[] ERF64_U = {
    1.0, 3.35617141647503099647E1, 5.21357949780152679795E2,
    4.59432382970980127987E3, 2.26290000613890934246E4, 4.92673942608635921086E4
  };

  private static final double[] ERF64_P = {
    2.46196981473530512524E-10, 5.64189564831068821977E-1, 7.46321056442269912687E0,
    4.86371970985681366614E1, 1.96520832956077098242E2, 5.26445194995477358631E2,
    9.34528527171957607540E2, 1.02755188689515710272E3, 5.57535335369399327526E2
  };

  private static final double[] ERF64_Q = {
    1.0, 1.32281951154744992508E1, 8.67072140885989742329E1,
    3.54937778887819891062E2, 9.75708501743205489753E2, 1.82390916687909736289E3,
    2.24633760818710981792E3, 1.65666309194161350182E3, 5.57535340817727675546E2
  };

  private static Value erf64(E e, Value x) {
    Value x2 = e.mul(x, x);
    Value t = e.poly(x2, ERF64_T);
    Value u = e.poly(x2, ERF64_U);
    Value inner = e.div(e.mul(x, t), u);

    Value a = e.b().clamp(e.c(1), e.un(UnaryOp.ABS, x), e.c(8));
    Value p = e.poly(a, ERF64_P);
    Value q = e.poly(a, ERF64_Q);
    Value erfc = e.div(e.mul(e.un(UnaryOp.EXPONENTIAL, e.un(UnaryOp.NEGATE, e.mul(a, a))), p), q);
    Value outer = e.withSignOf(x, e.sub(e.c(1), erfc));
    return e.select(e.lt(e.un(UnaryOp.ABS, x), e.c(1)), inner, outer);
  }

  // float32 erf_inv: M. Giles, "Approximating the erfinv function" (GPU Computing Gems, 2011),
  // single-precision version: with w = -log((1-x)(1+x)), x p(w - 2.5) for w < 5, else
  // x q(sqrt(w) - 3); +-inf at +-1, NaN beyond.
  private static final double[] ERF_INV32_CENTRAL = {
    2.81022636e-08, 3.43273939e-07, -3.5233877e-06,
    -4.39150654e-06, 0.00021858087, -0.00125372503,
    -0.00417768164, 0.246640727, 1.50140941
  };

  private static final double[] ERF_INV32_TAIL = {
    -0.000200214257, 0.000100950558, 0.00134934322,
    -0.00367342844, 0.00573950773, -0.0076224613,
    0.00943887047, 1.00167406, 2.83297682
  };

  private static Value erfInv32(E e, Value x) {
    Value w = e.un(UnaryOp.NEGATE, e.un(UnaryOp.LOG, e.oneMinusSquare(x)));
    Value central = e.poly(e.sub(w, e.c(2.5)), ERF_INV32_CENTRAL);
    Value tail = e.poly(e.sub(e.un(UnaryOp.SQRT, w), e.c(3)), ERF_INV32_TAIL);
    Value p = e.select(e.lt(w, e.c(5)), central, tail);
    return atUnitMagnitude(e, x, e.mul(p, x));
  }

  // float64 erf_inv: Giles' double-precision version, three ranges of w.
  private static final double[] ERF_INV64_P1 = {
    -3.6444120640178196996e-21, -1.685059138182016589e-19, 1.2858480715256400167e-18,
    1.115787767802518096e-17, -1.333171662854620906e-16, 2.0972767875968561637e-17,
    6.6376381343583238325e-15, -4.0545662729752068639e-14, -8.1519341976054721522e-14,
    2.6335093153082322977e-12, -1.2975133253453532498e-11, -5.4154120542946279317e-11,
    1.051212273321532285e-09, -4.1126339803469836976e-09, -2.9070369957882005086e-08,
    4.2347877827932403518e-07, -1.3654692000834678645e-06, -1.3882523362786468719e-05,
    0.0001867342080340571352, -0.00074070253416626697512, -0.0060336708714301490533,
    0.24015818242558961693, 1.6536545626831027356
  };

  private static final double[] ERF_INV64_P2 = {
    2.2137376921775787049e-09, 9.0756561938885390979e-08, -2.7517406297064545428e-07,
    1.8239629214389227755e-08, 1.5027403968909827627e-06, -4.013867526981545969e-06,
    2.9234449089955446044e-06, 1.2475304481671778723e-05, -4.7318229009055733981e-05,
    6.8284851459573175448e-05, 2.4031110387097893999e-05, -0.0003550375203628474796,
    0.00095328937973738049703, -0.0016882755560235047313, 0.0024914420961078508066,
    -0.0037512085075692412107, 0.005370914553590063617, 1.0052589676941592334,
    3.0838856104922207635
  };

  private static final double[] ERF_INV64_P3 = {
    -2.7109920616438573243e-11, -2.5556418169965252055e-10, 1.5076572693500548083e-09,
    -3.7894654401267369937e-09, 7.6157012080783393804e-09, -1.4960026627149240478e-08,
    2.9147953450901080826e-08, -6.7711997758452339498e-08, 2.2900482228026654717e-07,
    -9.9298272942317002539e-07, 4.5260625972231537039e-06, -1.9681778105531670567e-05,
    7.5995277030017761139e-05, -0.00021503011930044477347, -0.00013871931833623122026,
    1.0103004648645343977, 4.8499064014085844221
  };

  private static Value erfInv64(E e, Value x) {
    Value w = e.un(UnaryOp.NEGATE, e.un(UnaryOp.LOG, e.oneMinusSquare(x)));
    Value s = e.un(UnaryOp.SQRT, w);
    Value p1 = e.poly(e.sub(w, e.c(3.125)), ERF_INV64_P1);
    Value p2 = e.poly(e.sub(s, e.c(3.25)), ERF_INV64_P2);
    Value p3 = e.poly(e.sub(s, e.c(5)), ERF_INV64_P3);
    Value p = e.select(e.lt(w, e.c(6.25)), p1, e.select(e.lt(w, e.c(16)), p2, p3));
    return atUnitMagnitude(e, x, e.mul(p, x));
  }

  /** {@code r}, except +-infinity where {@code x} is +-1. */
  private static Value atUnitMagnitude(E e, Value x, Value r) {
    Value unit = e.b().compare(ComparisonDirection.EQ, e.un(UnaryOp.ABS, x), e.c(1));
    return e.select(unit, e.mul(x, e.c(Double.POSITIVE_INFINITY)), r);
  }
}
