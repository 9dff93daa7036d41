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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ResNet-18 built in Java, saved and loaded back, converted: forward and gradient vs libtorch. */
class ResNet18Test {
  @TempDir static Path dir;
  private static JitModule net;

  @BeforeAll
  static void buildSaveAndLoad() {
    net = ResNet18.buildSaveAndLoad(dir.resolve("resnet18.pt"), 0, 1000);
  }

  @Test
  void stateDictHasTorchvisionNamesAndShapes() {
    Map<String, Array> sd = T2J.stateDict(net);
    assertEquals(122, sd.size(), "62 parameters + 60 buffers, as torchvision's resnet18");
    assertArrayEquals(new long[] {64, 3, 7, 7}, sd.get("conv1.weight").shape());
    assertArrayEquals(new long[0], sd.get("bn1.num_batches_tracked").shape());
    assertArrayEquals(new long[] {64, 64, 3, 3}, sd.get("layer1.0.conv1.weight").shape());
    assertArrayEquals(new long[] {64}, sd.get("layer1.1.bn2.running_var").shape());
    assertArrayEquals(new long[] {128, 64, 1, 1}, sd.get("layer2.0.downsample.0.weight").shape());
    assertArrayEquals(new long[] {128}, sd.get("layer2.0.downsample.1.running_mean").shape());
    assertArrayEquals(new long[] {512, 512, 3, 3}, sd.get("layer4.1.conv2.weight").shape());
    assertArrayEquals(new long[] {1000, 512}, sd.get("fc.weight").shape());
    assertArrayEquals(new long[] {1000}, sd.get("fc.bias").shape());
    assertEquals(
        11_689_512L, ModelParameters.names(net).values().stream().mapToLong(Tensor::numel).sum());
  }

  @Test
  void jittedForwardMatchesLibtorch() {
    TorchFunction model = T2J.t2j(net);
    Map<String, Array> params = T2J.stateDict(net);
    Tensor x = torch.randn(1, 3, 64, 64);
    Tensor expected = ModelChecks.forward(net, x);
    Fn fast = Jax.jit(model);
    Array y = (Array) fast.apply(params, T2J.t2j(x));
    assertArrayEquals(new long[] {1, 1000}, y.shape());
    double err = ModelChecks.maxAbsError(expected, y);
    System.out.println("ResNet-18 64x64 batch 1: max abs error vs libtorch " + err);
    assertTrue(err <= 1e-4, "max abs error " + err);
  }

  @Test
  void gradientOfSumOfSquaredLogitsMatchesAutograd() {
    TorchFunction model = T2J.t2j(net);
    Map<String, Array> all = T2J.stateDict(net);
    Map<String, Tensor> torchParams = ModelParameters.names(net);
    Map<String, Array> params = new LinkedHashMap<>();
    Map<String, Array> buffers = new LinkedHashMap<>();
    all.forEach((k, v) -> (torchParams.containsKey(k) ? params : buffers).put(k, v));
    Tensor x = torch.randn(1, 3, 64, 64);
    Fn loss =
        args -> {
          @SuppressWarnings("unchecked")
          Map<String, Array> p = new LinkedHashMap<>((Map<String, Array>) args[0]);
          @SuppressWarnings("unchecked")
          Map<String, Array> b = (Map<String, Array>) args[1];
          p.putAll(b);
          return Jnp.sum(Jnp.square((Array) model.call(p, args[2])));
        };
    @SuppressWarnings("unchecked")
    Map<String, Array> g =
        (Map<String, Array>) Jax.jit(Jax.grad(loss)).apply(params, buffers, T2J.t2j(x));

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
    System.out.println("ResNet-18 gradient: worst relative error " + worst + " (" + worstKey + ")");
    assertTrue(worst <= 1e-3, "relative error " + worst + " for " + worstKey);
  }
}
