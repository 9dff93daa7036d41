package dev.torch2jax.torch;

import static dev.torch2jax.torch.InterpreterValues.one;

import dev.torch2jax.Array;
import dev.torch2jax.aten.AtenOp;
import dev.torch2jax.aten.OpRegistry;
import dev.torch2jax.core.ConcretizationException;
import dev.torch2jax.core.TraceStack;
import dev.torch2jax.torch.ScriptGraph.Body;
import dev.torch2jax.torch.ScriptGraph.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bytedeco.pytorch.GraphFunction;

/**
 * Runs a TorchScript graph on arrays, one call at a time: walks the nodes, runs {@code prim::}
 * nodes and sends {@code aten::} nodes to the {@link OpRegistry} by overload name, with help for
 * what is not a plain function of arrays: {@link ScriptValues} (constants, attributes, the state
 * dict), {@link StagedControlFlow} ({@code If}, {@code Loop}), {@link Functionalization} (in-place
 * and {@code out=} ops), {@link ScriptViews} (aliasing results) and {@link TensorQueries} (layouts,
 * numbers read from tensors); {@link ScalarOps} runs the ops on ints, floats, lists and strings.
 *
 * <p>Under {@code jit}, an op whose tensor inputs are all small and known now (a size wrapped by
 * {@code prim::NumToTensor}, a constant) is evaluated now rather than staged, as JAX keeps NumPy
 * values concrete: traced graphs compute shapes with tensor arithmetic ({@code size} to {@code
 * NumToTensor} to {@code mul} to {@code Int} to {@code view}), and those stay static.
 *
 * <p>An instance serves one call: it holds the state dict's storages for that call.
 */
final class Interpreter {
  /** The largest tensor an op may read to be evaluated at trace time (shape arithmetic is 0-d). */
  private static final long KNOWN_VALUE_MAX_ELEMENTS = 64;

  /** Ops that draw random numbers (never evaluated at trace time). */
  private static final java.util.regex.Pattern RANDOM =
      java.util.regex.Pattern.compile(
          "rand|dropout|bernoulli|normal|uniform|multinomial|poisson|exponential|geometric"
              + "|cauchy|rrelu");

  /** Ops that make a 0-d tensor of a number. */
  private static final Set<String> SCALAR_TENSORS = Set.of("aten::tensor", "aten::scalar_tensor");

  /** Compiled graphs, cached by the owner (a {@link TorchFunction}). */
  interface Graphs {
    Body of(org.bytedeco.pytorch.Graph graph);
  }

  private final OpRegistry registry;
  private final Graphs graphs;
  private final WriteScopes writes = new WriteScopes();
  private final ScriptValues values;
  private final StagedControlFlow controlFlow = new StagedControlFlow(this);
  private final Functionalization functionalization;
  private final ScriptViews views;
  private final TensorQueries queries;
  private final TrainingModeOps training;

  /**
   * @param training the value every module's {@code training} attribute reads as, or null for the
   *     modules' own
   */
  Interpreter(OpRegistry registry, Graphs graphs, Map<String, Array> stateDict, Boolean training) {
    this.registry = registry;
    this.graphs = graphs;
    this.values = new ScriptValues(this, stateDict, training);
    this.functionalization = new Functionalization(this);
    this.views = new ScriptViews(this);
    this.queries = new TensorQueries(this);
    this.training = new TrainingModeOps(this, functionalization);
  }

  // ---- running graphs -----------------------------------------------------------------------

  /** Runs {@code body} on interpreter values; returns its outputs as interpreter values. */
  List<Object> run(Body body, List<Object> inputs) {
    Map<Long, Object> env = new HashMap<>();
    for (int i = 0; i < body.inputs().length; i++) {
      env.put(body.inputs()[i], inputs.get(i));
    }
    runNodes(body, env);
    return outputsOf(body, env);
  }

  static List<Object> outputsOf(Body body, Map<Long, Object> env) {
    List<Object> out = new ArrayList<>(body.outputs().length);
    for (long id : body.outputs()) {
      out.add(env.get(id));
    }
    return out;
  }

  void runNodes(Body body, Map<Long, Object> env) {
    for (Node n : body.nodes()) {
      List<Object> in = new ArrayList<>(n.inputs().length);
      for (long id : n.inputs()) {
        in.add(env.get(id));
      }
      List<Object> out = runNode(n, in, env);
      for (int i = 0; i < n.outputs().length; i++) {
        env.put(n.outputs()[i], out.get(i));
      }
    }
  }

  /** Device and autograd queries that are false for every array here (CPU, dense, no grad). */
  private static final Set<String> DEVICE_QUERIES_FALSE =
      Set.of(
          "prim::is_cuda",
          "prim::is_mps",
          "prim::is_xpu",
          "prim::is_sparse",
          "prim::is_quantized",
          "prim::is_meta",
          "prim::is_nested",
          "prim::is_mkldnn",
          "prim::is_vulkan",
          "prim::is_ipu",
          "prim::is_xla",
          "prim::is_hpu",
          "prim::is_maia",
          "prim::is_mtia",
          "prim::is_sparse_csr",
          "prim::requires_grad");

  /** The {@code prim::} nodes {@link #runNode} runs; keep in step with its switch. */
  private static final Set<String> PRIM_NODES =
      Stream.concat(
              DEVICE_QUERIES_FALSE.stream(),
              Stream.of(
                  "prim::Constant",
                  "prim::ListConstruct",
                  "prim::TupleConstruct",
                  "prim::ListUnpack",
                  "prim::TupleUnpack",
                  "prim::TupleIndex",
                  "prim::DictConstruct",
                  "prim::GetAttr",
                  "prim::SetAttr",
                  "prim::CallMethod",
                  "prim::CallFunction",
                  "prim::NumToTensor",
                  "prim::If",
                  "prim::Loop",
                  "prim::RaiseException",
                  "prim::Uninitialized",
                  "prim::unchecked_cast",
                  "prim::unchecked_unwrap_optional",
                  "prim::device",
                  "prim::type",
                  "prim::index",
                  "prim::dtype",
                  "prim::is_cpu",
                  "prim::layout",
                  "prim::grad",
                  "prim::Print",
                  "prim::min",
                  "prim::max",
                  "prim::abs"))
          .collect(Collectors.toUnmodifiableSet());

  /**
   * How the interpreter would run node {@code n}, decided from its kind and schema alone (the
   * dispatch of {@link #runNode} and {@link #aten} without the values): {@link OpCoverage}'s
   * predicate.
   */
  static OpCoverage.Status statusOf(Node n, OpRegistry registry) {
    String ov = n.overload();
    if (!n.kind().startsWith("aten::")) {
      return PRIM_NODES.contains(n.kind())
          ? OpCoverage.Status.IMPLEMENTED
          : OpCoverage.Status.MISSING;
    }
    if (registry.lookup(ov).isPresent()
        || ScriptViews.handles(ov)
        || TensorQueries.handles(ov)
        || ov.equals("aten::tensor")) {
      return OpCoverage.Status.IMPLEMENTED;
    }
    if (n.scalarOnly() || ov.equals("aten::__is__") || ov.equals("aten::__isnot__")) {
      // ScalarOps decides by the argument values, known only when the graph runs.
      return OpCoverage.Status.BUILTIN;
    }
    if (n.outArguments().length > 0) {
      boolean twin =
          OutVariants.of(ov, n.arguments())
              .map(t -> registry.lookup(t.overload()).isPresent())
              .orElse(false);
      return twin ? OpCoverage.Status.IMPLEMENTED : OpCoverage.Status.MISSING;
    }
    if (n.mutatesSelf() && registry.lookup(Functionalization.functionalTwin(ov)).isPresent()) {
      return OpCoverage.Status.IMPLEMENTED;
    }
    return OpCoverage.Status.MISSING;
  }

  private List<Object> runNode(Node n, List<Object> in, Map<Long, Object> env) {
    return switch (n.kind()) {
      case "prim::Constant" -> one(values.constant(n));
      case "prim::ListConstruct" -> one(new ArrayList<>(in));
      case "prim::TupleConstruct" -> one(InterpreterValues.tuple(in));
      case "prim::ListUnpack", "prim::TupleUnpack" -> unpack(n, in.getFirst());
      case "prim::TupleIndex" -> one(tupleItem(n, in));
      case "prim::DictConstruct" -> {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < in.size(); i += 2) {
          m.put(in.get(i), in.get(i + 1));
        }
        yield one(m);
      }
      case "prim::GetAttr" -> one(values.getAttr(n, in.getFirst()));
      case "prim::SetAttr" -> {
        values.setAttr(n, in.get(0), in.get(1));
        yield List.of();
      }
      case "prim::CallMethod" -> callMethod(n, in);
      case "prim::CallFunction" -> {
        FunctionValue f = (FunctionValue) in.getFirst();
        GraphFunction gf = new GraphFunction(f.function());
        yield run(graphs.of(gf.graph()), in.subList(1, in.size()));
      }
      case "prim::NumToTensor" -> one(TensorRef.fresh(numToTensor(n, in.getFirst())));
      case "prim::If" -> controlFlow.runIf(n, in.getFirst(), env);
      case "prim::Loop" -> controlFlow.runLoop(n, in, env);
      case "prim::RaiseException" ->
          throw new ScriptException(String.valueOf(in.getFirst()), n.source());
      case "prim::Uninitialized" -> one(null);
      case "prim::unchecked_cast", "prim::unchecked_unwrap_optional" -> one(in.getFirst());
      case "prim::device" -> one("cpu");
      case "prim::type" -> one(String.valueOf(in.getFirst()).split(":")[0]); // "cuda:0" -> "cuda"
      case "prim::index" -> one(null); // a device without an index
      case "prim::dtype" -> one(InterpreterValues.scalarTypeCode(read(in.getFirst()).dtype()));
      case String kind when DEVICE_QUERIES_FALSE.contains(kind) -> one(false);
      case "prim::is_cpu" -> one(true);
      case "prim::layout" -> one(0L); // torch.strided
      case "prim::grad" -> one(null);
      case "prim::Print" -> {
        List<String> parts = new ArrayList<>();
        for (Object o : in) {
          parts.add(o instanceof TensorRef r ? read(r).toString() : ScalarOps.str(o));
        }
        System.out.println(String.join(" ", parts));
        yield List.of();
      }
      case "prim::min", "prim::max", "prim::abs" -> one(scalar(n, in));
      default -> {
        if (!n.kind().startsWith("aten::")) {
          throw unsupported(n, null);
        }
        yield knownInputs(n, in) ? TraceStack.withoutStaging(() -> aten(n, in)) : aten(n, in);
      }
    };
  }

  private Object tupleItem(Node n, List<Object> in) {
    if (!(in.get(0) instanceof List<?> t) || !(in.get(1) instanceof Long i)) {
      throw unsupported(
          n,
          "indexing %s with %s"
              .formatted(
                  InterpreterValues.describe(in.get(0)), InterpreterValues.describe(in.get(1))));
    }
    long at = i < 0 ? i + t.size() : i;
    if (at < 0 || at >= t.size()) {
      throw new IndexOutOfBoundsException(
          "tuple index %d out of range for a tuple of %d".formatted(i, t.size()));
    }
    return t.get((int) at);
  }

  private List<Object> callMethod(Node n, List<Object> in) {
    if (!(in.getFirst() instanceof ModuleValue m)) {
      throw unsupported(
          n, "method '%s' of %s".formatted(n.attr(), InterpreterValues.describe(in.getFirst())));
    }
    org.bytedeco.pytorch.Graph g = m.module().get_method(n.attr()).graph();
    return run(graphs.of(g), in);
  }

  /**
   * True under {@code jit} when every tensor the node reads is small and known now, and it reads at
   * least one or makes a 0-d tensor of a number ({@code torch.tensor(x.size(0))}): it is then
   * evaluated at trace time.
   */
  private boolean knownInputs(Node n, List<Object> in) {
    if (!TraceStack.isStaging()) {
      return false;
    }
    if (RANDOM.matcher(n.kind()).find()) {
      return false; // a draw must stay in the program: each call gives new numbers
    }
    int[] tensors = {0};
    boolean known = allKnown(in, tensors);
    return known && (tensors[0] > 0 || SCALAR_TENSORS.contains(n.kind()));
  }

  private boolean allKnown(List<?> in, int[] tensors) {
    for (Object o : in) {
      if (o instanceof TensorRef r) {
        Array a = read(r);
        if (!a.isConcrete() || a.size() > KNOWN_VALUE_MAX_ELEMENTS) {
          return false;
        }
        tensors[0]++;
      } else if (o instanceof TracedScalar) {
        return false;
      } else if (o instanceof List<?> l && !allKnown(l, tensors)) {
        return false;
      }
    }
    return true;
  }

  // ---- aten ---------------------------------------------------------------------------------

  private List<Object> aten(Node n, List<Object> in) {
    String ov = n.overload();
    if (n.scalarOnly() || ov.equals("aten::__is__") || ov.equals("aten::__isnot__")) {
      Object r = ScalarOps.eval(n.kind(), in, n.outType());
      if (r != ScalarOps.UNHANDLED) {
        return listOrOne(n, r); // divmod gives (quotient, remainder)
      }
      Object traced = TracedArithmetic.eval(n.kind(), in);
      if (traced != ScalarOps.UNHANDLED) {
        return one(traced);
      }
      checkNoTracedScalar(in); // else an op of the table on static values (a factory)
    }
    if (TrainingModeOps.handles(n, in)) {
      return training.apply(n, in);
    }
    int[] outs = n.outArguments();
    if (outs.length > 0) {
      return functionalization.outVariant(n, in, outs);
    }
    if (n.mutatesSelf()) {
      return functionalization.inPlace(n, in);
    }
    if (ScriptViews.handles(ov)) {
      return one(views.apply(n, in));
    }
    if (TensorQueries.handles(ov)) {
      return one(queries.apply(n, in));
    }
    if (ov.equals("aten::tensor")) {
      return one(TensorRef.fresh(ListTensors.tensor(ov, in)));
    }
    AtenOp op = registry.lookup(ov).orElseThrow(() -> unsupported(n, null));
    return listOrOne(n, InterpreterValues.wrap(op.call(materialize(in))));
  }

  private static List<Object> listOrOne(Node n, Object r) {
    if (n.outputs().length > 1 && r instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    return one(r);
  }

  /** A scalar op run in Java; a number read from traced data used as one fails clearly. */
  private Object scalar(Node n, List<Object> in) {
    Object r = ScalarOps.eval(n.kind(), in, n.outType());
    if (r != ScalarOps.UNHANDLED) {
      return r;
    }
    checkNoTracedScalar(in);
    throw unsupported(n, "not on these arguments");
  }

  private static void checkNoTracedScalar(List<Object> in) {
    for (Object o : in) {
      if (o instanceof TracedScalar t) {
        throw concretization(t);
      }
    }
  }

  // ---- values -------------------------------------------------------------------------------

  private Array numToTensor(Node n, Object v) {
    return switch (v) {
      case Long l -> Array.scalar(l);
      case Double d -> Array.scalar(d);
      case Boolean b -> Array.of(new boolean[] {b}, new long[0]);
      case TracedScalar t -> t.value();
      default -> throw unsupported(n, "NumToTensor of " + InterpreterValues.describe(v));
    };
  }

  /** The state dict's entries after the run, with the writes the graph made to buffers. */
  Map<String, Array> finalState() {
    return values.finalState();
  }

  /** The collaborators' shared record of writes inside staged branches. */
  WriteScopes writes() {
    return writes;
  }

  /** The current value of tensor {@code r} (in the current staged branch, if any). */
  Array read(TensorRef r) {
    return r.read(writes.current());
  }

  private Array read(Object v) {
    return read(InterpreterValues.ref(v));
  }

  /** Interpreter values with tensors read: the form ATen ops and callers take. */
  @SuppressWarnings("unchecked")
  <T> T materialize(T v) {
    return (T) materializeValue(v);
  }

  private Object materializeValue(Object v) {
    return switch (v) {
      case TensorRef r -> read(r);
      case TracedScalar t -> throw concretization(t);
      case List<?> l -> {
        List<Object> out = new ArrayList<>(l.size());
        for (Object o : l) {
          out.add(materializeValue(o));
        }
        yield l instanceof ArrayList ? out : Collections.unmodifiableList(out);
      }
      case Map<?, ?> m -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(k, materializeValue(x)));
        yield out;
      }
      case null, default -> v;
    };
  }

  private static ConcretizationException concretization(TracedScalar t) {
    return new ConcretizationException(
        ("a Python number read from traced tensor data (by %s) is used as a number; under jit and"
                + " vmap it is not known while tracing. Keep it a tensor, or compute it outside the"
                + " traced function.")
            .formatted(t.from()));
  }

  private List<Object> unpack(Node n, Object v) {
    if (!(v instanceof List<?> l) || l.size() != n.outputs().length) {
      throw new IllegalArgumentException(
          "%s: expected %d values to unpack, got %s"
              .formatted(n.kind(), n.outputs().length, InterpreterValues.describe(v)));
    }
    return new ArrayList<>(l);
  }

  /** The implementation of {@code overload} in this interpreter's op table, if it has one. */
  Optional<AtenOp> lookup(String overload) {
    return registry.lookup(overload);
  }

  /** The exception for node {@code n} that cannot run, with nearby implemented overloads. */
  UnsupportedOpException unsupported(Node n, String detail) {
    String ov = n.overload();
    List<String> near = ov.startsWith("aten::") ? registry.nearest(ov, 5) : List.of();
    return new UnsupportedOpException(ov, n.schema(), n.source(), near, detail);
  }
}
