package dev.torch2jax.examples.models;

import dev.torch2jax.Array;
import dev.torch2jax.torch.T2J;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.Tensor;

/** Helpers for model tests: libtorch as the oracle. */
final class ModelChecks {
  private ModelChecks() {}

  /** libtorch eager forward of a module returning one tensor (a copy). */
  static Tensor forward(JitModule m, Tensor x) {
    IValue v = m.forward(new IValueVector(new IValue(x)));
    Tensor out = v.toTensor().clone();
    java.lang.ref.Reference.reachabilityFence(v);
    return out;
  }

  /** The max absolute difference between a libtorch tensor and an array of the same shape. */
  static double maxAbsError(Tensor expected, Array actual) {
    double[] e = T2J.t2j(expected).toDoubleArray();
    double[] a = actual.toDoubleArray();
    if (e.length != a.length) {
      throw new AssertionError("sizes differ: " + e.length + " vs " + a.length);
    }
    double m = 0;
    for (int i = 0; i < e.length; i++) {
      m = Math.max(m, Math.abs(e[i] - a[i]));
    }
    return m;
  }

  /** {@code |a - e| / |e|} in the 2-norm (|a - e| when e is all zeros). */
  static double relativeError(Tensor expected, Array actual) {
    double[] e = T2J.t2j(expected).toDoubleArray();
    double[] a = actual.toDoubleArray();
    double num = 0;
    double den = 0;
    for (int i = 0; i < e.length; i++) {
      num += (a[i] - e[i]) * (a[i] - e[i]);
      den += e[i] * e[i];
    }
    return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
  }
}
