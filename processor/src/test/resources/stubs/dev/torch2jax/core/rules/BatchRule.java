package dev.torch2jax.core.rules;

import java.util.List;
import java.util.Map;

/** Test stand-in for the tracing core's interface. */
@FunctionalInterface
public interface BatchRule {
  Object batch(List<Object> args, int[] dims, Map<String, Object> params);
}
