package dev.torch2jax.examples.zoo;

import dev.torch2jax.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Model outputs flattened the way {@code make_zoo.py} flattens Python's: depth first, tuples and
 * lists in order, dicts in insertion order, {@code None} dropped; and compared.
 */
final class Outputs {
  private Outputs() {}

  /** The arrays of a {@code TorchFunction} result (an Array, List, Map or null). */
  static List<Array> flatten(Object result) {
    List<Array> out = new ArrayList<>();
    flattenInto(result, out);
    return out;
  }

  private static void flattenInto(Object v, List<Array> out) {
    switch (v) {
      case null -> {}
      case Array a -> out.add(a);
      case List<?> l -> l.forEach(x -> flattenInto(x, out));
      case Map<?, ?> m -> m.values().forEach(x -> flattenInto(x, out));
      default ->
          throw new AssertionError(
              "the model returned a %s, not tensors".formatted(v.getClass().getName()));
    }
  }

  /**
   * The largest, over the outputs, of {@code max |actual - expected| / max |expected|} (the
   * absolute error where an output is all zeros), after checking that count, shapes and dtypes
   * agree.
   */
  static double maxRelativeError(List<Array> expected, List<Array> actual) {
    if (expected.size() != actual.size()) {
      throw new AssertionError(
          "expected %d outputs, got %d".formatted(expected.size(), actual.size()));
    }
    double worst = 0;
    for (int i = 0; i < expected.size(); i++) {
      Array e = expected.get(i);
      Array a = actual.get(i);
      if (!Arrays.equals(e.shape(), a.shape()) || e.dtype() != a.dtype()) {
        throw new AssertionError(
            "output %d: expected %s%s, got %s%s"
                .formatted(
                    i,
                    e.dtype().torchName(),
                    Arrays.toString(e.shape()),
                    a.dtype().torchName(),
                    Arrays.toString(a.shape())));
      }
      worst = Math.max(worst, relativeError(e.toDoubleArray(), a.toDoubleArray()));
    }
    return worst;
  }

  private static double relativeError(double[] e, double[] a) {
    double diff = 0;
    double scale = 0;
    for (int i = 0; i < e.length; i++) {
      double d = Math.abs(a[i] - e[i]);
      diff = Double.isNaN(d) || d > diff ? d : diff;
      scale = Math.max(scale, Math.abs(e[i]));
      if (Double.isNaN(diff)) {
        return Double.NaN;
      }
    }
    return scale == 0 ? diff : diff / scale;
  }
}
