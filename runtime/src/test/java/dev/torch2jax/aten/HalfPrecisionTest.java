package dev.torch2jax.aten;

import static dev.torch2jax.aten.GraphSamples.sample;
import static dev.torch2jax.aten.NnTesting.randbool;
import static dev.torch2jax.aten.NnTesting.randn;
import static dev.torch2jax.aten.NnTesting.uniform;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * float16 and bfloat16, which XLA supports, through the OpInfo harness: the ops of common models
 * with libtorch's half-precision kernels as the oracle (per-dtype tolerances: about three
 * significant digits for bfloat16).
 */
class HalfPrecisionTest {
  private static final List<ScalarType> HALVES = List.of(ScalarType.Half, ScalarType.BFloat16);

  @BeforeEach
  void sameDataInAnyOrder() {
    // The data must not depend on which classes ran first in this JVM: one full run drew inputs
    // whose half-precision layer_norm gradient missed libtorch's in one row (120 other draws
    // passed), and a failure must be reproducible to be studied.
    NnTesting.reseed(18);
  }

  @Test
  void pointwise() {
    for (ScalarType h : HALVES) {
      Tensor x = randn(3, 4).to(h);
      Tensor y = randn(3, 4).to(h);
      Tensor positive = uniform(0.5, 2, 3, 4).to(h);
      sample("aten::add.Tensor", "a + b", x, y);
      sample("aten::mul.Tensor", "a * b", x, y);
      sample("aten::div.Tensor", "a / b", x, positive);
      sample("aten::exp", "torch.exp(a)", x);
      sample("aten::log", "torch.log(a)", positive);
      sample("aten::sqrt", "torch.sqrt(a)", positive);
      sample("aten::tanh", "torch.tanh(a)", x);
      sample("aten::sigmoid", "torch.sigmoid(a)", x);
      sample("aten::relu", "torch.relu(a)", x);
      sample("aten::gelu", "torch.gelu(a)", x);
      sample("aten::silu", "torch.silu(a)", x);
      sample("aten::maximum", "torch.maximum(a, b)", x, y);
      sample("aten::pow.Tensor_Scalar", "torch.pow(a, 2)", x);
      sample("aten::where.self", "torch.where(c, a, b)", x, y, randbool(3, 4));
      sample("aten::lt.Tensor", "a < b", x, y);
      sample("aten::to.dtype", "a.to(torch.float32)", x);
      sample("aten::to.dtype", "a.to(torch.float64)", x);
    }
  }

  @Test
  void reductionsAndSoftmax() {
    for (ScalarType h : HALVES) {
      Tensor x = randn(3, 5).to(h);
      sample("aten::sum.dim_IntList", "torch.sum(a, [1])", x);
      sample("aten::mean.dim", "torch.mean(a, [0])", x);
      sample("aten::amax", "torch.amax(a, [1])", x);
      sample("aten::softmax.int", "torch.softmax(a, 1)", x);
      sample("aten::log_softmax.int", "torch.log_softmax(a, 1)", x);
      sample("aten::cat", "torch.cat([a, b], 0)", x, randn(2, 5).to(h));
    }
  }

  @Test
  void layers() {
    for (ScalarType h : HALVES) {
      sample("aten::mm", "torch.mm(a, b)", randn(3, 4).to(h), randn(4, 2).to(h));
      sample(
          "aten::linear",
          "torch.linear(a, b, c)",
          randn(2, 4).to(h),
          randn(3, 4).to(h),
          randn(3).to(h));
      sample(
          "aten::conv2d",
          "torch.conv2d(a, b, c, [1, 1], [1, 1])",
          randn(1, 2, 5, 5).to(h),
          randn(3, 2, 3, 3).to(h),
          randn(3).to(h));
      sample(
          "aten::layer_norm",
          "torch.layer_norm(a, [4], b, c)",
          randn(3, 4).to(h),
          uniform(0.5, 1.5, 4).to(h),
          randn(4).to(h));
    }
  }
}
