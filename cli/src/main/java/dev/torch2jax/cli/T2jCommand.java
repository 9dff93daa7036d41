package dev.torch2jax.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code t2j} model commands. */
@Command(
    name = "t2j",
    mixinStandardHelpOptions = true,
    description = {
      "PyTorch models on XLA from Java: inspect, run, export and benchmark a TorchScript (.pt) or"
          + " torch.export (.pt2) file.",
      "(./t2j example and ./t2j test, handled by the script, build and run the project's example"
          + " and tests.)"
    },
    subcommands = {
      InspectCommand.class,
      RunCommand.class,
      ExportCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
final class T2jCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }
}
