package dev.torch2jax.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a method as the VJP (reverse-mode derivative) of ATen overloads, replacing the one
 * derived from the primitives the op is written with (for speed or numerical stability, e.g. {@code
 * log_softmax}). The method must be compatible with {@code dev.torch2jax.aten.AtenVjpRule}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface CustomVjp {
  /**
   * The ATen overload names, e.g. {@code "aten::_log_softmax"}; one string may list several,
   * separated by spaces.
   */
  String[] value();
}
