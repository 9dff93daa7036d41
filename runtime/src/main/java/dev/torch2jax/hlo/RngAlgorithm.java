package dev.torch2jax.hlo;

/** The algorithms of {@code stablehlo.rng_bit_generator}. */
public enum RngAlgorithm {
  /** The backend's choice. */
  DEFAULT,
  /** Threefry (Salmon et al. 2011), state {@code ui64[2]}. */
  THREE_FRY,
  /** Philox (Salmon et al. 2011), state {@code ui64[2]} or {@code ui64[3]}. */
  PHILOX
}
