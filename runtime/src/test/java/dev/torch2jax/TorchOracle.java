package dev.torch2jax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.ScalarTypes;
import java.util.Random;
import org.bytedeco.pytorch.Tensor;

/** Test helpers: the same random data as a libtorch tensor and as an Array, and comparisons. */
final class TorchOracle {
  private TorchOracle() {}

  /** A pair of equal inputs for libtorch and for torch2jax. */
  record Pair(Tensor torch, Array jax) {}

  /** Random data of {@code dtype} and {@code shape}: floats in [-2, 2), ints in [-5, 5). */
  static Pair random(Random rng, DType dtype, long... shape) {
    Pair p = randomFlat(rng, dtype, shape);
    // Array.of without a shape means 1-D; a 0-d input is reshaped explicitly.
    return shape.length == 0 ? new Pair(p.torch(), Jnp.reshape(p.jax())) : p;
  }

  private static Pair randomFlat(Random rng, DType dtype, long... shape) {
    int n = (int) dev.torch2jax.core.Shapes.size(shape);
    switch (dtype) {
      case F32 -> {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
          d[i] = rng.nextFloat() * 4 - 2;
        }
        return new Pair(Tensor.create(d, shape), Array.of(d, shape));
      }
      case F64 -> {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
          d[i] = rng.nextDouble() * 4 - 2;
        }
        return new Pair(Tensor.create(d, shape), Array.of(d, shape));
      }
      case I32 -> {
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
          d[i] = rng.nextInt(10) - 5;
        }
        return new Pair(Tensor.create(d, shape), Array.of(d, shape));
      }
      case I64 -> {
        long[] d = new long[n];
        for (int i = 0; i < n; i++) {
          d[i] = rng.nextInt(10) - 5;
        }
        return new Pair(Tensor.create(d, shape), Array.of(d, shape));
      }
      case BOOL -> {
        boolean[] d = new boolean[n];
        for (int i = 0; i < n; i++) {
          d[i] = rng.nextBoolean();
        }
        return new Pair(Tensor.create(d, shape), Array.of(d, shape));
      }
      default -> throw new IllegalArgumentException("no random data for " + dtype);
    }
  }

  /**
   * The DType of a libtorch tensor. JavaCPP hands back enum instances that are not the canonical
   * constants (their ordinal is 0), so compare the native {@code value}.
   */
  static DType dtypeOf(Tensor t) {
    return ScalarTypes.toDType(t.scalar_type());
  }

  /** The values of {@code t} as doubles, row-major. */
  static double[] values(Tensor t) {
    return OpInfo.values(t);
  }

  /**
   * Asserts {@code actual} has libtorch's dtype and shape and its values within {@code tol}
   * (relative to magnitude, at least absolute {@code tol}); NaNs must sit in the same places.
   */
  static void assertMatches(Tensor expected, Array actual, double tol) {
    assertEquals(dtypeOf(expected), actual.dtype(), "dtype");
    assertArrayEquals(expected.shape(), actual.shape(), "shape");
    double[] e = values(expected);
    double[] a = actual.toDoubleArray();
    for (int i = 0; i < e.length; i++) {
      if (Double.isNaN(e[i]) || Double.isNaN(a[i])) {
        if (!(Double.isNaN(e[i]) && Double.isNaN(a[i]))) {
          fail("element " + i + ": expected " + e[i] + " but was " + a[i]);
        }
      } else if (Math.abs(e[i] - a[i]) > tol * Math.max(1, Math.abs(e[i]))) {
        fail(
            "element "
                + i
                + ": expected "
                + e[i]
                + " but was "
                + a[i]
                + " (tolerance "
                + tol
                + ")");
      }
    }
  }
}
