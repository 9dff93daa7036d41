package dev.torch2jax.export;

import static dev.torch2jax.export.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Index;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.torch.T2J;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Small models exported by {@code scripts/export/make_exports.py} in both dialects, run under
 * {@code jit} against Python's output, and their gradients against libtorch autograd on the
 * TorchScript form of the same module (libtorch cannot load {@code .pt2}).
 */
class ExportedModelsTest {

  @ParameterizedTest
  @CsvSource({"mlp, aten", "mlp, training", "cnn, aten", "cnn, training"})
  void matchesPythonUnderJit(String model, String dialect) {
    ExportedFunction f = T2J.load(Fixtures.path("%s.%s.pt2".formatted(model, dialect)));
    Array x = Fixtures.io(model, "x");
    Array expected = Fixtures.io(model, "y");
    assertEquals(List.of("x"), f.inputNames());
    assertClose(expected, f.call(f.stateDict(), x), 1e-4);
    assertClose(expected, Jax.jit(f).apply(f.stateDict(), x), 1e-4);
  }

  /** vmap over a stack of inputs shaped as exported: each slice as a call of its own. */
  @Test
  void vmapOverStackedInputsMatchesSeparateCalls() {
    ExportedFunction f = T2J.load(Fixtures.path("cnn.aten.pt2"));
    Array x = Fixtures.io("cnn", "x");
    Array x2 = Jnp.multiply(x, Jnp.fullLike(x, 0.5));
    Array stacked = Jnp.stack(List.of(x, x2), 0);
    Array both = (Array) Jax.vmap(f, null, 0).apply(f.stateDict(), stacked);
    assertEquals(List.of(2L, 2L, 5L), Arrays.stream(both.shape()).boxed().toList());
    assertClose((Array) f.call(f.stateDict(), x), Jnp.get(both, Index.at(0)), 1e-5);
    assertClose((Array) f.call(f.stateDict(), x2), Jnp.get(both, Index.at(1)), 1e-5);
  }

  @ParameterizedTest
  @CsvSource({"mlp, aten", "cnn, aten", "cnn, training"})
  void gradientMatchesLibtorchAutograd(String model, String dialect) {
    ExportedFunction f = T2J.load(Fixtures.path("%s.%s.pt2".formatted(model, dialect)));
    Array x = Fixtures.io(model, "x");
    Fn loss =
        args -> {
          @SuppressWarnings("unchecked")
          Map<String, Array> p = (Map<String, Array>) args[0];
          return Jnp.sum(Jnp.square((Array) f.call(p, args[1])));
        };
    @SuppressWarnings("unchecked")
    Map<String, Array> g = (Map<String, Array>) Jax.jit(Jax.grad(loss)).apply(f.stateDict(), x);

    JitModule script = torch.load(Fixtures.path(model + ".ts.pt").toString());
    script.eval();
    var params = script.named_parameters(true);
    Map<String, Tensor> tensors = new java.util.LinkedHashMap<>();
    for (var it = params.begin(); it.notEquals(params.end()); it = it.increment()) {
      var named = it.access();
      Tensor t = new Tensor(named.value());
      t.set_requires_grad(true);
      tensors.put(named.name().getString(), t);
    }
    Tensor y = script.forward(new IValueVector(new IValue(T2J.j2t(x)))).toTensor();
    y.mul(y).sum().backward();
    assertEquals(tensors.size() > 0, true);
    tensors.forEach((k, t) -> assertClose(T2J.t2j(t.grad()), g.get(k), 1e-4));
  }
}
