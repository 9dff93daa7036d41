package dev.torch2jax.export;

import java.util.ArrayList;
import java.util.List;

/**
 * The lexical rules of an operator schema as libtorch prints it ({@code aten::add.Tensor(Tensor
 * self, Tensor other, *, Scalar alpha=1) -> Tensor}), shared by both front ends: commas, {@code =}
 * and the closing parenthesis count only outside brackets and string literals (quoted with {@code
 * "} or {@code '}, backslash escapes skipped).
 */
public final class SchemaSyntax {
  private SchemaSyntax() {}

  /**
   * The text between the first {@code (} of {@code schema} and its matching {@code )}.
   *
   * @throws IllegalArgumentException when {@code schema} has no {@code (} or it is not closed
   */
  public static String argumentList(String schema) {
    int open = schema.indexOf('(');
    int close = open < 0 ? -1 : topLevelIndex(schema, open + 1, ')');
    if (close < 0) {
      throw new IllegalArgumentException("unbalanced schema: %s".formatted(schema));
    }
    return schema.substring(open + 1, close);
  }

  /** {@code s} split at its top-level commas (one empty part for an empty string). */
  public static List<String> splitTopLevel(String s) {
    List<String> parts = new ArrayList<>();
    int from = 0;
    for (int comma = topLevelIndex(s, 0, ','); comma >= 0; comma = topLevelIndex(s, from, ',')) {
      parts.add(s.substring(from, comma));
      from = comma + 1;
    }
    parts.add(s.substring(from));
    return parts;
  }

  /** The index of the first top-level {@code target} in {@code s}, or -1. */
  public static int topLevelIndex(String s, char target) {
    return topLevelIndex(s, 0, target);
  }

  /**
   * The index of the first {@code target} at or after {@code from} outside brackets and string
   * literals, or -1.
   */
  private static int topLevelIndex(String s, int from, char target) {
    int depth = 0;
    char quote = 0;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == target && depth == 0) {
        return i;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      }
    }
    return -1;
  }
}
