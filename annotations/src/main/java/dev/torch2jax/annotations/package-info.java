/**
 * Annotations that declare ATen op implementations ({@link dev.torch2jax.annotations.Implements})
 * and the rules of primitives ({@link dev.torch2jax.annotations.AbstractEval}, {@link
 * dev.torch2jax.annotations.Lowering}, {@link dev.torch2jax.annotations.VjpRule}, {@link
 * dev.torch2jax.annotations.BatchRule}). The torch2jax annotation processor reads them at compile
 * time; they are not retained at run time.
 */
package dev.torch2jax.annotations;
