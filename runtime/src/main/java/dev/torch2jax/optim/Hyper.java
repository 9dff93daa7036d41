package dev.torch2jax.optim;

/** Range checks of hyper-parameters, with {@code torch.optim}'s bounds. */
final class Hyper {
  private Hyper() {}

  /** Throws unless {@code value >= 0} (NaN fails). */
  static void nonNegative(String optimizer, String name, double value) {
    if (!(value >= 0)) {
      throw new IllegalArgumentException(
          "%s: %s must be >= 0, got %s".formatted(optimizer, name, value));
    }
  }

  /** Throws unless {@code 0 <= value < 1} (NaN fails). */
  static void beta(String optimizer, String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(
          "%s: %s must be in [0, 1), got %s".formatted(optimizer, name, value));
    }
  }
}
