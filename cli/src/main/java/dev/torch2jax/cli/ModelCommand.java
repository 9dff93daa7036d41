package dev.torch2jax.cli;

import dev.torch2jax.Array;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** What every model command has: the model file, its output streams, loading with progress. */
abstract class ModelCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "FILE",
      description =
          "A TorchScript module (.pt, from torch.jit.save) or a torch.export program (.pt2).")
  Path file;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  Progress progress() {
    return Progress.of(spec.commandLine().getErr());
  }

  /** Loads the model, a missing or unreadable file being a usage error. */
  Progress.Timed<Model> load(Progress progress) {
    try {
      return progress.step("loading " + file, () -> Model.load(file));
    } catch (IllegalArgumentException | dev.torch2jax.export.Pt2ArchiveException e) {
      throw usage(e.getMessage());
    }
  }

  /** The inputs {@code options} describe, a wrong count or file being a usage error. */
  List<Array> inputs(Model model, InputOptions options) {
    try {
      return Inputs.make(model, options.inputs, options.seed, options.intHigh);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /** picocli prints the message and the usage line, and exits with status 2. */
  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
