package dev.torch2jax.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a method as the batching (vmap) rule of ATen overloads, replacing the one derived from
 * the primitives the op is written with. The method must be compatible with {@code
 * dev.torch2jax.aten.AtenBatchRule}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface CustomBatching {
  /**
   * The ATen overload names, e.g. {@code "aten::convolution"}; one string may list several,
   * separated by spaces.
   */
  String[] value();
}
