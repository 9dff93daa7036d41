package dev.torch2jax.aten;

import static dev.torch2jax.aten.GraphSamples.sample;
import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.randn;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The ops TorchScript graphs of real models contain before any decomposition, each sample checked
 * to reach its exact overload and run through the OpInfo harness with every check.
 */
class ModelOpsTest {
  @Test
  void activationsAndSoftmax() {
    for (Tensor x : List.of(randn(3, 4), f64(randn(2, 3, 5)))) {
      sample("aten::relu", "torch.relu(a)", x);
      sample("aten::tanh", "torch.tanh(a)", x);
      sample("aten::softmax.int", "torch.softmax(a, 1)", x);
      sample("aten::softmax.int", "torch.softmax(a, -1, dtype=torch.float64)", x);
      sample("aten::log_softmax.int", "torch.log_softmax(a, 0)", x);
      sample("aten::log_softmax.int", "torch.log_softmax(a, -1)", x);
      sample("aten::dropout", "torch.dropout(a, 0.5, False)", x);
      sample("aten::dropout", "torch.dropout(a, 0.0, False)", x);
    }
  }

  @Test
  void products() {
    sample("aten::matmul", "torch.matmul(a, b)", randn(4), randn(4));
    sample("aten::matmul", "torch.matmul(a, b)", randn(3, 4), randn(4));
    sample("aten::matmul", "torch.matmul(a, b)", randn(4), randn(4, 2));
    sample("aten::matmul", "torch.matmul(a, b)", randn(2, 3, 4), randn(4, 5));
    sample("aten::matmul", "torch.matmul(a, b)", f64(randn(2, 1, 3, 4)), f64(randn(5, 4, 2)));
    sample("aten::mm", "torch.mm(a, b)", randn(3, 4), randn(4, 2));
  }

  @Test
  void viewsAndConversions() {
    Tensor x = randn(2, 3, 4);
    sample("aten::view", "a.view([6, 4])", x);
    sample("aten::view", "a.view([-1])", x);
    sample("aten::permute", "a.permute([2, 0, 1])", x);
    sample("aten::permute", "torch.permute(a, [1, 2, 0])", x);
  }

  @Test
  void samePaddingConv3d() {
    sample(
        "aten::conv3d.padding",
        "torch.conv3d(a, b, c, [1, 1, 1], 'same', [1, 2, 1])",
        randn(1, 2, 4, 5, 3),
        randn(3, 2, 3, 2, 3),
        randn(3));
    sample(
        "aten::conv3d.padding",
        "torch.conv3d(a, b, None, [1], 'valid', [1], 2)",
        f64(randn(2, 4, 3, 3, 3)),
        f64(randn(2, 2, 2, 2, 2)));
  }
}
