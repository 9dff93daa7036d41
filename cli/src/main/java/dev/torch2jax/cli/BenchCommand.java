package dev.torch2jax.cli;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.core.Backend;
import dev.torch2jax.core.Lowerer;
import dev.torch2jax.pjrt.PjrtExecutable;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.transform.ClosedJaxpr;
import dev.torch2jax.transform.Staging;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code t2j bench FILE --input ...}: t2j's jit against libtorch eager. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures the model's trace, lowering to StableHLO and XLA compile times, then the"
          + " steady-state latency (median and min over --iterations calls after --warmup) of"
          + " t2j's jitted forward and of libtorch eager (TorchScript files), and their ratio."
          + " Each call's results are read to the host. libtorch uses its own thread count"
          + " (set OMP_NUM_THREADS to change it)."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:measured", "1:the model failed", "2:bad usage"})
final class BenchCommand extends ModelCommand {
  @Mixin InputOptions inputOptions = new InputOptions();

  @Option(
      names = "--iterations",
      defaultValue = "20",
      paramLabel = "N",
      description = "Timed calls of each (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(
      names = "--warmup",
      defaultValue = "3",
      paramLabel = "N",
      description = "Untimed calls of each first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Override
  public Integer call() {
    if (iterations < 1 || warmup < 0) {
      throw usage(
          "--iterations must be at least 1 and --warmup at least 0, got %d and %d"
              .formatted(iterations, warmup));
    }
    Progress progress = progress();
    Model model = load(progress).value();
    List<Array> inputs = inputs(model, inputOptions);
    Object[] args = new Object[inputs.size() + 1];
    args[0] = model.stateDict();
    for (int i = 0; i < inputs.size(); i++) {
      args[i + 1] = inputs.get(i);
    }
    PrintWriter out = out();
    out.printf("model: %s (%s)%n", file, model.kind());
    Progress.Timed<ClosedJaxpr> traced =
        progress.step("trace", () -> Staging.makeJaxpr(model.forward(), args));
    Progress.Timed<String> lowered =
        progress.step("lower to StableHLO", () -> Lowerer.module("main", traced.value().jaxpr()));
    Progress.Timed<PjrtExecutable> compiled =
        progress.step("XLA compile", () -> Backend.client().compile(lowered.value()));
    compiled.value().close();
    out.printf(
        Locale.ROOT,
        "trace %.0f ms (%d equations), lower %.0f ms, XLA compile %.0f ms%n",
        traced.ms(),
        traced.value().jaxpr().eqns().size(),
        lowered.ms(),
        compiled.ms());

    Fn jitted = Jax.jit(model.forward());
    Progress.Timed<List<Array>> first =
        progress.step(
            "first jitted call (trace, compile, run)",
            () -> RunCommand.callOnce(jitted, model, inputs));
    out.printf(Locale.ROOT, "first jitted call (trace + compile + run) %.0f ms%n", first.ms());
    double[] t2j = measure(progress, "t2j jit", () -> RunCommand.callOnce(jitted, model, inputs));
    out.printf(Locale.ROOT, "t2j jit:        %s%n", latency(t2j));
    if (!model.hasEagerReference()) {
      out.println("libtorch eager: not available for a .pt2 (read without libtorch)");
      return 0;
    }
    List<Tensor> tensors = inputs.stream().map(T2J::j2t).toList();
    double[] eager = measure(progress, "libtorch eager", () -> model.eager(tensors));
    out.printf(
        Locale.ROOT, "libtorch eager: %s (%d threads)%n", latency(eager), torch.get_num_threads());
    out.printf(
        Locale.ROOT,
        "ratio t2j / libtorch (median): %.2f%n",
        Timings.median(t2j) / Timings.median(eager));
    return 0;
  }

  private double[] measure(Progress progress, String what, Runnable call) {
    progress.step(
        what + " warm-up",
        () -> {
          for (int i = 0; i < warmup; i++) {
            call.run();
          }
          return null;
        });
    double[] ms = new double[iterations];
    progress.step(
        what + " x " + iterations,
        () -> {
          for (int i = 0; i < iterations; i++) {
            long t0 = System.nanoTime();
            call.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
          }
          return null;
        });
    return ms;
  }

  private String latency(double[] ms) {
    return String.format(
        Locale.ROOT,
        "median %.3f ms, min %.3f ms (%d calls after %d warm-up)",
        Timings.median(ms),
        Timings.min(ms),
        ms.length,
        warmup);
  }
}
