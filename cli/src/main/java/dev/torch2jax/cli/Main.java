package dev.torch2jax.cli;

import picocli.CommandLine;

/** The {@code t2j} command line's entry point. */
public final class Main {
  private Main() {}

  /** Runs the command {@code args} name and exits with its status. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line. Bad usage prints the message and where to find help (status 2); a failure
   * while running prints the error's message (e.g. a missing op with its source line) rather than a
   * stack trace (status 1).
   */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new T2jCommand());
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          commandLine.getErr().printf("t2j %s: %s%n", commandLine.getCommandName(), message(e));
          commandLine.getErr().flush();
          return 1;
        });
    cl.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine failed = e.getCommandLine();
          failed.getErr().println(e.getMessage());
          failed
              .getErr()
              .printf("Run '%s --help' for usage.%n", failed.getCommandSpec().qualifiedName());
          failed.getErr().flush();
          return failed.getCommandSpec().exitCodeOnInvalidInput();
        });
    return cl;
  }

  private static String message(Exception e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
