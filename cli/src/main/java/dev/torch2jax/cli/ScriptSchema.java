package dev.torch2jax.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the arguments of a TorchScript method's schema text ({@code forward(__torch__.M self,
 * Tensor x, int n=2) -> Tensor}).
 */
final class ScriptSchema {
  private ScriptSchema() {}

  /** The arguments after {@code self}. */
  static List<Model.Argument> arguments(String schema) {
    int open = schema.indexOf('(');
    int close = schema.lastIndexOf(") ->");
    String inside = schema.substring(open + 1, close < 0 ? schema.lastIndexOf(')') : close);
    List<Model.Argument> out = new ArrayList<>();
    List<String> parts = topLevel(inside);
    for (int i = 1; i < parts.size(); i++) { // parts[0] is self
      String p = parts.get(i).strip();
      if (p.equals("*")) {
        continue; // keyword-only marker
      }
      int eq = depthZeroIndex(p, '=');
      String decl = eq < 0 ? p : p.substring(0, eq).strip();
      String def = eq < 0 ? null : p.substring(eq + 1).strip();
      int space = decl.lastIndexOf(' ');
      out.add(new Model.Argument(decl.substring(space + 1), decl.substring(0, space).strip(), def));
    }
    return List.copyOf(out);
  }

  /** {@code text} split at commas outside brackets and quotes. */
  private static List<String> topLevel(String text) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\'') {
        quoted = !quoted;
      } else if (!quoted && (c == '(' || c == '[')) {
        depth++;
      } else if (!quoted && (c == ')' || c == ']')) {
        depth--;
      } else if (!quoted && depth == 0 && c == ',') {
        out.add(text.substring(start, i));
        start = i + 1;
      }
    }
    if (!text.isBlank()) {
      out.add(text.substring(start));
    }
    return out;
  }

  private static int depthZeroIndex(String text, char wanted) {
    int depth = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (depth == 0 && c == wanted) {
        return i;
      }
    }
    return -1;
  }
}
