package dev.torch2jax.examples.models;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.core.Backend;
import dev.torch2jax.core.Lowerer;
import dev.torch2jax.pjrt.PjrtClient;
import dev.torch2jax.pjrt.PjrtExecutable;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.torch.TorchFunction;
import dev.torch2jax.transform.ClosedJaxpr;
import dev.torch2jax.transform.Staging;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The main example: ResNet-18 (a TorchScript {@code .pt}, built in Java like torchvision's or
 * passed as a path saved in Python) converted with {@code T2J.t2j}, compiled with {@code Jax.jit}
 * and compared with libtorch eager at batch 1 and 8, 224x224: trace and compile time, max error,
 * steady-state latency of both.
 *
 * <p>Run: {@code ./t2j example} or {@code ./t2j example
 * dev.torch2jax.examples.models.ResNet18Example path/to/resnet18.pt} (a module saved in Python with
 * {@code torch.jit.script(torchvision.models.resnet18()).save(...)}).
 */
public final class ResNet18Example {
  private static final int ROUNDS = 7;

  private ResNet18Example() {}

  /** Runs the example; {@code args[0]}, if given, is a TorchScript file to load instead. */
  public static void main(String[] args) throws Exception {
    pinLibtorchThreads();
    PjrtClient client = Backend.client();
    System.out.println("PJRT plugin:  " + client.api().library());
    System.out.println("platform:     " + client.platformName() + " " + client.platformVersion());
    System.out.println("device:       " + Backend.device());
    System.out.println(
        "libtorch:     "
            + torch.get_num_threads()
            + " intra-op thread(s) (OMP_NUM_THREADS="
            + System.getenv("OMP_NUM_THREADS")
            + "; see docs/benchmarks.md)");

    JitModule net;
    if (args.length > 0 && !args[0].isBlank()) {
      net = torch.load(args[0]);
      net.eval();
      System.out.println("model:        " + args[0]);
    } else {
      Path file = Files.createTempFile("resnet18", ".pt");
      long t0 = System.nanoTime();
      net = ResNet18.buildSaveAndLoad(file, 0, 1000);
      System.out.printf(
          Locale.ROOT,
          "model:        ResNet-18 built in Java, saved to %s and loaded back (%.0f ms)%n",
          file,
          ms(t0));
      Files.deleteIfExists(file);
    }
    TorchFunction model = T2J.t2j(net);
    Map<String, Array> params = T2J.stateDict(net);
    System.out.println("state dict:   " + params.size() + " tensors");

    for (int batch : new int[] {1, 8}) {
      run(client, net, model, params, batch);
    }
  }

  /** Pins libtorch to one intra-op thread unless OMP_NUM_THREADS says otherwise. */
  static void pinLibtorchThreads() {
    if (System.getenv("OMP_NUM_THREADS") == null) {
      torch.set_num_threads(1);
    }
  }

  private static void run(
      PjrtClient client, JitModule net, TorchFunction model, Map<String, Array> params, int batch) {
    System.out.println();
    System.out.println("batch " + batch + ", 3x224x224:");
    torch.manual_seed(batch);
    Tensor x = torch.randn(batch, 3, 224, 224);
    Array xa = T2J.t2j(x);

    long t0 = System.nanoTime();
    ClosedJaxpr traced = Staging.makeJaxpr(model, params, xa);
    double trace = ms(t0);
    t0 = System.nanoTime();
    String hlo = Lowerer.module("resnet18", traced.jaxpr());
    double lower = ms(t0);
    t0 = System.nanoTime();
    PjrtExecutable exe = client.compile(hlo);
    double compile = ms(t0);
    exe.close();
    System.out.printf(
        Locale.ROOT,
        "  trace %.0f ms (%d equations), lower to StableHLO %.0f ms, XLA compile %.0f ms%n",
        trace,
        traced.jaxpr().eqns().size(),
        lower,
        compile);

    Fn fast = Jax.jit(model);
    t0 = System.nanoTime();
    Array y = (Array) fast.apply(params, xa);
    y.toFloatArray();
    System.out.printf(Locale.ROOT, "  first jitted call (trace + compile + run) %.0f ms%n", ms(t0));
    Tensor expected = eager(net, x);
    double[] e = T2J.t2j(expected).toDoubleArray();
    double[] a = y.toDoubleArray();
    double err = 0;
    for (int i = 0; i < e.length; i++) {
      err = Math.max(err, Math.abs(e[i] - a[i]));
    }
    System.out.printf(
        Locale.ROOT,
        "  output %s, max |logit| %.3f, max abs error vs libtorch %.2e%n",
        Arrays.toString(y.shape()),
        Arrays.stream(e).map(Math::abs).max().orElse(0),
        err);

    int iters = batch == 1 ? 10 : 3;
    for (int i = 0; i < 3; i++) {
      ((Array) fast.apply(params, xa)).toFloatArray();
      eager(net, x);
    }
    double[] xla = new double[ROUNDS];
    double[] lt = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      t0 = System.nanoTime();
      for (int i = 0; i < iters; i++) {
        ((Array) fast.apply(params, xa)).toFloatArray();
      }
      xla[r] = ms(t0) / iters;
      t0 = System.nanoTime();
      for (int i = 0; i < iters; i++) {
        eager(net, x);
      }
      lt[r] = ms(t0) / iters;
    }
    System.out.printf(
        Locale.ROOT,
        "  latency (median of %d rounds of %d): XLA jit %.1f ms, libtorch eager %.1f ms, ratio %.2f%n",
        ROUNDS,
        iters,
        median(xla),
        median(lt),
        median(xla) / median(lt));
  }

  @SuppressWarnings("try") // the guard only scopes no-grad mode
  static Tensor eager(JitModule net, Tensor x) {
    try (NoGradGuard guard = new NoGradGuard()) {
      IValue v = net.forward(new IValueVector(new IValue(x)));
      Tensor out = v.toTensor().clone();
      java.lang.ref.Reference.reachabilityFence(v);
      return out;
    }
  }

  static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
