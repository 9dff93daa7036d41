package dev.torch2jax.examples.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.examples.models.ModelParameters;
import dev.torch2jax.optim.Optim;
import dev.torch2jax.optim.Optimizer;
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
import org.bytedeco.pytorch.SGD;
import org.bytedeco.pytorch.SGDOptions;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * The same network, saved from Python in train() mode, trained for five steps in libtorch
 * (autograd, {@code torch::optim::SGD}, buffers updated in place) and in t2j (one jitted step:
 * forward with batch statistics, gradient, SGD with momentum, new buffers): losses, parameters and
 * running statistics agree.
 */
class TrainingRunTest {
  private static final int STEPS = 5;
  private static final double LR = 0.05;
  private static final double MOMENTUM = 0.9;

  @Test
  void fiveStepsMatchLibtorch() throws Exception {
    Path file = Path.of(getClass().getResource("/training/small_net.script.pt").toURI());
    JitModule theirs = torch.load(file.toString());
    JitModule ours = torch.load(file.toString());
    TorchFunction f = T2J.t2j(ours);
    Map<String, Tensor> torchParams = ModelParameters.names(theirs);
    Map<String, Array> initialParams = new LinkedHashMap<>();
    Map<String, Array> initialBuffers = new LinkedHashMap<>();
    T2J.stateDict(ours)
        .forEach((k, v) -> (torchParams.containsKey(k) ? initialParams : initialBuffers).put(k, v));
    Map<String, Array> params = initialParams;
    Map<String, Array> buffers = initialBuffers;

    torch.manual_seed(7);
    List<Tensor> xs = new ArrayList<>();
    List<Tensor> ys = new ArrayList<>();
    for (int s = 0; s < STEPS; s++) {
      xs.add(torch.randn(8, 3, 8, 8));
      ys.add(torch.randn(8, 5));
    }

    Optimizer opt = Optim.sgd(LR).withMomentum(MOMENTUM);
    Fn lossAndState =
        Jax.valueAndGradWithAux(
            a -> {
              @SuppressWarnings("unchecked")
              Map<String, Array> state = new LinkedHashMap<>((Map<String, Array>) a[0]);
              @SuppressWarnings("unchecked")
              Map<String, Array> b = (Map<String, Array>) a[1];
              state.putAll(b);
              List<Object> r = f.callWithState(state, a[2]);
              Array d = Jnp.subtract((Array) r.get(0), (Array) a[3]);
              @SuppressWarnings("unchecked")
              Map<String, Array> next = (Map<String, Array>) r.get(1);
              Map<String, Array> newBuffers = new LinkedHashMap<>();
              b.keySet().forEach(k -> newBuffers.put(k, next.get(k)));
              return List.of(Jnp.mean(Jnp.square(d)), newBuffers);
            });
    Fn step =
        Jax.jit(
            a -> {
              List<?> vg = (List<?>) lossAndState.apply(a[0], a[2], a[3], a[4]);
              List<?> valueAndAux = (List<?>) vg.get(0);
              Optimizer.Update u = opt.update(vg.get(1), a[1], a[0]);
              return List.of(valueAndAux.get(0), u.params(), u.state(), valueAndAux.get(1));
            });
    Object optState = opt.init(params);
    List<Double> ourLosses = new ArrayList<>();
    for (int s = 0; s < STEPS; s++) {
      List<?> r =
          (List<?>) step.apply(params, optState, buffers, T2J.t2j(xs.get(s)), T2J.t2j(ys.get(s)));
      ourLosses.add(((Array) r.get(0)).item());
      @SuppressWarnings("unchecked")
      Map<String, Array> p = (Map<String, Array>) r.get(1);
      @SuppressWarnings("unchecked")
      Map<String, Array> b = (Map<String, Array>) r.get(3);
      params = p;
      optState = r.get(2);
      buffers = b;
    }

    torchParams.values().forEach(t -> t.set_requires_grad(true));
    SGDOptions options = new SGDOptions(LR);
    options.momentum().put(MOMENTUM);
    SGD sgd = new SGD(new TensorVector(torchParams.values().toArray(new Tensor[0])), options);
    for (int s = 0; s < STEPS; s++) {
      sgd.zero_grad();
      IValue out = theirs.forward(new IValueVector(new IValue(xs.get(s))));
      Tensor d = out.toTensor().sub(ys.get(s));
      Tensor loss = d.mul(d).mean();
      loss.backward();
      sgd.step();
      double expected = T2J.t2j(loss.detach()).item();
      assertEquals(expected, ourLosses.get(s), 1e-4 * expected, "loss at step " + (s + 1));
      java.lang.ref.Reference.reachabilityFence(out);
    }
    for (Map.Entry<String, Tensor> e : torchParams.entrySet()) {
      assertClose(e.getKey(), e.getValue().detach(), params.get(e.getKey()));
    }
    for (String k : buffers.keySet()) {
      String[] path = k.split("\\.");
      IValue owner = theirs.attr(path[0]);
      Tensor expected = new JitModule(owner.toObject()).attr(path[1]).toTensor().clone();
      assertClose(k, expected, buffers.get(k));
    }
  }

  private static void assertClose(String what, Tensor expected, Array actual) {
    double[] e = T2J.t2j(expected).toDoubleArray();
    double[] a = Jnp.astype(actual, DType.F64).toDoubleArray();
    double scale = 1e-6;
    double err = 0;
    for (int i = 0; i < e.length; i++) {
      scale = Math.max(scale, Math.abs(e[i]));
      err = Math.max(err, Math.abs(e[i] - a[i]));
    }
    assertTrue(err <= 1e-4 * scale, "%s: error %s (scale %s)".formatted(what, err, scale));
  }
}
