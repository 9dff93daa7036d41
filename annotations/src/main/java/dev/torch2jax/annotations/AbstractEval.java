package dev.torch2jax.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a method as the abstract evaluation rule (output shapes and dtypes) of primitives. The
 * method must be compatible with {@code dev.torch2jax.core.rules.AbstractEvalRule}.
 *
 * <p>Every primitive named in a rule annotation needs an {@code AbstractEval}, a {@link Lowering},
 * a {@link BatchRule} and a {@link VjpRule}, unless its {@code AbstractEval} method is also
 * annotated {@link NotDifferentiable}; anything missing is a compile error.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface AbstractEval {
  /**
   * The primitive names, e.g. {@code "add"}; one method may serve several primitives; one string
   * may list several, separated by spaces.
   */
  String[] value();
}
