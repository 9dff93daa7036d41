/**
 * A typed builder that writes StableHLO programs as MLIR text in the generic op form, which XLA's
 * PJRT plugins parse and compile.
 *
 * <p>Start with {@link dev.torch2jax.hlo.ModuleBuilder#create(String)}, add functions with {@link
 * dev.torch2jax.hlo.ModuleBuilder#function}, emit ops on the returned {@link
 * dev.torch2jax.hlo.FunctionBuilder} and finish each function with {@code returns(...)}. Every op
 * checks the shapes and element types of its operands in Java and throws {@link
 * IllegalArgumentException} naming the op and the offending types, so a bad program fails where it
 * is built, not inside XLA.
 */
package dev.torch2jax.hlo;
