package dev.torch2jax.aten;

import java.util.List;

/**
 * A hand-written batching rule of an ATen overload, declared with
 * {@code @CustomBatching("aten::...")}. Without one, an op is batched through its primitives.
 */
@FunctionalInterface
public interface AtenBatchRule {
  /**
   * The op applied to arguments whose tensors carry a batch axis at {@code batchDims[i]} (-1 for
   * arguments without one); returns the result with its batch axis in front.
   */
  Object batch(List<Object> args, int[] batchDims);
}
