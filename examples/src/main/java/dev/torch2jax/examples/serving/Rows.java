package dev.torch2jax.examples.serving;

import java.util.Arrays;

/** Cuts a batch's flat output into one array per example. */
final class Rows {
  private Rows() {}

  static float[][] split(float[] flat, int rows) {
    int width = flat.length / rows;
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = Arrays.copyOfRange(flat, r * width, (r + 1) * width);
    }
    return out;
  }
}
