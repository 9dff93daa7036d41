package dev.torch2jax.core;

/**
 * An array standing for values while a transformation ({@code jit}, {@code grad}, {@code vmap})
 * traces a function. It knows its shape and dtype; whether it knows its value depends on the
 * transformation.
 */
public abstract class Tracer extends AvalArray {
  private final Trace trace;

  /** A tracer of {@code trace}. */
  protected Tracer(Trace trace) {
    this.trace = trace;
  }

  /** The trace this tracer belongs to. */
  public final Trace trace() {
    return trace;
  }

  /**
   * The value, where the transformation knows it (under {@code grad} it does, under {@code jit} and
   * {@code vmap} it does not).
   */
  @Override
  public byte[] toBytes() {
    throw new ConcretizationException(
        "a value traced by "
            + trace.kind()
            + " ("
            + aval()
            + ") was used where a concrete value is needed, e.g. as a Java boolean or number or "
            + "read to the host. Under jit or vmap values are abstract: compute with Jnp.where or "
            + "Lax.cond instead of Java if, or pass the value as a static Java number.");
  }

  /** Under most transformations the value is unknown while tracing. */
  @Override
  public boolean isConcrete() {
    return false;
  }

  @Override
  public String toString() {
    return trace.kind() + "Tracer(" + aval() + ")";
  }
}
