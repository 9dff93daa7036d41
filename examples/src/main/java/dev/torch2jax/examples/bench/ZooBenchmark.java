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
 * and 8, interleaved, best of {@code ROUNDS}; and the error against Python's output when the io
 * file holds one ({@code y} or {@code output_0}). Prints a Markdown table.
 *
 * <p>Run: {@code OMP_NUM_THREADS=1 ./t2j example dev.torch2jax.examples.bench.ZooBenchmark DIR
 * [REGEX]}
 */
public final class ZooBenchmark {
  private static final int ROUNDS = 5;
  private static final int REPEATS = 3;

  private ZooBenchmark() {}

  /**
   * One model file's figures, in milliseconds; {@code error} is max |t2j - Python| / max |Python|
   * on the io file's input (batch-1 rows), NaN when the io file holds no output.
   */
  private record Row(
      String file, long batch, double firstCall, double t2j, double libtorch, double error) {
    String markdown() {
      return String.format(
          Locale.ROOT,
          "| %s | %d | %.0f | %.2f | %.2f | %.2f | %s |",
          file,
          batch,
          firstCall,
          t2j,
          libtorch,
          t2j / libtorch,
          Double.isNaN(error) ? "" : String.format(Locale.ROOT, "%.1e", error));
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
        "| model file | batch | first jitted call ms | t2j jit ms | libtorch eager ms | ratio"
            + " | error vs Python |");
    System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
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
    Tensor one = buffer(io, "x", "input_0");
    Tensor expected = batch == 1 ? buffer(io, "y", "output_0") : null;
    // The io input's first example repeated: keeps its dtype and valid values (token ids).
    long[] reps = new long[(int) one.dim()];
    java.util.Arrays.fill(reps, 1);
    reps[0] = batch;
    Tensor x = one.narrow(0, 0, 1).repeat(reps).contiguous();
    JitModule m = torch.load(file.toString());
    m.eval();
    TorchFunction f = T2J.t2j(m);
    Map<String, Array> state = T2J.stateDict(m);
    Fn jitted = Jax.jit(f);
    Array input = T2J.t2j(x);
    long t0 = System.nanoTime();
    block(jitted.apply(state, input));
    double first = (System.nanoTime() - t0) / 1e6;
    double error = Double.NaN;
    if (expected != null && one.shape()[0] == 1) {
      error = relativeError(expected, jitted.apply(state, T2J.t2j(one)));
    }
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
    return new Row(name, batch, first, best, bestTorch, error);
  }

  /** Buffer {@code name} (or {@code alternative}) of an io module, copied out; null if absent. */
  private static Tensor buffer(JitModule io, String name, String alternative) {
    String key = io.hasattr(name) ? name : io.hasattr(alternative) ? alternative : null;
    if (key == null) {
      return null;
    }
    IValue held = io.attr(key);
    Tensor t = held.toTensor().clone();
    java.lang.ref.Reference.reachabilityFence(held);
    return t;
  }

  /** max |actual - expected| / max |expected| of the first array of {@code actual}. */
  private static double relativeError(Tensor expected, Object actual) {
    Object o = actual;
    while (o instanceof List<?> l && !l.isEmpty()) {
      o = l.getFirst();
    }
    double[] e = T2J.t2j(expected).toDoubleArray();
    double[] a = dev.torch2jax.Jnp.astype((Array) o, dev.torch2jax.DType.F64).toDoubleArray();
    double scale = 0;
    double err = 0;
    for (int i = 0; i < e.length; i++) {
      scale = Math.max(scale, Math.abs(e[i]));
      err = Math.max(err, Math.abs(e[i] - a[i]));
    }
    return err / scale;
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
