package dev.torch2jax.torch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * TorchScript's {@code str} methods ({@code aten::startswith}, {@code aten::split.str}, {@code
 * aten::join}, {@code aten::strip}, {@code aten::find}, {@code aten::replace}, {@code
 * aten::slice.str}, {@code aten::isdigit}, ...) with Python's semantics on ASCII text.
 */
final class StringOps {
  private StringOps() {}

  /** Python's default characters for {@code strip}. */
  private static final String WHITESPACE = " \n\t\f\u000b\r";

  /** Evaluates {@code name} on {@code a} when its first argument is a string; else UNHANDLED. */
  static Object eval(String name, List<Object> a) {
    if (a.isEmpty() || !(a.get(0) instanceof String s)) {
      return ScalarOps.UNHANDLED;
    }
    Object y = a.size() > 1 ? a.get(1) : null;
    return switch (name) {
      case "aten::startswith" -> range(s, a, 2).startsWith((String) y);
      case "aten::endswith" -> range(s, a, 2).endsWith((String) y);
      case "aten::find" -> find(s, (String) y, a, false);
      case "aten::rfind" -> find(s, (String) y, a, true);
      case "aten::count" -> count(range(s, a, 2), (String) y);
      case "aten::replace" -> replace(s, (String) y, (String) a.get(2), arg(a, 3, -1L));
      case "aten::split" -> split(s, (String) y, arg(a, 2, -1L));
      case "aten::join" -> join(s, (List<?>) y);
      case "aten::lower" -> s.toLowerCase(java.util.Locale.ROOT);
      case "aten::upper" -> s.toUpperCase(java.util.Locale.ROOT);
      case "aten::strip" -> strip(s, chars(y), true, true);
      case "aten::lstrip" -> strip(s, chars(y), true, false);
      case "aten::rstrip" -> strip(s, chars(y), false, true);
      case "aten::isdigit" -> all(s, Character::isDigit);
      case "aten::isalpha" -> all(s, Character::isLetter);
      case "aten::isalnum" -> all(s, Character::isLetterOrDigit);
      case "aten::isspace" -> all(s, c -> WHITESPACE.indexOf(c) >= 0);
      case "aten::slice" -> {
        PySlice sl = ListOps.sliceOf(s.length(), a);
        StringBuilder b = new StringBuilder();
        for (long k = 0; k < sl.count(); k++) {
          b.append(s.charAt(sl.at(k)));
        }
        yield b.toString();
      }
      case "aten::list" -> {
        List<Object> out = new ArrayList<>();
        s.chars().forEach(c -> out.add(String.valueOf((char) c)));
        yield out;
      }
      default -> ScalarOps.UNHANDLED;
    };
  }

  private static long arg(List<Object> a, int i, long dflt) {
    return a.size() > i && a.get(i) != null ? ScalarOps.num(a.get(i)).longValue() : dflt;
  }

  private static String chars(Object y) {
    return y == null ? WHITESPACE : (String) y;
  }

  /** {@code s[start:end]} for TorchScript's {@code (start=0, end=-1)} pair at {@code a[i..]}. */
  private static String range(String s, List<Object> a, int i) {
    int[] b = bounds(s, arg(a, i, 0), arg(a, i + 1, -1));
    return s.substring(b[0], b[1]);
  }

  /** TorchScript's bounds: a negative end counts from one past the end, so -1 is the length. */
  private static int[] bounds(String s, long start, long end) {
    long n = s.length();
    long st = start < 0 ? Math.max(0, n + start) : Math.min(start, n);
    long e = end < 0 ? Math.max(0, n + end + 1) : Math.min(end, n);
    return new int[] {(int) st, (int) Math.max(st, e)};
  }

  private static long find(String s, String sub, List<Object> a, boolean last) {
    int[] b = bounds(s, arg(a, 2, 0), arg(a, 3, -1));
    String part = s.substring(b[0], b[1]);
    int i = last ? part.lastIndexOf(sub) : part.indexOf(sub);
    return i < 0 ? -1 : i + b[0];
  }

  private static long count(String s, String sub) {
    if (sub.isEmpty()) {
      return s.length() + 1;
    }
    long c = 0;
    for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + sub.length())) {
      c++;
    }
    return c;
  }

  private static String replace(String s, String old, String rep, long max) {
    StringBuilder b = new StringBuilder();
    int from = 0;
    long done = 0;
    int i;
    while ((max < 0 || done < max) && !old.isEmpty() && (i = s.indexOf(old, from)) >= 0) {
      b.append(s, from, i).append(rep);
      from = i + old.length();
      done++;
    }
    return b.append(s.substring(from)).toString();
  }

  /** Python's {@code split}: on runs of whitespace without a separator, else on each separator. */
  private static List<Object> split(String s, String sep, long max) {
    List<Object> out = new ArrayList<>();
    if (sep == null) {
      int i = 0;
      while (true) {
        while (i < s.length() && WHITESPACE.indexOf(s.charAt(i)) >= 0) {
          i++;
        }
        if (i == s.length()) {
          return out;
        }
        if (max >= 0 && out.size() == max) {
          out.add(strip(s.substring(i), WHITESPACE, false, true));
          return out;
        }
        int j = i;
        while (j < s.length() && WHITESPACE.indexOf(s.charAt(j)) < 0) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      }
    }
    if (sep.isEmpty()) {
      throw new IllegalArgumentException("ValueError: empty separator");
    }
    int from = 0;
    int i;
    while ((max < 0 || out.size() < max) && (i = s.indexOf(sep, from)) >= 0) {
      out.add(s.substring(from, i));
      from = i + sep.length();
    }
    out.add(s.substring(from));
    return out;
  }

  private static String join(String sep, List<?> parts) {
    List<String> p = new ArrayList<>();
    for (Object o : parts) {
      p.add((String) o);
    }
    return String.join(sep, p);
  }

  private static String strip(String s, String chars, boolean left, boolean right) {
    int i = 0;
    int j = s.length();
    while (left && i < j && chars.indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    while (right && j > i && chars.indexOf(s.charAt(j - 1)) >= 0) {
      j--;
    }
    return s.substring(i, j);
  }

  private static boolean all(String s, IntPredicate p) {
    return !s.isEmpty() && s.chars().allMatch(p);
  }
}
