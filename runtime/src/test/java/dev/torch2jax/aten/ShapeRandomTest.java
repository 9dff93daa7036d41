package dev.torch2jax.aten;

import static dev.torch2jax.aten.ShapeOracle.dtypeOf;
import static dev.torch2jax.aten.ShapeOracle.op;
import static dev.torch2jax.aten.ShapeOracle.random;
import static dev.torch2jax.aten.ShapeOracle.script1;
import static dev.torch2jax.aten.ShapeOracle.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jax;
import dev.torch2jax.Random;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Random ops: libtorch's numbers cannot be reproduced, so the checks are the contract (a fixed key
 * gives the same numbers), dtypes and shapes equal to libtorch's, and sample moments close to
 * libtorch's samples of the same distribution.
 */
class ShapeRandomTest {
  private static final int N = 20_000;
  private static final ShapeOracle.Pair ANY = random(0, DType.F32, 1);

  private static Tensor torchOf(String expr) {
    return script1("x", expr, ANY.torch());
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(Double.NaN);
  }

  private static double var(double[] v) {
    double m = mean(v);
    return Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1);
  }

  /** Same dtype and shape as libtorch, mean and variance within {@code tol} of libtorch's. */
  private static void sameDistribution(String expr, Array ours, double tol) {
    Tensor t = torchOf(expr);
    assertEquals(dtypeOf(t), ours.dtype(), expr + ": dtype");
    assertArrayEquals(t.shape(), ours.shape(), expr + ": shape");
    double[] e = values(t);
    double[] a = ours.toDoubleArray();
    assertEquals(mean(e), mean(a), tol, expr + ": mean");
    assertEquals(var(e), var(a), tol * Math.max(1, var(e)), expr + ": variance");
  }

  private static <T> T keyed(long seed, Supplier<T> body) {
    org.bytedeco.pytorch.global.torch.manual_seed(seed);
    return RandomState.withKey(Random.key(seed), body);
  }

  @Test
  void aFixedKeyGivesTheSameNumbers() {
    Array a = keyed(7, () -> op("aten::rand", List.of(5L)));
    Array b = keyed(7, () -> op("aten::rand", List.of(5L)));
    Array c = keyed(8, () -> op("aten::rand", List.of(5L)));
    assertArrayEquals(a.toFloatArray(), b.toFloatArray());
    assertFalse(Arrays.equals(a.toFloatArray(), c.toFloatArray()));
    // Successive draws advance the key: different numbers, the same sequence every time.
    List<Array> two =
        keyed(7, () -> List.of(op("aten::randn", List.of(4L)), op("aten::randn", List.of(4L))));
    List<Array> again =
        keyed(7, () -> List.of(op("aten::randn", List.of(4L)), op("aten::randn", List.of(4L))));
    assertFalse(Arrays.equals(two.get(0).toFloatArray(), two.get(1).toFloatArray()));
    assertArrayEquals(two.get(1).toFloatArray(), again.get(1).toFloatArray());
    // The thread's key is restored after withKey; seed() resets it like manual_seed.
    RandomState.seed(3);
    Array s1 = op("aten::randint", 100L, List.of(6L));
    RandomState.seed(3);
    assertArrayEquals(s1.toLongArray(), op("aten::randint", 100L, List.of(6L)).toLongArray());
  }

  @Test
  void underJitTheKeyIsAnArgument() {
    var f = Jax.jit(a -> RandomState.withKey((Array) a[0], () -> op("aten::randn", List.of(3L))));
    Array k1 = Random.key(1);
    Array j1 = (Array) f.apply(k1);
    assertArrayEquals(j1.toFloatArray(), ((Array) f.apply(k1)).toFloatArray());
    assertArrayEquals(
        keyed(1, () -> op("aten::randn", List.of(3L))).toFloatArray(), j1.toFloatArray(), 1e-6f);
    assertFalse(Arrays.equals(j1.toFloatArray(), ((Array) f.apply(Random.key(2))).toFloatArray()));
    // A concrete thread key would be compiled in: refused with a message saying what to do.
    assertThrows(
        IllegalStateException.class, () -> Jax.jit(a -> op("aten::rand", List.of(2L))).apply());
  }

  @Test
  void uniformAndNormalMoments() {
    keyed(
        11,
        () -> {
          sameDistribution("torch.rand([" + N + "])", op("aten::rand", List.of((long) N)), 0.02);
          sameDistribution(
              "torch.rand([100, 200], dtype=torch.float64)",
              op("aten::rand", List.of(100L, 200L), DType.F64),
              0.02);
          sameDistribution("torch.randn([" + N + "])", op("aten::randn", List.of((long) N)), 0.05);
          sameDistribution(
              "torch.randn([" + N + "], dtype=torch.float64)",
              op("aten::randn.generator", List.of((long) N), null, DType.F64),
              0.05);
          Array like = random(1, DType.F64, 100, 200).jax();
          sameDistribution(
              "torch.rand_like(torch.zeros([100, 200], dtype=torch.float64))",
              op("aten::rand_like", like),
              0.02);
          sameDistribution(
              "torch.randn_like(torch.zeros([100, 200], dtype=torch.float64))",
              op("aten::randn_like", like),
              0.05);
          Array f32 = random(2, DType.F32, N).jax();
          sameDistribution(
              "torch.zeros([" + N + "]).uniform_(-2.0, 3.0)",
              op("aten::uniform_", f32, -2.0, 3.0),
              0.05);
          sameDistribution(
              "torch.zeros([" + N + "]).normal_(1.5, 0.5)",
              op("aten::normal_", f32, 1.5, 0.5),
              0.03);
          sameDistribution(
              "torch.normal(2.0, 3.0, [" + N + "])",
              op("aten::normal.float_float", 2.0, 3.0, List.of((long) N)),
              0.15);
          sameDistribution(
              "torch.zeros([" + N + "]).exponential_(2.0)",
              op("aten::exponential_", f32, 2.0),
              0.03);
          Array means = op("aten::full", List.of((long) N), 4.0);
          sameDistribution(
              "torch.normal(torch.full([" + N + "], 4.0), 0.5)",
              op("aten::normal.Tensor_float", means, 0.5),
              0.03);
          Array stds = op("aten::full", List.of((long) N), 2.0);
          sameDistribution(
              "torch.normal(-1.0, torch.full([" + N + "], 2.0))",
              op("aten::normal.float_Tensor", -1.0, stds),
              0.1);
          sameDistribution(
              "torch.normal(torch.full([" + N + "], 4.0), torch.full([" + N + "], 2.0))",
              op("aten::normal.Tensor_Tensor", means, stds),
              0.1);
          return null;
        });
  }

  @Test
  void integersAndPermutations() {
    keyed(
        12,
        () -> {
          sameDistribution(
              "torch.randint(10, [" + N + "])", op("aten::randint", 10L, List.of((long) N)), 0.15);
          sameDistribution(
              "torch.randint(-5, 5, [" + N + "], dtype=torch.int32)",
              op("aten::randint.low", -5L, 5L, List.of((long) N), DType.I32),
              0.15);
          sameDistribution(
              "torch.randint(3, [100, 200], dtype=torch.float32)",
              op("aten::randint.generator", 3L, List.of(100L, 200L), null, DType.F32),
              0.05);
          Array like = random(3, DType.I32, N).jax();
          sameDistribution(
              "torch.randint_like(torch.zeros([" + N + "], dtype=torch.int32), 7)",
              op("aten::randint_like", like, 7L),
              0.1);
          sameDistribution(
              "torch.randint_like(torch.zeros([" + N + "], dtype=torch.int32), 2, 9)",
              op("aten::randint_like.low_dtype", like, 2L, 9L),
              0.1);
          Array p = op("aten::randperm", 50L);
          Tensor tp = torchOf("torch.randperm(50)");
          assertEquals(dtypeOf(tp), p.dtype());
          long[] sorted = p.toLongArray().clone();
          Arrays.sort(sorted);
          long[] iota = new long[50];
          Arrays.setAll(iota, i -> i);
          assertArrayEquals(iota, sorted);
          assertFalse(Arrays.equals(iota, p.toLongArray()));
          assertEquals(DType.I32, op("aten::randperm", 5L, DType.I32).dtype());
          return null;
        });
    assertThrows(
        IllegalArgumentException.class, () -> op("aten::randint.low", 5L, 5L, List.of(2L)));
  }

  @Test
  void bernoulliAndDropout() {
    keyed(
        13,
        () -> {
          Array x = random(4, DType.F32, N).jax();
          sameDistribution(
              "torch.bernoulli(torch.zeros([" + N + "]), 0.3)",
              op("aten::bernoulli.p", x, 0.3),
              0.02);
          sameDistribution(
              "torch.zeros([" + N + "]).bernoulli_(0.8)",
              op("aten::bernoulli_.float", x, 0.8),
              0.02);
          Array probs = op("aten::full", List.of((long) N), 0.25, DType.F64);
          sameDistribution(
              "torch.bernoulli(torch.full([" + N + "], 0.25, dtype=torch.float64))",
              op("aten::bernoulli", probs),
              0.02);
          sameDistribution(
              "torch.zeros([" + N + "]).bernoulli_(torch.full([" + N + "], 0.6))",
              op("aten::bernoulli_.Tensor", x, op("aten::full", List.of((long) N), 0.6)),
              0.02);
          Array ones = op("aten::ones", List.of((long) N));
          sameDistribution(
              "torch.dropout(torch.ones([" + N + "]), 0.4, True)",
              op("aten::dropout", ones, 0.4, true),
              0.05);
          @SuppressWarnings("unchecked")
          List<Array> nd = (List<Array>) ShapeOracle.call("aten::native_dropout", ones, 0.4, true);
          assertEquals(DType.BOOL, nd.get(1).dtype());
          boolean[] keep = nd.get(1).toBooleanArray();
          float[] out = nd.get(0).toFloatArray();
          for (int i = 0; i < N; i++) {
            assertEquals(keep[i] ? 1 / 0.6f : 0f, out[i], 1e-6f);
          }
          assertTrue(
              Arrays.equals(
                  ones.toFloatArray(), op("aten::dropout", ones, 0.4, false).toFloatArray()));
          return null;
        });
    assertThrows(
        RuntimeException.class, () -> op("aten::rand.generator", List.of(2L), new Object()));
  }
}
