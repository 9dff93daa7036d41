package dev.torch2jax.core.rules;

import dev.torch2jax.Array;
import java.util.List;

/**
 * Outputs of a batching rule and the position of each one's batch axis.
 *
 * @param outputs the outputs, carrying the batch axis where mapped
 * @param batchDims each output's batch axis, or {@link #NOT_MAPPED}
 */
public record Batched(List<Array> outputs, int[] batchDims) {
  /** Marks an input or output without a batch axis. */
  public static final int NOT_MAPPED = -1;

  /** One output batched along {@code batchDim}. */
  public static Batched of(Array output, int batchDim) {
    return new Batched(List.of(output), new int[] {batchDim});
  }
}
