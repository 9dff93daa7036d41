package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.randint;
import static dev.torch2jax.aten.NnTesting.randn;
import static dev.torch2jax.aten.NnTesting.uniform;
import static dev.torch2jax.aten.OverloadSample.random;
import static dev.torch2jax.aten.RandomSamples.finite;
import static dev.torch2jax.aten.RandomSamples.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntToDoubleFunction;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The random overloads with distribution parameters (bernoulli, normal, the functional uniform) and
 * the generator forms of rand_like, randn_like and randperm, checked by their contract through
 * {@link RandomSamples}: besides libtorch's dtype, shape and moments, each sample's values must fit
 * its distribution's parameters element by element (bernoulli draws are 0 or 1 with mean p, normal
 * draws standardized by their own mean and std have mean 0 and variance 1).
 */
class RandomDistributionsTest {
  private static final Tensor P = uniform(0, 1, 100, 150);
  private static final Tensor P_ROW = uniform(0.1, 0.9, 150);
  private static final Tensor X = randn(100, 150);
  private static final Tensor X64 = f64(randn(100, 150));
  private static final Tensor INTS = randint(0, 5, 100, 150);
  private static final Tensor MEAN = f64(uniform(-3, 3, 100, 150));
  private static final Tensor STD = uniform(0.5, 2, 100, 150);
  private static final Tensor STD_ROW = f64(uniform(0.5, 2, 150));

  /** The table: each overload with its samples. */
  static final List<OverloadSample> ROWS =
      List.of(
          random("aten::bernoulli", "x", "torch.bernoulli(x)", bernoulli(at(P)), P),
          random("aten::bernoulli", "x", "torch.bernoulli(x)", bernoulli(at(f64(P))), f64(P)),
          random("aten::bernoulli.p", "x", "torch.bernoulli(x, 0.3)", bernoulli(i -> 0.3), X),
          random("aten::bernoulli.p", "x", "x.bernoulli(0.8)", bernoulli(i -> 0.8), X64),
          random("aten::bernoulli.p", "x", "torch.bernoulli(x, 0.5)", bernoulli(i -> 0.5), INTS),
          random(
              "aten::bernoulli.Tensor",
              "x, p",
              "torch.bernoulli(x, p)",
              bernoulli(row(P_ROW)),
              X,
              P_ROW),
          random("aten::bernoulli.Tensor", "x, p", "x.bernoulli(p)", bernoulli(at(P)), X64, f64(P)),
          random(
              "aten::normal.Tensor_Tensor",
              "m, s",
              "torch.normal(m, s)",
              normal(at(MEAN), at(STD)),
              MEAN,
              STD),
          random(
              "aten::normal.Tensor_Tensor",
              "m, s",
              "torch.normal(m, s)",
              normal(at(MEAN), row(STD_ROW)),
              MEAN,
              STD_ROW),
          random(
              "aten::normal.Tensor_float",
              "m",
              "torch.normal(m, 2.5)",
              normal(at(MEAN), i -> 2.5),
              MEAN),
          random(
              "aten::normal.float_Tensor",
              "s",
              "torch.normal(-1.5, s)",
              normal(i -> -1.5, at(STD)),
              STD),
          random(
              "aten::normal.float_float",
              "",
              "torch.normal(2.0, 3.0, [100, 150])",
              normal(i -> 2, i -> 3)),
          random(
              "aten::normal.float_float",
              "",
              "torch.normal(-1.0, 0.5, [100, 150], dtype=torch.float64)",
              normal(i -> -1, i -> 0.5)),
          random("aten::uniform", "x", "torch.uniform(x, -2.0, 3.0)", within(-2, 3), X),
          random("aten::uniform", "x", "x.uniform()", within(0, 1), X64),
          random(
              "aten::rand_like.generator",
              "x",
              "torch.rand_like(x, generator=None)",
              within(0, 1),
              X),
          random(
              "aten::rand_like.generator",
              "x",
              "torch.rand_like(x, generator=None, dtype=torch.float64)",
              within(0, 1),
              INTS),
          random(
              "aten::randn_like.generator",
              "x",
              "torch.randn_like(x, generator=None)",
              normal(i -> 0, i -> 1),
              X64),
          random(
              "aten::randn_like.generator",
              "x",
              "torch.randn_like(x, generator=None, dtype=torch.float32)",
              finite(),
              INTS),
          random(
              "aten::randperm.generator",
              "",
              "torch.randperm(15000, generator=None)",
              RandomDistributionsTest::permutation),
          random(
              "aten::randperm.generator",
              "",
              "torch.randperm(50, generator=None, dtype=torch.int32)",
              RandomDistributionsTest::permutation));

  @TestFactory
  Stream<DynamicTest> randomDistributions() {
    return OverloadSample.tests(ROWS);
  }

  /** Element {@code i} of {@code t} (row-major). */
  private static IntToDoubleFunction at(Tensor t) {
    double[] v = ShapeOracle.values(t);
    return i -> v[i];
  }

  /** A 1-D {@code t} broadcast along the last dim of a row-major result. */
  private static IntToDoubleFunction row(Tensor t) {
    double[] v = ShapeOracle.values(t);
    return i -> v[i % v.length];
  }

  /** Draws of 0 or 1 whose mean is that of their probabilities {@code p}. */
  private static Consumer<double[]> bernoulli(IntToDoubleFunction p) {
    return v -> {
      assertTrue(Arrays.stream(v).allMatch(d -> d == 0 || d == 1), "bernoulli draws are 0 or 1");
      double expected = 0;
      double variance = 0;
      for (int i = 0; i < v.length; i++) {
        double q = p.applyAsDouble(i);
        expected += q;
        variance += q * (1 - q);
      }
      // About 5 standard deviations of the count of ones.
      assertEquals(expected, Arrays.stream(v).sum(), 5 * Math.sqrt(variance) + 1, "ones");
    };
  }

  /** Draws that standardized by their own mean and std have mean 0 and variance 1. */
  private static Consumer<double[]> normal(IntToDoubleFunction mean, IntToDoubleFunction std) {
    return v -> {
      double[] z = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        z[i] = (v[i] - mean.applyAsDouble(i)) / std.applyAsDouble(i);
      }
      double m = Arrays.stream(z).average().orElseThrow();
      double var = Arrays.stream(z).map(d -> (d - m) * (d - m)).sum() / (z.length - 1);
      // About 5 standard errors of a standard normal sample's mean and variance.
      assertEquals(0, m, 5 / Math.sqrt(z.length), "standardized mean");
      assertEquals(1, var, 5 * Math.sqrt(2.0 / z.length), "standardized variance");
    };
  }

  /** The values are 0, 1, ..., n-1 in some order. */
  private static void permutation(double[] v) {
    double[] sorted = v.clone();
    Arrays.sort(sorted);
    for (int k = 0; k < sorted.length; k++) {
      assertEquals(k, sorted[k], "randperm: a permutation of 0.." + (sorted.length - 1));
    }
  }
}
