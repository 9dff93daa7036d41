package dev.torch2jax.transform;

import dev.torch2jax.Array;
import dev.torch2jax.core.Jaxpr;
import dev.torch2jax.core.Tracer;
import java.util.List;

/**
 * A jaxpr with the values of its constant inputs.
 *
 * @param jaxpr the staged function
 * @param consts one value per {@code jaxpr.constvars()}
 */
public record ClosedJaxpr(Jaxpr jaxpr, List<Array> consts) {
  /** True when a constant is a tracer of an outer transformation (then it can't be cached). */
  boolean capturesTracers() {
    return consts.stream().anyMatch(c -> c instanceof Tracer);
  }

  @Override
  public String toString() {
    return jaxpr.toString();
  }
}
