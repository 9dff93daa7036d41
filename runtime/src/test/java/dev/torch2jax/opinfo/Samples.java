package dev.torch2jax.opinfo;

import dev.torch2jax.DType;
import dev.torch2jax.core.Shapes;
import java.util.Random;
import org.bytedeco.pytorch.Tensor;

/** Sample data for the tests, made in libtorch (the oracle side; {@code T2J.t2j} copies it). */
public final class Samples {
  private Samples() {}

  /** Random data of {@code dtype}: floats in [-2, 2), integers in [-5, 5), bools either. */
  public static Tensor random(Random rng, DType dtype, long... shape) {
    int n = Math.toIntExact(Shapes.size(shape));
    return switch (dtype) {
      case F32 -> {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
          d[i] = rng.nextFloat() * 4 - 2;
        }
        yield Tensor.create(d, shape);
      }
      case F64 -> {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
          d[i] = rng.nextDouble() * 4 - 2;
        }
        yield Tensor.create(d, shape);
      }
      case I32 -> {
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
          d[i] = rng.nextInt(10) - 5;
        }
        yield Tensor.create(d, shape);
      }
      case I64 -> {
        long[] d = new long[n];
        for (int i = 0; i < n; i++) {
          d[i] = rng.nextInt(10) - 5;
        }
        yield Tensor.create(d, shape);
      }
      case BOOL -> {
        boolean[] d = new boolean[n];
        for (int i = 0; i < n; i++) {
          d[i] = rng.nextBoolean();
        }
        yield Tensor.create(d, shape);
      }
      default -> throw new IllegalArgumentException("no random data for " + dtype);
    };
  }
}
