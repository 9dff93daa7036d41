package dev.torch2jax.examples.scale;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.JitShardings;
import dev.torch2jax.Jnp;
import dev.torch2jax.Mesh;
import dev.torch2jax.NamedSharding;
import dev.torch2jax.PartitionSpec;
import dev.torch2jax.examples.models.ModelParameters;
import dev.torch2jax.examples.models.TrainingExample;
import dev.torch2jax.pjrt.ClientConfig;
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

/**
 * Data-parallel training over several devices, JAX style: the training example's TorchScript
 * classifier trained with SGD for a few steps, each batch split over a mesh axis {@code "data"}
 * (every device computes the loss and gradient of its quarter), the parameters replicated; XLA's
 * SPMD partitioner inserts the all-reduce of the gradients. The same steps run on one device, and
 * the example checks that both trainings agree: the parameters' largest difference relative to
 * their largest magnitude, per tensor, at most {@value #TOLERANCE}. Exits 1 when they do not.
 *
 * <p>Run: {@code ./t2j example dev.torch2jax.examples.scale.DataParallelExample [steps]} (the CPU
 * client gets 4 devices unless {@code -Dtorch2jax.cpu.devices} says otherwise).
 */
public final class DataParallelExample {
  /** The largest relative parameter difference accepted between the two trainings. */
  public static final double TOLERANCE = 1e-5;

  private DataParallelExample() {}

  /** Per-step losses of both trainings and the final parameter difference. */
  public record Result(List<Double> shardedLoss, List<Double> singleLoss, double maxRelativeDiff) {}

  /** Trains for {@code steps} steps on {@code mesh} (one axis) and on one device. */
  @SuppressWarnings("unchecked")
  public static Result run(Mesh mesh, int steps, boolean print) {
    JitModule net = TrainingExample.classifier(0);
    TorchFunction model = T2J.t2j(net);
    Map<String, Array> params = new TreeMap<>();
    Map<String, Array> buffers = new TreeMap<>();
    Map<String, ?> trainable = ModelParameters.names(net);
    T2J.stateDict(net).forEach((k, v) -> (trainable.containsKey(k) ? params : buffers).put(k, v));
    Array rate = Array.scalar(0.05f);
    Fn valueAndGrad =
        Jax.valueAndGrad(
            a -> {
              Map<String, Array> all = new LinkedHashMap<>((Map<String, Array>) a[0]);
              all.putAll((Map<String, Array>) a[1]);
              return TrainingExample.crossEntropy((Array) model.call(all, a[2]), (Array) a[3]);
            });
    Fn step =
        a -> {
          List<?> vg = (List<?>) valueAndGrad.apply(a);
          Map<String, Array> g = (Map<String, Array>) vg.get(1);
          Map<String, Array> updated = new TreeMap<>();
          ((Map<String, Array>) a[0])
              .forEach((k, v) -> updated.put(k, Jnp.subtract(v, Jnp.multiply(rate, g.get(k)))));
          return List.of(vg.get(0), updated);
        };
    String axis = mesh.axisNames().getFirst();
    NamedSharding batch = new NamedSharding(mesh, PartitionSpec.of(axis));
    NamedSharding replicated = NamedSharding.replicated(mesh);
    Fn single = Jax.jit(step);
    Fn sharded =
        Jax.jit(step, JitShardings.in(replicated, replicated, batch, batch).out(replicated));

    Random rng = new Random(0);
    Map<String, Array> p1 = params;
    Map<String, Array> pn = params;
    Map<String, Array> shardedBuffers = new TreeMap<>();
    buffers.forEach((k, v) -> shardedBuffers.put(k, Jax.devicePut(v, replicated)));
    List<Double> shardedLoss = new ArrayList<>();
    List<Double> singleLoss = new ArrayList<>();
    double diff = 0;
    for (int s = 1; s <= steps; s++) {
      TrainingExample.Batch b = TrainingExample.data(rng, 8 * mesh.size(), 0.5);
      List<?> r1 = (List<?>) single.apply(p1, buffers, b.images(), b.oneHot());
      List<?> rn =
          (List<?>)
              sharded.apply(
                  pn,
                  shardedBuffers,
                  Jax.devicePut(b.images(), batch),
                  Jax.devicePut(b.oneHot(), batch));
      p1 = (Map<String, Array>) r1.get(1);
      pn = (Map<String, Array>) rn.get(1);
      singleLoss.add(((Array) r1.get(0)).item());
      shardedLoss.add(((Array) rn.get(0)).item());
      diff = maxRelativeDiff(pn, p1);
      if (print) {
        System.out.printf(
            Locale.ROOT,
            "step %d  loss %d devices %.6f  one device %.6f  max relative parameter difference %.2e%n",
            s,
            mesh.size(),
            shardedLoss.getLast(),
            singleLoss.getLast(),
            diff);
      }
    }
    return new Result(shardedLoss, singleLoss, diff);
  }

  /** Over the tensors: the largest |a - b| relative to the largest |b| of that tensor. */
  static double maxRelativeDiff(Map<String, Array> a, Map<String, Array> b) {
    double worst = 0;
    for (var e : b.entrySet()) {
      float[] x = a.get(e.getKey()).toFloatArray();
      float[] y = e.getValue().toFloatArray();
      double diff = 0;
      double scale = 0;
      for (int i = 0; i < y.length; i++) {
        diff = Math.max(diff, Math.abs(x[i] - y[i]));
        scale = Math.max(scale, Math.abs(y[i]));
      }
      worst = Math.max(worst, diff / Math.max(scale, Float.MIN_NORMAL));
    }
    return worst;
  }

  /** Trains for {@code args[0]} steps (default 5) over 4 devices; exits 1 when the check fails. */
  public static void main(String[] args) {
    if (System.getProperty(ClientConfig.CPU_DEVICES) == null) {
      System.setProperty(ClientConfig.CPU_DEVICES, "4");
    }
    int steps = args.length > 0 && !args[0].isBlank() ? Integer.parseInt(args[0].trim()) : 5;
    System.out.println("devices: " + Jax.devices());
    Mesh mesh = Mesh.of(new int[] {4}, "data");
    System.out.println("mesh: " + mesh + "; batch split over 'data', parameters replicated");
    Result r = run(mesh, steps, true);
    boolean ok = r.maxRelativeDiff() <= TOLERANCE;
    System.out.printf(
        Locale.ROOT,
        "%s: parameters after %d steps differ by at most %.2e relative (tolerance %.0e)%n",
        ok ? "OK" : "FAILED",
        steps,
        r.maxRelativeDiff(),
        TOLERANCE);
    if (!ok) {
      System.exit(1);
    }
  }
}
