package dev.torch2jax.lax;

import java.util.Arrays;

/**
 * Where a convolution's dimensions are, like JAX's {@code ConvDimensionNumbers}: {@code lhsSpec}
 * lists the input's batch dimension, feature dimension, then spatial dimensions; {@code rhsSpec}
 * the kernel's output feature, input feature, then spatial dimensions; {@code outSpec} the result's
 * batch, feature, then spatial dimensions. Compared by content.
 *
 * @param lhsSpec the input's dimensions, batch and feature first
 * @param rhsSpec the kernel's dimensions, output and input feature first
 * @param outSpec the result's dimensions, batch and feature first
 */
public record ConvDimensionNumbers(long[] lhsSpec, long[] rhsSpec, long[] outSpec) {
  /** Keeps copies. */
  public ConvDimensionNumbers {
    lhsSpec = lhsSpec.clone();
    rhsSpec = rhsSpec.clone();
    outSpec = outSpec.clone();
  }

  /** PyTorch's layout of rank {@code rank}: NC..., OI..., NC... (JAX's default). */
  public static ConvDimensionNumbers nchw(int rank) {
    long[] iota = new long[rank];
    for (int i = 0; i < rank; i++) {
      iota[i] = i;
    }
    return new ConvDimensionNumbers(iota, iota, iota);
  }

  @Override
  public long[] lhsSpec() {
    return lhsSpec.clone();
  }

  @Override
  public long[] rhsSpec() {
    return rhsSpec.clone();
  }

  @Override
  public long[] outSpec() {
    return outSpec.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConvDimensionNumbers d
        && Arrays.equals(d.lhsSpec, lhsSpec)
        && Arrays.equals(d.rhsSpec, rhsSpec)
        && Arrays.equals(d.outSpec, outSpec);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(
        new int[] {Arrays.hashCode(lhsSpec), Arrays.hashCode(rhsSpec), Arrays.hashCode(outSpec)});
  }

  /** As JAX prints it: {@code ConvDimensionNumbers(lhs_spec=(0, 1, 2), ...)}. */
  @Override
  public String toString() {
    return "ConvDimensionNumbers(lhs_spec="
        + tuple(lhsSpec)
        + ", rhs_spec="
        + tuple(rhsSpec)
        + ", out_spec="
        + tuple(outSpec)
        + ")";
  }

  private static String tuple(long[] v) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < v.length; i++) {
      b.append(i > 0 ? ", " : "").append(v[i]);
    }
    return b.append(v.length == 1 ? ",)" : ")").toString();
  }
}
