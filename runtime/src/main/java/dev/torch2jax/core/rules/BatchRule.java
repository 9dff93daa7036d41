package dev.torch2jax.core.rules;

import dev.torch2jax.Array;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import java.util.List;

/**
 * Batching rule of a primitive, for {@code vmap}: applies it to inputs that carry an extra batch
 * axis ({@code batchDims[i]}, or {@link Batched#NOT_MAPPED}); at least one input is mapped.
 */
@FunctionalInterface
public interface BatchRule {
  /** The batched outputs and where their batch axis is. */
  Batched batch(Primitive primitive, List<Array> inputs, int[] batchDims, Params params);
}
