package dev.torch2jax.examples.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.torch.TorchFunction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ViT-B/16 built in Java: names and shapes of the full model, forward of a reduced config. */
class VitB16Test {
  @TempDir static Path dir;

  @Test
  void fullModelHasTorchvisionNamesShapesAndSize() {
    torch.manual_seed(0);
    JitModule net = VitB16.B16.build(true);
    Map<String, Tensor> p = ModelParameters.names(net);
    assertEquals(86_567_656L, p.values().stream().mapToLong(Tensor::numel).sum());
    assertArrayEquals(new long[] {768, 3, 16, 16}, p.get("conv_proj.weight").shape());
    assertArrayEquals(new long[] {1, 1, 768}, p.get("class_token").shape());
    assertArrayEquals(new long[] {1, 197, 768}, p.get("encoder.pos_embedding").shape());
    String l0 = "encoder.layers.encoder_layer_0.";
    assertArrayEquals(new long[] {768}, p.get(l0 + "ln_1.weight").shape());
    assertArrayEquals(new long[] {2304, 768}, p.get(l0 + "self_attention.in_proj_weight").shape());
    assertArrayEquals(new long[] {2304}, p.get(l0 + "self_attention.in_proj_bias").shape());
    assertArrayEquals(new long[] {768, 768}, p.get(l0 + "self_attention.out_proj.weight").shape());
    assertArrayEquals(new long[] {3072, 768}, p.get(l0 + "mlp.0.weight").shape());
    assertArrayEquals(new long[] {768, 3072}, p.get(l0 + "mlp.3.weight").shape());
    assertArrayEquals(new long[] {768}, p.get("encoder.layers.encoder_layer_11.ln_2.bias").shape());
    assertArrayEquals(new long[] {768}, p.get("encoder.ln.weight").shape());
    assertArrayEquals(new long[] {1000, 768}, p.get("heads.head.weight").shape());
    assertEquals(152, p.size());
  }

  @Test
  void reducedConfigJittedForwardMatchesLibtorch() {
    VitB16 small = new VitB16(64, 16, 2, 12, 768, 3072, 1000);
    JitModule net = small.buildSaveAndLoad(dir.resolve("vit.pt"), 0, false);
    Tensor x = torch.randn(2, 3, 64, 64);
    Tensor expected = ModelChecks.forward(net, x);
    Fn fast = Jax.jit(T2J.t2j(net));
    Array y = (Array) fast.apply(T2J.stateDict(net), T2J.t2j(x));
    assertArrayEquals(new long[] {2, 1000}, y.shape());
    double err = ModelChecks.maxAbsError(expected, y);
    System.out.println("ViT (2 layers, 64x64, batch 2): max abs error vs libtorch " + err);
    assertTrue(err <= 1e-3, "max abs error " + err);
  }

  @Test
  void reducedConfigGradientOfSumOfSquaredLogitsMatchesAutograd() {
    VitB16 small = new VitB16(32, 16, 2, 4, 64, 128, 10);
    JitModule net = small.buildSaveAndLoad(dir.resolve("vit-grad.pt"), 1, false);
    TorchFunction model = T2J.t2j(net);
    Tensor x = torch.randn(2, 3, 32, 32);
    Fn loss =
        args -> {
          @SuppressWarnings("unchecked")
          Map<String, Array> p = (Map<String, Array>) args[0];
          return Jnp.sum(Jnp.square((Array) model.call(p, args[1])));
        };
    @SuppressWarnings("unchecked")
    Map<String, Array> g =
        (Map<String, Array>) Jax.jit(Jax.grad(loss)).apply(T2J.stateDict(net), T2J.t2j(x));

    JitModule copy = net.deepcopy();
    copy.eval();
    Map<String, Tensor> tp = ModelParameters.names(copy);
    tp.values().forEach(t -> t.set_requires_grad(true));
    Tensor y = ModelChecks.forward(copy, x);
    y.mul(y).sum().backward();
    assertEquals(tp.keySet(), g.keySet());
    double worst = 0;
    String worstKey = null;
    for (String k : List.copyOf(tp.keySet())) {
      double rel = ModelChecks.relativeError(tp.get(k).grad(), g.get(k));
      if (rel > worst) {
        worst = rel;
        worstKey = k;
      }
    }
    System.out.println(
        "ViT (2 layers, 32x32) gradient: worst relative error " + worst + " (" + worstKey + ")");
    assertTrue(worst <= 1e-3, "relative error " + worst + " for " + worstKey);
  }
}
