package dev.torch2jax.cli;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.torch.OpCoverage;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Command;

/** {@code t2j inspect FILE}: will this model run? */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the model's ops with counts, each marked implemented or missing (with the source line"
          + " of the first use of a missing one), its parameters and buffers, and its inputs;"
          + " nothing is traced or compiled.",
      "Ops marked 'builtin' are TorchScript's operations on numbers, lists and strings: evaluated"
          + " in Java, their argument kinds are checked when the model runs."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every op is implemented",
      "1:some op is missing (running the model would fail)",
      "2:bad usage, or a file that is not a readable model"
    })
final class InspectCommand extends ModelCommand {
  @Override
  public Integer call() {
    Progress progress = progress();
    Model model;
    try {
      model = load(progress).value();
    } catch (dev.torch2jax.export.UnsupportedOpException e) {
      // The .pt2 reader checks every node while loading.
      PrintWriter out = out();
      out.printf("model: %s (torch.export program)%n", file);
      out.println("missing op: " + e.target());
      out.println(e.getMessage());
      return 1;
    }
    PrintWriter out = out();
    out.printf("model: %s (%s)%n", file, model.kind());
    printInputs(out, model);
    printState(out, model);
    if (model.module() == null) {
      out.println(
          "ops: every node is implemented (the .pt2 reader checked them on loading;"
              + " per-op counts are listed for TorchScript files)");
      return 0;
    }
    OpCoverage coverage =
        progress.step("reading graphs", () -> OpCoverage.of(model.module())).value();
    printOps(out, coverage);
    return coverage.complete() ? 0 : 1;
  }

  private static void printInputs(PrintWriter out, Model model) {
    out.printf("inputs: %d%n", model.arguments().size());
    for (Model.Argument a : model.arguments()) {
      out.println("  " + a);
    }
  }

  private static void printState(PrintWriter out, Model model) {
    Map<String, Array> state = model.stateDict();
    Set<String> params = model.parameterNames();
    if (model.module() != null) {
      out.println("parameters: " + summary(state, params, true));
      out.println("buffers: " + summary(state, params, false));
    } else {
      out.println("state (parameters, buffers, constants): " + summary(state, Set.of(), false));
    }
  }

  /** {@code 12 tensors, 1,234 elements, 4,936 bytes (float32)}. */
  private static String summary(Map<String, Array> state, Set<String> params, boolean parameters) {
    long tensors = 0;
    long elements = 0;
    long bytes = 0;
    Set<String> dtypes = new TreeSet<>();
    for (Map.Entry<String, Array> e : state.entrySet()) {
      if (params.contains(e.getKey()) != parameters) {
        continue;
      }
      Array a = e.getValue();
      DType t = a.dtype();
      tensors++;
      elements += a.size();
      bytes += a.size() * t.byteSize();
      dtypes.add(t.torchName());
    }
    return "%d tensors, %,d elements, %,d bytes%s"
        .formatted(
            tensors,
            elements,
            bytes,
            dtypes.isEmpty() ? "" : " (" + String.join(", ", dtypes) + ")");
  }

  private static void printOps(PrintWriter out, OpCoverage coverage) {
    List<OpCoverage.OpUse> ops = coverage.ops();
    long nodes = ops.stream().mapToLong(OpCoverage.OpUse::count).sum();
    List<OpCoverage.OpUse> missing = coverage.missing();
    out.printf("ops: %d kinds, %d nodes, %d missing%n", ops.size(), nodes, missing.size());
    for (OpCoverage.OpUse u : ops) {
      String status =
          switch (u.status()) {
            case IMPLEMENTED -> "ok";
            case BUILTIN -> "builtin";
            case MISSING -> "MISSING";
          };
      String where =
          u.status() == OpCoverage.Status.MISSING && !u.location().isEmpty()
              ? "  (first at " + u.location() + ")"
              : "";
      out.printf("  %6d  %-8s %s%s%n", u.count(), status, u.op(), where);
    }
    if (missing.isEmpty()) {
      out.println("every op is implemented: the model should run under t2j");
      return;
    }
    for (OpCoverage.OpUse u : missing) {
      out.printf(
          "%nmissing %s, first used at %s:%n", u.op(), u.location().isEmpty() ? "?" : u.location());
      if (!u.source().isBlank()) {
        out.println(u.source().stripTrailing());
      }
    }
    out.printf(
        "%n%d op(s) missing: running the model raises UnsupportedOpException%n", missing.size());
  }
}
