package dev.torch2jax.hlo;

/** The transforms of {@code stablehlo.fft}, over the trailing {@code fft_length} dimensions. */
public enum FftType {
  /** Complex to complex, forward: {@code y[k] = sum x[n] e^(-2 pi i k n / N)}. */
  FFT,
  /** Complex to complex, inverse: the conjugate exponent, divided by the number of elements. */
  IFFT,
  /** Real to complex, forward, keeping the {@code N/2 + 1} non-redundant last frequencies. */
  RFFT,
  /** Complex ({@code N/2 + 1} last frequencies, Hermitian symmetric) to real, inverse. */
  IRFFT
}
