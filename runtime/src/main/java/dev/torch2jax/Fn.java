package dev.torch2jax;

/**
 * A function over pytrees of arrays, the unit that {@link Jax}'s transformations take and return.
 * Arguments and results are pytrees: {@link Array}, {@code List}, {@code Map<String, ?>}, {@code
 * null}, and Java numbers, booleans and strings as static values.
 */
@FunctionalInterface
public interface Fn {
  /** Applies the function. */
  Object apply(Object... args);
}
