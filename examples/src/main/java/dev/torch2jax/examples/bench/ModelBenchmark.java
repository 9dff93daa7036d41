package dev.torch2jax.examples.bench;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.Backend;
import dev.torch2jax.core.Lowerer;
import dev.torch2jax.examples.models.ModelParameters;
import dev.torch2jax.examples.models.ResNet18;
import dev.torch2jax.examples.models.VitB16;
import dev.torch2jax.pjrt.PjrtExecutable;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.torch.TorchFunction;
import dev.torch2jax.transform.ClosedJaxpr;
import dev.torch2jax.transform.Staging;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Real models against libtorch eager, measured in one run of one process (two child processes for
 * peak memory): ResNet-18 forward at batch 1 and 8, ViT-B/16 forward at batch 1, ResNet-18 training
 * step at batch 8; trace and compile times; peak resident memory of inference. Writes a Markdown
 * table to {@code args[0]} if given (docs/benchmarks.md's section is pasted from it). With {@code
 * --training}, only the training step (issue 13's goal), over more rounds.
 *
 * <p>Run: {@code OMP_NUM_THREADS=1 ./t2j example dev.torch2jax.examples.bench.ModelBenchmark
 * /tmp/models.md} or {@code ... ModelBenchmark --training}
 */
public final class ModelBenchmark {
  private static final int ROUNDS = 5;
  private static final int TRAINING_ONLY_ROUNDS = 11;
  private static final float LR = 1e-4f;
  private static final List<String> ROWS = new ArrayList<>();

  private ModelBenchmark() {}

  /** Runs every measurement; {@code --memory xla|torch} is the child-process mode. */
  public static void main(String[] args) throws Exception {
    if (System.getenv("OMP_NUM_THREADS") == null) {
      torch.set_num_threads(1);
    }
    if (args.length >= 2 && args[0].equals("--memory")) {
      memoryChild(args[1]);
      return;
    }
    if (args.length >= 1 && args[0].equals("--training")) {
      Path file = Files.createTempFile("resnet18", ".pt");
      JitModule net = ResNet18.buildSaveAndLoad(file, 0, 1000);
      Files.deleteIfExists(file);
      trainingStep(net, 8, TRAINING_ONLY_ROUNDS);
      return;
    }
    System.out.println(
        "device "
            + Backend.device()
            + ", libtorch intra-op threads "
            + torch.get_num_threads()
            + ", cores "
            + Runtime.getRuntime().availableProcessors());
    Path dir = Files.createTempDirectory("bench");
    JitModule resnet = ResNet18.buildSaveAndLoad(dir.resolve("resnet18.pt"), 0, 1000);
    forward("ResNet-18", resnet, 1, 224, 20);
    forward("ResNet-18", resnet, 8, 224, 4);
    trainingStep(resnet, 8, ROUNDS);
    JitModule vit = VitB16.B16.buildSaveAndLoad(dir.resolve("vit_b_16.pt"), 0, false);
    forward("ViT-B/16", vit, 1, 224, 4);
    vit = null;
    memory();
    String table =
        "| measurement | XLA jit | libtorch eager | ratio | notes |\n"
            + "| --- | --- | --- | --- | --- |\n"
            + String.join("\n", ROWS)
            + "\n";
    System.out.println();
    System.out.print(table);
    if (args.length > 0 && !args[0].isBlank()) {
      Files.writeString(Path.of(args[0].trim()), table);
    }
  }

  private static void forward(String name, JitModule net, int batch, int side, int iters) {
    torch.manual_seed(1);
    Tensor x = torch.randn(batch, 3, side, side);
    Array xa = T2J.t2j(x);
    TorchFunction model = T2J.t2j(net);
    Map<String, Array> params = T2J.stateDict(net);
    double[] tc = traceAndCompile(model, params, xa);
    Fn fast = Jax.jit(model);
    Array y = (Array) fast.apply(params, xa);
    double err = maxAbs(eager(net, x), y);
    for (int i = 0; i < 2; i++) {
      ((Array) fast.apply(params, xa)).toFloatArray();
      eager(net, x);
    }
    double[] xla = new double[ROUNDS];
    double[] lt = new double[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      long t0 = System.nanoTime();
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
    row(
        name + " forward, batch " + batch + ", " + side + "x" + side,
        xla,
        lt,
        String.format(
            Locale.ROOT,
            "trace %.0f ms, XLA compile %.0f ms; max abs error %.1e",
            tc[0],
            tc[1],
            err));
  }

  /** Trace time and lower + compile time of {@code f}, in ms. */
  private static double[] traceAndCompile(Fn f, Object... args) {
    long t0 = System.nanoTime();
    ClosedJaxpr traced = Staging.makeJaxpr(f, args);
    double trace = ms(t0);
    t0 = System.nanoTime();
    PjrtExecutable exe = Backend.client().compile(Lowerer.module("bench", traced.jaxpr()));
    double compile = ms(t0);
    exe.close();
    return new double[] {trace, compile};
  }

  @SuppressWarnings("unchecked")
  private static void trainingStep(JitModule net, int batch, int rounds) {
    torch.manual_seed(2);
    Tensor x = torch.randn(batch, 3, 224, 224);
    Array xa = T2J.t2j(x);
    TorchFunction model = T2J.t2j(net);
    Map<String, Tensor> names = ModelParameters.names(net);
    Map<String, Array> params0 = new TreeMap<>();
    Map<String, Array> buffers = new TreeMap<>();
    T2J.stateDict(net).forEach((k, v) -> (names.containsKey(k) ? params0 : buffers).put(k, v));
    Fn vg =
        Jax.valueAndGrad(
            a -> {
              Map<String, Array> all = new LinkedHashMap<>((Map<String, Array>) a[0]);
              all.putAll((Map<String, Array>) a[1]);
              Array y = (Array) model.call(all, a[2]);
              return Jnp.divide(Jnp.sum(Jnp.square(y)), Array.scalar((float) y.size()));
            });
    Array lr = Array.scalar(LR);
    Fn stepFn =
        a -> {
          List<?> r = (List<?>) vg.apply(a);
          Map<String, Array> p = (Map<String, Array>) a[0];
          Map<String, Array> g = (Map<String, Array>) r.get(1);
          Map<String, Array> updated = new TreeMap<>();
          p.forEach((k, v) -> updated.put(k, Jnp.subtract(v, Jnp.multiply(lr, g.get(k)))));
          return List.of(r.get(0), updated);
        };
    double[] tc = traceAndCompile(stepFn, params0, buffers, xa);
    Fn step = Jax.jit(stepFn);
    Map<String, Array> p = params0;
    JitModule copy = net.deepcopy();
    copy.eval();
    List<Tensor> tp = new ArrayList<>(ModelParameters.names(copy).values());
    tp.forEach(t -> t.set_requires_grad(true));
    for (int i = 0; i < 2; i++) {
      p = (Map<String, Array>) ((List<?>) step.apply(p, buffers, xa)).get(1);
      torchStep(copy, tp, x);
    }
    double[] xla = new double[rounds];
    double[] lt = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long t0 = System.nanoTime();
      p = (Map<String, Array>) ((List<?>) step.apply(p, buffers, xa)).get(1);
      p.values().iterator().next().toFloatArray();
      xla[r] = ms(t0);
      t0 = System.nanoTime();
      torchStep(copy, tp, x);
      lt[r] = ms(t0);
    }
    row(
        "ResNet-18 training step (forward, backward, SGD), batch " + batch + ", 224x224",
        xla,
        lt,
        String.format(
            Locale.ROOT, "trace %.0f ms, XLA compile %.0f ms; BN buffers fixed", tc[0], tc[1]));
  }

  @SuppressWarnings("try") // the guard only scopes no-grad mode
  private static void torchStep(JitModule net, List<Tensor> params, Tensor x) {
    IValue v = net.forward(new IValueVector(new IValue(x)));
    Tensor y = v.toTensor();
    y.mul(y).mean().backward();
    java.lang.ref.Reference.reachabilityFence(v);
    try (NoGradGuard guard = new NoGradGuard()) {
      for (Tensor w : params) {
        w.sub_(w.grad().mul(new Scalar(LR)));
        w.grad().zero_();
      }
    }
  }

  /** Peak RSS of inference in two fresh processes, one per side. */
  private static void memory() throws IOException, InterruptedException {
    double xla = child("xla");
    double lt = child("torch");
    row(
        "ResNet-18 inference, batch 8: peak resident memory (MiB, fresh process each)",
        new double[] {xla},
        new double[] {lt},
        "both processes load libtorch and build the model with it");
  }

  private static double child(String side) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                ModelBenchmark.class.getName(),
                "--memory",
                side)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    for (String line : out.split("\n")) {
      if (line.startsWith("peak-rss-kib ")) {
        return Long.parseLong(line.substring(13).trim()) / 1024.0;
      }
    }
    throw new IllegalStateException("memory child " + side + " failed:\n" + out);
  }

  private static void memoryChild(String side) throws IOException {
    Path file = Files.createTempFile("resnet18", ".pt");
    JitModule net = ResNet18.buildSaveAndLoad(file, 0, 1000);
    Files.deleteIfExists(file);
    Tensor x = torch.randn(8, 3, 224, 224);
    if (side.equals("xla")) {
      Fn fast = Jax.jit(T2J.t2j(net));
      Map<String, Array> params = T2J.stateDict(net);
      Array xa = T2J.t2j(x);
      for (int i = 0; i < 5; i++) {
        ((Array) fast.apply(params, xa)).toFloatArray();
      }
    } else {
      for (int i = 0; i < 5; i++) {
        eager(net, x);
      }
    }
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        System.out.println("peak-rss-kib " + line.replaceAll("[^0-9]", ""));
      }
    }
  }

  private static void row(String what, double[] xla, double[] lt, String notes) {
    double a = median(xla);
    double b = median(lt);
    String unit = what.contains("MiB") ? "" : " ms";
    String r =
        String.format(
            Locale.ROOT,
            "| %s | %.1f%s | %.1f%s | **%.2f** | %s |",
            what,
            a,
            unit,
            b,
            unit,
            a / b,
            notes + (xla.length > 1 ? "; medians of " + xla.length + " rounds" : ""));
    ROWS.add(r);
    System.out.println(r);
  }

  @SuppressWarnings("try")
  private static Tensor eager(JitModule net, Tensor x) {
    try (NoGradGuard guard = new NoGradGuard()) {
      IValue v = net.forward(new IValueVector(new IValue(x)));
      Tensor out = v.toTensor().clone();
      java.lang.ref.Reference.reachabilityFence(v);
      return out;
    }
  }

  private static double maxAbs(Tensor expected, Array actual) {
    double[] e = T2J.t2j(expected).toDoubleArray();
    double[] a = actual.toDoubleArray();
    double m = 0;
    for (int i = 0; i < e.length; i++) {
      m = Math.max(m, Math.abs(e[i] - a[i]));
    }
    return m;
  }

  private static double ms(long t0) {
    return (System.nanoTime() - t0) / 1e6;
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
