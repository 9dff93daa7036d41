package dev.torch2jax.export;

import java.util.ArrayList;
import java.util.List;

/**
 * One ATen schema as libtorch prints it ({@code aten::add.Tensor(Tensor self, Tensor other, *,
 * Scalar alpha=1) -> Tensor}): what the graph runner needs to place named arguments and fill the
 * ones an archive leaves at their defaults.
 *
 * @param text the schema as printed
 * @param parameters its arguments in order
 */
record OpSchema(String text, List<Parameter> parameters) {

  /** Marks a parameter without a default. */
  static final Object REQUIRED = new Object();

  /**
   * One argument.
   *
   * @param type the type without alias annotations ({@code Tensor}, {@code int[2]})
   * @param name its name
   * @param defaultValue its default as an op argument value, or {@link #REQUIRED}
   * @param mutable whether it is written in place ({@code Tensor(a!)})
   */
  record Parameter(String type, String name, Object defaultValue, boolean mutable) {}

  /** The index of the parameter named {@code name}, or -1. */
  int indexOf(String name) {
    for (int i = 0; i < parameters.size(); i++) {
      if (parameters.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Reads a schema line. */
  static OpSchema parse(String text) {
    int open = text.indexOf('(');
    int close = matching(text, open);
    List<Parameter> params = new ArrayList<>();
    for (String part : splitTopLevel(text.substring(open + 1, close))) {
      String p = part.strip();
      if (p.isEmpty() || p.equals("*") || p.equals("...")) {
        continue;
      }
      int eq = topLevel(p, '=');
      String decl = (eq < 0 ? p : p.substring(0, eq)).strip();
      int space = decl.lastIndexOf(' ');
      String annotated = decl.substring(0, space).strip();
      String type = annotated.replaceAll("\\([^)]*\\)", "");
      Object dflt = eq < 0 ? REQUIRED : DefaultValues.parse(p.substring(eq + 1).strip(), type);
      params.add(new Parameter(type, decl.substring(space + 1), dflt, annotated.contains("!")));
    }
    return new OpSchema(text, List.copyOf(params));
  }

  private static int matching(String s, int open) {
    int depth = 0;
    boolean quoted = false;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' && s.charAt(i - 1) != '\\') {
        quoted = !quoted;
      } else if (!quoted && c == '(') {
        depth++;
      } else if (!quoted && c == ')' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("unbalanced schema: %s".formatted(s));
  }

  /** Splits at commas outside brackets and string literals. */
  static List<String> splitTopLevel(String s) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int from = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
        quoted = !quoted;
      } else if (quoted) {
        continue;
      } else if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(s.substring(from, i));
        from = i + 1;
      }
    }
    parts.add(s.substring(from));
    return parts;
  }

  private static int topLevel(String s, char target) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        return -1;
      } else if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (c == target && depth == 0) {
        return i;
      }
    }
    return -1;
  }
}
