package dev.torch2jax.torch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * TorchScript's list builtins beyond indexing and appending ({@code aten::sum.int}, {@code
 * aten::index.list_int}, {@code aten::count.int}, {@code aten::remove.int}, {@code aten::sort.int},
 * {@code aten::sorted.int}, {@code aten::clear.t}, {@code aten::add_.t}, {@code aten::mul.right_},
 * list {@code min}/{@code max} of two lists, ...), mutating the Java list in place as Python does.
 */
final class ListOps {
  private ListOps() {}

  /** Python's truth of a list element: nonzero numbers, true, non-empty strings. */
  private static boolean truthy(Object e) {
    return switch (e) {
      case Boolean b -> b;
      case String str -> !str.isEmpty();
      case Number num -> num.doubleValue() != 0;
      default -> e != null;
    };
  }

  /** Evaluates {@code name} on {@code a} when its first argument is a list; else UNHANDLED. */
  @SuppressWarnings("unchecked")
  static Object eval(String name, List<Object> a) {
    int n = a.size();
    if (n == 2 && name.equals("aten::mul") && a.get(1) instanceof List<?> l) {
      return repeat(l, a.get(0)); // 3 * [x]: aten::mul.right_
    }
    if (n == 0 || !(a.get(0) instanceof List<?> raw)) {
      return ScalarOps.UNHANDLED;
    }
    List<Object> l = (List<Object>) raw;
    Object y = n > 1 ? a.get(1) : null;
    return switch (name) {
      case "aten::sum" -> sum(l);
      case "aten::any" -> l.stream().anyMatch(ListOps::truthy);
      case "aten::all" -> l.stream().allMatch(ListOps::truthy);
      case "prim::min", "aten::min" -> n == 2 && y instanceof List<?> m ? pick(l, m, -1) : NONE;
      case "prim::max", "aten::max" -> n == 2 && y instanceof List<?> m ? pick(l, m, 1) : NONE;
      case "aten::index" -> indexOf(l, y);
      case "aten::count" -> l.stream().filter(e -> ScalarOps.equal(e, y)).count();
      case "aten::remove" -> {
        l.remove(indexOf(l, y).intValue());
        yield null;
      }
      case "aten::clear" -> {
        l.clear();
        yield null;
      }
      case "aten::sort" -> {
        sortInPlace(l, n > 1 && Boolean.TRUE.equals(y));
        yield null;
      }
      case "aten::sorted" -> {
        List<Object> out = new ArrayList<>(l);
        sortInPlace(out, false);
        yield out;
      }
      case "aten::add_" -> {
        l.addAll((List<?>) y);
        yield l;
      }
      case "aten::mul_" -> {
        List<Object> out = repeat(l, y);
        l.clear();
        l.addAll(out);
        yield l;
      }
      case "aten::mul" -> ScalarOps.isInt(y) ? repeat(l, y) : NONE;
      case "aten::slice" -> slice(l, a);
      default -> NONE;
    };
  }

  private static final Object NONE = ScalarOps.UNHANDLED;

  private static Object sum(List<Object> l) {
    boolean ints = l.stream().allMatch(ScalarOps::isInt);
    if (ints) {
      return l.stream().mapToLong(e -> ScalarOps.num(e).longValue()).sum();
    }
    double s = 0;
    for (Object e : l) {
      s += ScalarOps.num(e).doubleValue();
    }
    return s;
  }

  /** The lesser ({@code sign} -1) or greater list of two, compared as Python compares lists. */
  private static Object pick(List<?> l, List<?> m, int sign) {
    int c = compareLists(l, m);
    return (sign < 0 ? c <= 0 : c >= 0) ? l : m;
  }

  private static int compareLists(List<?> l, List<?> m) {
    for (int i = 0; i < Math.min(l.size(), m.size()); i++) {
      int c = ORDER.compare(l.get(i), m.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(l.size(), m.size());
  }

  /** Python's ordering of ints, floats, bools and strings. */
  static final Comparator<Object> ORDER =
      (p, q) -> {
        if (p instanceof String s && q instanceof String t) {
          return s.compareTo(t);
        }
        if (ScalarOps.isNum(p) && ScalarOps.isNum(q)) {
          return ScalarOps.compare(ScalarOps.num(p), ScalarOps.num(q));
        }
        throw new IllegalArgumentException(
            "cannot order %s and %s in TorchScript".formatted(ScalarOps.str(p), ScalarOps.str(q)));
      };

  private static void sortInPlace(List<Object> l, boolean reverse) {
    l.sort(reverse ? ORDER.reversed() : ORDER);
  }

  private static Long indexOf(List<Object> l, Object y) {
    for (int i = 0; i < l.size(); i++) {
      if (ScalarOps.equal(l.get(i), y)) {
        return (long) i;
      }
    }
    throw new IllegalArgumentException(
        "ValueError: %s is not in list %s".formatted(ScalarOps.str(y), ScalarOps.str(l)));
  }

  private static List<Object> repeat(List<?> l, Object times) {
    List<Object> out = new ArrayList<>();
    for (long i = 0; i < ScalarOps.num(times).longValue(); i++) {
      out.addAll(l);
    }
    return out;
  }

  private static List<Object> slice(List<Object> l, List<Object> a) {
    PySlice s = sliceOf(l.size(), a);
    List<Object> out = new ArrayList<>();
    for (long k = 0; k < s.count(); k++) {
      out.add(l.get(s.at(k)));
    }
    return l instanceof ArrayList ? out : Collections.unmodifiableList(out);
  }

  /** The slice of {@code aten::slice.t}/{@code .str} arguments {@code (seq, start, end, step)}. */
  static PySlice sliceOf(int size, List<Object> a) {
    Long start = a.size() > 1 ? (Long) a.get(1) : null;
    Long end = a.size() > 2 ? (Long) a.get(2) : null;
    long step = a.size() > 3 ? (Long) a.get(3) : 1;
    return PySlice.of(size, start, end, step);
  }
}
