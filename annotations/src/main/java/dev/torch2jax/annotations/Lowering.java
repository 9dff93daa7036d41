package dev.torch2jax.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a method as the StableHLO lowering rule of primitives. The method must be compatible
 * with {@code dev.torch2jax.core.rules.LoweringRule}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Lowering {
  /** The primitive names; one string may list several, separated by spaces. */
  String[] value();
}
