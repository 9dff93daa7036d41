package dev.torch2jax.lax;

import static dev.torch2jax.lax.PrimitiveChecks.assertRejects;
import static dev.torch2jax.lax.PrimitiveChecks.aval;
import static dev.torch2jax.lax.PrimitiveChecks.checkBatchEverywhere;
import static dev.torch2jax.lax.PrimitiveChecks.checkGradsAgainstTorch;
import static dev.torch2jax.lax.PrimitiveChecks.checkVjpNumerically;
import static dev.torch2jax.lax.PrimitiveChecks.randomCotangents;
import static dev.torch2jax.lax.ShapeIndexingTesting.f64;
import static dev.torch2jax.lax.ShapeIndexingTesting.ints;
import static dev.torch2jax.lax.ShapeIndexingTesting.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.opinfo.Comparison;
import dev.torch2jax.torch.T2J;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.T_TensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** sort: values and argsort against libtorch's stable sort (NaNs included), VJP, batching. */
class SortOpsTest {
  private final Random rng = new Random(3);
  private static final Primitive SORT = SortOps.SORT;

  private static Params params(long dim, int keys, boolean descending) {
    return Params.of(
        "dimension", dim, "is_stable", true, "num_keys", (long) keys, "descending", descending);
  }

  private static T_TensorTensor_T torchSort(Tensor t, long dim, boolean descending) {
    return torch.sort(t, new BoolOptional(true), dim, descending);
  }

  private static final long[][] SHAPES = {{6}, {3, 4}, {2, 3, 2}, {0, 3}};

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F32", "F64", "I32", "I64", "BOOL"})
  void sortAndArgsortMatchLibtorch(DType dtype) {
    for (long[] shape : SHAPES) {
      for (int dim = 0; dim < shape.length; dim++) {
        for (boolean descending : List.of(false, true)) {
          Array x = random(rng, dtype, shape);
          T_TensorTensor_T expected = torchSort(T2J.j2t(x), dim, descending);
          Array iota = ShapeOps.iota(DType.I64, shape, dim);
          List<Array> out = SORT.bind(params(dim, 1, descending), List.of(x, iota));
          Comparison.assertClose("result", expected.get0(), out.get(0), 0);
          Comparison.assertClose("result", expected.get1(), out.get(1), 0);
          Comparison.assertClose("result", expected.get1(), SortOps.argsort(x, dim, descending), 0);
        }
      }
    }
  }

  @Test
  void nansGoLastAscendingAndFirstDescending() {
    double nan = Double.NaN;
    double[] data = {
      3, nan, -1, 0.0, -0.0, nan, Double.NEGATIVE_INFINITY, 3, Double.POSITIVE_INFINITY
    };
    for (DType dtype : List.of(DType.F32, DType.F64)) {
      Array x = ElementwiseOps.convert(f64(data, data.length), dtype);
      for (boolean descending : List.of(false, true)) {
        T_TensorTensor_T expected = torchSort(T2J.j2t(x), 0, descending);
        Comparison.assertClose(
            "result", expected.get0(), SortOps.sort(List.of(x), 0, true, 1, descending).get(0), 0);
        Comparison.assertClose("result", expected.get1(), SortOps.argsort(x, 0, descending), 0);
      }
    }
  }

  @Test
  void severalKeysSortLexicographically() {
    int n = 12;
    Array k0 = ints(DType.I32, rng.ints(n, 0, 3).asLongStream().toArray(), n);
    Array k1 = ElementwiseOps.convert(random(rng, DType.I32, n), DType.F32);
    Array payload = ShapeOps.iota(DType.I32, new long[] {n}, 0);
    for (boolean descending : List.of(false, true)) {
      List<Array> out = SORT.bind(params(0, 2, descending), List.of(k0, k1, payload));
      int[] a = k0.toIntArray();
      float[] b = k1.toFloatArray();
      Comparator<Integer> order =
          Comparator.<Integer>comparingInt(i -> a[i]).thenComparingDouble(i -> b[i]);
      if (descending) {
        order = order.reversed();
      }
      int[] expected = IntStream.range(0, n).boxed().sorted(order).mapToInt(i -> i).toArray();
      assertArrayEquals(expected, out.get(2).toIntArray(), "stable lexicographic order");
    }
  }

  @Test
  void vjpMatchesFiniteDifferencesAndAutograd() {
    for (long[] shape : SHAPES) {
      for (int dim = 0; dim < shape.length; dim++) {
        for (boolean descending : List.of(false, true)) {
          Params p = params(dim, 1, descending);
          // distinct keys, so that small perturbations keep the order
          List<Array> in = List.of(random(rng, DType.F64, shape), random(rng, DType.F64, shape));
          List<Array> cts = randomCotangents(rng, SORT, p, in);
          List<Array> grads = checkVjpNumerically(SORT, p, in, cts, 1e-7);
          long d = dim;
          checkGradsAgainstTorch(
              in.subList(0, 1),
              cts.getFirst(),
              grads.subList(0, 1),
              ts -> torchSort(ts.getFirst(), d, descending).get0(),
              1e-12);
          // an integer payload gets no cotangent
          List<Array> withIota = List.of(in.get(0), ShapeOps.iota(DType.I32, shape, dim));
          checkVjpNumerically(SORT, p, withIota, randomCotangents(rng, SORT, p, withIota), 1e-7);
        }
      }
    }
  }

  @Test
  void batchAlongEveryAxis() {
    for (long[] shape : new long[][] {{5}, {2, 3}}) {
      for (int dim = 0; dim < shape.length; dim++) {
        Params p = params(dim, 1, false);
        checkBatchEverywhere(
            SORT,
            p,
            3,
            k -> k == 0 ? random(rng, DType.F32, shape) : random(rng, DType.I32, shape),
            2);
        checkBatchEverywhere(SORT, params(dim, 2, true), 2, k -> random(rng, DType.I32, shape), 2);
      }
    }
  }

  @Test
  void errors() {
    assertRejects(SORT, params(0, 1, false));
    assertRejects(SORT, params(0, 1, false), aval(DType.F32));
    assertRejects(SORT, params(1, 1, false), aval(DType.F32, 3));
    assertRejects(SORT, params(0, 1, false), aval(DType.F32, 3), aval(DType.I32, 4));
    assertRejects(SORT, params(0, 3, false), aval(DType.F32, 3), aval(DType.I32, 3));
    assertRejects(SORT, params(0, 0, false), aval(DType.F32, 3));
  }

  @Test
  void sortConvenienceIsAscendingStable() {
    Array x = f64(new double[] {2, 1, 3}, 3);
    assertArrayEquals(new double[] {1, 2, 3}, SortOps.sort(x, 0).toDoubleArray());
  }
}
