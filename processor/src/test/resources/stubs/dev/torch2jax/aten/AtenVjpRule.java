package dev.torch2jax.aten;

import java.util.List;

/** Test stand-in for the tracing core's interface. */
@FunctionalInterface
public interface AtenVjpRule {
  List<Object> vjp(List<Object> cotangents, List<Object> args, Object output);
}
