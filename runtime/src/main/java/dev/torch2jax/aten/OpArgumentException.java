package dev.torch2jax.aten;

/** An argument of an ATen op that does not fit its schema: names the overload and argument. */
public final class OpArgumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String overload;
  private final String argument;

  /**
   * Creates the exception.
   *
   * @param overload the overload, e.g. {@code aten::add.Tensor}
   * @param argument the schema argument's name, or null when the error is about the whole list
   * @param message what was expected and what was given
   */
  public OpArgumentException(String overload, String argument, String message) {
    super(overload + (argument == null ? "" : ": argument '" + argument + "'") + ": " + message);
    this.overload = overload;
    this.argument = argument;
  }

  /** The overload, e.g. {@code aten::add.Tensor}. */
  public String overload() {
    return overload;
  }

  /** The schema argument's name, or null. */
  public String argument() {
    return argument;
  }
}
