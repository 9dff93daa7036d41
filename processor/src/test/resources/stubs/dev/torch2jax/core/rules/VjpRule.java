package dev.torch2jax.core.rules;

import java.util.List;
import java.util.Map;

/** Test stand-in for the tracing core's interface. */
@FunctionalInterface
public interface VjpRule {
  List<Object> vjp(List<Object> cotangents, List<Object> primals, Map<String, Object> params);
}
