package dev.torch2jax.core;

import dev.torch2jax.Array;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A primitive operation of the tracing core (like {@code jax.lax.add_p}): a name whose rules
 * (abstract evaluation, StableHLO lowering, VJP, batching) come from the generated rule tables.
 * {@link #bind} applies it to arrays; the innermost active transformation decides what that means.
 */
public final class Primitive {
  private static final Map<String, Primitive> ALL = new ConcurrentHashMap<>();

  private final String name;

  private Primitive(String name) {
    this.name = name;
  }

  /** The primitive called {@code name}; its rules must exist in some rule table. */
  public static Primitive of(String name) {
    return ALL.computeIfAbsent(name, Primitive::new);
  }

  /** The name, e.g. {@code "add"}. */
  public String name() {
    return name;
  }

  /** Applies the primitive to {@code args}; returns its outputs. */
  public List<Array> bind(Params params, List<? extends Array> args) {
    return TraceStack.bind(this, params, List.copyOf(args));
  }

  /** Applies a single-output primitive. */
  public Array bind1(Params params, Array... args) {
    return bind(params, List.of(args)).getFirst();
  }

  @Override
  public String toString() {
    return name;
  }
}
