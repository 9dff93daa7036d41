package dev.torch2jax.cli;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.export.ExportedFunction;
import dev.torch2jax.torch.T2J;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A model file loaded for the commands: a TorchScript module ({@code .pt}, in eval mode) or a
 * {@code torch.export} program ({@code .pt2}), with its forward as a function {@code
 * apply(stateDict, inputs...)}, its state dict and its inputs.
 *
 * @param file the file
 * @param module the libtorch module (the eager reference), or null for a {@code .pt2}
 * @param exported the exported program, or null for a {@code .pt}
 * @param forward the model as {@code apply(stateDict, inputs...)}
 * @param stateDict parameters and buffers (for a {@code .pt2} also its constants)
 * @param parameterNames the state-dict keys that are parameters (empty for a {@code .pt2}, whose
 *     archive does not say)
 * @param arguments the forward's arguments after {@code self}
 */
record Model(
    Path file,
    JitModule module,
    ExportedFunction exported,
    Fn forward,
    Map<String, Array> stateDict,
    Set<String> parameterNames,
    List<Argument> arguments) {

  /**
   * An argument of the forward.
   *
   * @param type TorchScript's type ({@code Tensor}, {@code Optional[Tensor]}); "Tensor" for a
   *     {@code .pt2}
   * @param defaultValue the default's text, or null when the argument is required
   */
  record Argument(String name, String type, String defaultValue) {
    boolean required() {
      return defaultValue == null;
    }

    @Override
    public String toString() {
      return "%s: %s%s".formatted(name, type, required() ? "" : " = " + defaultValue);
    }
  }

  /**
   * Loads {@code file}: a {@code .pt2} with the torch.export reader, anything else with libtorch's
   * {@code torch.load}.
   *
   * @throws IllegalArgumentException when the file is missing or not a readable model
   * @throws dev.torch2jax.export.UnsupportedOpException for a {@code .pt2} with an op torch2jax
   *     cannot run (its reader checks every node)
   */
  static Model load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "%s: no such file (expected a TorchScript .pt or torch.export .pt2 file)"
              .formatted(file));
    }
    return file.toString().endsWith(".pt2") ? loadExported(file) : loadScript(file);
  }

  private static Model loadExported(Path file) {
    ExportedFunction f = T2J.load(file);
    List<Argument> args = new ArrayList<>();
    for (String name : f.inputNames()) {
      args.add(new Argument(name, "Tensor", null));
    }
    return new Model(file, null, f, f, f.stateDict(), Set.of(), List.copyOf(args));
  }

  private static Model loadScript(Path file) {
    JitModule m;
    try {
      m = torch.load(file.toString());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "%s: not a TorchScript module libtorch can read (save one with torch.jit.save or"
              + " torch.jit.script(model).save): %s".formatted(file, firstLine(e.getMessage())),
          e);
    }
    m.eval();
    Set<String> params = new LinkedHashSet<>();
    org.bytedeco.pytorch.named_parameter_list list = m.named_parameters(true);
    for (org.bytedeco.pytorch.named_parameter_iterator it = list.begin();
        it.notEquals(list.end());
        it = it.increment()) {
      params.add(it.access().name().getString());
    }
    String schema = torch.toString(m.get_method("forward").function().getSchema()).getString();
    return new Model(
        file,
        m,
        null,
        T2J.t2j(m),
        T2J.stateDict(m),
        Set.copyOf(params),
        ScriptSchema.arguments(schema));
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** "TorchScript module __torch__.Net" or "torch.export program". */
  String kind() {
    return module != null
        ? "TorchScript module " + module.type().str().getString()
        : "torch.export program";
  }

  /** The required arguments' count. */
  long requiredCount() {
    return arguments.stream().filter(Argument::required).count();
  }

  /** True when libtorch can run the model eagerly as a reference (a {@code .pt}). */
  boolean hasEagerReference() {
    return module != null;
  }

  /**
   * libtorch's eager output on {@code inputs} (without autograd), flattened.
   *
   * @throws IllegalStateException for a {@code .pt2}
   */
  @SuppressWarnings("try") // the guard only scopes no-grad mode
  List<Tensor> eager(List<Tensor> inputs) {
    if (module == null) {
      throw new IllegalStateException("a .pt2 program has no libtorch eager reference here");
    }
    try (NoGradGuard guard = new NoGradGuard()) {
      IValueVector args = new IValueVector();
      for (Tensor t : inputs) {
        args.push_back(new IValue(t));
      }
      IValue out = module.forward(args);
      List<Tensor> flat = Outputs.flatten(out);
      java.lang.ref.Reference.reachabilityFence(out);
      return flat;
    }
  }

  /** The t2j forward on {@code inputs} through {@code f} (the forward, or its jit). */
  static Object call(Fn f, Map<String, Array> stateDict, List<Array> inputs) {
    Object[] args = new Object[inputs.size() + 1];
    args[0] = stateDict;
    for (int i = 0; i < inputs.size(); i++) {
      args[i + 1] = inputs.get(i);
    }
    return f.apply(args);
  }
}
