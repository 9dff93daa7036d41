/**
 * ATen op implementations and their dispatch SPI: {@link dev.torch2jax.aten.AtenOp}, the generated
 * {@link dev.torch2jax.aten.OpTable}s merged by {@link dev.torch2jax.aten.OpRegistry}, and {@link
 * dev.torch2jax.aten.Args}, which converts the interpreter's values per schema type.
 */
package dev.torch2jax.aten;
