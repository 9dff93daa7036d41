package dev.torch2jax.aten;

import java.util.List;

/** Test stand-in for the tracing core's interface. */
@FunctionalInterface
public interface AtenBatchRule {
  Object batch(List<Object> args, int[] dims);
}
