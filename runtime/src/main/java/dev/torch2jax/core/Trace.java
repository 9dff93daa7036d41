package dev.torch2jax.core;

import dev.torch2jax.Array;
import java.util.List;

/**
 * One level of the trace stack: an interpretation of primitives (staging into a jaxpr, recording
 * for reverse mode, batching). Values of lower levels are lifted into it with {@link #lift}.
 */
public abstract class Trace {
  private final int level;
  private final String kind;

  /** A trace at {@code level} (its position in the stack), named {@code kind} in messages. */
  protected Trace(int level, String kind) {
    this.level = level;
    this.kind = kind;
  }

  /** The position in the stack; higher levels are inner transformations. */
  public final int level() {
    return level;
  }

  /** A short name for messages: {@code "jit"}, {@code "grad"}, {@code "vmap"}. */
  public final String kind() {
    return kind;
  }

  /** Makes {@code value}, a concrete array or a tracer of a lower level, a tracer of this trace. */
  public abstract Tracer lift(Array value);

  /** Applies {@code primitive} to tracers of this trace. */
  public abstract List<Array> process(Primitive primitive, Params params, List<Tracer> inputs);
}
