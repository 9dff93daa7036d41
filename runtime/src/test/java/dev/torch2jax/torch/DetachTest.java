package dev.torch2jax.torch;

import static dev.torch2jax.torch.Scripts.assertValues;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import org.bytedeco.pytorch.Function;
import org.junit.jupiter.api.Test;

/** {@code detach()} in TorchScript stops gradients, as libtorch's autograd does. */
class DetachTest {
  private static final Function F =
      Scripts.function(
          """
          def f(x):
              y = x.detach() * x
              return y.sum()
          """,
          "f");

  @Test
  void detachedFactorGetsNoGradient() {
    Fn g = Jax.grad(T2J.t2j(F));
    // d/dx sum(stop(x) * x) = x, where libtorch's autograd gives the same.
    assertValues(new float[] {1.5f, -2f}, g.apply(Array.of(new float[] {1.5f, -2f})));
    assertValues(new float[] {1.5f, -2f}, Jax.jit(g).apply(Array.of(new float[] {1.5f, -2f})));
    org.bytedeco.pytorch.Tensor t = Scripts.tensor(new float[] {1.5f, -2f}, 2).requires_grad_(true);
    t.detach().mul(t).sum().backward();
    assertValues(new float[] {1.5f, -2f}, T2J.t2j(t.grad()));
  }
}
