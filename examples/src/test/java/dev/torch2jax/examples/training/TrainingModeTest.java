package dev.torch2jax.examples.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.Random;
import dev.torch2jax.examples.models.ModelParameters;
import dev.torch2jax.torch.StateDictException;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.torch.TorchFunction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * Modules saved from Python in {@code train()} mode (scripts/fixtures/make_training.py): batch-norm
 * outputs and running statistics over several steps against libtorch, which updates its buffers in
 * place; gradients through batch statistics against autograd; dropout from keys.
 */
class TrainingModeTest {
  private static final String[] BUFFERS = {
    "bn.running_mean", "bn.running_var", "bn.num_batches_tracked",
    "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked"
  };

  private static JitModule load(String name) throws Exception {
    Path p = Path.of(TrainingModeTest.class.getResource("/training/" + name).toURI());
    return torch.load(p.toString());
  }

  private static Tensor forward(JitModule m, Tensor x) {
    IValue out = m.forward(new IValueVector(new IValue(x)));
    Tensor t = out.toTensor().clone();
    java.lang.ref.Reference.reachabilityFence(out);
    return t;
  }

  private static void assertClose(String what, Tensor expected, Array actual, double tol) {
    double[] e = T2J.t2j(expected).toDoubleArray();
    double[] a = Jnp.astype(actual, DType.F64).toDoubleArray();
    assertEquals(e.length, a.length, what + ": size");
    double scale = 1e-12;
    double err = 0;
    for (int i = 0; i < e.length; i++) {
      scale = Math.max(scale, Math.abs(e[i]));
      err = Math.max(err, Math.abs(e[i] - a[i]));
    }
    assertTrue(err / Math.max(scale, 1) <= tol, "%s: error %s".formatted(what, err));
  }

  @Test
  void batchNormOutputsAndRunningStatisticsFollowLibtorchOverSteps() throws Exception {
    JitModule m = load("small_net.script.pt");
    assertTrue(m.is_training(), "the fixture is saved in train() mode");
    TorchFunction f = T2J.t2j(m);
    Map<String, Array> eager = T2J.stateDict(m);
    Map<String, Array> jitted = eager;
    Fn step =
        Jax.jit(
            a -> {
              @SuppressWarnings("unchecked")
              Map<String, Array> s = (Map<String, Array>) a[0];
              return f.callWithState(s, a[1]);
            });
    torch.manual_seed(1);
    for (int i = 0; i < 3; i++) {
      Tensor x = torch.randn(4, 3, 8, 8);
      Tensor expected = forward(m, x);
      List<Object> r = f.callWithState(eager, T2J.t2j(x));
      @SuppressWarnings("unchecked")
      List<Object> rj = (List<Object>) step.apply(jitted, T2J.t2j(x));
      assertClose("output of step " + i, expected, (Array) r.get(0), 1e-4);
      assertClose("jitted output of step " + i, expected, (Array) rj.get(0), 1e-4);
      @SuppressWarnings("unchecked")
      Map<String, Array> next = (Map<String, Array>) r.get(1);
      @SuppressWarnings("unchecked")
      Map<String, Array> nextJit = (Map<String, Array>) rj.get(1);
      Map<String, Tensor> buffers = buffersOf(m);
      for (String k : BUFFERS) {
        assertClose(k + " after step " + i, buffers.get(k), next.get(k), 1e-5);
        assertClose(k + " after jitted step " + i, buffers.get(k), nextJit.get(k), 1e-5);
      }
      assertEquals(eager.keySet(), next.keySet());
      assertSame(eager.get("conv.weight"), next.get("conv.weight"), "parameters pass through");
      eager = next;
      jitted = nextJit;
    }
  }

  /**
   * {@code momentum=None}: the module reads {@code num_batches_tracked} as a number for the
   * cumulative average; under jit that number is traced and the statistics still match libtorch.
   */
  @Test
  void cumulativeAverageMomentumNoneFollowsLibtorch() throws Exception {
    JitModule m = load("cumulative_norm.script.pt");
    TorchFunction f = T2J.t2j(m);
    Map<String, Array> state = T2J.stateDict(m);
    Fn step =
        Jax.jit(
            a -> {
              @SuppressWarnings("unchecked")
              Map<String, Array> s = (Map<String, Array>) a[0];
              return f.callWithState(s, a[1]);
            });
    for (int i = 0; i < 3; i++) {
      Tensor x = torch.randn(5, 6);
      Tensor expected = forward(m, x);
      List<?> r = (List<?>) step.apply(state, T2J.t2j(x));
      assertClose("output of step " + i, expected, (Array) r.get(0), 1e-4);
      @SuppressWarnings("unchecked")
      Map<String, Array> next = (Map<String, Array>) r.get(1);
      IValue bn = m.attr("bn");
      JitModule bnModule = new JitModule(bn.toObject());
      for (String k : List.of("running_mean", "running_var", "num_batches_tracked")) {
        Tensor t = bnModule.attr(k).toTensor().clone();
        assertClose("bn." + k + " after step " + i, t, next.get("bn." + k), 1e-5);
      }
      java.lang.ref.Reference.reachabilityFence(bn);
      state = next;
    }
  }

  @Test
  void gradientsThroughBatchStatisticsMatchAutograd() throws Exception {
    JitModule m = load("small_net.script.pt");
    TorchFunction f = T2J.t2j(m);
    Map<String, Tensor> torchParams = ModelParameters.names(m);
    Map<String, Array> params = new LinkedHashMap<>();
    Map<String, Array> buffers = new LinkedHashMap<>();
    T2J.stateDict(m).forEach((k, v) -> (torchParams.containsKey(k) ? params : buffers).put(k, v));
    Tensor x = torch.randn(4, 3, 8, 8);
    Fn loss =
        a -> {
          @SuppressWarnings("unchecked")
          Map<String, Array> s = new LinkedHashMap<>((Map<String, Array>) a[0]);
          @SuppressWarnings("unchecked")
          Map<String, Array> b = (Map<String, Array>) a[1];
          s.putAll(b);
          Array y = (Array) f.callWithState(s, a[2]).get(0);
          return Jnp.sum(Jnp.square(y));
        };
    @SuppressWarnings("unchecked")
    Map<String, Array> g =
        (Map<String, Array>) Jax.jit(Jax.grad(loss)).apply(params, buffers, T2J.t2j(x));
    torchParams.values().forEach(t -> t.set_requires_grad(true));
    Tensor y = forward(m, x);
    y.mul(y).sum().backward();
    assertEquals(torchParams.keySet(), g.keySet());
    for (Map.Entry<String, Tensor> e : torchParams.entrySet()) {
      assertClose("gradient of " + e.getKey(), e.getValue().grad(), g.get(e.getKey()), 1e-3);
    }
  }

  @Test
  void dropoutDrawsFromTheKey() throws Exception {
    JitModule m = load("small_net_dropout.script.pt");
    TorchFunction f = T2J.t2j(m);
    Map<String, Array> state = T2J.stateDict(m);
    Array x = T2J.t2j(torch.randn(4, 3, 8, 8));
    Fn step =
        Jax.jit(
            a -> {
              @SuppressWarnings("unchecked")
              Map<String, Array> s = (Map<String, Array>) a[1];
              return f.callWithState((Array) a[0], s, a[2]).get(0);
            });
    float[] a = ((Array) step.apply(Random.key(1), state, x)).toFloatArray();
    float[] b = ((Array) step.apply(Random.key(1), state, x)).toFloatArray();
    float[] c = ((Array) step.apply(Random.key(2), state, x)).toFloatArray();
    assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b), "same key");
    assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(c), "other key");
    float[] eval = ((Array) f.training(false).call(state, x)).toFloatArray();
    assertNotEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(eval));
  }

  /** The keep rate within four standard deviations of 1 - p, kept values scaled by 1/(1-p). */
  @Test
  void dropoutKeepsOneMinusPAndScalesTheKept() {
    org.bytedeco.pytorch.CompilationUnit cu =
        torch.compile(
            """
            def plain(x):
                return torch.dropout(x, 0.3, True)
            def channels(x):
                return torch.feature_dropout(x, 0.3, True)
            def alpha(x):
                return torch.alpha_dropout(x, 0.3, True)
            """);
    int n = 20000;
    Array ones = Jnp.ones(new long[] {n}, DType.F32);
    TorchFunction plain = T2J.t2j(cu.get_function(new org.bytedeco.pytorch.QualifiedName("plain")));
    float[] y = ((Array) plain.callWithState(Random.key(3), Map.of(), ones).get(0)).toFloatArray();
    int kept = 0;
    for (float v : y) {
      if (v != 0) {
        kept++;
        assertEquals(1 / 0.7f, v, 1e-6f);
      }
    }
    double sigma = Math.sqrt(n * 0.3 * 0.7);
    assertTrue(Math.abs(kept - 0.7 * n) < 4 * sigma, "kept " + kept + " of " + n);

    TorchFunction channels =
        T2J.t2j(cu.get_function(new org.bytedeco.pytorch.QualifiedName("channels")));
    Array planes = Jnp.ones(new long[] {50, 40, 3, 3}, DType.F32);
    float[] z =
        ((Array) channels.callWithState(Random.key(4), Map.of(), planes).get(0)).toFloatArray();
    int keptChannels = 0;
    for (int c = 0; c < 2000; c++) {
      float first = z[c * 9];
      for (int i = 1; i < 9; i++) {
        assertEquals(first, z[c * 9 + i], "a channel is kept or dropped whole");
      }
      keptChannels += first != 0 ? 1 : 0;
    }
    assertTrue(Math.abs(keptChannels - 1400) < 4 * Math.sqrt(2000 * 0.21), "" + keptChannels);

    // Alpha dropout keeps a standard normal input's mean 0 and variance 1.
    TorchFunction alpha = T2J.t2j(cu.get_function(new org.bytedeco.pytorch.QualifiedName("alpha")));
    Array normal = Random.normal(Random.key(5), new long[] {n}, DType.F32);
    double[] w =
        Jnp.astype((Array) alpha.callWithState(Random.key(6), Map.of(), normal).get(0), DType.F64)
            .toDoubleArray();
    double mean = java.util.Arrays.stream(w).average().orElseThrow();
    double var = java.util.Arrays.stream(w).map(v -> (v - mean) * (v - mean)).sum() / n;
    assertTrue(Math.abs(mean) < 0.05 && Math.abs(var - 1) < 0.08, mean + " " + var);
  }

  /**
   * Under vmap each mapped instance is a batch of its own: normalized with its own statistics, and
   * its running statistics come back along the mapped axis.
   */
  @Test
  void vmapGivesEachMappedBatchItsOwnStatistics() throws Exception {
    JitModule m = load("small_net.script.pt");
    TorchFunction f = T2J.t2j(m);
    Map<String, Array> state = T2J.stateDict(m);
    Tensor a = torch.randn(4, 3, 8, 8);
    Tensor b = torch.randn(4, 3, 8, 8).mul(new org.bytedeco.pytorch.Scalar(3.0));
    Array both = Jnp.stack(List.of(T2J.t2j(a), T2J.t2j(b)), 0);
    Fn mapped =
        Jax.vmap(
            args -> {
              @SuppressWarnings("unchecked")
              Map<String, Array> s = (Map<String, Array>) args[0];
              return f.callWithState(s, args[1]);
            },
            null,
            0);
    List<?> r = (List<?>) mapped.apply(state, both);
    @SuppressWarnings("unchecked")
    Map<String, Array> newState = (Map<String, Array>) r.get(1);
    for (int i = 0; i < 2; i++) {
      List<Object> one = f.callWithState(state, i == 0 ? T2J.t2j(a) : T2J.t2j(b));
      Array out = Jnp.get((Array) r.get(0), dev.torch2jax.Index.at(i));
      Array mean = Jnp.get(newState.get("bn.running_mean"), dev.torch2jax.Index.at(i));
      @SuppressWarnings("unchecked")
      Map<String, Array> s1 = (Map<String, Array>) one.get(1);
      assertClose("output " + i, T2J.j2t((Array) one.get(0)), out, 1e-5);
      assertClose("running mean " + i, T2J.j2t(s1.get("bn.running_mean")), mean, 1e-5);
    }
  }

  /** Instance norm with running statistics updates them with the mean over the batch. */
  @Test
  void instanceNormTrackingRunningStatisticsFollowsLibtorch() {
    org.bytedeco.pytorch.CompilationUnit cu =
        torch.compile(
            """
            def f(x, w, b, rm, rv):
                y = torch.instance_norm(x, w, b, rm, rv, True, 0.2, 1e-5, False)
                return y, rm, rv
            """);
    org.bytedeco.pytorch.Function fn = cu.get_function(new org.bytedeco.pytorch.QualifiedName("f"));
    TorchFunction f = T2J.t2j(fn);
    Tensor x = torch.randn(3, 4, 5, 5);
    Tensor w = torch.randn(4);
    Tensor b = torch.randn(4);
    Tensor rm = torch.randn(4);
    Tensor rv = torch.rand(4).add(new org.bytedeco.pytorch.Scalar(0.5));
    List<?> ours =
        (List<?>) Jax.jit(f).apply(T2J.t2j(x), T2J.t2j(w), T2J.t2j(b), T2J.t2j(rm), T2J.t2j(rv));
    IValue theirs =
        fn.apply(
            new IValueVector(
                new IValue(x), new IValue(w), new IValue(b), new IValue(rm), new IValue(rv)));
    org.bytedeco.pytorch.TupleElements e = theirs.toTuple().elements();
    String[] names = {"output", "running mean", "running var"};
    for (int i = 0; i < 3; i++) {
      assertClose(names[i], e.get(i).toTensor().clone(), (Array) ours.get(i), 1e-5);
    }
    java.lang.ref.Reference.reachabilityFence(theirs);
  }

  /** rrelu: in evaluation the mean slope (as libtorch); in training slopes drawn in range. */
  @Test
  void rreluSlopesAreInRangeInTrainingAndTheMeanInEvaluation() {
    org.bytedeco.pytorch.CompilationUnit cu =
        torch.compile(
            """
            def train(x):
                return torch.rrelu(x, 0.1, 0.3, True)
            def evaluate(x):
                return torch.rrelu(x, 0.1, 0.3, False)
            """);
    Tensor x = torch.randn(2000);
    org.bytedeco.pytorch.Function evaluateFn =
        cu.get_function(new org.bytedeco.pytorch.QualifiedName("evaluate"));
    IValue expected = evaluateFn.apply(new IValueVector(new IValue(x)));
    assertClose(
        "evaluation",
        expected.toTensor().clone(),
        (Array) T2J.t2j(evaluateFn).apply(T2J.t2j(x)),
        1e-6);
    java.lang.ref.Reference.reachabilityFence(expected);
    TorchFunction train = T2J.t2j(cu.get_function(new org.bytedeco.pytorch.QualifiedName("train")));
    float[] in = T2J.t2j(x).toFloatArray();
    float[] out =
        ((Array) train.callWithState(Random.key(9), Map.of(), T2J.t2j(x)).get(0)).toFloatArray();
    double slopes = 0;
    int negatives = 0;
    for (int i = 0; i < in.length; i++) {
      if (in[i] >= 0) {
        assertEquals(in[i], out[i], "non-negative inputs pass through");
      } else {
        double slope = out[i] / in[i];
        assertTrue(slope >= 0.1 - 1e-6 && slope <= 0.3 + 1e-6, "slope " + slope);
        slopes += slope;
        negatives++;
      }
    }
    assertEquals(0.2, slopes / negatives, 0.01, "mean slope of U(0.1, 0.3)");
  }

  @Test
  void trainingCanBeSetPerCall() throws Exception {
    JitModule m = load("small_net.script.pt");
    m.eval();
    TorchFunction f = T2J.t2j(m);
    Tensor x = torch.randn(4, 3, 8, 8);
    Map<String, Array> state = T2J.stateDict(m);
    m.train(true);
    Tensor expected = forward(m, x);
    List<Object> r = f.training(true).callWithState(state, T2J.t2j(x));
    assertClose("training output", expected, (Array) r.get(0), 1e-4);
    @SuppressWarnings("unchecked")
    Map<String, Array> next = (Map<String, Array>) r.get(1);
    assertClose(
        "running mean", buffersOf(m).get("bn.running_mean"), next.get("bn.running_mean"), 1e-5);
  }

  @Test
  void badStateAndKeysAreRefusedClearly() throws Exception {
    JitModule m = load("small_net.script.pt");
    TorchFunction f = T2J.t2j(m);
    Map<String, Array> state = new LinkedHashMap<>(T2J.stateDict(m));
    Array x = T2J.t2j(torch.randn(2, 3, 8, 8));
    state.remove("bn.running_var");
    StateDictException missing =
        assertThrows(StateDictException.class, () -> f.callWithState(state, x));
    assertTrue(missing.getMessage().contains("bn.running_var"), missing.getMessage());
    Map<String, Array> full = T2J.stateDict(m);
    IllegalArgumentException key =
        assertThrows(
            IllegalArgumentException.class,
            () -> f.callWithState(Array.of(new float[] {1, 2}), full, x));
    assertTrue(key.getMessage().contains("uint64[2]"), key.getMessage());
  }

  private static Map<String, Tensor> buffersOf(JitModule m) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(List.of(BUFFERS));
    for (String k : names) {
      String[] path = k.split("\\.");
      IValue owner = m.attr(path[0]);
      out.put(k, new JitModule(owner.toObject()).attr(path[1]).toTensor().clone());
      java.lang.ref.Reference.reachabilityFence(owner);
    }
    return out;
  }
}
