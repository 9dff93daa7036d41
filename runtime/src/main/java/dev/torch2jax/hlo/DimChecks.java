package dev.torch2jax.hlo;

import java.util.Arrays;

/** Checks of dimension lists shared by the gather and scatter dimension numbers. */
final class DimChecks {
  private DimChecks() {}

  /** {@code dims} strictly increasing, each in {@code [0, rank)}. */
  static void sortedDistinct(String what, long[] dims, long rank) {
    for (int i = 0; i < dims.length; i++) {
      if (dims[i] < 0 || dims[i] >= rank || (i > 0 && dims[i] <= dims[i - 1])) {
        throw new IllegalArgumentException(
            what + " " + Arrays.toString(dims) + " must be increasing dimensions below " + rank);
      }
    }
  }

  /** {@code dims} distinct, each in {@code [0, rank)}. */
  static void distinctInRange(String what, long[] dims, long rank) {
    for (int i = 0; i < dims.length; i++) {
      boolean repeated = false;
      for (int j = 0; j < i; j++) {
        repeated |= dims[j] == dims[i];
      }
      if (dims[i] < 0 || dims[i] >= rank || repeated) {
        throw new IllegalArgumentException(
            what + " " + Arrays.toString(dims) + " must be distinct dimensions below " + rank);
      }
    }
  }

  /** No dimension in both lists. */
  static void disjoint(String aName, long[] a, String bName, long[] b) {
    for (long x : a) {
      if (contains(b, x)) {
        throw new IllegalArgumentException(
            aName
                + " "
                + Arrays.toString(a)
                + " and "
                + bName
                + " "
                + Arrays.toString(b)
                + " share dimension "
                + x);
      }
    }
  }

  /** Operand batching dimensions paired with index batching dimensions of equal sizes. */
  static void batching(
      String opName,
      long[] opDims,
      long[] operand,
      String idxName,
      long[] idxDims,
      long[] indices,
      long indexVectorDim) {
    distinctInRange(idxName, idxDims, indices.length);
    if (contains(idxDims, indexVectorDim)) {
      throw new IllegalArgumentException(
          idxName + " " + Arrays.toString(idxDims) + " must not hold index_vector_dim");
    }
    if (opDims.length != idxDims.length) {
      throw new IllegalArgumentException(
          opName
              + " "
              + Arrays.toString(opDims)
              + " and "
              + idxName
              + " "
              + Arrays.toString(idxDims)
              + " differ in length");
    }
    for (int i = 0; i < opDims.length; i++) {
      if (operand[(int) opDims[i]] != indices[(int) idxDims[i]]) {
        throw new IllegalArgumentException(
            "batching dimensions differ in size: operand "
                + Arrays.toString(operand)
                + " along "
                + Arrays.toString(opDims)
                + ", indices "
                + Arrays.toString(indices)
                + " along "
                + Arrays.toString(idxDims));
      }
    }
  }

  static boolean contains(long[] values, long v) {
    for (long x : values) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Appends {@code name = [..]} like StableHLO's printer: empty lists are left out. */
  static void appendField(StringBuilder sb, String name, long[] dims) {
    if (dims.length == 0) {
      return;
    }
    if (!sb.isEmpty()) {
      sb.append(", ");
    }
    sb.append(name).append(" = [").append(Syntax.commaList(dims)).append(']');
  }
}
