package dev.torch2jax.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a public static method as the implementation of one or more ATen overloads.
 *
 * <p>Names are written as libtorch names them: {@code "aten::add.Tensor"}, {@code
 * "aten::add_.Tensor"} (in place), {@code "aten::relu"} (the default overload has no suffix, never
 * {@code .default}). One method may implement several overloads when their schemas map to the same
 * Java signature.
 *
 * <p>The annotation processor checks every name against the ATen schemas of libtorch and the
 * parameters against the schema, by position: {@code Tensor} is {@code dev.torch2jax.Array}, {@code
 * Tensor?} a nullable {@code Array}, {@code Tensor[]} {@code List<Array>}, {@code Scalar} {@code
 * Number}, {@code int}/{@code SymInt} {@code long}, {@code int[]}/{@code SymInt[]} {@code long[]},
 * {@code float} {@code double}, {@code bool} {@code boolean}, {@code ScalarType?} a nullable {@code
 * dev.torch2jax.DType}, {@code str} {@code String}; {@code Device}, {@code Layout}, {@code
 * MemoryFormat} and {@code Generator} are {@code Object}. The return type: {@code Tensor} is {@code
 * Array}; tuples of tensors and {@code Tensor[]} are {@code List<Array>}; {@code ()} is {@code
 * void}. The processor generates the dispatch table that calls the method.
 *
 * <p>Overloads with the same schema whose behaviour their arguments do not reveal ({@code rand} and
 * {@code randn}, {@code gru.input} and {@code rnn_tanh.input}) may share a method that takes one
 * parameter more than the schema, first: a {@code String} that receives the name of the overload
 * dispatched, as written here ({@code "aten::randn"}).
 *
 * <p>Arguments the implementation does not read are named in {@link #ignores}: the method then has
 * no parameter for them, and overloads that differ only by such arguments ({@code
 * randint.generator}, {@code _convolution.deprecated}) can share one method.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Implements {
  /**
   * The ATen overload names, e.g. {@code "aten::add.Tensor"}; one string may list several,
   * separated by spaces.
   */
  String[] value();

  /**
   * Schema argument names, e.g. {@code "layout"}, that the method takes no parameter for (one
   * string may list several, separated by spaces, so that a family can share a constant); its
   * parameters match the remaining arguments by position. The dispatch table still converts an
   * ignored argument, so a value of the wrong kind (a generator other than None) is refused with
   * the usual error. Each name must be an argument of at least one of the overloads named in {@link
   * #value}.
   */
  String[] ignores() default {};
}
