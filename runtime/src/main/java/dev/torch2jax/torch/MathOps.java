package dev.torch2jax.torch;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * TorchScript's {@code math} module and numeric builtins on Python numbers ({@code
 * aten::sqrt.float}, {@code aten::atan2.float}, {@code aten::isnan.float}, {@code aten::gcd.int},
 * {@code aten::divmod.int}, {@code aten::__lshift__.int}, {@code prim::abs}, ...).
 */
final class MathOps {
  private MathOps() {}

  /** Functions of one number giving a float. */
  private static final Map<String, DoubleUnaryOperator> UNARY =
      Map.ofEntries(
          Map.entry("aten::sqrt", Math::sqrt),
          Map.entry("aten::exp", Math::exp),
          Map.entry("aten::expm1", Math::expm1),
          Map.entry("aten::log", Math::log),
          Map.entry("aten::log10", Math::log10),
          Map.entry("aten::log1p", Math::log1p),
          Map.entry("aten::sin", Math::sin),
          Map.entry("aten::cos", Math::cos),
          Map.entry("aten::tan", Math::tan),
          Map.entry("aten::asin", Math::asin),
          Map.entry("aten::acos", Math::acos),
          Map.entry("aten::atan", Math::atan),
          Map.entry("aten::sinh", Math::sinh),
          Map.entry("aten::cosh", Math::cosh),
          Map.entry("aten::tanh", Math::tanh),
          Map.entry("aten::asinh", x -> Math.log(x + Math.sqrt(x * x + 1))),
          Map.entry("aten::acosh", x -> Math.log(x + Math.sqrt(x * x - 1))),
          Map.entry("aten::atanh", x -> 0.5 * Math.log((1 + x) / (1 - x))),
          Map.entry("aten::fabs", Math::abs),
          Map.entry("aten::degrees", Math::toDegrees),
          Map.entry("aten::radians", Math::toRadians));

  /** Functions of two numbers giving a float. */
  private static final Map<String, DoubleBinaryOperator> BINARY =
      Map.of(
          "aten::atan2", Math::atan2,
          "aten::copysign", Math::copySign,
          "aten::fmod", (p, q) -> p % q,
          "aten::log", (x, base) -> Math.log(x) / Math.log(base),
          "aten::hypot", Math::hypot);

  /** Evaluates {@code name} on numbers {@code a}; else UNHANDLED. */
  static Object eval(String name, List<Object> a) {
    if (a.isEmpty() || !a.stream().allMatch(ScalarOps::isNum)) {
      return ScalarOps.UNHANDLED;
    }
    Number x = ScalarOps.num(a.get(0));
    Number y = a.size() > 1 ? ScalarOps.num(a.get(1)) : null;
    boolean ints = ScalarOps.isInt(a.get(0)) && (y == null || ScalarOps.isInt(a.get(1)));
    if (a.size() == 1 && UNARY.containsKey(name)) {
      return UNARY.get(name).applyAsDouble(x.doubleValue());
    }
    if (a.size() == 2 && BINARY.containsKey(name)) {
      return BINARY.get(name).applyAsDouble(x.doubleValue(), y.doubleValue());
    }
    return switch (name) {
      case "aten::isnan" -> Double.isNaN(x.doubleValue());
      case "aten::isinf" -> Double.isInfinite(x.doubleValue());
      case "aten::isfinite" -> Double.isFinite(x.doubleValue());
      case "aten::round" -> Math.rint(x.doubleValue());
      case "prim::abs", "aten::abs" ->
          ints ? (Object) Math.abs(x.longValue()) : Math.abs(x.doubleValue());
      case "aten::gcd" -> ints ? gcd(x.longValue(), y.longValue()) : ScalarOps.UNHANDLED;
      case "aten::factorial" -> ints ? factorial(x.longValue()) : ScalarOps.UNHANDLED;
      case "aten::divmod" -> divmod(x, y, ints);
      case "aten::__range_length" -> ints ? rangeLength(a) : ScalarOps.UNHANDLED;
      case "aten::__derive_index" ->
          ints
              ? (Object) (y.longValue() + x.longValue() * ScalarOps.num(a.get(2)).longValue())
              : ScalarOps.UNHANDLED;
      case "aten::__lshift__" ->
          ints ? (Object) (x.longValue() << y.longValue()) : ScalarOps.UNHANDLED;
      case "aten::__rshift__" ->
          ints ? (Object) (x.longValue() >> y.longValue()) : ScalarOps.UNHANDLED;
      case "aten::__invert__" -> ints ? (Object) ~x.longValue() : ScalarOps.UNHANDLED;
      default -> ScalarOps.UNHANDLED;
    };
  }

  /** {@code len(range(lo, hi, step))}. */
  private static long rangeLength(List<Object> a) {
    long lo = ScalarOps.num(a.get(0)).longValue();
    long hi = ScalarOps.num(a.get(1)).longValue();
    long step = ScalarOps.num(a.get(2)).longValue();
    if (step == 0) {
      throw new IllegalArgumentException("ValueError: range() arg 3 must not be zero");
    }
    return PySlice.count(lo, hi, step);
  }

  private static long gcd(long p, long q) {
    p = Math.abs(p);
    q = Math.abs(q);
    while (q != 0) {
      long r = p % q;
      p = q;
      q = r;
    }
    return p;
  }

  private static long factorial(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("ValueError: factorial() not defined for negative values");
    }
    long r = 1;
    for (long i = 2; i <= n; i++) {
      r = Math.multiplyExact(r, i);
    }
    return r;
  }

  /** Python's {@code divmod}: the floored quotient and the remainder with the divisor's sign. */
  private static List<Object> divmod(Number x, Number y, boolean ints) {
    if (ints) {
      long p = x.longValue();
      long q = y.longValue();
      if (q == 0) {
        throw new ArithmeticException("ZeroDivisionError: integer division or modulo by zero");
      }
      return List.of(Math.floorDiv(p, q), Math.floorMod(p, q));
    }
    double p = x.doubleValue();
    double q = y.doubleValue();
    double m = p - Math.floor(p / q) * q;
    return List.of(Math.floor(p / q), m);
  }
}
