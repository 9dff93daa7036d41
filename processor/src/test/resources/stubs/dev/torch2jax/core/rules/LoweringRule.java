package dev.torch2jax.core.rules;

import java.util.List;
import java.util.Map;

/** Test stand-in for the tracing core's interface. */
@FunctionalInterface
public interface LoweringRule {
  List<String> lower(Object context, List<String> inputs, Map<String, Object> params);
}
