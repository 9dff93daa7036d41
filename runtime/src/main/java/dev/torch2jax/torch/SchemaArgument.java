package dev.torch2jax.torch;

import dev.torch2jax.export.SchemaSyntax;
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
    List<SchemaArgument> out = new ArrayList<>();
    if (schema.indexOf('(') < 0) {
      return out;
    }
    boolean keywordOnly = false;
    for (String part : SchemaSyntax.splitTopLevel(SchemaSyntax.argumentList(schema))) {
      String p = part.strip();
      if (p.isEmpty() || p.equals("...")) {
        continue; // varargs ("...") take no declared argument
      }
      if (p.equals("*")) {
        keywordOnly = true;
        continue;
      }
      int eq = SchemaSyntax.topLevelIndex(p, '=');
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
}
