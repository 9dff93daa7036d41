package dev.torch2jax.core.rules;

import java.util.List;
import java.util.Map;

/** Test stand-in for the tracing core's interface. */
@FunctionalInterface
public interface AbstractEvalRule {
  List<Object> abstractEval(List<Object> inputs, Map<String, Object> params);
}
