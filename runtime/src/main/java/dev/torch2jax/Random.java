package dev.torch2jax;

import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.hlo.RngAlgorithm;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.RandomBitsOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Random numbers from explicit keys, like {@code jax.random}: a key is a {@code uint64[2]} array,
 * the same key always gives the same numbers (also under jit and vmap), and {@link #split} makes
 * independent keys. Bits come from XLA's {@code rng_bit_generator} (Threefry).
 */
public final class Random {
  private Random() {}

  /** The key for {@code seed}. */
  public static Array key(long seed) {
    return Array.fromBytes(
        java.nio.ByteBuffer.allocate(16)
            .order(java.nio.ByteOrder.LITTLE_ENDIAN)
            .putLong(seed)
            .putLong(0x5eed_0f_7041_2ea5L)
            .array(),
        DType.U64,
        2);
  }

  /** Two new keys derived from {@code key}. */
  public static List<Array> split(Array key) {
    return split(key, 2);
  }

  /** {@code n} new keys derived from {@code key}, independent of each other and of it. */
  public static List<Array> split(Array key, int n) {
    checkKey(key);
    if (n < 1) {
      throw new IllegalArgumentException("split: n must be at least 1, got " + n);
    }
    Array keys = bits(key, new long[] {n, 2}, DType.U64);
    List<Array> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Jnp.get(keys, Index.at(i)));
    }
    return out;
  }

  /** Uniform floats in {@code [0, 1)} of {@code shape} and {@code dtype} (f32 or f64). */
  public static Array uniform(Array key, long[] shape, DType dtype) {
    checkKey(key);
    if (dtype != DType.F32 && dtype != DType.F64) {
      throw new IllegalArgumentException(
          "uniform: dtype must be float32 or float64, got " + dtype.torchName());
    }
    // The top mantissa-width bits, scaled: exact and never 1.0.
    boolean f32 = dtype == DType.F32;
    Array raw = bits(key, shape, f32 ? DType.U32 : DType.U64);
    int drop = f32 ? 32 - 24 : 64 - 53;
    Array top = ElementwiseOps.shiftRightLogical(raw, full(raw, drop));
    Array asFloat = ElementwiseOps.convert(top, dtype);
    return ElementwiseOps.mul(asFloat, full(asFloat, Math.scalb(1.0, -(f32 ? 24 : 53))));
  }

  /** Uniform floats in {@code [minval, maxval)}. */
  public static Array uniform(Array key, long[] shape, DType dtype, double minval, double maxval) {
    Array u = uniform(key, shape, dtype);
    return ElementwiseOps.add(ElementwiseOps.mul(u, full(u, maxval - minval)), full(u, minval));
  }

  /** Standard normal floats, by the inverse error function of uniform ones (as JAX does). */
  public static Array normal(Array key, long[] shape, DType dtype) {
    Array u = uniform(key, shape, dtype);
    // Map [0, 1) to the open interval (-1, 1): erf_inv(-1) would be -inf.
    double lo = Math.nextUp(-1.0);
    Array centered = ElementwiseOps.add(ElementwiseOps.mul(u, full(u, 1 - lo)), full(u, lo));
    return ElementwiseOps.mul(ElementwiseOps.erfInv(centered), full(u, Math.sqrt(2)));
  }

  /** True with probability {@code p}, independently for each element of {@code shape}. */
  public static Array bernoulli(Array key, double p, long[] shape) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("bernoulli: p must be in [0, 1], got " + p);
    }
    Array u = uniform(key, shape, DType.F32);
    return ElementwiseOps.compare(dev.torch2jax.hlo.ComparisonDirection.LT, u, full(u, p));
  }

  private static Array bits(Array key, long[] shape, DType dtype) {
    return RandomBitsOps.rngBitGenerator(key, shape.clone(), dtype, RngAlgorithm.THREE_FRY).get(1);
  }

  private static Array full(Array like, double value) {
    Array s =
        DeviceArray.scalar(
            like.dtype().isInexact() ? (Number) value : (Number) (long) value, like.dtype());
    return ShapeOps.broadcastInDim(s, like.shape(), new long[0]);
  }

  private static void checkKey(Array key) {
    if (key.dtype() != DType.U64 || !Arrays.equals(key.shape(), new long[] {2})) {
      throw new IllegalArgumentException(
          "a random key is a uint64[2] array from Random.key or Random.split, got "
              + key.dtype().torchName()
              + Arrays.toString(key.shape()));
    }
  }
}
