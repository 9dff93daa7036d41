package dev.torch2jax.core;

/** A traced value was used where a concrete one is required (a Java branch, a host read). */
public final class ConcretizationException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** With a message that says what to do instead. */
  public ConcretizationException(String message) {
    super(message);
  }
}
