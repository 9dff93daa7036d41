package dev.torch2jax.examples.serving;

/**
 * Runs a model on a batch of rows: one input row (the flattened example) in, one output row out.
 */
interface InferenceEngine {
  /** The outputs of {@code rows} (each of {@code rowShape}'s size), one per row, flattened. */
  float[][] run(float[][] rows);

  /** What the server reports as its engine. */
  String name();
}
