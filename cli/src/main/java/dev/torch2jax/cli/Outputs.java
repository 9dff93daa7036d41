package dev.torch2jax.cli;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.torch.T2J;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.Tensor;

/**
 * Model outputs flattened to their arrays (depth first; tuples and lists in order, dicts in their
 * order, None dropped), described and compared.
 */
final class Outputs {
  private Outputs() {}

  /** The arrays of a t2j result (an Array, List, Map, null, or a number, which is skipped). */
  static List<Array> flatten(Object result) {
    List<Array> out = new ArrayList<>();
    flattenInto(result, out);
    return out;
  }

  private static void flattenInto(Object v, List<Array> out) {
    switch (v) {
      case Array a -> out.add(a);
      case List<?> l -> l.forEach(x -> flattenInto(x, out));
      case Map<?, ?> m -> m.values().forEach(x -> flattenInto(x, out));
      case null, default -> {} // None and Python numbers are not arrays
    }
  }

  /** The tensors of a libtorch result, flattened as {@link #flatten(Object)} does. */
  static List<Tensor> flatten(IValue v) {
    return T2J.tensors(v);
  }

  /** {@code float32[2, 10] min -1.2 max 3.4 mean 0.01}. */
  static String describe(Array a) {
    double[] v = a.dtype().isComplex() ? new double[0] : a.toDoubleArray();
    String type = typeOf(a.shape(), a.dtype());
    if (v.length == 0) {
      return type;
    }
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    double sum = 0;
    for (double x : v) {
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += x;
    }
    return String.format(
        Locale.ROOT, "%s  min %.6g  max %.6g  mean %.6g", type, min, max, sum / v.length);
  }

  /** {@code float32[2, 10]}. */
  static String typeOf(long[] shape, DType dtype) {
    return dtype.torchName() + Arrays.toString(shape);
  }

  /**
   * The differences of {@code actual} from {@code expected}: the largest absolute difference, and
   * that relative to the largest magnitude of the expected output (absolute where it is all zero).
   */
  record Difference(double maxAbs, double maxRel) {}

  /**
   * The difference over all outputs (the worst of each).
   *
   * @throws IllegalStateException when the outputs differ in count, shape or dtype
   */
  static Difference difference(List<Array> expected, List<Array> actual) {
    if (expected.size() != actual.size()) {
      throw new IllegalStateException(
          "libtorch returned %d output tensor(s), t2j %d"
              .formatted(expected.size(), actual.size()));
    }
    double abs = 0;
    double rel = 0;
    for (int i = 0; i < expected.size(); i++) {
      Array e = expected.get(i);
      Array a = actual.get(i);
      if (!Arrays.equals(e.shape(), a.shape()) || e.dtype() != a.dtype()) {
        throw new IllegalStateException(
            "output %d: libtorch gives %s, t2j %s"
                .formatted(i, typeOf(e.shape(), e.dtype()), typeOf(a.shape(), a.dtype())));
      }
      double[] ev = e.toDoubleArray();
      double[] av = a.toDoubleArray();
      double diff = 0;
      double scale = 0;
      for (int k = 0; k < ev.length; k++) {
        double d = Math.abs(av[k] - ev[k]);
        diff = Double.isNaN(d) || Double.isNaN(diff) ? Double.NaN : Math.max(diff, d);
        scale = Math.max(scale, Math.abs(ev[k]));
      }
      abs = Double.isNaN(diff) ? diff : Math.max(abs, diff);
      double r = scale == 0 ? diff : diff / scale;
      rel = Double.isNaN(r) ? r : Math.max(rel, r);
    }
    return new Difference(abs, rel);
  }
}
