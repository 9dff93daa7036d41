package dev.torch2jax.examples.scale;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.JitShardings;
import dev.torch2jax.Jnp;
import dev.torch2jax.Mesh;
import dev.torch2jax.NamedSharding;
import dev.torch2jax.PartitionSpec;
import dev.torch2jax.core.ShardedArray;
import dev.torch2jax.pjrt.ClientConfig;
import java.util.Locale;
import java.util.Random;

/**
 * Tensor (model) parallelism, Megatron style, through XLA's SPMD partitioner: a transformer MLP
 * block {@code x + W2 gelu(W1 x + b1) + b2} whose first weight is split by columns and second by
 * rows over a mesh axis {@code "model"}, so each device computes a slice of the hidden layer and
 * XLA all-reduces the partial products. The result must equal the same block on one device (largest
 * difference relative to the largest magnitude at most {@value #TOLERANCE}); exits 1 when it does
 * not.
 *
 * <p>Run: {@code ./t2j example dev.torch2jax.examples.scale.TensorParallelExample [devices]}
 * (default 4; the CPU client gets that many devices).
 */
public final class TensorParallelExample {
  /** The largest relative difference accepted. */
  public static final double TOLERANCE = 1e-5;

  private static final int TOKENS = 8;
  private static final int WIDTH = 32;
  private static final int HIDDEN = 4 * WIDTH;

  private TensorParallelExample() {}

  /** The MLP block; arguments x [tokens, width], w1, b1, w2, b2. */
  static Array block(Object[] a) {
    Array x = (Array) a[0];
    Array h = gelu(Jnp.add(Jnp.matmul(x, (Array) a[1]), (Array) a[2]));
    return Jnp.add(x, Jnp.add(Jnp.matmul(h, (Array) a[3]), (Array) a[4]));
  }

  /** GELU, tanh form. */
  static Array gelu(Array x) {
    Array cube = Jnp.multiply(Jnp.multiply(x, x), x);
    Array inner =
        Jnp.multiply(
            Jnp.scalarOf(Math.sqrt(2 / Math.PI), DType.F32),
            Jnp.add(x, Jnp.multiply(Jnp.scalarOf(0.044715, DType.F32), cube)));
    Array half = Jnp.multiply(Jnp.scalarOf(0.5, DType.F32), x);
    return Jnp.multiply(half, Jnp.add(Jnp.scalarOf(1, DType.F32), Jnp.tanh(inner)));
  }

  /**
   * Runs the block with its weights split over {@code mesh}'s one axis and on one device; returns
   * the largest difference relative to the largest magnitude of the one-device result.
   */
  public static double run(Mesh mesh, boolean print) {
    Random rng = new Random(1);
    Array x = random(rng, 1.0, TOKENS, WIDTH);
    Array w1 = random(rng, 1 / Math.sqrt(WIDTH), WIDTH, HIDDEN);
    Array b1 = random(rng, 0.1, HIDDEN);
    Array w2 = random(rng, 1 / Math.sqrt(HIDDEN), HIDDEN, WIDTH);
    Array b2 = random(rng, 0.1, WIDTH);
    Fn fn = TensorParallelExample::block;
    float[] expected = ((Array) Jax.jit(fn).apply(x, w1, b1, w2, b2)).toFloatArray();

    String axis = mesh.axisNames().getFirst();
    NamedSharding replicated = NamedSharding.replicated(mesh);
    NamedSharding columns = new NamedSharding(mesh, PartitionSpec.of(null, axis));
    NamedSharding vector = new NamedSharding(mesh, PartitionSpec.of(axis));
    NamedSharding rows = new NamedSharding(mesh, PartitionSpec.of(axis, null));
    Fn sharded =
        Jax.jit(fn, JitShardings.in(replicated, columns, vector, rows, replicated).out(replicated));
    ShardedArray y =
        (ShardedArray)
            sharded.apply(
                x,
                Jax.devicePut(w1, columns),
                Jax.devicePut(b1, vector),
                Jax.devicePut(w2, rows),
                b2);
    float[] got = y.toFloatArray();
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < got.length; i++) {
      diff = Math.max(diff, Math.abs(got[i] - expected[i]));
      scale = Math.max(scale, Math.abs(expected[i]));
    }
    if (print) {
      long[] shard = ((ShardedArray) Jax.devicePut(w1, columns)).shards().getFirst().dims();
      System.out.printf(
          Locale.ROOT,
          "MLP block %dx%d -> %d -> %d over %d devices: each holds W1 %s; max |sharded - one device| %.2e (max |y| %.2f)%n",
          TOKENS,
          WIDTH,
          HIDDEN,
          WIDTH,
          mesh.size(),
          java.util.Arrays.toString(shard),
          diff,
          scale);
    }
    return diff / scale;
  }

  private static Array random(Random rng, double std, long... shape) {
    int n = 1;
    for (long d : shape) {
      n *= (int) d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (std * rng.nextGaussian());
    }
    return Array.of(v, shape);
  }

  /** Runs over {@code args[0]} devices (default 4); exits 1 when the results differ. */
  public static void main(String[] args) {
    int devices = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 4;
    if (System.getProperty(ClientConfig.CPU_DEVICES) == null) {
      System.setProperty(ClientConfig.CPU_DEVICES, Integer.toString(devices));
    }
    Mesh mesh = Mesh.of(new int[] {devices}, "model");
    double rel = run(mesh, true);
    boolean ok = rel <= TOLERANCE;
    System.out.printf(
        Locale.ROOT,
        "%s: relative difference %.2e (tolerance %.0e)%n",
        ok ? "OK" : "FAILED",
        rel,
        TOLERANCE);
    if (!ok) {
      System.exit(1);
    }
  }
}
