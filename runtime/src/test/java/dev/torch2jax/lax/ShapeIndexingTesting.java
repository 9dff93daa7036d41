package dev.torch2jax.lax;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.opinfo.Samples;
import dev.torch2jax.torch.T2J;
import java.util.Arrays;
import java.util.Random;

/**
 * Sample data of the shape, indexing and sort primitive tests ({@link PrimitiveChecks} has the
 * checks).
 */
final class ShapeIndexingTesting {
  private ShapeIndexingTesting() {}

  static final DType[] DTYPES = {DType.F32, DType.F64, DType.I32, DType.I64, DType.BOOL};

  /** Random data of {@code dtype}: floats in [-2, 2), ints in [-5, 5), or random bools. */
  static Array random(Random rng, DType dtype, long... shape) {
    return T2J.t2j(Samples.random(rng, dtype, shape));
  }

  /** Integers of {@code dtype} (I32 or I64), each in {@code [lo, hi)}. */
  static Array randomInts(Random rng, DType dtype, long lo, long hi, long... shape) {
    int n = (int) Shapes.size(shape);
    long[] d = new long[n];
    for (int i = 0; i < n; i++) {
      d[i] = lo + (long) (rng.nextDouble() * (hi - lo));
    }
    return ints(dtype, d, shape);
  }

  /** An integer array of {@code dtype} from longs. */
  static Array ints(DType dtype, long[] data, long... shape) {
    return PrimitiveChecks.array(dtype, Arrays.stream(data).asDoubleStream().toArray(), shape);
  }

  /** A float64 array; 0-d when {@code shape} is empty. */
  static Array f64(double[] data, long... shape) {
    return PrimitiveChecks.array(DType.F64, data, shape);
  }

  /** A 0-d integer of {@code dtype}. */
  static Array scalarInt(DType dtype, long v) {
    return ints(dtype, new long[] {v});
  }
}
