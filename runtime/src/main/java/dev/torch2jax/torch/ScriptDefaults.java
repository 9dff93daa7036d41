package dev.torch2jax.torch;

import dev.torch2jax.export.SchemaSyntax;
import java.util.ArrayList;
import java.util.List;

/**
 * Default values of a TorchScript function's arguments as its schema prints them ({@code Tensor?
 * mask=None}, {@code bool is_causal=False}, {@code int[] k=[1, 2]}, {@code str m="mean"}), read
 * into interpreter values. TorchScript defaults are constants: None, bools, numbers, strings and
 * lists or tuples of them.
 */
final class ScriptDefaults {
  private ScriptDefaults() {}

  /**
   * The value of default {@code text}.
   *
   * @throws IllegalArgumentException for a form TorchScript does not print for a default
   */
  static Object parse(String text) {
    String t = text.strip();
    if (t.equals("None")) {
      return null;
    }
    if (t.equals("True") || t.equals("False")) {
      return t.equals("True");
    }
    if ((t.startsWith("\"") && t.endsWith("\"")) || (t.startsWith("'") && t.endsWith("'"))) {
      return t.substring(1, t.length() - 1);
    }
    if ((t.startsWith("[") && t.endsWith("]")) || (t.startsWith("(") && t.endsWith(")"))) {
      List<Object> items = new ArrayList<>();
      for (String part : SchemaSyntax.splitTopLevel(t.substring(1, t.length() - 1))) {
        if (!part.isBlank()) {
          items.add(parse(part));
        }
      }
      return t.startsWith("(") ? InterpreterValues.tuple(items) : items;
    }
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException notAnInt) {
      // a float, or a form not written by TorchScript
    }
    return switch (t) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> {
        try {
          yield Double.parseDouble(t);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "cannot read the default argument value '%s' of a TorchScript function".formatted(t));
        }
      }
    };
  }
}
