package dev.torch2jax.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.torch2jax.Array;
import dev.torch2jax.Jax;
import dev.torch2jax.Lowered;
import dev.torch2jax.core.ShapedArray;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code t2j export FILE --input ... -o model.mlir}: the StableHLO module and its layout. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Writes the StableHLO module that jit compiles for inputs shaped like the given ones (MLIR"
          + " text, entry function @main), and next to it NAME.layout.json: @main's arguments in"
          + " order (the constants the program needs, with their values; the state dict's"
          + " parameters and buffers by name, in sorted key order; the inputs), each with shape"
          + " and dtype, and its results.",
      "Only the shapes and dtypes of --input matter here (random values are fine)."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {"0:written", "1:the model failed to trace or lower", "2:bad usage"})
final class ExportCommand extends ModelCommand {
  @Mixin InputOptions inputOptions = new InputOptions();

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "OUT.mlir",
      description = "The module's file; the layout goes to OUT.layout.json beside it.")
  Path output;

  @Override
  public Integer call() throws IOException {
    Progress progress = progress();
    Model model = load(progress).value();
    List<Array> inputs = inputs(model, inputOptions);
    Object[] args = new Object[inputs.size() + 1];
    args[0] = model.stateDict();
    for (int i = 0; i < inputs.size(); i++) {
      args[i + 1] = inputs.get(i);
    }
    Lowered lowered =
        progress.step("trace and lower", () -> Jax.lower(model.forward(), args)).value();
    Path layoutFile = layoutPath(output);
    Map<String, Object> layout = layout(model, inputs.size(), lowered);
    layout.put("module", output.getFileName().toString());
    Path dir = output.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Files.writeString(output, lowered.asText());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(layoutFile.toFile(), reorder(layout));
    PrintWriter out = out();
    out.printf(
        "wrote %s (%,d characters) and %s: @main takes %d arguments (%d constants, %d state"
            + " entries, %d inputs) and returns %d results%n",
        output,
        lowered.asText().length(),
        layoutFile,
        lowered.inputTypes().size(),
        lowered.constants().size(),
        model.stateDict().size(),
        inputs.size(),
        lowered.outputTypes().size());
    return 0;
  }

  /** {@code model.mlir} to {@code model.layout.json}. */
  static Path layoutPath(Path module) {
    String name = module.getFileName().toString();
    String stem = name.endsWith(".mlir") ? name.substring(0, name.length() - 5) : name;
    return module.resolveSibling(stem + ".layout.json");
  }

  /**
   * The layout: {@code arguments} in @main's order (constants, state-dict entries in sorted key
   * order as jit flattens a map, inputs) and {@code results}.
   */
  private Map<String, Object> layout(Model model, int inputCount, Lowered lowered) {
    List<ShapedArray> types = lowered.inputTypes();
    List<Array> constants = lowered.constants();
    List<String> keys = new ArrayList<>(new TreeMap<>(model.stateDict()).keySet());
    if (types.size() != constants.size() + keys.size() + inputCount) {
      throw new IllegalStateException(
          "@main takes %d arguments, expected %d constants + %d state entries + %d inputs"
              .formatted(types.size(), constants.size(), keys.size(), inputCount));
    }
    List<Map<String, Object>> arguments = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("index", i);
      if (i < constants.size()) {
        a.put("kind", "constant");
        a.put("name", "constant_" + i);
      } else if (i < constants.size() + keys.size()) {
        String key = keys.get(i - constants.size());
        a.put("kind", stateKind(model, key));
        a.put("name", key);
      } else {
        int k = i - constants.size() - keys.size();
        a.put("kind", "input");
        a.put("name", model.arguments().get(k).name());
      }
      a.put("shape", types.get(i).shape());
      a.put("dtype", types.get(i).dtype().torchName());
      if (i < constants.size()) {
        Array c = constants.get(i);
        a.put("values", c.dtype().isFloatingPoint() ? c.toDoubleArray() : c.toLongArray());
      }
      arguments.add(a);
    }
    List<Map<String, Object>> results = new ArrayList<>();
    for (int i = 0; i < lowered.outputTypes().size(); i++) {
      ShapedArray t = lowered.outputTypes().get(i);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("index", i);
      r.put("shape", t.shape());
      r.put("dtype", t.dtype().torchName());
      results.add(r);
    }
    Map<String, Object> layout = new LinkedHashMap<>();
    layout.put("source", model.file().toString());
    layout.put("entry", "main");
    layout.put("arguments", arguments);
    layout.put("results", results);
    return layout;
  }

  private static String stateKind(Model model, String key) {
    if (model.module() == null) {
      return "state"; // a .pt2 archive does not say which entries are parameters
    }
    return model.parameterNames().contains(key) ? "parameter" : "buffer";
  }

  /** {@code module} first, for readers of the file. */
  private static Map<String, Object> reorder(Map<String, Object> layout) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("module", layout.get("module"));
    layout.forEach(out::putIfAbsent);
    return out;
  }
}
