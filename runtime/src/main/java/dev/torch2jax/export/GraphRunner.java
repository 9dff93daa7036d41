package dev.torch2jax.export;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.aten.AtenOp;
import dev.torch2jax.aten.OpRegistry;
import dev.torch2jax.export.ExportSchema.NamedArgument;
import dev.torch2jax.export.ExportSchema.Node;
import dev.torch2jax.export.ExportSchema.Union;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the nodes of an exported graph in order on a table of named values, calling ATen ops through
 * the generated dispatch table ({@link OpRegistry}). Arguments an archive leaves at their schema
 * defaults are filled from libtorch's schema; keyword arguments are placed by name.
 *
 * <p>The TRAINING dialect mutates: an in-place op ({@code add_}, {@code relu_}) rebinds the name of
 * the tensor it writes, so later reads, and the caller's view of buffers, see the new value;
 * training-mode {@code batch_norm} runs as {@code _native_batch_norm_legit_functional} and rebinds
 * the running statistics. (An in-place write through a view does not reach the viewed tensor.)
 */
final class GraphRunner {
  /** Nodes that only assert facts about sizes export already checked; run as checks or no-ops. */
  private static final Set<String> ASSERTIONS =
      Set.of(
          "aten::_assert_scalar",
          "aten::_assert_async.msg",
          "aten::_assert_tensor_metadata",
          "aten::sym_constrain_range",
          "aten::sym_constrain_range_for_size");

  /** Batch-norm overloads whose training mode updates running statistics in place. */
  private static final Set<String> STATEFUL_BATCH_NORMS =
      Set.of("aten::batch_norm", "aten::native_batch_norm", "aten::_native_batch_norm_legit");

  private static final String FUNCTIONAL_BATCH_NORM = "aten::_native_batch_norm_legit_functional";

  /** A node resolved at load time. */
  private record Step(Node node, String overload, OpSchema schema, AtenOp op) {}

  private final String file;
  private final List<Step> steps;
  private final OpRegistry registry;

  /**
   * Resolves every node of {@code nodes}.
   *
   * @throws UnsupportedOpException for the first node torch2jax cannot run
   */
  GraphRunner(String file, List<Node> nodes, OpRegistry registry) {
    this.file = file;
    this.registry = registry;
    List<Step> out = new ArrayList<>();
    for (Node n : nodes) {
      out.add(resolve(n));
    }
    this.steps = List.copyOf(out);
  }

  private Step resolve(Node n) {
    String overload = overloadName(n.target());
    if (overload == null) {
      if (!SymbolicOps.knows(n.target())) {
        throw unsupported(n, null);
      }
      return new Step(n, null, null, null);
    }
    if (overload.endsWith(".Tensor") && passesNumberForTensor(n, overload)) {
      // add(x, 1): Python numbers stay numbers in the graph; the .Scalar twin takes them as such
      String twin = overload.substring(0, overload.length() - ".Tensor".length()) + ".Scalar";
      if (registry.lookup(twin).isPresent() && OpSchemas.lookup(twin).isPresent()) {
        overload = twin;
      }
    }
    OpSchema schema = OpSchemas.lookup(overload).orElse(null);
    if (ASSERTIONS.contains(overload)) {
      return new Step(n, overload, schema, null);
    }
    AtenOp op = registry.lookup(overload).orElseThrow(() -> unsupported(n, schema));
    if (schema == null && n.inputs().stream().anyMatch(a -> a.kind() != null && a.kind() == 2)) {
      throw unsupported(n, null);
    }
    return new Step(n, overload, schema, op);
  }

  private static boolean passesNumberForTensor(Node n, String overload) {
    OpSchema schema = OpSchemas.lookup(overload).orElse(null);
    if (schema == null) {
      return false;
    }
    for (int i = 0; i < n.inputs().size() && i < schema.parameters().size(); i++) {
      String kind = n.inputs().get(i).arg().kind();
      if (schema.parameters().get(i).type().equals("Tensor")
          && Set.of("as_int", "as_float", "as_bool", "as_sym_int", "as_sym_float").contains(kind)) {
        return true;
      }
    }
    return false;
  }

  private UnsupportedOpException unsupported(Node n, OpSchema schema) {
    String overload = overloadName(n.target());
    List<String> nearest = overload == null ? List.of() : registry.nearest(overload, 3);
    return new UnsupportedOpException(
        file, n.target(), schema == null ? null : schema.text(), n.stackTrace(), nearest);
  }

  /**
   * {@code torch.ops.aten.add.Tensor} to {@code aten::add.Tensor}, {@code ...addmm.default} to
   * {@code aten::addmm}; null for targets outside {@code torch.ops}.
   */
  static String overloadName(String target) {
    if (!target.startsWith("torch.ops.")) {
      return null;
    }
    String[] parts = target.substring("torch.ops.".length()).split("\\.");
    if (parts.length != 3) {
      return null;
    }
    String base = parts[0] + "::" + parts[1];
    return parts[2].equals("default") ? base : base + "." + parts[2];
  }

  /** Runs every node, adding its outputs to {@code values}. */
  void run(Map<String, Object> values) {
    for (Step s : steps) {
      List<Object> args = arguments(s, values);
      Object result;
      if (s.overload() == null) {
        result = SymbolicOps.apply(s.node().target(), args);
      } else if (s.op() == null) {
        result = assertion(s, args);
      } else if (STATEFUL_BATCH_NORMS.contains(s.overload()) && updatesRunningStats(args)) {
        result = trainingBatchNorm(s, args, values);
      } else {
        result = s.op().call(args);
        rebindInPlace(s, result, values);
      }
      bindOutputs(s.node(), result, values);
    }
  }

  /** The node's arguments in schema order, those left out filled with schema defaults. */
  private static List<Object> arguments(Step s, Map<String, Object> values) {
    List<NamedArgument> given = s.node().inputs();
    if (s.schema() == null) {
      List<Object> out = new ArrayList<>();
      for (NamedArgument a : given) {
        out.add(ArgumentDecoder.decode(a.arg(), values));
      }
      return out;
    }
    List<OpSchema.Parameter> params = s.schema().parameters();
    Object[] slots = new Object[params.size()];
    boolean[] set = new boolean[params.size()];
    for (int i = 0; i < given.size(); i++) {
      NamedArgument a = given.get(i);
      int at = a.kind() != null && a.kind() == 2 ? s.schema().indexOf(a.name()) : i;
      if (at < 0 || at >= slots.length) {
        throw new IllegalArgumentException(
            "node %s passes argument %s, which schema %s does not have"
                .formatted(s.node().target(), a.name(), s.schema().text()));
      }
      slots[at] = ArgumentDecoder.decode(a.arg(), values);
      set[at] = true;
    }
    // Every argument, trailing defaults too: custom VJP rules return one cotangent per schema
    // argument and expect the call to have them all.
    List<Object> out = new ArrayList<>(params.size());
    boolean boolScalar = false;
    for (int i = 0; i < params.size(); i++) {
      Object v = set[i] ? slots[i] : params.get(i).defaultValue();
      if (params.get(i).type().equals("Tensor") && (v instanceof Number || v instanceof Boolean)) {
        v = wrappedNumber(v);
      }
      if (params.get(i).type().equals("Scalar") && v instanceof Boolean b) {
        // full(size, True, dtype=torch.bool) in Hugging Face attention masks: the ops take
        // numbers; a bool scalar makes a bool tensor where the op has an unset dtype
        v = b ? 1L : 0L;
        boolScalar = true;
      }
      if (v == OpSchema.REQUIRED) {
        throw new IllegalArgumentException(
            "node %s leaves out required argument %s of %s"
                .formatted(s.node().target(), params.get(i).name(), s.schema().text()));
      }
      out.add(v);
    }
    int dtype = s.schema().indexOf("dtype");
    if (boolScalar && dtype >= 0 && out.get(dtype) == null) {
      out.set(dtype, DType.BOOL);
    }
    return out;
  }

  /** A Python number where the op takes a tensor, as a 0-d array (int64, float32 or bool). */
  private static Array wrappedNumber(Object v) {
    return switch (v) {
      case Boolean b -> Array.of(new boolean[] {b}, new long[0]);
      case Double d -> Array.scalar(d.floatValue());
      case Number n -> Array.scalar(n.longValue());
      default -> throw new IllegalArgumentException("not a number: %s".formatted(v));
    };
  }

  private static Object assertion(Step s, List<Object> args) {
    if (s.overload().startsWith("aten::_assert_scalar") && Boolean.FALSE.equals(args.getFirst())) {
      throw new IllegalArgumentException(
          "an assertion of the exported program failed: %s"
              .formatted(args.size() > 1 ? args.get(1) : s.node().target()));
    }
    return null;
  }

  private static boolean updatesRunningStats(List<Object> args) {
    return args.size() > 5
        && Boolean.TRUE.equals(args.get(5))
        && args.get(3) instanceof Array
        && args.get(4) instanceof Array;
  }

  /** Training-mode batch norm: the functional form, then the running statistics rebound. */
  private Object trainingBatchNorm(Step s, List<Object> args, Map<String, Object> values) {
    AtenOp functional =
        registry.lookup(FUNCTIONAL_BATCH_NORM).orElseThrow(() -> unsupported(s.node(), s.schema()));
    @SuppressWarnings("unchecked")
    List<Array> out = (List<Array>) functional.call(List.copyOf(args.subList(0, 8)));
    rebind(s.node().inputs().get(3).arg(), out.get(3), values);
    rebind(s.node().inputs().get(4).arg(), out.get(4), values);
    return s.overload().equals("aten::batch_norm") ? out.get(0) : out.subList(0, 3);
  }

  /** An op writing one of its tensor arguments in place: that name now means the result. */
  private static void rebindInPlace(Step s, Object result, Map<String, Object> values) {
    if (s.schema() == null || !(result instanceof Array) || s.overload().endsWith(".out")) {
      return;
    }
    List<OpSchema.Parameter> params = s.schema().parameters();
    List<NamedArgument> given = s.node().inputs();
    for (int i = 0; i < Math.min(params.size(), given.size()); i++) {
      if (params.get(i).mutable() && given.get(i).kind() != null && given.get(i).kind() == 1) {
        rebind(given.get(i).arg(), result, values);
        return;
      }
    }
  }

  private static void rebind(Union arg, Object value, Map<String, Object> values) {
    if (arg.kind().equals("as_tensor")) {
      values.put(arg.value().get("name").asText(), value);
    }
  }

  private static void bindOutputs(Node n, Object result, Map<String, Object> values) {
    List<Union> outs = n.outputs();
    if (outs.isEmpty()) {
      return; // an op returning nothing (_assert_tensor_metadata in HF models' ATEN graphs)
    }
    if (outs.size() == 1) {
      bind(outs.getFirst(), result, values);
      return;
    }
    if (!(result instanceof List<?> list) || list.size() < outs.size()) {
      throw new IllegalStateException(
          "op %s returned %s, the graph expects %d outputs"
              .formatted(n.target(), describe(result), outs.size()));
    }
    for (int i = 0; i < outs.size(); i++) {
      bind(outs.get(i), list.get(i), values);
    }
  }

  private static void bind(Union out, Object value, Map<String, Object> values) {
    switch (out.kind()) {
      case "as_tensor" -> values.put(out.value().get("name").asText(), value);
      case "as_tensors" -> {
        List<?> list = (List<?>) value;
        for (int i = 0; i < out.value().size(); i++) {
          values.put(out.value().get(i).get("name").asText(), list.get(i));
        }
      }
      case "as_sym_int", "as_sym_float", "as_sym_bool" -> {
        if (out.value().has("as_name")) {
          values.put(out.value().get("as_name").asText(), value);
        }
      }
      default -> {
        // as_none and constants: nothing to name
      }
    }
  }

  private static String describe(Object v) {
    return v == null
        ? "None"
        : v instanceof List<?> l ? "%d values".formatted(l.size()) : "one value";
  }
}
