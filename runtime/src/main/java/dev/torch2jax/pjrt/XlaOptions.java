package dev.torch2jax.pjrt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * XLA debug options a user sets for every compile, with the system property {@code
 * torch2jax.xla.options}: comma-separated {@code name=value} pairs, e.g. {@code
 * -Dtorch2jax.xla.options=xla_backend_optimization_level=0,xla_llvm_disable_expensive_passes=true}.
 * {@code true}/{@code false} are booleans, integers are integers, anything else a string.
 */
final class XlaOptions {
  static final String PROPERTY = "torch2jax.xla.options";

  private XlaOptions() {}

  /** The options of {@link #PROPERTY}, read at each call (empty when it is unset). */
  static Map<String, Object> fromSystemProperty() {
    return parse(System.getProperty(PROPERTY, ""));
  }

  /**
   * Parses {@code name=value,...}.
   *
   * @throws IllegalArgumentException for an entry without {@code =} or without a name
   */
  static Map<String, Object> parse(String spec) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            PROPERTY + ": expected name=value, got '" + entry.strip() + "' in '" + spec + "'");
      }
      String value = entry.substring(eq + 1).strip();
      out.put(entry.substring(0, eq).strip(), typed(value));
    }
    return out;
  }

  private static Object typed(String value) {
    if (value.equals("true") || value.equals("false")) {
      return Boolean.parseBoolean(value);
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return value;
    }
  }
}
