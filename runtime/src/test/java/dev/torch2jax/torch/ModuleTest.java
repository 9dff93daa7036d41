package dev.torch2jax.torch;

import static dev.torch2jax.torch.Scripts.assertMatches;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
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

/**
 * Module trees built in Java with libtorch's TorchScript compiler, saved to {@code .pt} and loaded
 * back as a user loads a file saved in Python, then converted and checked against libtorch.
 */
class ModuleTest {
  @TempDir static Path dir;
  private static JitModule net;

  private static JitModule linear(String name, long in, long out) {
    JitModule m = Scripts.module(name);
    m.register_parameter("weight", torch.randn(out, in), false);
    m.register_parameter("bias", torch.randn(out), false);
    Scripts.define(
        m,
        """
        def forward(self, x):
            return torch.linear(x, self.weight, self.bias)
        """);
    return m;
  }

  private static JitModule batchNorm(String name, long c) {
    JitModule m = Scripts.module(name);
    m.register_parameter("weight", torch.rand(c).add(new org.bytedeco.pytorch.Scalar(0.5)), false);
    m.register_parameter("bias", torch.randn(c), false);
    m.register_buffer("running_mean", torch.randn(c));
    m.register_buffer("running_var", torch.rand(c).add(new org.bytedeco.pytorch.Scalar(0.5)));
    m.register_buffer("num_batches_tracked", Tensor.create(new long[] {0}, new long[0]));
    Scripts.define(
        m,
        """
        def forward(self, x):
            return torch.batch_norm(x, self.weight, self.bias, self.running_mean,
                                    self.running_var, self.training, 0.1, 1e-5, False)
        """);
    return m;
  }

  @BeforeAll
  static void buildSaveAndLoad() {
    torch.manual_seed(7);
    JitModule block = Scripts.module("Block");
    block.register_module("fc", linear("Lin1", 4, 3));
    block.register_module("bn", batchNorm("BN", 3));
    block.register_buffer("scale", torch.rand(3).add(new org.bytedeco.pytorch.Scalar(0.5)));
    Scripts.define(
        block,
        """
        def forward(self, x):
            y = self.bn.forward(self.fc.forward(x))
            y = torch.dropout(y, 0.5, self.training)
            return torch.relu(y) * self.scale
        """);
    JitModule top = Scripts.module("Net");
    top.register_module("block", block);
    top.register_module("head", linear("Lin2", 3, 2));
    Scripts.define(
        top,
        """
        def helper(self, y, n: int):
            if n > 1:
                y = y * n
            return y

        def forward(self, x):
            h = self.block.forward(x)
            out = self.head.forward(h)
            return self.helper(out, 2), h.size(1)
        """);
    Path file = dir.resolve("net.pt");
    top.save(file.toString());
    net = torch.load(file.toString());
    net.eval();
  }

  @Test
  void stateDictKeysAreStateDictKeys() {
    Map<String, Array> sd = T2J.stateDict(net);
    assertEquals(
        List.of(
            "block.scale",
            "block.fc.weight",
            "block.fc.bias",
            "block.bn.weight",
            "block.bn.bias",
            "block.bn.running_mean",
            "block.bn.running_var",
            "block.bn.num_batches_tracked",
            "head.weight",
            "head.bias"),
        List.copyOf(sd.keySet()));
    assertEquals(sd.keySet(), T2J.t2j(net).stateDictKeys());
  }

  @Test
  void forwardMatchesLibtorchEagerJitAndVmap() {
    TorchFunction model = T2J.t2j(net);
    Map<String, Array> params = T2J.stateDict(net);
    Tensor x = torch.randn(5, 4);
    org.bytedeco.pytorch.IValue ref = Scripts.eager(net, x);
    Tensor e0 = Scripts.tupleTensor(ref, 0);
    org.bytedeco.pytorch.Tuple tuple = ref.toTuple();
    long e1 = tuple.elements().get(1).toInt();
    java.lang.ref.Reference.reachabilityFence(tuple);
    List<?> out = (List<?>) model.call(params, T2J.t2j(x));
    assertMatches(e0, out.get(0));
    assertEquals(e1, out.get(1));

    Fn jitted = Jax.jit(model);
    List<?> j = (List<?>) jitted.apply(params, T2J.t2j(x));
    assertMatches(e0, j.get(0));
    assertEquals(3L, j.get(1));

    // vmap over a batch of inputs with shared parameters: rows are independent in eval mode.
    Fn v = Jax.vmap(args -> ((List<?>) model.call(params, args[0])).get(0));
    Array xs = Jnp.reshape(T2J.t2j(x), 5, 1, 4);
    Array vy = (Array) v.apply(xs);
    assertMatches(e0.reshape(5, 1, 2), vy);
  }

  @Test
  void callingWithUpdatedParametersUsesThem() {
    TorchFunction model = T2J.t2j(net);
    Map<String, Array> params = new LinkedHashMap<>(T2J.stateDict(net));
    params.put("head.bias", Array.of(new float[] {100, -100}));
    Tensor x = torch.randn(2, 4);
    Tensor base = Scripts.tupleTensor(Scripts.eager(net, x), 0);
    Array y = (Array) ((List<?>) model.call(params, T2J.t2j(x))).get(0);
    Array original = (Array) ((List<?>) model.call(T2J.stateDict(net), T2J.t2j(x))).get(0);
    assertMatches(base, original);
    float[] a = y.toFloatArray();
    float[] b = original.toFloatArray();
    float[] oldBias = T2J.stateDict(net).get("head.bias").toFloatArray();
    // forward doubles the head's output (helper), so the bias change counts twice.
    assertEquals(b[0] + 2 * (100 - oldBias[0]), a[0], 1e-3);
    assertEquals(b[1] + 2 * (-100 - oldBias[1]), a[1], 1e-3);
  }

  @Test
  void gradientWithRespectToTheStateDictMatchesAutograd() {
    TorchFunction model = T2J.t2j(net);
    Map<String, Array> params = T2J.stateDict(net);
    Tensor x = torch.randn(3, 4);
    Fn loss =
        args -> {
          @SuppressWarnings("unchecked")
          Map<String, Array> p = (Map<String, Array>) args[0];
          Array y = (Array) ((List<?>) model.call(p, args[1])).get(0);
          return Jnp.sum(Jnp.square(y));
        };
    @SuppressWarnings("unchecked")
    Map<String, Array> g = (Map<String, Array>) Jax.grad(loss).apply(params, T2J.t2j(x));
    @SuppressWarnings("unchecked")
    Map<String, Array> gj = (Map<String, Array>) Jax.jit(Jax.grad(loss)).apply(params, T2J.t2j(x));

    // libtorch autograd on a copy of the module.
    JitModule copy = net.deepcopy();
    copy.eval();
    Map<String, Tensor> tensors = T2J.stateTensors(copy);
    for (String k :
        List.of(
            "block.fc.weight",
            "block.fc.bias",
            "block.bn.weight",
            "block.bn.bias",
            "head.weight",
            "head.bias")) {
      tensors.get(k).set_requires_grad(true);
    }
    Tensor y =
        Scripts.tupleTensor(
            copy.forward(new org.bytedeco.pytorch.IValueVector(new org.bytedeco.pytorch.IValue(x))),
            0);
    y.mul(y).sum().backward();
    for (String k :
        List.of(
            "block.fc.weight",
            "block.fc.bias",
            "block.bn.weight",
            "block.bn.bias",
            "head.weight",
            "head.bias")) {
      assertMatches(tensors.get(k).grad(), g.get(k));
      assertMatches(tensors.get(k).grad(), gj.get(k));
    }
    assertEquals(params.keySet(), g.keySet());
  }

  @Test
  void stateDictErrorsListEveryProblem() {
    TorchFunction model = T2J.t2j(net);
    Map<String, Array> params = new LinkedHashMap<>(T2J.stateDict(net));
    params.remove("head.bias");
    params.remove("block.bn.running_var");
    params.put("head.extra", Array.of(new float[] {1}));
    params.put("block.fc.weight", Array.of(new float[12], 4, 3));
    params.put("block.scale", Array.of(new double[] {1, 2, 3}));
    StateDictException e =
        assertThrows(
            StateDictException.class, () -> model.call(params, Array.of(new float[4], 1, 4)));
    assertEquals(List.of("block.bn.running_var", "head.bias"), e.missing());
    assertEquals(List.of("head.extra"), e.unexpected());
    assertEquals(2, e.mismatched().size());
    assertTrue(
        e.getMessage()
            .contains("size mismatch for block.fc.weight: got shape [4, 3], the module has [3, 4]"),
        e.getMessage());
    assertTrue(
        e.getMessage()
            .contains("dtype mismatch for block.scale: got float64, the module has float32"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("Missing key(s): block.bn.running_var, head.bias"), e.getMessage());
  }

  /**
   * A module in training mode runs (batch statistics, dropout from the key; numbers against
   * libtorch are in the examples' TrainingModeTest); overridden to eval per call it matches
   * libtorch's eval.
   */
  @Test
  void trainingModeModuleRunsAndCanBeEvaluatedPerCall() {
    JitModule training = net.deepcopy();
    training.train(true);
    TorchFunction model = T2J.t2j(training);
    Map<String, Array> state = T2J.stateDict(training);
    Array x = T2J.t2j(torch.randn(2, 4));
    Array key = dev.torch2jax.Random.key(3);
    List<?> a = (List<?>) model.callWithState(key, state, x).get(0);
    List<?> b = (List<?>) model.callWithState(key, state, x).get(0);
    assertEquals(
        java.util.Arrays.toString(((Array) a.get(0)).toFloatArray()),
        java.util.Arrays.toString(((Array) b.get(0)).toFloatArray()),
        "the same key gives the same dropout mask");
    Tensor t = torch.randn(2, 4);
    Scripts.assertSameResult(Scripts.eager(net, t), model.training(false).call(state, T2J.t2j(t)));
  }

  @Test
  void trainingModeModuleWithoutModeDependentOpsRuns() {
    JitModule lin = linear("TrainLin", 4, 3);
    assertTrue(lin.is_training());
    Tensor x = torch.randn(2, 4);
    Scripts.assertMatches(
        Scripts.tensorOf(Scripts.eager(lin, x)), T2J.t2j(lin).call(T2J.stateDict(lin), T2J.t2j(x)));
  }
}
