package dev.torch2jax.cli;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.torch.T2J;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.pytorch.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code t2j run FILE --input ...}: the model under jit, checked against libtorch eager. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the model's forward under Jax.jit on the given inputs and prints each output's shape,"
          + " dtype, min, max and mean; the largest absolute and relative difference from libtorch"
          + " eager on the same inputs (TorchScript files); and the times of loading, the first"
          + " jitted call (trace, compile and run) and a steady call."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:the model ran", "1:it failed (e.g. a missing op)", "2:bad usage"})
final class RunCommand extends ModelCommand {
  @Mixin InputOptions inputOptions = new InputOptions();

  @Option(
      names = "--repeat",
      defaultValue = "5",
      paramLabel = "N",
      description = "Steady calls timed (their median is printed; default: ${DEFAULT-VALUE}).")
  int repeat;

  @Override
  public Integer call() {
    Progress progress = progress();
    Progress.Timed<Model> loaded = load(progress);
    Model model = loaded.value();
    List<Array> inputs = inputs(model, inputOptions);
    PrintWriter out = out();
    out.printf("model: %s (%s)%n", file, model.kind());
    for (int i = 0; i < inputs.size(); i++) {
      Array a = inputs.get(i);
      out.printf(
          "input %s: %s%n",
          model.arguments().get(i).name(),
          inputOptions.inputs.get(i).file() != null
              ? Outputs.describe(a) + " from " + inputOptions.inputs.get(i).file()
              : Outputs.describe(a));
    }
    Fn jitted = Jax.jit(model.forward());
    Progress.Timed<List<Array>> first =
        progress.step(
            "first jitted call (trace, compile, run)", () -> callOnce(jitted, model, inputs));
    List<Array> outputs = first.value();
    for (int i = 0; i < outputs.size(); i++) {
      out.printf("output %d: %s%n", i, Outputs.describe(outputs.get(i)));
    }
    double eagerMs = Double.NaN;
    if (model.hasEagerReference()) {
      List<Tensor> tensors = inputs.stream().map(T2J::j2t).toList();
      Progress.Timed<List<Array>> eager =
          progress.step("libtorch eager", () -> toArrays(model.eager(tensors)));
      eagerMs = eager.ms();
      Outputs.Difference d = Outputs.difference(eager.value(), outputs);
      out.printf(
          Locale.ROOT,
          "difference from libtorch eager: max abs %.3g, max rel %.3g (to the largest |eager|"
              + " value)%n",
          d.maxAbs(),
          d.maxRel());
    } else {
      out.println(
          "difference from libtorch eager: not available for a .pt2 (read without libtorch)");
    }
    double[] steady = new double[Math.max(repeat, 1)];
    for (int i = 0; i < steady.length; i++) {
      steady[i] = progress.step("steady call", () -> callOnce(jitted, model, inputs)).ms();
    }
    out.printf(
        Locale.ROOT,
        "times: load %.0f ms, first jitted call (trace + compile + run) %.0f ms, steady call %.3f ms"
            + " (median of %d)%s%n",
        loaded.ms(),
        first.ms(),
        Timings.median(steady),
        steady.length,
        Double.isNaN(eagerMs) ? "" : ", libtorch eager first call %.3f ms".formatted(eagerMs));
    return 0;
  }

  /** One call with the results read to the host (so the time covers the whole computation). */
  static List<Array> callOnce(Fn f, Model model, List<Array> inputs) {
    List<Array> out = Outputs.flatten(Model.call(f, model.stateDict(), inputs));
    out.forEach(Array::toBytes);
    return out;
  }

  static List<Array> toArrays(List<Tensor> tensors) {
    List<Array> out = new ArrayList<>();
    tensors.forEach(t -> out.add(T2J.t2j(t)));
    return out;
  }
}
