package dev.torch2jax.aten;

import java.util.Map;

/**
 * A table of ATen op implementations, found with {@link java.util.ServiceLoader}. The torch2jax
 * annotation processor generates one per compilation that has {@code @Implements} methods and
 * registers it in {@code META-INF/services/dev.torch2jax.aten.OpTable}; {@link OpRegistry} merges
 * them all.
 */
public interface OpTable {
  /** Overload name (e.g. {@code "aten::add.Tensor"}) to its implementation. */
  Map<String, AtenOp> ops();

  /** Overload name to the implementing method, {@code "pkg.Class#method"}, for messages. */
  Map<String, String> implementations();

  /**
   * Overload name to its custom VJP rule ({@code @CustomVjp}). The values implement {@code
   * dev.torch2jax.aten.AtenVjpRule}, which the tracing core defines; generated tables declare the
   * precise map type.
   */
  default Map<String, ?> customVjpRules() {
    return Map.of();
  }

  /**
   * Overload name to its custom batching rule ({@code @CustomBatching}). The values implement
   * {@code dev.torch2jax.aten.AtenBatchRule}, which the tracing core defines.
   */
  default Map<String, ?> customBatchRules() {
    return Map.of();
  }
}
