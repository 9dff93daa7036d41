package dev.torch2jax.torch;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Fn;
import dev.torch2jax.aten.OpRegistry;
import dev.torch2jax.torch.ScriptGraph.Body;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.pytorch.Graph;
import org.bytedeco.pytorch.GraphFunction;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * A TorchScript module's {@code forward} or a TorchScript function as a traceable {@link Fn}: each
 * call interprets the graph on arrays, so {@code Jax.jit}, {@code Jax.grad} and {@code Jax.vmap}
 * apply to it. Made by {@link T2J#t2j(JitModule)} and {@link
 * T2J#t2j(org.bytedeco.pytorch.Function)}.
 *
 * <p>Inputs: {@link Array}s (or libtorch {@link Tensor}s) for tensors; {@code Long}, {@code
 * Double}, {@code Boolean}, {@code String} and {@code List}s of them for other arguments (static
 * under jit). Results: a tensor gives an {@code Array}, a tuple or list a {@code List}, a dict a
 * {@code Map}, ints/floats/bools Java numbers. Mutating an input tensor in the script is visible in
 * the returned values only; the caller's arrays never change.
 *
 * <p>A module reads every parameter and buffer from the state dict it is called with (keys as
 * PyTorch's {@code state_dict()}), never from the libtorch module.
 */
public final class TorchFunction implements Fn {
  private final JitModule module;
  private final String name;
  private final Body entry;
  private final Map<String, Expected> expected;
  private final List<SchemaArgument> parameters;
  private final Boolean training;
  private final Map<Long, Body> graphs;
  private final OpRegistry registry = OpRegistry.global();

  private record Expected(long[] shape, DType dtype) {}

  private TorchFunction(
      JitModule module,
      String name,
      Graph graph,
      org.bytedeco.pytorch.FunctionSchema schema,
      Map<String, Expected> expected) {
    this.module = module;
    this.name = name;
    this.graphs = new ConcurrentHashMap<>();
    this.entry = body(graph);
    this.expected = expected;
    this.training = null;
    List<SchemaArgument> args = SchemaArgument.parse(torch.toString(schema).getString());
    this.parameters = List.copyOf(module == null ? args : args.subList(1, args.size()));
  }

  private TorchFunction(TorchFunction f, Boolean training) {
    this.module = f.module;
    this.name = f.name;
    this.graphs = f.graphs;
    this.entry = f.entry;
    this.expected = f.expected;
    this.parameters = f.parameters;
    this.training = training;
  }

  static TorchFunction ofModule(JitModule module) {
    Map<String, Expected> expected = new LinkedHashMap<>();
    T2J.stateTensors(module)
        .forEach(
            (k, t) ->
                expected.put(k, new Expected(t.shape(), ScalarTypes.toDType(t.scalar_type()))));
    String name = module.type().str().getString();
    org.bytedeco.pytorch.Method forward = module.get_method("forward");
    return new TorchFunction(
        module,
        name,
        forward.graph(),
        forward.function().getSchema(),
        Collections.unmodifiableMap(expected));
  }

  static TorchFunction ofFunction(org.bytedeco.pytorch.Function f) {
    if (!f.isGraphFunction()) {
      throw new IllegalArgumentException(
          "function " + f.name().getString() + " is not a TorchScript graph function");
    }
    return new TorchFunction(
        null, f.name().getString(), new GraphFunction(f).graph(), f.getSchema(), Map.of());
  }

  private Body body(Graph g) {
    return graphs.computeIfAbsent(g.address(), a -> ScriptGraph.read(g));
  }

  /** True for a module (called with a state dict first), false for a function. */
  public boolean isModule() {
    return module != null;
  }

  /** The state-dict keys a module needs, in the module's order (empty for a function). */
  public Set<String> stateDictKeys() {
    return expected.keySet();
  }

  /** The script's argument names, {@code self} excluded. */
  public List<String> argumentNames() {
    return parameters.stream().map(SchemaArgument::name).toList();
  }

  /**
   * Runs a module's {@code forward} with {@code stateDict} (or a function, whose state dict must be
   * empty or null) on {@code inputs}, positionally; trailing arguments left out take their defaults
   * from the script, as in Python ({@code encoder(src)} for {@code forward(src, mask=None)}).
   *
   * @throws StateDictException when keys are missing or unexpected, or entries misshaped
   * @throws IllegalArgumentException for too many inputs, or a left-out argument with no default
   * @throws UnsupportedOpException for a node the interpreter cannot run
   */
  public Object call(Map<String, Array> stateDict, Object... inputs) {
    return run(stateDict, positional(inputs)).output();
  }

  /** The inputs with the trailing arguments left out filled from their defaults. */
  private List<Object> positional(Object[] inputs) {
    if (inputs.length > parameters.size()) {
      throw new IllegalArgumentException(
          "%s takes %d argument(s) %s, got %d"
              .formatted(name, parameters.size(), argumentNames(), inputs.length));
    }
    List<Object> args = new ArrayList<>(Arrays.asList(inputs));
    for (int i = inputs.length; i < parameters.size(); i++) {
      args.add(defaultOf(parameters.get(i)));
    }
    return args;
  }

  /**
   * Runs like {@link #call} with inputs by argument name ({@code Map.of("src", x, "is_causal",
   * true)}); arguments not named take their defaults.
   *
   * @throws IllegalArgumentException for a name the script has no argument of, or a required
   *     argument not named
   */
  public Object callByName(Map<String, Array> stateDict, Map<String, ?> inputs) {
    Set<String> unknown = new TreeSet<>(inputs.keySet());
    argumentNames().forEach(unknown::remove);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "%s has no argument(s) named %s; its arguments are %s"
              .formatted(name, unknown, argumentNames()));
    }
    List<Object> args = new ArrayList<>();
    for (SchemaArgument p : parameters) {
      args.add(inputs.containsKey(p.name()) ? inputs.get(p.name()) : defaultOf(p));
    }
    return run(stateDict, args).output();
  }

  /**
   * Runs like {@link #call} and also returns the new state: {@code List.of(output, newState)}.
   * {@code newState} has every key of {@code state}; the buffers the graph writes (batch norm's
   * running statistics in training mode, {@code num_batches_tracked}, any in-place write to a
   * registered buffer) hold their new values, the other entries are the arrays passed in. The
   * caller's arrays are never changed. Random ops draw from the thread's current key ({@link
   * dev.torch2jax.aten.RandomState}); under {@code jit} pass a key with {@link
   * #callWithState(Array, Map, Object...)}.
   */
  public List<Object> callWithState(Map<String, Array> state, Object... inputs) {
    Run r = run(state, positional(inputs));
    return List.of(r.output(), Collections.unmodifiableMap(r.state()));
  }

  /**
   * {@link #callWithState(Map, Object...)} with random ops drawing from {@code key} (from {@link
   * dev.torch2jax.Random#key}): the same key gives the same numbers, so {@code Jax.jit(a ->
   * f.callWithState((Array) a[0], (Map) a[1], a[2]))} draws fresh numbers for each key passed.
   *
   * @throws IllegalArgumentException when {@code key} is not a {@code uint64[2]} key
   */
  public List<Object> callWithState(Array key, Map<String, Array> state, Object... inputs) {
    if (key == null || key.dtype() != DType.U64 || !Arrays.equals(key.shape(), new long[] {2})) {
      throw new IllegalArgumentException(
          "callWithState: the key must be a uint64[2] array from Random.key(seed) or"
              + " Random.split, got %s"
                  .formatted(key == null ? "null" : key.dtype() + Arrays.toString(key.shape())));
    }
    return dev.torch2jax.aten.RandomState.withKey(key, () -> callWithState(state, inputs));
  }

  /**
   * This function with every module's {@code training} flag read as {@code on}, whatever the
   * libtorch module's mode ({@code module.train()}/{@code eval()}) is: training mode computes batch
   * norm with batch statistics (and updates the running ones, see {@link #callWithState}) and
   * applies dropout.
   */
  public TorchFunction training(boolean on) {
    return new TorchFunction(this, on);
  }

  /** A left-out argument's default, in the form a caller passes values. */
  private Object defaultOf(SchemaArgument p) {
    if (p.defaultValue() == null) {
      throw new IllegalArgumentException(
          "%s() missing required argument '%s' (arguments: %s)"
              .formatted(name, p.name(), argumentNames()));
    }
    return ScriptDefaults.parse(p.defaultValue());
  }

  /** A run's result and the state dict after it. */
  private record Run(Object output, Map<String, Array> state) {}

  private Run run(Map<String, Array> stateDict, List<Object> inputs) {
    Map<String, Array> state = stateDict == null ? Map.of() : stateDict;
    if (!isModule() && !state.isEmpty()) {
      throw new IllegalArgumentException(
          "function %s takes no state dict, got keys %s".formatted(name, state.keySet()));
    }
    checkState(state);
    List<Object> args = new ArrayList<>();
    if (isModule()) {
      args.add(new ModuleValue(module, ""));
    }
    for (Object in : inputs) {
      args.add(toValue(in));
    }
    Interpreter interp = new Interpreter(registry, this::body, state, training);
    List<Object> out = interp.run(entry, args);
    Object result = out.size() == 1 ? out.getFirst() : out;
    return new Run(toPytree(interp.materialize(result)), interp.finalState());
  }

  /**
   * {@link Fn} form: for a module {@code apply(stateDict, inputs...)}, for a function {@code
   * apply(inputs...)}.
   */
  @Override
  @SuppressWarnings("unchecked")
  public Object apply(Object... args) {
    if (!isModule()) {
      return call(null, args);
    }
    if (args.length == 0 || !(args[0] instanceof Map<?, ?>)) {
      throw new IllegalArgumentException(
          "module "
              + name
              + " is applied as apply(stateDict, inputs...): the first argument must be the state"
              + " dict (a Map<String, Array>, see T2J.stateDict)");
    }
    return call((Map<String, Array>) args[0], Arrays.copyOfRange(args, 1, args.length));
  }

  private void checkState(Map<String, Array> state) {
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    for (Map.Entry<String, Expected> e : expected.entrySet()) {
      Array a = state.get(e.getKey());
      if (a == null) {
        missing.add(e.getKey());
        continue;
      }
      Expected x = e.getValue();
      if (!Arrays.equals(a.shape(), x.shape())) {
        mismatched.add(
            "size mismatch for "
                + e.getKey()
                + ": got shape "
                + Arrays.toString(a.shape())
                + ", the module has "
                + Arrays.toString(x.shape()));
      } else if (a.dtype() != x.dtype()) {
        mismatched.add(
            "dtype mismatch for "
                + e.getKey()
                + ": got "
                + a.dtype().torchName()
                + ", the module has "
                + x.dtype().torchName());
      }
    }
    Set<String> unexpected = new TreeSet<>(state.keySet());
    unexpected.removeAll(expected.keySet());
    if (!missing.isEmpty() || !unexpected.isEmpty() || !mismatched.isEmpty()) {
      throw new StateDictException(name, missing, new ArrayList<>(unexpected), mismatched);
    }
  }

  private static Object toValue(Object in) {
    return switch (in) {
      case null -> null;
      case Array a -> TensorRef.fresh(a);
      case Tensor t -> TensorRef.fresh(T2J.t2j(t));
      case Integer i -> (long) i;
      case Short s -> (long) s;
      case Byte b -> (long) b;
      case Float f -> (double) f;
      case Long l -> l;
      case Double d -> d;
      case Boolean b -> b;
      case String s -> s;
      case long[] a -> InterpreterValues.longList(a);
      case double[] a -> {
        List<Object> out = new ArrayList<>();
        for (double x : a) {
          out.add(x);
        }
        yield out;
      }
      case List<?> l -> InterpreterValues.mapEach(l, TorchFunction::toValue);
      case Map<?, ?> m -> InterpreterValues.mapValues(m, TorchFunction::toValue);
      default ->
          throw new IllegalArgumentException(
              "cannot pass a " + in.getClass().getName() + " to TorchScript");
    };
  }

  private static Object toPytree(Object v) {
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(toPytree(o));
      }
      return Collections.unmodifiableList(out);
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), toPytree(x)));
      return Collections.unmodifiableMap(out);
    }
    if (v instanceof ModuleValue || v instanceof FunctionValue) {
      throw new IllegalArgumentException("a TorchScript module or function cannot be returned");
    }
    return v;
  }

  @Override
  public String toString() {
    return "TorchFunction["
        + name
        + (isModule() ? ", " + expected.size() + " state entries" : "")
        + "]";
  }
}
