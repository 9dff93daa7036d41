package dev.torch2jax.torch;

/**
 * An exception the TorchScript code raised ({@code prim::RaiseException}, reached while running):
 * the message is the script's, followed by the source line.
 */
public final class ScriptException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String scriptMessage;

  ScriptException(String scriptMessage, String source) {
    super(
        scriptMessage
            + (source == null || source.isBlank()
                ? ""
                : "\n  raised at:\n" + source.stripTrailing()));
    this.scriptMessage = scriptMessage;
  }

  /** The message the script raised, e.g. {@code "Exception: expected 4-D input"}. */
  public String scriptMessage() {
    return scriptMessage;
  }
}
