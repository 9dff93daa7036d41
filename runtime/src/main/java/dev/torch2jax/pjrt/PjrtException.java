package dev.torch2jax.pjrt;

/** A {@code PJRT_Error} returned by the plugin, with its code and XLA's message. */
public final class PjrtException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private static final String[] CODE_NAMES = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED"
  };

  private final int code;
  private final String xlaMessage;

  PjrtException(String call, int code, String xlaMessage) {
    super(call + " failed with " + codeName(code) + ": " + xlaMessage);
    this.code = code;
    this.xlaMessage = xlaMessage;
  }

  /** The {@code PJRT_Error_Code} (3 is INVALID_ARGUMENT, 13 INTERNAL, ...). */
  public int code() {
    return code;
  }

  /** The code's name, e.g. {@code "INVALID_ARGUMENT"}. */
  public String codeName() {
    return codeName(code);
  }

  /** XLA's own message, unchanged. */
  public String xlaMessage() {
    return xlaMessage;
  }

  static String codeName(int code) {
    return code >= 0 && code < CODE_NAMES.length ? CODE_NAMES[code] : "code " + code;
  }
}
