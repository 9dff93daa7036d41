package dev.torch2jax.export;

import java.util.ArrayList;
import java.util.List;

/**
 * Default values of ATen schema arguments ({@code None}, {@code True}, {@code 1}, {@code 1e-05},
 * {@code [0, 0]}, {@code "mean"}) as op argument values: null, Boolean, Long, Double, String,
 * lists. A single number for a sized list type ({@code int[2] padding=0}) is repeated.
 */
final class DefaultValues {
  private DefaultValues() {}

  static Object parse(String text, String type) {
    String t = text.strip();
    Object v = scalar(t);
    int bracket = type.indexOf('[');
    if (bracket >= 0 && !(v instanceof List<?>) && v != null) {
      int close = type.indexOf(']', bracket);
      String n = type.substring(bracket + 1, close);
      int count = n.isEmpty() ? 1 : Integer.parseInt(n);
      List<Object> repeated = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        repeated.add(v);
      }
      return repeated;
    }
    return v;
  }

  private static Object scalar(String t) {
    switch (t) {
      case "None":
        return null;
      case "True":
        return true;
      case "False":
        return false;
      case "inf":
        return Double.POSITIVE_INFINITY;
      case "-inf":
        return Double.NEGATIVE_INFINITY;
      case "nan":
        return Double.NaN;
      default:
        break;
    }
    if (t.startsWith("\"") && t.endsWith("\"") && t.length() >= 2) {
      return t.substring(1, t.length() - 1).translateEscapes();
    }
    if (t.startsWith("[") && t.endsWith("]")) {
      List<Object> items = new ArrayList<>();
      String inner = t.substring(1, t.length() - 1);
      if (!inner.isBlank()) {
        for (String part : SchemaSyntax.splitTopLevel(inner)) {
          items.add(scalar(part.strip()));
        }
      }
      return items;
    }
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException notAnInt) {
      // a float literal, or an enum name libtorch prints bare
    }
    try {
      return Double.parseDouble(t);
    } catch (NumberFormatException notANumber) {
      return t; // e.g. contiguous_format: the ops take such names as strings
    }
  }
}
