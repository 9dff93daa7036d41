package dev.torch2jax.lax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.opinfo.Comparison;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.T2J;
import java.util.List;
import java.util.Random;
import org.bytedeco.pytorch.Tensor;

/**
 * Sample data of the reduction, convolution, window, cumulative and random-bits primitive tests:
 * paired libtorch and torch2jax inputs and libtorch autograd leaves ({@link PrimitiveChecks} has
 * the checks).
 */
final class ReductionsAndWindowsTesting {
  private ReductionsAndWindowsTesting() {}

  /** The same data as a libtorch tensor and as an Array. */
  record Pair(Tensor torch, Array jax) {}

  /** Random data: floats in [-2, 2), integers in [-5, 5), bools. */
  static Pair random(Random rng, DType dtype, long... shape) {
    int n = (int) Shapes.size(shape);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] =
          switch (dtype) {
            case F32, F64 -> rng.nextDouble() * 4 - 2;
            case BOOL -> rng.nextBoolean() ? 1 : 0;
            default -> rng.nextInt(10) - 5;
          };
    }
    return pair(d, dtype, shape);
  }

  /** {@code values} (rounded to {@code dtype}) as a tensor and an array. */
  static Pair pair(double[] values, DType dtype, long... shape) {
    Array a = PrimitiveChecks.array(dtype, values, shape);
    return new Pair(T2J.j2t(a), a);
  }

  /** {@code actual} has libtorch's shape and values (its dtype is checked by the caller). */
  static void assertValues(Tensor expected, Array actual, double tol) {
    assertArrayEquals(expected.shape(), actual.shape(), "shape");
    Comparison.assertValues("values", OpInfo.values(expected), actual.toDoubleArray(), tol);
  }

  /** A fresh leaf tensor that records gradients. */
  static Tensor leaf(Array a) {
    return T2J.j2t(a).detach().requires_grad_(true);
  }

  /** Runs {@code out.backward(ct)}. */
  static void backward(Tensor out, Array ct) {
    out.backward(
        T2J.j2t(ct),
        new org.bytedeco.pytorch.BoolOptional(),
        false,
        new org.bytedeco.pytorch.TensorArrayRefOptional());
  }

  /** A null cotangent (none for an integer input). */
  static void assertNoCotangent(List<Array> cts, int i) {
    assertNull(cts.get(i), "input " + i + " gets no cotangent");
  }
}
