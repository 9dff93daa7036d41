package dev.torch2jax.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** A t2j command run in-process, its exit status and what it printed. */
record CliRun(int status, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int status = cl.execute(args);
    return new CliRun(status, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "status %d%n--- out%n%s--- err%n%s".formatted(status, out, err);
  }
}
