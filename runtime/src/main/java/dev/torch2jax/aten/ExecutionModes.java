package dev.torch2jax.aten;

import dev.torch2jax.annotations.Implements;

/**
 * The global modes scripts query to choose a path ({@code torch.is_autocast_enabled()}): a traced
 * function runs with no autocast, and with gradient tracking on, as PyTorch's defaults are.
 */
public final class ExecutionModes {
  private ExecutionModes() {}

  /** Autocast is never on: dtypes are exactly the ones the script computes. */
  @Implements("aten::is_autocast_enabled aten::is_autocast_cpu_enabled")
  public static boolean isAutocastEnabled() {
    return false;
  }

  /** PyTorch's default: gradients are tracked (whether they are taken is up to {@code grad}). */
  @Implements("aten::is_grad_enabled")
  public static boolean isGradEnabled() {
    return true;
  }
}
