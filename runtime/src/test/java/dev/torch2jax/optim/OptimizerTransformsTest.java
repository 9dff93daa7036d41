package dev.torch2jax.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Index;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.transform.Jit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The update inside {@code jit} with the loss's gradient, under {@code grad} and {@code vmap}. */
class OptimizerTransformsTest {
  private static final int STEPS = 5;

  private static Array random(Random rng, long... shape) {
    float[] d = new float[(int) Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
    for (int i = 0; i < d.length; i++) {
      d[i] = rng.nextFloat() * 2 - 1;
    }
    return Array.of(d, shape);
  }

  /** Mean squared error of the linear model {@code x W^T + b} against {@code y}. */
  @SuppressWarnings("unchecked")
  private static Array loss(Object params, Object x, Object y) {
    Map<String, Array> p = (Map<String, Array>) params;
    Array pred = Jnp.add(Jnp.matmul((Array) x, Jnp.transpose(p.get("weight"))), p.get("bias"));
    return Jnp.mean(Jnp.square(Jnp.subtract(pred, (Array) y)));
  }

  static Stream<Arguments> optimizers() {
    Sgd sgd = Optim.sgd(0.1).withMomentum(0.9).withNesterov(true).withWeightDecay(0.01);
    Adam adamw = Optim.adamw(0.05).withAmsgrad(true);
    Function<TensorVector, org.bytedeco.pytorch.Optimizer> sgdTorch = v -> SgdTest.libtorch(sgd, v);
    Function<TensorVector, org.bytedeco.pytorch.Optimizer> adamTorch =
        v -> AdamTest.libtorch(adamw, v);
    return Stream.of(Arguments.of(sgd, sgdTorch), Arguments.of(adamw, adamTorch));
  }

  @ParameterizedTest
  @MethodSource("optimizers")
  @SuppressWarnings("unchecked")
  void jittedTrainingStepMatchesLibtorchTraining(
      Optimizer opt, Function<TensorVector, org.bytedeco.pytorch.Optimizer> torchOpt) {
    Random rng = new Random(5);
    Map<String, Array> initial =
        new TreeMap<>(Map.of("weight", random(rng, 3, 4), "bias", random(rng, 3)));
    Array x = random(rng, 8, 4);
    Array y = random(rng, 8, 3);

    Fn lossAndGrad = Jax.valueAndGrad(a -> loss(a[0], a[1], a[2]));
    Jit step =
        Jax.jit(
            a -> {
              List<?> vg = (List<?>) lossAndGrad.apply(a[0], a[2], a[3]);
              Optimizer.Update u = opt.update(vg.get(1), a[1], a[0]);
              return List.of(vg.get(0), u.params(), u.state());
            });
    Object params = initial;
    Object state = opt.init(params);
    List<Double> losses = new ArrayList<>();
    for (int s = 0; s < STEPS; s++) {
      List<?> r = (List<?>) step.apply(params, state, x, y);
      losses.add(((Array) r.get(0)).item());
      params = r.get(1);
      state = r.get(2);
    }
    assertEquals(1, step.traceCount());

    Map<String, Tensor> torchParams = new LinkedHashMap<>();
    initial.forEach((k, v) -> torchParams.put(k, T2J.j2t(v).set_requires_grad(true)));
    org.bytedeco.pytorch.Optimizer o =
        torchOpt.apply(new TensorVector(torchParams.values().toArray(new Tensor[0])));
    Tensor tx = T2J.j2t(x);
    Tensor ty = T2J.j2t(y);
    for (int s = 0; s < STEPS; s++) {
      o.zero_grad();
      Tensor d = tx.matmul(torchParams.get("weight").t()).add(torchParams.get("bias")).sub(ty);
      Tensor l = d.mul(d).mean();
      l.backward();
      o.step();
      double torchLoss = T2J.t2j(l.detach()).item();
      assertEquals(torchLoss, losses.get(s), 1e-5 * torchLoss, "loss at step " + (s + 1));
    }
    Map<String, double[]> ours = new TreeMap<>();
    ((Map<String, Array>) params).forEach((k, v) -> ours.put(k, v.toDoubleArray()));
    Map<String, double[]> theirs = new TreeMap<>();
    torchParams.forEach((k, t) -> theirs.put(k, T2J.t2j(t.detach()).toDoubleArray()));
    StepByStep.assertClose(List.of(theirs), List.of(ours), 1e-5);
  }

  @Test
  void gradientFlowsThroughTheUpdate() {
    // p' = p - lr * (g + wd * p), so d sum(p') / d p = 1 - lr * wd elementwise.
    Sgd sgd = Optim.sgd(0.5).withWeightDecay(0.1);
    Array w = random(new Random(1), 2, 3);
    Array g = random(new Random(2), 2, 3);
    Object state = sgd.init(Map.of("w", w));
    @SuppressWarnings("unchecked")
    Fn sumOfUpdated =
        a ->
            Jnp.sum(
                ((Map<String, Array>) sgd.update(Map.of("w", g), state, Map.of("w", a[0])).params())
                    .get("w"));
    Array d = (Array) Jax.grad(sumOfUpdated).apply(w);
    float[] expected = new float[6];
    Arrays.fill(expected, 0.95f);
    assertArrayEquals(expected, d.toFloatArray(), 1e-7f);
  }

  @Test
  @SuppressWarnings("unchecked")
  void vmapRunsOneOptimizerPerExample() {
    Adam adam = Optim.adam(0.1).withWeightDecay(0.1);
    Random rng = new Random(3);
    Array ws = random(rng, 4, 2, 3);
    Array gs = random(rng, 4, 2, 3);
    Object state = adam.init(Map.of("w", Jnp.get(ws, Index.at(0))));
    Fn batched =
        Jax.vmap(a -> adam.update(Map.of("w", a[0]), state, Map.of("w", a[1])).params(), 0, 0);
    Array all = ((Map<String, Array>) batched.apply(gs, ws)).get("w");
    for (int i = 0; i < 4; i++) {
      Array w = Jnp.get(ws, Index.at(i));
      Array g = Jnp.get(gs, Index.at(i));
      Array one =
          ((Map<String, Array>) adam.update(Map.of("w", g), state, Map.of("w", w)).params())
              .get("w");
      assertArrayEquals(one.toFloatArray(), Jnp.get(all, Index.at(i)).toFloatArray(), 1e-6f);
    }
  }
}
