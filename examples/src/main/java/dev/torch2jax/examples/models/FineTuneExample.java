package dev.torch2jax.examples.models;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Random;
import dev.torch2jax.core.Backend;
import dev.torch2jax.optim.Optim;
import dev.torch2jax.optim.Optimizer;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.torch.TorchFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.global.torch;

/**
 * Fine-tuning a ResNet-18 in training mode, functionally: batch norm computes batch statistics and
 * its running statistics come back as new state ({@code TorchFunction.callWithState}), dropout (if
 * the model has any) draws from a key passed into the step, and one jitted XLA program does the
 * forward pass, the gradient ({@code Jax.valueAndGradWithAux}), the AdamW update and the new state.
 * The task is synthetic and learnable: 32x32 RGB images of four classes, a bright bar at the top,
 * bottom, left or right under noise.
 *
 * <p>Run: {@code ./t2j example dev.torch2jax.examples.models.FineTuneExample [steps] [model.pt]} (a
 * model saved from Python with {@code torch.jit.script(model.train()).save(...)} whose last layer
 * has at least four outputs; by default the ResNet-18 built in Java). Exits non-zero unless the
 * loss falls.
 */
public final class FineTuneExample {
  private static final int SIDE = 32;
  private static final int CLASSES = 4;
  private static final int BATCH = 8;

  private FineTuneExample() {}

  /** A batch of images {@code [BATCH, 3, SIDE, SIDE]} and one-hot labels. */
  private static List<Array> batch(java.util.Random rng) {
    float[] x = new float[BATCH * 3 * SIDE * SIDE];
    float[] y = new float[BATCH * CLASSES];
    for (int i = 0; i < BATCH; i++) {
      int k = rng.nextInt(CLASSES);
      y[i * CLASSES + k] = 1;
      for (int ch = 0; ch < 3; ch++) {
        for (int r = 0; r < SIDE; r++) {
          for (int c = 0; c < SIDE; c++) {
            boolean bar =
                switch (k) {
                  case 0 -> r < 6;
                  case 1 -> r >= SIDE - 6;
                  case 2 -> c < 6;
                  default -> c >= SIDE - 6;
                };
            x[((i * 3 + ch) * SIDE + r) * SIDE + c] =
                (float) ((bar ? 1.0 : 0.0) + 0.5 * rng.nextGaussian());
          }
        }
      }
    }
    return List.of(Array.of(x, BATCH, 3, SIDE, SIDE), Array.of(y, BATCH, CLASSES));
  }

  /** Trains for {@code args[0]} steps (default 200) and prints the loss every 20 steps. */
  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    int steps = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 200;
    JitModule net;
    if (args.length > 1) {
      net = torch.load(args[1]);
    } else {
      Path file = Files.createTempFile("resnet18-", ".pt");
      net = ResNet18.buildSaveAndLoad(file, 0, CLASSES);
      Files.delete(file);
    }
    net.train(true);
    System.out.println("device: " + Backend.device());
    TorchFunction model = T2J.t2j(net);
    Map<String, ?> trainable = ModelParameters.names(net);
    Map<String, Array> initialParams = new LinkedHashMap<>();
    Map<String, Array> initialBuffers = new LinkedHashMap<>();
    T2J.stateDict(net)
        .forEach((k, v) -> (trainable.containsKey(k) ? initialParams : initialBuffers).put(k, v));
    System.out.printf(
        Locale.ROOT,
        "%s in training mode: %d parameters, %d buffers; batch %d of %dx%d; AdamW lr 1e-3%n",
        model,
        ModelParameters.count(net),
        initialBuffers.size(),
        BATCH,
        SIDE,
        SIDE);

    // The loss of a batch and, as auxiliary output, the buffers the forward pass updated.
    Fn lossAndState =
        Jax.valueAndGradWithAux(
            a -> {
              Map<String, Array> state = new LinkedHashMap<>((Map<String, Array>) a[0]);
              Map<String, Array> buffers = (Map<String, Array>) a[1];
              state.putAll(buffers);
              List<Object> r = model.callWithState((Array) a[2], state, a[3]);
              Map<String, Array> next = (Map<String, Array>) r.get(1);
              Map<String, Array> newBuffers = new LinkedHashMap<>();
              buffers.keySet().forEach(k -> newBuffers.put(k, next.get(k)));
              Array logits = (Array) r.get(0);
              if (logits.ndim() != 2 || logits.shape()[1] < CLASSES) {
                throw new IllegalArgumentException(
                    "the model must return [batch, >= %d] logits, got %s"
                        .formatted(CLASSES, java.util.Arrays.toString(logits.shape())));
              }
              Array head =
                  dev.torch2jax.Jnp.get(
                      logits,
                      dev.torch2jax.Index.all(),
                      dev.torch2jax.Index.slice(0L, (long) CLASSES));
              return List.of(TrainingExample.crossEntropy(head, (Array) a[4]), newBuffers);
            });
    Optimizer opt = Optim.adamw(1e-3);
    Fn step =
        Jax.jit(
            a -> {
              List<?> vg = (List<?>) lossAndState.apply(a[0], a[2], a[3], a[4], a[5]);
              List<?> valueAndState = (List<?>) vg.get(0);
              Optimizer.Update u = opt.update(vg.get(1), a[1], a[0]);
              return List.of(valueAndState.get(0), u.params(), u.state(), valueAndState.get(1));
            });

    Map<String, Array> params = initialParams;
    Map<String, Array> buffers = initialBuffers;
    Object optState = opt.init(params);
    Array key = Random.key(0);
    java.util.Random rng = new java.util.Random(0);
    double first = Double.NaN;
    double recent = 0;
    long t0 = System.nanoTime();
    for (int s = 1; s <= steps; s++) {
      List<Array> b = batch(rng);
      List<Array> keys = Random.split(key);
      key = keys.get(0);
      long ts = System.nanoTime();
      List<?> r = (List<?>) step.apply(params, optState, buffers, keys.get(1), b.get(0), b.get(1));
      double loss = ((Array) r.get(0)).item();
      double ms = (System.nanoTime() - ts) / 1e6;
      params = (Map<String, Array>) r.get(1);
      optState = r.get(2);
      buffers = (Map<String, Array>) r.get(3);
      first = s == 1 ? loss : first;
      recent = s > steps - 10 ? recent + loss / Math.min(10, steps) : recent;
      if (s == 1 || s % 20 == 0 || s == steps) {
        System.out.printf(
            Locale.ROOT,
            "step %4d  loss %.4f  %8.1f ms%s%n",
            s,
            loss,
            ms,
            s == 1 ? " (includes trace + compile)" : "");
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%d steps in %.1f s; loss %.4f at the first step, %.4f over the last ten%n",
        steps,
        (System.nanoTime() - t0) / 1e9,
        first,
        recent);
    if (!(recent < first / 2)) {
      System.out.println("the loss did not fall to half: FAILED");
      System.exit(1);
    }
  }
}
