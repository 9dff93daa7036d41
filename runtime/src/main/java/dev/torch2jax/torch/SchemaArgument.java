package dev.torch2jax.torch;

import java.util.ArrayList;
import java.util.List;

/**
 * One argument of an operator schema as libtorch prints it, e.g. {@code Tensor(a!) out} or {@code
 * int[1]? dim=None}.
 *
 * @param type the type without its alias annotation ({@code Tensor}, {@code int[1]?})
 * @param name the argument's name
 * @param defaultValue the default as written, or null
 * @param mutable whether the alias annotation marks it as written ({@code Tensor(a!)})
 * @param keywordOnly whether it follows the {@code *} separator
 */
record SchemaArgument(
    String type, String name, String defaultValue, boolean mutable, boolean keywordOnly) {

  /** The arguments of {@code schema} ({@code aten::atan2.out(Tensor self, ...) -> ...}). */
  static List<SchemaArgument> parse(String schema) {
    int open = schema.indexOf('(');
    List<SchemaArgument> out = new ArrayList<>();
    if (open < 0) {
      return out;
    }
    boolean keywordOnly = false;
    for (String part : splitTopLevel(schema, open + 1)) {
      String p = part.strip();
      if (p.isEmpty() || p.equals("...")) {
        continue; // varargs ("...") take no declared argument
      }
      if (p.equals("*")) {
        keywordOnly = true;
        continue;
      }
      int eq = topLevelIndex(p, '=');
      String decl = (eq < 0 ? p : p.substring(0, eq)).strip();
      String dflt = eq < 0 ? null : p.substring(eq + 1).strip();
      int space = decl.lastIndexOf(' ');
      String rawType = decl.substring(0, space).strip();
      String name = decl.substring(space + 1);
      boolean mutable = false;
      StringBuilder type = new StringBuilder();
      int depth = 0;
      for (char c : rawType.toCharArray()) {
        if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        } else if (depth > 0) {
          mutable |= c == '!';
        } else {
          type.append(c);
        }
      }
      out.add(new SchemaArgument(type.toString(), name, dflt, mutable, keywordOnly));
    }
    return out;
  }

  /** The argument list from {@code start} up to its closing parenthesis, split at its commas. */
  static List<String> splitTopLevel(String s, int start) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int from = start;
    for (int i = start; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        quoted = !quoted;
      } else if (quoted) {
        continue;
      } else if (c == '(' || c == '[') {
        depth++;
      } else if ((c == ')' || c == ']') && depth > 0) {
        depth--;
      } else if (c == ')') {
        parts.add(s.substring(from, i));
        return parts;
      } else if (c == ',' && depth == 0) {
        parts.add(s.substring(from, i));
        from = i + 1;
      }
    }
    throw new IllegalArgumentException("unbalanced schema: " + s);
  }

  private static int topLevelIndex(String s, char target) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '(' || c == '[') {
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
