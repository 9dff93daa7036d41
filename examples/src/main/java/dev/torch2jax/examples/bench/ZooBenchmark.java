package dev.torch2jax.examples.bench;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.torch.TorchFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * Models saved from Python against libtorch eager, in one process: for each {@code NAME.script.pt}
 * (or {@code NAME.trace.pt}) of a directory with its {@code NAME.io.pt} (a scripted module whose
 * buffer {@code x} or {@code input_0} holds an input, as {@code scripts/zoo/make_zoo.py} and the
 * full-size models of docs/benchmarks.md write them), the first jitted call (trace, lowering and
 * XLA compile), then the steady-state time of t2j's jitted forward and of libtorch eager at batch 1
 * and 8, interleaved, best of {@code ROUNDS}. Prints a Markdown table.
 *
 * <p>Run: {@code OMP_NUM_THREADS=1 ./t2j example dev.torch2jax.examples.bench.ZooBenchmark DIR
 * [REGEX]}
 */
public final class ZooBenchmark {
  private static final int ROUNDS = 5;
  private static final int REPEATS = 3;

  private ZooBenchmark() {}

  /** One model file's figures, in milliseconds. */
  private record Row(String file, long batch, double firstCall, double t2j, double libtorch) {
    String markdown() {
      return String.format(
          Locale.ROOT,
          "| %s | %d | %.0f | %.2f | %.2f | %.2f |",
          file,
          batch,
          firstCall,
          t2j,
          libtorch,
          t2j / libtorch);
    }
  }

  /** Benchmarks every model of {@code args[0]} whose file name matches {@code args[1]}. */
  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].isBlank()) {
      System.err.println(
          "usage: ZooBenchmark DIR [REGEX]  (DIR holds NAME.script.pt + NAME.io.pt)");
      System.exit(2);
    }
    if (System.getenv("OMP_NUM_THREADS") == null) {
      torch.set_num_threads(1);
    }
    Path dir = Path.of(args[0].trim());
    String only = args.length > 1 ? args[1].trim() : ".*";
    List<Row> rows = new ArrayList<>();
    System.out.println(
        "| model file | batch | first jitted call ms | t2j jit ms | libtorch eager ms | ratio |");
    System.out.println("| --- | --- | --- | --- | --- | --- |");
    for (Path file : models(dir, only)) {
      for (long batch : new long[] {1, 8}) {
        Row r = measure(file, batch);
        rows.add(r);
        System.out.println(r.markdown());
      }
    }
    double logSum = 0;
    for (Row r : rows) {
      logSum += Math.log(r.t2j() / r.libtorch());
    }
    System.out.printf(
        Locale.ROOT,
        "geomean t2j / libtorch over %d rows: %.2f%n",
        rows.size(),
        Math.exp(logSum / rows.size()));
  }

  private static List<Path> models(Path dir, String only) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().matches(".*\\.(script|trace)\\.pt"))
          .filter(p -> p.getFileName().toString().matches(only))
          .sorted()
          .toList();
    }
  }

  @SuppressWarnings("try") // the guard only scopes no-grad mode
  private static Row measure(Path file, long batch) {
    String name = file.getFileName().toString();
    String stem = name.substring(0, name.indexOf('.'));
    JitModule io = torch.load(file.resolveSibling(stem + ".io.pt").toString());
    IValue held = io.hasattr("x") ? io.attr("x") : io.attr("input_0");
    Tensor one = held.toTensor().clone();
    java.lang.ref.Reference.reachabilityFence(held);
    long[] shape = one.shape();
    shape[0] = batch;
    Tensor x = torch.randn(shape);
    JitModule m = torch.load(file.toString());
    m.eval();
    TorchFunction f = T2J.t2j(m);
    Map<String, Array> state = T2J.stateDict(m);
    Fn jitted = Jax.jit(f);
    Array input = T2J.t2j(x);
    long t0 = System.nanoTime();
    block(jitted.apply(state, input));
    double first = (System.nanoTime() - t0) / 1e6;
    IValueVector torchArgs = new IValueVector(new IValue(x));
    double best = Double.MAX_VALUE;
    double bestTorch = Double.MAX_VALUE;
    try (NoGradGuard noGrad = new NoGradGuard()) {
      for (int round = 0; round < ROUNDS; round++) {
        long a = System.nanoTime();
        for (int i = 0; i < REPEATS; i++) {
          block(jitted.apply(state, input));
        }
        best = Math.min(best, (System.nanoTime() - a) / 1e6 / REPEATS);
        long b = System.nanoTime();
        for (int i = 0; i < REPEATS; i++) {
          m.forward(torchArgs);
        }
        bestTorch = Math.min(bestTorch, (System.nanoTime() - b) / 1e6 / REPEATS);
      }
    }
    return new Row(name, batch, first, best, bestTorch);
  }

  /** Waits for a result by reading one element of its first array. */
  private static void block(Object out) {
    Object o = out;
    while (o instanceof List<?> l && !l.isEmpty()) {
      o = l.getFirst();
    }
    if (o instanceof Array a) {
      a.toBytes();
    }
  }
}
