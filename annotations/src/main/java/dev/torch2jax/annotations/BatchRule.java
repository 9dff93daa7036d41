package dev.torch2jax.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a method as the batching (vmap) rule of primitives. The method must be compatible with
 * {@code dev.torch2jax.core.rules.BatchRule}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface BatchRule {
  /** The primitive names; one string may list several, separated by spaces. */
  String[] value();
}
