package dev.torch2jax.torch;

import dev.torch2jax.Array;

/**
 * A Python number read from traced tensor data ({@code bool(x.sum() > 0)} under jit or vmap): not
 * known while tracing. A {@code prim::If} or {@code prim::Loop} on it is staged; using it as a
 * number raises a {@link dev.torch2jax.core.ConcretizationException}.
 *
 * @param value the 0-d (or one-element) array the number would be read from
 * @param from the op that read it, for messages
 */
record TracedScalar(Array value, String from) {}
