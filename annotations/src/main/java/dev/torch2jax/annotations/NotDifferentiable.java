package dev.torch2jax.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts the primitives of an {@link AbstractEval} method from needing a {@link VjpRule}, saying
 * why (e.g. {@code "integer output"}). Only valid on a method that also carries {@link
 * AbstractEval}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface NotDifferentiable {
  /** Why the primitives have no derivative. */
  String value();
}
