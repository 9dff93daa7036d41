package dev.torch2jax.examples.models;

import static dev.torch2jax.examples.models.Modules.batchNorm2d;
import static dev.torch2jax.examples.models.Modules.conv2d;
import static dev.torch2jax.examples.models.Modules.define;
import static dev.torch2jax.examples.models.Modules.linear;
import static dev.torch2jax.examples.models.Modules.module;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.Backend;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.torch.TorchFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.global.torch;

/**
 * Training a small convolutional classifier written in TorchScript, from Java: the module is
 * converted with {@code T2J.t2j}, its parameters trained with a jitted {@code Jax.valueAndGrad} of
 * the cross-entropy plus an SGD update (one XLA program per step), batch-norm buffers held fixed
 * (eval-mode semantics). The data set is synthetic and learnable: 12x12 single-channel images of
 * four classes, a bright bar at the top, bottom, left or right, under Gaussian noise.
 *
 * <p>Run: {@code ./t2j example dev.torch2jax.examples.models.TrainingExample [epochs]}
 */
public final class TrainingExample {
  /** Image side. */
  static final int SIDE = 12;

  /** Number of classes. */
  static final int CLASSES = 4;

  private TrainingExample() {}

  /** The classifier: conv-relu-pool, conv-bn-relu-pool, flatten, linear; in eval mode. */
  public static JitModule classifier(long seed) {
    torch.manual_seed(seed);
    JitModule m = module(Modules.unique("SmallConvNet"));
    m.register_module("conv1", conv2d(1, 8, 3, 1, 1, true));
    m.register_module("conv2", conv2d(8, 16, 3, 1, 1, false));
    m.register_module("bn2", batchNorm2d(16));
    m.register_module("fc", linear(16 * (SIDE / 4) * (SIDE / 4), CLASSES));
    define(
        m,
        """
        def forward(self, x):
            x = torch.relu(self.conv1.forward(x))
            x = torch.max_pool2d(x, [2, 2], [2, 2], [0, 0], [1, 1], False)
            x = torch.relu(self.bn2.forward(self.conv2.forward(x)))
            x = torch.max_pool2d(x, [2, 2], [2, 2], [0, 0], [1, 1], False)
            return self.fc.forward(torch.flatten(x, 1))
        """);
    m.eval();
    return m;
  }

  /** A batch of images {@code [n, 1, SIDE, SIDE]} and one-hot labels {@code [n, CLASSES]}. */
  public record Batch(Array images, Array oneHot, int[] labels) {}

  /** {@code n} examples: class k has a bright bar on side k, plus noise of std {@code noise}. */
  public static Batch data(Random rng, int n, double noise) {
    float[] x = new float[n * SIDE * SIDE];
    float[] y = new float[n * CLASSES];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int k = rng.nextInt(CLASSES);
      labels[i] = k;
      y[i * CLASSES + k] = 1;
      for (int r = 0; r < SIDE; r++) {
        for (int c = 0; c < SIDE; c++) {
          boolean bar =
              switch (k) {
                case 0 -> r < 2;
                case 1 -> r >= SIDE - 2;
                case 2 -> c < 2;
                default -> c >= SIDE - 2;
              };
          x[i * SIDE * SIDE + r * SIDE + c] =
              (float) ((bar ? 1.0 : 0.0) + noise * rng.nextGaussian());
        }
      }
    }
    return new Batch(Array.of(x, n, 1, SIDE, SIDE), Array.of(y, n, CLASSES), labels);
  }

  /** Mean cross-entropy of {@code logits [n, C]} against one-hot targets. */
  public static Array crossEntropy(Array logits, Array oneHot) {
    Array m = Jnp.stopGradient(Jnp.max(logits, 1, true));
    Array shifted = Jnp.subtract(logits, m);
    Array lse = Jnp.log(Jnp.sum(Jnp.exp(shifted), 1, true));
    Array logp = Jnp.subtract(shifted, lse);
    return Jnp.negative(Jnp.mean(Jnp.sum(Jnp.multiply(oneHot, logp), 1, false)));
  }

  /** Per-epoch results of {@link #train}. */
  public record Epoch(int epoch, double loss, double accuracy, double msPerStep) {}

  /**
   * Trains {@code net}'s parameters (buffers fixed) with SGD on {@code batches}; returns one record
   * per epoch with the mean training loss, the accuracy on {@code test} after the epoch and the
   * time per step. The first epoch's time includes tracing and compiling the step.
   */
  @SuppressWarnings("unchecked")
  public static List<Epoch> train(
      JitModule net, List<Batch> batches, Batch test, int epochs, float lr, boolean print) {
    TorchFunction model = T2J.t2j(net);
    Map<String, Array> initial = new TreeMap<>();
    Map<String, Array> buffers = new TreeMap<>();
    Map<String, ?> trainable = ModelParameters.names(net);
    T2J.stateDict(net).forEach((k, v) -> (trainable.containsKey(k) ? initial : buffers).put(k, v));
    Map<String, Array> params = initial;
    Fn loss =
        a -> {
          Map<String, Array> all = new LinkedHashMap<>((Map<String, Array>) a[0]);
          all.putAll((Map<String, Array>) a[1]);
          return crossEntropy((Array) model.call(all, a[2]), (Array) a[3]);
        };
    Fn valueAndGrad = Jax.valueAndGrad(loss);
    Array rate = Array.scalar(lr);
    Fn step =
        Jax.jit(
            a -> {
              List<?> vg = (List<?>) valueAndGrad.apply(a);
              Map<String, Array> p = (Map<String, Array>) a[0];
              Map<String, Array> g = (Map<String, Array>) vg.get(1);
              Map<String, Array> updated = new TreeMap<>();
              p.forEach((k, v) -> updated.put(k, Jnp.subtract(v, Jnp.multiply(rate, g.get(k)))));
              return List.of(vg.get(0), updated);
            });
    Fn predict =
        Jax.jit(
            a -> {
              Map<String, Array> all = new LinkedHashMap<>((Map<String, Array>) a[0]);
              all.putAll((Map<String, Array>) a[1]);
              return Jnp.argmax((Array) model.call(all, a[2]), 1);
            });
    List<Epoch> out = new ArrayList<>();
    for (int e = 1; e <= epochs; e++) {
      long t0 = System.nanoTime();
      double sum = 0;
      for (Batch b : batches) {
        List<?> r = (List<?>) step.apply(params, buffers, b.images(), b.oneHot());
        sum += ((Array) r.get(0)).toDoubleArray()[0];
        params = (Map<String, Array>) r.get(1);
      }
      double ms = (System.nanoTime() - t0) / 1e6 / batches.size();
      long[] pred = ((Array) predict.apply(params, buffers, test.images())).toLongArray();
      int right = 0;
      for (int i = 0; i < pred.length; i++) {
        right += pred[i] == test.labels()[i] ? 1 : 0;
      }
      Epoch ep = new Epoch(e, sum / batches.size(), (double) right / pred.length, ms);
      out.add(ep);
      if (print) {
        System.out.printf(
            Locale.ROOT,
            "epoch %2d  loss %.4f  test accuracy %5.1f%%  %.2f ms/step%s%n",
            ep.epoch(),
            ep.loss(),
            100 * ep.accuracy(),
            ep.msPerStep(),
            e == 1 ? " (includes trace + compile)" : "");
      }
    }
    return out;
  }

  /** Trains for {@code args[0]} epochs (default 12) and reports the loss ratio. */
  public static void main(String[] args) {
    int epochs = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 12;
    System.out.println("device: " + Backend.device());
    Random rng = new Random(0);
    List<Batch> batches = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      batches.add(data(rng, 32, 0.5));
    }
    Batch test = data(rng, 256, 0.5);
    JitModule net = classifier(0);
    System.out.println(
        "small conv classifier, "
            + ModelParameters.count(net)
            + " parameters; "
            + batches.size()
            + " batches of 32 per epoch; SGD lr 0.05");
    List<Epoch> h = train(net, batches, test, epochs, 0.05f, true);
    System.out.printf(
        Locale.ROOT,
        "loss fell from %.4f to %.4f (%.0fx)%n",
        h.getFirst().loss(),
        h.getLast().loss(),
        h.getFirst().loss() / h.getLast().loss());
  }
}
