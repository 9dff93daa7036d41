/**
 * Structured control flow on traced values: {@code cond}, {@code while} and {@code scan}, like
 * {@code jax.lax.cond}, {@code jax.lax.while_loop} and {@code jax.lax.scan}.
 *
 * <p>These primitives stage their branches and bodies into jaxprs and differentiate and batch them
 * with the transformations, so they sit above {@code dev.torch2jax.transform}; the primitives of
 * {@code dev.torch2jax.lax} below them know nothing of transformations.
 */
package dev.torch2jax.control;
