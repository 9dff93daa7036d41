package dev.torch2jax.torch;

import java.util.List;

/**
 * A state dict that does not fit the module: missing keys, unexpected keys and entries whose shape
 * or dtype differs, all listed.
 */
public final class StateDictException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<String> missing;
  private final transient List<String> unexpected;
  private final transient List<String> mismatched;

  StateDictException(
      String module, List<String> missing, List<String> unexpected, List<String> mismatched) {
    super(message(module, missing, unexpected, mismatched));
    this.missing = List.copyOf(missing);
    this.unexpected = List.copyOf(unexpected);
    this.mismatched = List.copyOf(mismatched);
  }

  private static String message(
      String module, List<String> missing, List<String> unexpected, List<String> mismatched) {
    StringBuilder b =
        new StringBuilder("Error(s) in the state dict for ").append(module).append(':');
    if (!missing.isEmpty()) {
      b.append("\n  Missing key(s): ").append(String.join(", ", missing));
    }
    if (!unexpected.isEmpty()) {
      b.append("\n  Unexpected key(s): ").append(String.join(", ", unexpected));
    }
    for (String m : mismatched) {
      b.append("\n  ").append(m);
    }
    return b.toString();
  }

  /** Keys the module needs that the state dict lacks. */
  public List<String> missing() {
    return missing;
  }

  /** Keys the module does not have. */
  public List<String> unexpected() {
    return unexpected;
  }

  /** One line per entry of the wrong shape or dtype. */
  public List<String> mismatched() {
    return mismatched;
  }
}
