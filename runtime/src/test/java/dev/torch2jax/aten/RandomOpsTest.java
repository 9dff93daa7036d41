package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.randint;
import static dev.torch2jax.aten.NnTesting.randn;
import static dev.torch2jax.aten.RandomSamples.finite;
import static dev.torch2jax.aten.RandomSamples.within;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The random overloads models call (rand/randn/randint with and without a generator argument, and
 * their _like forms) through {@code T2J.t2j}, checked by their contract ({@link RandomSamples}).
 */
class RandomOpsTest {
  private static final List<Tensor> F32 = List.of(randn(100, 150));
  private static final List<Tensor> F64 = List.of(f64(randn(120, 100)));
  private static final List<Tensor> I64 = List.of(randint(0, 5, 100, 120));

  @Test
  void factoriesWithGenerators() {
    RandomSamples.check(
        "aten::rand.generator", "torch.rand([20000], generator=None)", within(0, 1));
    RandomSamples.check(
        "aten::randn.generator", "torch.randn([150, 100], generator=None)", finite());
  }

  @Test
  void randintForms() {
    RandomSamples.check("aten::randint", "torch.randint(10, [20000])", within(0, 10));
    RandomSamples.check("aten::randint.low", "torch.randint(-3, 7, [150, 100])", within(-3, 7));
    RandomSamples.check(
        "aten::randint.low", "torch.randint(5, 105, [20000], dtype=torch.int32)", within(5, 105));
    RandomSamples.check(
        "aten::randint.generator", "torch.randint(4, [20000], generator=None)", within(0, 4));
    RandomSamples.check(
        "aten::randint.low_generator",
        "torch.randint(-8, 8, [20000], generator=None)",
        within(-8, 8));
  }

  @Test
  void likeForms() {
    for (List<Tensor> x : List.of(F32, F64)) {
      RandomSamples.check("aten::rand_like", "x: Tensor", "torch.rand_like(x)", x, within(0, 1));
      RandomSamples.check("aten::randn_like", "x: Tensor", "torch.randn_like(x)", x, finite());
      RandomSamples.check(
          "aten::randint_like", "x: Tensor", "torch.randint_like(x, 9)", x, within(0, 9));
      RandomSamples.check(
          "aten::randint_like.low_dtype",
          "x: Tensor",
          "torch.randint_like(x, -2, 3)",
          x,
          within(-2, 3));
    }
    RandomSamples.check(
        "aten::rand_like",
        "x: Tensor",
        "torch.rand_like(x, dtype=torch.float64)",
        I64,
        within(0, 1));
    RandomSamples.check(
        "aten::randint_like", "x: Tensor", "torch.randint_like(x, 100)", I64, within(0, 100));
  }
}
