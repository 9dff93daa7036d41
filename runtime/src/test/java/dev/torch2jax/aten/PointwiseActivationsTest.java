package dev.torch2jax.aten;

import static dev.torch2jax.aten.PointwiseOracle.check;
import static dev.torch2jax.aten.PointwiseOracle.checkBothThrow;
import static dev.torch2jax.aten.PointwiseOracle.sample;

import dev.torch2jax.DType;
import dev.torch2jax.aten.PointwiseOracle.Dist;
import dev.torch2jax.aten.PointwiseOracle.T;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Activation functions against libtorch, with their keyword variations. */
class PointwiseActivationsTest {
  /** One call: the overload, its TorchScript, the arguments after {@code self}. */
  record A(String overload, String torch, Object... extra) {
    @Override
    public String toString() {
      return torch + java.util.Arrays.toString(extra);
    }

    Object[] args(T x) {
      Object[] all = new Object[extra.length + 1];
      all[0] = x;
      System.arraycopy(extra, 0, all, 1, extra.length);
      return all;
    }
  }

  static Stream<A> ops() {
    return Stream.of(
        new A("aten::relu6", "torch.relu6(a0)"),
        new A("aten::hardtanh", "torch.hardtanh(a0)", -1L, 1L),
        new A("aten::hardtanh", "torch.hardtanh(a0, a1, a2)", -0.5, 2.0),
        new A("aten::leaky_relu", "torch.leaky_relu(a0)", 0.01),
        new A("aten::leaky_relu", "torch.leaky_relu(a0, a1)", 0.2),
        new A("aten::gelu", "torch.gelu(a0)", "none"),
        new A("aten::gelu", "torch.gelu(a0, approximate=a1)", "tanh"),
        new A("aten::silu", "torch.silu(a0)"),
        new A("aten::mish", "torch.mish(a0)"),
        new A("aten::hardswish", "torch.hardswish(a0)"),
        new A("aten::hardsigmoid", "torch.hardsigmoid(a0)"),
        new A("aten::elu", "torch.elu(a0)", 1L, 1L, 1L),
        new A("aten::elu", "torch.elu(a0, a1, a2, a3)", 0.7, 1.3, 2.0),
        new A("aten::celu", "torch.celu(a0, a1)", 0.5),
        new A("aten::selu", "torch.selu(a0)"),
        new A("aten::softplus", "torch.softplus(a0)", 1L, 20L),
        new A("aten::softplus", "torch.softplus(a0, a1, a2)", 2.0, 3.0),
        new A("aten::log_sigmoid", "torch.log_sigmoid(a0)"),
        new A("aten::threshold", "torch.threshold(a0, a1, a2)", 0.5, -3.0),
        new A("aten::glu", "torch.glu(a0, a1)", -1L),
        new A("aten::glu", "torch.glu(a0, a1)", 0L));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void matchesLibtorch(A op) {
    Random rng = new Random(op.toString().hashCode());
    for (DType d : PointwiseUnaryTest.FLOAT) {
      // WIDE reaches the saturated parts (|x| > 3 for hardswish, beta * x > threshold, ...).
      check(op.overload(), op.torch(), op.args(sample(rng, d, Dist.WIDE, 4, 6)));
      // libtorch's vectorized float32 gelu gives NaN at +inf (float64 and we give +inf).
      if (!(op.overload().equals("aten::gelu") && d == DType.F32)) {
        check(op.overload(), op.torch(), op.args(sample(rng, d, Dist.SPECIAL, 2, 6)));
      }
    }
    if (!op.overload().equals("aten::glu")) {
      check(op.overload(), op.torch(), op.args(sample(rng, DType.F32, Dist.DEFAULT)));
      check(op.overload(), op.torch(), op.args(sample(rng, DType.F32, Dist.DEFAULT, 0)));
    }
    check(op.overload(), op.torch(), op.args(sample(rng, DType.F64, Dist.WIDE, 2, 4)));
  }

  @Test
  void integerInputs() {
    Random rng = new Random(31);
    for (DType d : new DType[] {DType.I32, DType.I64}) {
      T x = sample(rng, d, Dist.WIDE, 2, 3);
      check("aten::relu6", "torch.relu6(a0)", x);
      check("aten::hardtanh", "torch.hardtanh(a0, a1, a2)", x, -2.5, 4.5);
      check("aten::threshold", "torch.threshold(a0, a1, a2)", x, 1L, 100L);
      checkBothThrow("aten::gelu", "torch.gelu(a0)", x, "none");
    }
    checkBothThrow("aten::glu", "torch.glu(a0, a1)", sample(rng, DType.F32, Dist.DEFAULT, 3), 0L);
  }

  @Test
  void inPlaceTwins() {
    Random rng = new Random(32);
    T x = sample(rng, DType.F32, Dist.WIDE, 2, 3);
    check("aten::relu6_", "torch.relu6(a0)", x);
    check("aten::gelu_", "torch.gelu(a0, approximate=a1)", x, "tanh");
    check("aten::hardswish_", "torch.hardswish(a0)", x);
    check("aten::leaky_relu_", "torch.leaky_relu(a0, a1)", x, 0.1);
  }
}
