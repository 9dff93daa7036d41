package dev.torch2jax.hlo;

/** The {@code comparison_direction} of {@code stablehlo.compare}. */
public enum ComparisonDirection {
  /** Equal. */
  EQ,
  /** Not equal. */
  NE,
  /** Greater or equal. */
  GE,
  /** Greater. */
  GT,
  /** Less or equal. */
  LE,
  /** Less. */
  LT
}
