package dev.torch2jax.torch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * The TorchScript ops on ints, floats, bools, strings, lists and dicts ({@code aten::mul.int},
 * {@code aten::gt.float_int}, {@code aten::__getitem__.t}, {@code aten::append.t}, ...), evaluated
 * in Java on static values with Python's semantics. Values: {@code Long}, {@code Double}, {@code
 * Boolean}, {@code String}, null, {@code List} (a mutable {@code ArrayList} for TorchScript lists,
 * unmodifiable for tuples) and {@code Map}.
 */
final class ScalarOps {
  /** Returned by {@link #eval} for an op it does not know. */
  static final Object UNHANDLED = new Object();

  private ScalarOps() {}

  /** A family of builtins: its result, or UNHANDLED for ops or argument kinds not its own. */
  private interface Family {
    Object eval(String name, List<Object> args);
  }

  private static final List<Family> FAMILIES =
      List.of(ListOps::eval, DictOps::eval, StringOps::eval, MathOps::eval);

  /**
   * Evaluates {@code name} (the op without its overload, e.g. {@code aten::add}) on {@code args}.
   *
   * @param outType the TorchScript type of the node's output ({@code int}, {@code float}, ...),
   *     used to coerce the result
   * @return the result, or {@link #UNHANDLED}
   */
  static Object eval(String name, List<Object> args, String outType) {
    Object r = evalRaw(name, args);
    if (r == UNHANDLED) {
      return r;
    }
    return coerce(r, outType);
  }

  private static Object coerce(Object r, String outType) {
    if (r instanceof Number n) {
      if (outType.equals("int") && !(r instanceof Long)) {
        return n.longValue();
      }
      if (outType.equals("float") && !(r instanceof Double)) {
        return n.doubleValue();
      }
    }
    if (r instanceof Boolean b && outType.equals("int")) {
      return b ? 1L : 0L;
    }
    return r;
  }

  @SuppressWarnings("unchecked")
  private static Object evalRaw(String name, List<Object> a) {
    int n = a.size();
    Object x = n > 0 ? a.get(0) : null;
    Object y = n > 1 ? a.get(1) : null;
    for (Family f : FAMILIES) {
      Object r = f.eval(name, a);
      if (r != UNHANDLED) {
        return r;
      }
    }
    switch (name) {
      case "aten::add" -> {
        if (x instanceof List<?> l && y instanceof List<?> m) {
          List<Object> out = new ArrayList<>(l);
          out.addAll(m);
          return out;
        }
        if (x instanceof String s && y instanceof String t) {
          return s + t;
        }
        return arith(x, y, Long::sum, Double::sum);
      }
      case "aten::sub" -> {
        return arith(x, y, (p, q) -> p - q, (p, q) -> p - q);
      }
      case "aten::mul" -> {
        return arith(x, y, (p, q) -> p * q, (p, q) -> p * q);
      }
      case "aten::div" -> {
        return isNum(x) && isNum(y) ? num(x).doubleValue() / num(y).doubleValue() : UNHANDLED;
      }
      case "aten::floordiv" -> {
        if (isInt(x) && isInt(y)) {
          return Math.floorDiv(num(x).longValue(), num(y).longValue());
        }
        return isNum(x) && isNum(y)
            ? Math.floor(num(x).doubleValue() / num(y).doubleValue())
            : UNHANDLED;
      }
      case "aten::remainder", "aten::__mod__" -> {
        if (isInt(x) && isInt(y)) {
          return Math.floorMod(num(x).longValue(), num(y).longValue());
        }
        if (!isNum(x) || !isNum(y)) {
          return UNHANDLED;
        }
        double p = num(x).doubleValue();
        double q = num(y).doubleValue();
        return p - Math.floor(p / q) * q;
      }
      case "aten::pow" -> {
        if (!isNum(x) || !isNum(y)) {
          return UNHANDLED;
        }
        if (isInt(x) && isInt(y) && num(y).longValue() >= 0) {
          long r = 1;
          for (long i = 0; i < num(y).longValue(); i++) {
            r *= num(x).longValue();
          }
          return r;
        }
        return Math.pow(num(x).doubleValue(), num(y).doubleValue());
      }
      case "aten::neg" -> {
        return isInt(x)
            ? (Object) (-num(x).longValue())
            : isNum(x) ? -num(x).doubleValue() : UNHANDLED;
      }
      case "aten::min", "prim::min" -> {
        if (n == 1 && x instanceof List<?> l) {
          return l.stream()
              .map(ScalarOps::num)
              .reduce((p, q) -> compare(p, q) <= 0 ? p : q)
              .orElseThrow();
        }
        return isNum(x) && isNum(y) ? (compare(num(x), num(y)) <= 0 ? x : y) : UNHANDLED;
      }
      case "aten::max", "prim::max" -> {
        if (n == 1 && x instanceof List<?> l) {
          return l.stream()
              .map(ScalarOps::num)
              .reduce((p, q) -> compare(p, q) >= 0 ? p : q)
              .orElseThrow();
        }
        return isNum(x) && isNum(y) ? (compare(num(x), num(y)) >= 0 ? x : y) : UNHANDLED;
      }
      case "aten::floor" -> {
        return isNum(x) ? (Object) (long) Math.floor(num(x).doubleValue()) : UNHANDLED;
      }
      case "aten::ceil" -> {
        return isNum(x) ? (Object) (long) Math.ceil(num(x).doubleValue()) : UNHANDLED;
      }
      case "aten::eq" -> {
        return n == 2 ? equal(x, y) : UNHANDLED;
      }
      case "aten::ne" -> {
        return n == 2 ? !equal(x, y) : UNHANDLED;
      }
      case "aten::lt", "aten::le", "aten::gt", "aten::ge" -> {
        int c;
        if (isNum(x) && isNum(y)) {
          c = compare(num(x), num(y));
        } else if (x instanceof String s && y instanceof String t) {
          c = s.compareTo(t);
        } else {
          return UNHANDLED;
        }
        return switch (name) {
          case "aten::lt" -> c < 0;
          case "aten::le" -> c <= 0;
          case "aten::gt" -> c > 0;
          default -> c >= 0;
        };
      }
      case "aten::__and__" -> {
        return x instanceof Boolean p && y instanceof Boolean q
            ? (Object) (p && q)
            : isInt(x) && isInt(y) ? num(x).longValue() & num(y).longValue() : UNHANDLED;
      }
      case "aten::__or__" -> {
        return x instanceof Boolean p && y instanceof Boolean q
            ? (Object) (p || q)
            : isInt(x) && isInt(y) ? num(x).longValue() | num(y).longValue() : UNHANDLED;
      }
      case "aten::__xor__" -> {
        return x instanceof Boolean p && y instanceof Boolean q
            ? (Object) (p ^ q)
            : isInt(x) && isInt(y) ? num(x).longValue() ^ num(y).longValue() : UNHANDLED;
      }
      case "aten::__not__" -> {
        return x instanceof Boolean b ? (Object) !b : UNHANDLED;
      }
      case "aten::__is__" -> {
        return x == y || (x != null && x.equals(y) && !(x instanceof List));
      }
      case "aten::__isnot__" -> {
        return !(x == y || (x != null && x.equals(y) && !(x instanceof List)));
      }
      case "aten::Int" -> {
        return x instanceof Boolean b
            ? (Object) (b ? 1L : 0L)
            : isNum(x)
                ? (Object) num(x).longValue()
                : x instanceof String s ? (Object) Long.parseLong(s.trim()) : UNHANDLED;
      }
      case "aten::Float" -> {
        return x instanceof Boolean b
            ? (Object) (b ? 1.0 : 0.0)
            : isNum(x)
                ? (Object) num(x).doubleValue()
                : x instanceof String s ? (Object) Double.parseDouble(s.trim()) : UNHANDLED;
      }
      case "aten::Bool" -> {
        return x instanceof Boolean
            ? x
            : isNum(x) ? (Object) (num(x).doubleValue() != 0) : UNHANDLED;
      }
      case "aten::ScalarImplicit", "aten::IntImplicit", "aten::FloatImplicit" -> {
        return isNum(x) || x instanceof Boolean ? x : UNHANDLED;
      }
      case "aten::str" -> {
        return str(x);
      }
      case "aten::format" -> {
        if (!(x instanceof String fmt)) {
          return UNHANDLED;
        }
        StringBuilder b = new StringBuilder();
        int arg = 1;
        int i = 0;
        while (i < fmt.length()) {
          int open = fmt.indexOf("{}", i);
          if (open < 0) {
            b.append(fmt, i, fmt.length());
            break;
          }
          b.append(fmt, i, open);
          b.append(arg < n ? str(a.get(arg++)) : "{}");
          i = open + 2;
        }
        return b.toString();
      }
      case "aten::len" -> {
        if (x instanceof List<?> l) {
          return (long) l.size();
        }
        if (x instanceof Map<?, ?> m) {
          return (long) m.size();
        }
        return x instanceof String s ? (Object) (long) s.length() : UNHANDLED;
      }
      case "aten::__getitem__" -> {
        if (x instanceof List<?> l && isInt(y)) {
          return l.get(index(num(y).longValue(), l.size()));
        }
        if (x instanceof Map<?, ?> m) {
          if (!m.containsKey(y)) {
            throw new java.util.NoSuchElementException("KeyError: " + y);
          }
          return m.get(y);
        }
        if (x instanceof String s && isInt(y)) {
          int i = index(num(y).longValue(), s.length());
          return s.substring(i, i + 1);
        }
        return UNHANDLED;
      }
      case "aten::_set_item" -> {
        if (x instanceof List<?> l && isInt(y)) {
          ((List<Object>) l).set(index(num(y).longValue(), l.size()), a.get(2));
          return l;
        }
        if (x instanceof Map<?, ?> m) {
          ((Map<Object, Object>) m).put(y, a.get(2));
          return null;
        }
        return UNHANDLED;
      }
      case "aten::append" -> {
        if (x instanceof List<?> l) {
          ((List<Object>) l).add(y);
          return l;
        }
        return UNHANDLED;
      }
      case "aten::insert" -> {
        if (x instanceof List<?> l && isInt(y)) {
          long i = num(y).longValue();
          int at = (int) Math.max(0, Math.min(l.size(), i < 0 ? i + l.size() : i));
          ((List<Object>) l).add(at, a.get(2));
          return null;
        }
        return UNHANDLED;
      }
      case "aten::pop" -> {
        if (x instanceof List<?> l) {
          long i = n > 1 ? num(y).longValue() : -1;
          return ((List<Object>) l).remove(index(i, l.size()));
        }
        return UNHANDLED;
      }
      case "aten::extend" -> {
        if (x instanceof List<?> l && y instanceof List<?> m) {
          ((List<Object>) l).addAll(m);
          return null;
        }
        return UNHANDLED;
      }
      case "aten::list", "aten::copy" -> {
        return x instanceof List<?> l ? new ArrayList<>(l) : UNHANDLED;
      }
      case "aten::reverse" -> {
        if (x instanceof List<?> l) {
          Collections.reverse(l);
          return null;
        }
        return UNHANDLED;
      }
      case "aten::__contains__" -> {
        if (x instanceof List<?> l) {
          return l.stream().anyMatch(e -> equal(e, y));
        }
        if (x instanceof String s && y instanceof String t) {
          return s.contains(t);
        }
        return x instanceof Map<?, ?> m ? (Object) m.containsKey(y) : UNHANDLED;
      }
      case "aten::keys" -> {
        return x instanceof Map<?, ?> m ? new ArrayList<>(m.keySet()) : UNHANDLED;
      }
      case "aten::values" -> {
        return x instanceof Map<?, ?> m ? new ArrayList<>(m.values()) : UNHANDLED;
      }
      case "aten::items" -> {
        if (x instanceof Map<?, ?> m) {
          List<Object> out = new ArrayList<>();
          m.forEach((k, v) -> out.add(Collections.unmodifiableList(java.util.Arrays.asList(k, v))));
          return out;
        }
        return UNHANDLED;
      }
      case "aten::get" -> {
        return x instanceof Map<?, ?> m
            ? (m.containsKey(y) ? m.get(y) : (n > 2 ? a.get(2) : null))
            : UNHANDLED;
      }
      case "aten::dict" -> {
        return n == 0
            ? new LinkedHashMap<>()
            : x instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : UNHANDLED;
      }
      case "aten::warn" -> {
        return null;
      }
      default -> {
        return UNHANDLED;
      }
    }
  }

  static String str(Object x) {
    if (x == null) {
      return "None";
    }
    if (x instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (x instanceof Double d) {
      return floatStr(d);
    }
    if (x instanceof List<?> l) {
      StringBuilder b = new StringBuilder(l instanceof ArrayList ? "[" : "(");
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(", ");
        }
        b.append(l.get(i) instanceof String s ? "'" + s + "'" : str(l.get(i)));
      }
      return b.append(l instanceof ArrayList ? "]" : ")").toString();
    }
    return String.valueOf(x);
  }

  /**
   * A float as TorchScript prints it: a whole number below 1e10 with a trailing dot ({@code 3.}),
   * any other as C's {@code %.17g} ({@code 0.10000000000000001}, {@code 1e-05}, {@code inf}).
   */
  private static String floatStr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (Math.abs(d) < 1e10 && d == Math.rint(d) && (d == 0 || Math.abs(d) >= Double.MIN_NORMAL)) {
      return (long) d + ".";
    }
    java.math.BigDecimal v =
        new java.math.BigDecimal(d).round(new java.math.MathContext(17)).stripTrailingZeros();
    int exp = v.precision() - v.scale() - 1;
    if (exp < -4 || exp >= 17) {
      String digits = v.unscaledValue().abs().toString();
      String mant = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
      return "%s%se%s%02d".formatted(d < 0 ? "-" : "", mant, exp < 0 ? "-" : "+", Math.abs(exp));
    }
    return v.toPlainString();
  }

  private static int index(long i, int size) {
    long j = i < 0 ? i + size : i;
    if (j < 0 || j >= size) {
      throw new IndexOutOfBoundsException("list index " + i + " out of range for size " + size);
    }
    return (int) j;
  }

  static boolean isNum(Object o) {
    return o instanceof Number || o instanceof Boolean;
  }

  static boolean isInt(Object o) {
    return o instanceof Long || o instanceof Integer || o instanceof Boolean;
  }

  static Number num(Object o) {
    if (o instanceof Boolean b) {
      return b ? 1L : 0L;
    }
    return (Number) o;
  }

  static int compare(Number p, Number q) {
    if (isInt(p) && isInt(q)) {
      return Long.compare(p.longValue(), q.longValue());
    }
    return Double.compare(p.doubleValue(), q.doubleValue());
  }

  static boolean equal(Object x, Object y) {
    if (isNum(x) && isNum(y)) {
      return compare(num(x), num(y)) == 0;
    }
    return Objects.equals(x, y);
  }

  /** {@code ints} of two ints (wrapping, as TorchScript's int is int64), else {@code floats}. */
  private static Object arith(
      Object x, Object y, LongBinaryOperator ints, DoubleBinaryOperator floats) {
    if (!isNum(x) || !isNum(y)) {
      return UNHANDLED;
    }
    if (isInt(x) && isInt(y)) {
      return ints.applyAsLong(num(x).longValue(), num(y).longValue());
    }
    return floats.applyAsDouble(num(x).doubleValue(), num(y).doubleValue());
  }
}
