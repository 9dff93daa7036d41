package dev.torch2jax;

import dev.torch2jax.opinfo.Comparison;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.opinfo.Samples;
import dev.torch2jax.torch.ScalarTypes;
import dev.torch2jax.torch.T2J;
import java.util.Random;
import org.bytedeco.pytorch.Tensor;

/** Test helpers: the same random data as a libtorch tensor and as an Array, and comparisons. */
final class TorchOracle {
  private TorchOracle() {}

  /** A pair of equal inputs for libtorch and for torch2jax. */
  record Pair(Tensor torch, Array jax) {}

  /** Random data of {@code dtype} and {@code shape}: floats in [-2, 2), ints in [-5, 5). */
  static Pair random(Random rng, DType dtype, long... shape) {
    Tensor t = Samples.random(rng, dtype, shape);
    return new Pair(t, T2J.t2j(t));
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

  /** Asserts libtorch's dtype, shape and values within {@code tol}, NaNs in the same places. */
  static void assertMatches(Tensor expected, Array actual, double tol) {
    Comparison.assertClose("result", expected, actual, tol);
  }
}
