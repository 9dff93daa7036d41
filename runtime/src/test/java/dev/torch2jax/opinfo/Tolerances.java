package dev.torch2jax.opinfo;

import dev.torch2jax.DType;

/**
 * The tests' one table of relative float tolerances against libtorch: exact for integers and bools.
 * A test that needs more (an accumulated reduction, a gradient) scales this, and says why.
 */
public final class Tolerances {
  private Tolerances() {}

  /** The relative tolerance of {@code dtype}'s values; 0 (exact) for integers and bools. */
  public static double tolerance(DType dtype) {
    return switch (dtype) {
      case F64 -> 1e-10;
      case F32 -> 1e-5;
      case F16, BF16 -> 1e-2;
      default -> 0;
    };
  }
}
