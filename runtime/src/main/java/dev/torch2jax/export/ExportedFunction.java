package dev.torch2jax.export;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.aten.OpRegistry;
import dev.torch2jax.aten.RandomState;
import dev.torch2jax.export.ExportSchema.BufferMutationSpec;
import dev.torch2jax.export.ExportSchema.BufferSpec;
import dev.torch2jax.export.ExportSchema.ConstantSpec;
import dev.torch2jax.export.ExportSchema.Graph;
import dev.torch2jax.export.ExportSchema.ParameterSpec;
import dev.torch2jax.export.ExportSchema.Program;
import dev.torch2jax.export.ExportSchema.Union;
import dev.torch2jax.export.ExportSchema.UserInputSpec;
import dev.torch2jax.export.ExportSchema.UserOutputSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A program exported with {@code torch.export} and saved as {@code .pt2}, as a traceable {@link Fn}
 * with the calling convention of {@code TorchFunction}: {@code apply(stateDict, inputs...)}. Each
 * call runs the graph's ATen ops on arrays, so {@code Jax.jit}, {@code grad} and {@code vmap}
 * apply. Made by {@code T2J.load(Path)}.
 *
 * <p>The state dict holds parameters, buffers and constants by their Python names; {@link
 * #stateDict()} gives the archive's. Buffers the program updates (training-mode batch norm, a
 * counter bumped in place) come back from {@link #callWithState}; {@link #call} drops them. Random
 * ops ({@code dropout} in training) draw from the key given to {@link #callWithState(Array, Map,
 * Object...)}, else from the thread's current key ({@link RandomState}).
 *
 * <p>Inputs are positional, in the order of the export's input spec ({@link #inputNames()}). A
 * program with one output returns it; one whose Python forward returned a tuple, list or dict
 * (Hugging Face models, an LSTM's {@code (output, (h, c))}) returns a {@code List} of the flattened
 * outputs in the order of the export's output spec: pytree leaves, tuples and lists in order, dicts
 * in insertion order, {@code None} as {@code null}.
 */
public final class ExportedFunction implements Fn {
  /** How one graph input gets its value. */
  private sealed interface Source {}

  private record FromState(String key) implements Source {}

  private record FromUser(int index) implements Source {}

  private record Constant(Object value) implements Source {}

  private final String file;
  private final List<String> placeholders = new ArrayList<>();
  private final List<Source> sources = new ArrayList<>();
  private final List<String> inputNames = new ArrayList<>();
  private final Map<String, String> bufferPlaceholders = new LinkedHashMap<>();
  private final List<Union> userOutputs = new ArrayList<>();
  private final Map<String, String> declaredMutations = new LinkedHashMap<>();
  private final Map<String, Array> stateDict;
  private final ShapeGuards guards;
  private final GraphRunner runner;

  ExportedFunction(String file, Program program, Map<String, Array> stored, OpRegistry registry) {
    this.file = file;
    Graph graph = program.graphModule().graph();
    List<Union> specs = program.graphModule().signature().inputSpecs();
    if (specs.size() != graph.inputs().size()) {
      throw new IllegalArgumentException(
          "%s: the signature has %d inputs, the graph %d"
              .formatted(file, specs.size(), graph.inputs().size()));
    }
    Map<String, Array> state = new LinkedHashMap<>();
    List<String> tensorInputs = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      Union spec = specs.get(i);
      String placeholder = placeholderName(graph.inputs().get(i));
      placeholders.add(placeholder);
      switch (spec.kind()) {
        case "parameter", "buffer", "tensor_constant" -> {
          String key = stateKey(spec);
          sources.add(new FromState(key));
          state.put(key, stored(stored, key));
          if (spec.kind().equals("buffer")) {
            bufferPlaceholders.put(key, placeholder);
          }
        }
        case "user_input" -> {
          Union arg = Pt2Archive.convert(spec.value(), UserInputSpec.class).arg();
          sources.add(new FromUser(inputNames.size()));
          inputNames.add(placeholder);
          if (arg.kind().equals("as_tensor")) {
            tensorInputs.add(placeholder);
          }
        }
        case "constant_input" ->
            sources.add(
                new Constant(
                    spec.value().get("value") == null
                        ? null
                        : ArgumentDecoder.decode(
                            Pt2Archive.convert(spec.value().get("value"), Union.class), Map.of())));
        default ->
            throw new IllegalArgumentException(
                "%s: input kind %s (e.g. a custom object or effect token) is not supported"
                    .formatted(file, spec.kind()));
      }
    }
    for (Union spec : program.graphModule().signature().outputSpecs()) {
      switch (spec.kind()) {
        case "user_output" ->
            userOutputs.add(Pt2Archive.convert(spec.value(), UserOutputSpec.class).arg());
        case "buffer_mutation" -> {
          BufferMutationSpec m = Pt2Archive.convert(spec.value(), BufferMutationSpec.class);
          declaredMutations.put(m.bufferName(), m.arg().name());
        }
        case "user_input_mutation" -> {
          // the caller's arrays never change: the mutated value stays inside the graph
        }
        default ->
            throw new IllegalArgumentException(
                "%s: output kind %s is not supported".formatted(file, spec.kind()));
      }
    }
    this.stateDict = Collections.unmodifiableMap(state);
    this.guards = new ShapeGuards(tensorInputs, graph.tensorValues(), program.rangeConstraints());
    this.runner = new GraphRunner(file, graph.nodes(), registry);
  }

  private static String placeholderName(Union input) {
    return input.value().has("name")
        ? input.value().get("name").asText()
        : input.value().path("as_name").asText(input.kind());
  }

  /** The state dict key of a parameter, buffer or tensor constant input spec. */
  private static String stateKey(Union spec) {
    return switch (spec.kind()) {
      case "parameter" -> Pt2Archive.convert(spec.value(), ParameterSpec.class).parameterName();
      case "buffer" -> Pt2Archive.convert(spec.value(), BufferSpec.class).bufferName();
      default -> Pt2Archive.convert(spec.value(), ConstantSpec.class).tensorConstantName();
    };
  }

  private Array stored(Map<String, Array> stored, String key) {
    Array a = stored.get(key);
    if (a == null) {
      throw new IllegalArgumentException(
          "%s: the program reads %s, which the archive's weights and constants lack"
              .formatted(file, key));
    }
    return a;
  }

  /** Parameters, buffers and constants from the archive, by Python name, in graph input order. */
  public Map<String, Array> stateDict() {
    return stateDict;
  }

  /** The names of the program's user inputs, in order. */
  public List<String> inputNames() {
    return Collections.unmodifiableList(inputNames);
  }

  /**
   * Runs the program with {@code stateDict} on {@code inputs}; buffer updates are dropped.
   *
   * @throws IllegalArgumentException for a wrong number of inputs, a state dict missing keys or
   *     with misshaped entries, or an input outside the exported shapes (naming the dimension and
   *     its range)
   */
  public Object call(Map<String, Array> stateDict, Object... inputs) {
    return run(stateDict, inputs).getFirst();
  }

  /**
   * Runs the program and returns {@code List.of(output, newState)}: {@code newState} is {@code
   * state} with the buffers the program updates replaced by their new values.
   */
  public List<Object> callWithState(Map<String, Array> state, Object... inputs) {
    return run(state, inputs);
  }

  /** {@link #callWithState(Map, Object...)} with random ops drawing from {@code key}. */
  public List<Object> callWithState(Array key, Map<String, Array> state, Object... inputs) {
    return RandomState.withKey(key, () -> run(state, inputs));
  }

  /** {@link Fn} form: {@code apply(stateDict, inputs...)}, as {@link #call}. */
  @Override
  @SuppressWarnings("unchecked")
  public Object apply(Object... args) {
    if (args.length == 0 || !(args[0] instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(
          ("%s is applied as apply(stateDict, inputs...): the first argument must be the state"
                  + " dict (a Map<String, Array>, see stateDict())")
              .formatted(file));
    }
    return call((Map<String, Array>) args[0], Arrays.copyOfRange(args, 1, args.length));
  }

  private List<Object> run(Map<String, Array> state, Object[] inputs) {
    checkState(state);
    if (inputs.length != inputNames.size()) {
      throw new IllegalArgumentException(
          "%s takes %d input(s) %s, got %d"
              .formatted(file, inputNames.size(), inputNames, inputs.length));
    }
    Map<String, Object> values = new HashMap<>();
    Map<String, Long> symbols = new HashMap<>();
    Map<String, Array> tensorInputs = new HashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      Object v =
          switch (sources.get(i)) {
            case FromState s -> state.get(s.key());
            case FromUser u -> userValue(inputNames.get(u.index()), inputs[u.index()]);
            case Constant c -> c.value();
          };
      if (sources.get(i) instanceof FromUser && v instanceof Array a) {
        guards.check(placeholders.get(i), a, symbols);
        tensorInputs.put(placeholders.get(i), a);
      }
      values.put(placeholders.get(i), v);
    }
    guards.checkRelations(tensorInputs, symbols);
    runner.run(values);
    List<Object> outs = new ArrayList<>();
    for (Union o : userOutputs) {
      outs.add(ArgumentDecoder.decode(o, values));
    }
    Object output = outs.size() == 1 ? outs.getFirst() : Collections.unmodifiableList(outs);
    Map<String, Array> newState = new LinkedHashMap<>(state);
    bufferPlaceholders.forEach(
        (key, placeholder) -> {
          String name = declaredMutations.getOrDefault(key, placeholder);
          newState.put(key, (Array) values.get(name));
        });
    return List.of(output, Collections.unmodifiableMap(newState));
  }

  private Object userValue(String name, Object in) {
    return switch (in) {
      case Array a -> a;
      case Integer i -> (long) i;
      case Long l -> l;
      case Float f -> (double) f;
      case Double d -> d;
      case Boolean b -> b;
      case String s -> s;
      case null -> null;
      default ->
          throw new IllegalArgumentException(
              "%s: input %s cannot be a %s; pass an Array or a Java number, boolean or string"
                  .formatted(file, name, in.getClass().getName()));
    };
  }

  private void checkState(Map<String, Array> state) {
    if (state == null) {
      throw new IllegalArgumentException(
          "%s: the state dict is null; pass stateDict() or your own".formatted(file));
    }
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, Array> e : stateDict.entrySet()) {
      Array a = state.get(e.getKey());
      Array want = e.getValue();
      if (a == null) {
        problems.add("missing %s".formatted(e.getKey()));
      } else if (!Arrays.equals(a.shape(), want.shape()) || a.dtype() != want.dtype()) {
        problems.add(
            "%s is %s%s, the program has %s%s"
                .formatted(
                    e.getKey(),
                    a.dtype().torchName(),
                    Arrays.toString(a.shape()),
                    want.dtype().torchName(),
                    Arrays.toString(want.shape())));
      }
    }
    Set<String> unexpected = new TreeSet<>(state.keySet());
    unexpected.removeAll(stateDict.keySet());
    unexpected.forEach(k -> problems.add("unexpected key %s".formatted(k)));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "%s: the state dict does not fit the program: %s"
              .formatted(file, String.join("; ", problems)));
    }
  }

  @Override
  public String toString() {
    return "ExportedFunction[%s, %d state entries, inputs %s]"
        .formatted(file, stateDict.size(), inputNames);
  }
}
