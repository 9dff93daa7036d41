package dev.torch2jax.torch;

import static dev.torch2jax.torch.Scripts.assertMatches;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Lowered;
import dev.torch2jax.PluginRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TorchScript module lowered with {@link Jax#lower}, its module compiled and run by the plugin
 * directly: equal to {@code jit} and to libtorch, whether the state dict is an argument or closed
 * over.
 */
class LowerTorchModuleTest {
  @TempDir static Path dir;
  private static JitModule net;

  @BeforeAll
  static void buildSaveAndLoad() {
    torch.manual_seed(11);
    JitModule m = Scripts.module("Small");
    m.register_parameter("weight", torch.randn(3, 4), false);
    m.register_parameter("bias", torch.randn(3), false);
    m.register_buffer("scale", torch.rand(3).add(new Scalar(0.5)));
    Scripts.define(
        m,
        """
        def forward(self, x):
            return torch.relu(torch.linear(x, self.weight, self.bias)) * self.scale
        """);
    Path file = dir.resolve("small.pt");
    m.save(file.toString());
    net = torch.load(file.toString());
    net.eval();
  }

  @Test
  void stateDictAsArgumentsInSortedKeyOrder() {
    TorchFunction model = T2J.t2j(net);
    Map<String, Array> params = T2J.stateDict(net);
    Tensor x = torch.randn(5, 4);
    Lowered lowered = Jax.lower(model, params, T2J.t2j(x));
    // Nothing is closed over (relu's zero is a constant of the program): bias, scale, weight
    // (sorted keys) and x.
    assertEquals(0, lowered.constants().size());
    assertEquals(
        List.of("f32[3]", "f32[3]", "f32[3,4]", "f32[5,4]"),
        lowered.inputTypes().stream().map(Object::toString).toList());
    List<Array> direct = PluginRunner.run(lowered.asText(), lowered.arguments(params, T2J.t2j(x)));
    Tensor expected = Scripts.eager(net, x).toTensor();
    assertMatches(expected, direct.getFirst());
    Array jitted = (Array) Jax.jit(model).apply(params, T2J.t2j(x));
    assertArrayEquals(jitted.toFloatArray(), direct.getFirst().toFloatArray(), 0f);
  }

  @Test
  void closedOverStateDictBecomesLeadingParameters() {
    TorchFunction model = T2J.t2j(net);
    Map<String, Array> params = T2J.stateDict(net);
    Fn forward = args -> model.call(params, args[0]);
    Tensor x = torch.randn(2, 4);
    Lowered lowered = Jax.lower(forward, T2J.t2j(x));
    // The state dict's three arrays are closed over; x is the only argument.
    assertEquals(3, lowered.constants().size());
    for (Array p : params.values()) {
      assertTrue(lowered.constants().contains(p), p.toString());
    }
    assertEquals(4, lowered.inputTypes().size());
    List<Array> direct = PluginRunner.run(lowered.asText(), lowered.arguments(T2J.t2j(x)));
    assertMatches(Scripts.eager(net, x).toTensor(), direct.getFirst());
    Array jitted = (Array) Jax.jit(forward).apply(T2J.t2j(x));
    assertArrayEquals(jitted.toFloatArray(), direct.getFirst().toFloatArray(), 0f);
  }
}
