package dev.torch2jax.torch;

import static dev.torch2jax.torch.Scripts.assertMatches;
import static dev.torch2jax.torch.Scripts.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import org.bytedeco.pytorch.Function;
import org.junit.jupiter.api.Test;

/** The seed's example: {@code x.add_(1); x.mul_(2); return x}, under every transformation. */
class SeedExamplesTest {
  private static final Function F =
      Scripts.function(
          """
          def f(x):
              x.add_(1)
              x.mul_(2)
              return x
          """,
          "f");

  @Test
  void runsOpByOpAndMatchesLibtorch() {
    TorchFunction f = T2J.t2j(F);
    Array x = Array.of(new float[] {3});
    assertValues(new float[] {8}, f.apply(x));
    assertValues(new float[] {3}, x); // the caller's array is not mutated
    assertMatches(
        Scripts.tensorOf(Scripts.eager(F, Scripts.tensor(new float[] {3}, 1))), f.apply(x));
  }

  @Test
  void vmapOverRows() {
    Fn v = Jax.vmap(T2J.t2j(F));
    Array xs = Array.of(new float[] {1, 2, 3}, 3, 1);
    Array out = (Array) v.apply(xs);
    assertArrayEquals(new long[] {3, 1}, out.shape());
    assertValues(new float[] {4, 6, 8}, out);
    assertValues(new float[] {4, 6, 8}, Jax.jit(v).apply(xs));
  }

  @Test
  void gradOfTheSum() {
    TorchFunction f = T2J.t2j(F);
    Fn g = Jax.grad(args -> Jnp.sum((Array) f.apply(args[0])));
    assertValues(new float[] {2}, g.apply(Array.of(new float[] {2})));
    assertValues(new float[] {2}, Jax.jit(g).apply(Array.of(new float[] {2})));
  }

  @Test
  void underJit() {
    Fn j = Jax.jit(T2J.t2j(F));
    assertValues(new float[] {8}, j.apply(Array.of(new float[] {3})));
    assertValues(new float[] {0, 8}, j.apply(Array.of(new float[] {-1, 3})));
  }
}
