package dev.torch2jax.torch;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Fn;
import dev.torch2jax.Jnp;
import dev.torch2jax.aten.AtenOp;
import dev.torch2jax.aten.OpRegistry;
import dev.torch2jax.aten.OutTensors;
import dev.torch2jax.aten.TensorMetadata;
import dev.torch2jax.aten.ViewOps;
import dev.torch2jax.core.ConcretizationException;
import dev.torch2jax.lax.ControlFlowOps;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ShapeOps;
import dev.torch2jax.torch.ScriptGraph.Body;
import dev.torch2jax.torch.ScriptGraph.Node;
import dev.torch2jax.torch.TensorRef.Storage;
import dev.torch2jax.transform.Staging;
import java.lang.ref.Reference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bytedeco.pytorch.ClassType;
import org.bytedeco.pytorch.FunctionType;
import org.bytedeco.pytorch.GraphFunction;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueOptional;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.SizeTOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * Runs a TorchScript graph on arrays, one call at a time: {@code aten::} nodes through the {@link
 * OpRegistry} by overload name, {@code prim::} nodes and the scalar ops on ints, floats, bools,
 * lists and strings in Java. Tensors are {@link TensorRef}s, so that in-place ops and writes
 * through views are functionalized: each write makes a new value of the base tensor that every view
 * of it then reads.
 *
 * <p>An instance serves one call: it holds the state dict's storages for that call.
 */
final class Interpreter {
  /** A submodule as a value: the libtorch module and its state-dict key prefix. */
  record ModuleValue(JitModule module, String prefix) {}

  /** A TorchScript function as a value (the callee of {@code prim::CallFunction}). */
  record FunctionValue(org.bytedeco.pytorch.Function function) {}

  /**
   * A Python number read from traced tensor data ({@code bool(x.sum() > 0)} under jit or vmap): not
   * known while tracing; a {@code prim::If} on it becomes {@code cond}.
   */
  record TracedScalar(Array value, String from) {}

  /** A staged branch: the outer storages it writes, with their values when it began. */
  private static final class Frame {
    final long firstStorageId;
    final Map<Storage, Array> saved = new LinkedHashMap<>();

    Frame(long firstStorageId) {
      this.firstStorageId = firstStorageId;
    }
  }

  private static final Map<String, Integer> MODE_FLAGS =
      Map.ofEntries(
          Map.entry("aten::batch_norm", 5),
          Map.entry("aten::_batch_norm_impl_index", 5),
          Map.entry("aten::native_batch_norm", 5),
          Map.entry("aten::dropout", 2),
          Map.entry("aten::dropout_", 2),
          Map.entry("aten::feature_dropout", 2),
          Map.entry("aten::feature_dropout_", 2),
          Map.entry("aten::alpha_dropout", 2),
          Map.entry("aten::alpha_dropout_", 2),
          Map.entry("aten::feature_alpha_dropout", 2),
          Map.entry("aten::feature_alpha_dropout_", 2),
          Map.entry("aten::rrelu", 3),
          Map.entry("aten::rrelu_", 3));

  /** Where libtorch's warnings go (an {@code out=} tensor resized). */
  private static final System.Logger LOG = System.getLogger(Interpreter.class.getName());

  private final OpRegistry registry;
  private final Graphs graphs;
  private final Map<String, Array> stateDict;
  private final Map<String, Storage> stateStorages = new HashMap<>();
  private final Deque<Frame> frames = new ArrayDeque<>();

  /** Compiled graphs, cached by the owner (a {@link TorchFunction}). */
  interface Graphs {
    Body of(org.bytedeco.pytorch.Graph graph);
  }

  Interpreter(OpRegistry registry, Graphs graphs, Map<String, Array> stateDict) {
    this.registry = registry;
    this.graphs = graphs;
    this.stateDict = stateDict;
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

  private static List<Object> outputsOf(Body body, Map<Long, Object> env) {
    List<Object> out = new ArrayList<>(body.outputs().length);
    for (long id : body.outputs()) {
      out.add(env.get(id));
    }
    return out;
  }

  private void runNodes(Body body, Map<Long, Object> env) {
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

  private List<Object> runNode(Node n, List<Object> in, Map<Long, Object> env) {
    switch (n.kind()) {
      case "prim::Constant":
        return one(constant(n));
      case "prim::ListConstruct":
        return List.of(new ArrayList<>(in));
      case "prim::TupleConstruct":
        return List.of(tuple(in));
      case "prim::ListUnpack":
      case "prim::TupleUnpack":
        return unpack(n, in.getFirst());
      case "prim::TupleIndex":
        {
          List<?> t = (List<?>) in.get(0);
          long i = ScalarOps.num(in.get(1)).longValue();
          return one(t.get((int) (i < 0 ? i + t.size() : i)));
        }
      case "prim::DictConstruct":
        {
          Map<Object, Object> m = new LinkedHashMap<>();
          for (int i = 0; i + 1 < in.size(); i += 2) {
            m.put(in.get(i), in.get(i + 1));
          }
          return List.of(m);
        }
      case "prim::GetAttr":
        return one(getAttr(n, in.getFirst()));
      case "prim::SetAttr":
        setAttr(n, in.get(0), in.get(1));
        return List.of();
      case "prim::CallMethod":
        return callMethod(n, in);
      case "prim::CallFunction":
        {
          FunctionValue f = (FunctionValue) in.getFirst();
          GraphFunction gf = new GraphFunction(f.function());
          return run(graphs.of(gf.graph()), in.subList(1, in.size()));
        }
      case "prim::NumToTensor":
        return List.of(TensorRef.fresh(numToTensor(n, in.getFirst())));
      case "prim::If":
        return runIf(n, in.getFirst(), env);
      case "prim::Loop":
        return runLoop(n, in, env);
      case "prim::RaiseException":
        throw new ScriptException(String.valueOf(in.getFirst()), n.source());
      case "prim::Uninitialized":
        return one(null);
      case "prim::unchecked_cast":
      case "prim::unchecked_unwrap_optional":
        return one(in.getFirst());
      case "prim::device":
        return one("cpu");
      case "prim::dtype":
        return one(scalarTypeCode(array(in.getFirst()).dtype()));
      case "prim::is_cuda":
      case "prim::is_mps":
      case "prim::is_xpu":
      case "prim::is_sparse":
      case "prim::is_quantized":
      case "prim::is_meta":
      case "prim::requires_grad":
        return one(false);
      case "prim::is_cpu":
        return one(true);
      case "prim::Print":
        {
          List<String> parts = new ArrayList<>();
          for (Object o : in) {
            parts.add(o instanceof TensorRef r ? r.read(scope()).toString() : ScalarOps.str(o));
          }
          System.out.println(String.join(" ", parts));
          return List.of();
        }
      case "prim::min":
      case "prim::max":
        {
          Object r = ScalarOps.eval(n.kind(), in, n.outType());
          if (r != ScalarOps.UNHANDLED) {
            return one(r);
          }
          throw unsupported(n, "not on these arguments");
        }
      default:
        if (n.kind().startsWith("aten::")) {
          return aten(n, in);
        }
        throw unsupported(n, null);
    }
  }

  // ---- constants and attributes ---------------------------------------------------------------

  private Object constant(Node n) {
    org.bytedeco.pytorch.Value out = n.jit().output();
    org.bytedeco.pytorch.Type t = out.type().get();
    if (t.str().getString().startsWith("Function") || n.outType().equals("Function")) {
      return new FunctionValue(new FunctionType(t).function());
    }
    IValueOptional iv = torch.toIValue(out);
    if (!iv.has_value()) {
      throw unsupported(n, "a constant of type " + t.str().getString() + " that has no value");
    }
    Object value = fromIValue(iv.get(), n);
    Reference.reachabilityFence(iv);
    return value;
  }

  /**
   * An IValue (a constant or a module attribute) as an interpreter value. The binding returns
   * tensors and elements as references into their owners, so {@code v} is kept reachable until the
   * values are read.
   */
  private Object fromIValue(IValue v, Node n) {
    try {
      return readIValue(v, n);
    } finally {
      Reference.reachabilityFence(v);
    }
  }

  private Object readIValue(IValue v, Node n) {
    if (v.isNone()) {
      return null;
    }
    if (v.isTensor()) {
      return TensorRef.fresh(T2J.t2j(v.toTensor()));
    }
    if (v.isBool()) {
      return v.toBool();
    }
    if (v.isInt()) {
      return v.toInt();
    }
    if (v.isDouble()) {
      return v.toDouble();
    }
    if (v.isString()) {
      return v.toStringRef().getString();
    }
    if (v.isDevice()) {
      return v.toDevice().str().getString();
    }
    if (v.isIntList()) {
      List<Object> out = new ArrayList<>();
      for (long x : v.toIntVector().get()) {
        out.add(x);
      }
      return out;
    }
    if (v.isDoubleList()) {
      List<Object> out = new ArrayList<>();
      for (double x : v.toDoubleVector().get()) {
        out.add(x);
      }
      return out;
    }
    if (v.isBoolList()) {
      List<Object> out = new ArrayList<>();
      org.bytedeco.pytorch.BooleanList bl = v.toBoolList();
      for (int i = 0; i < bl.size(); i++) {
        out.add(bl.get(i));
      }
      return out;
    }
    if (v.isTensorList()) {
      List<Object> out = new ArrayList<>();
      for (org.bytedeco.pytorch.Tensor x : v.toTensorVector().get()) {
        out.add(TensorRef.fresh(T2J.t2j(x)));
      }
      return out;
    }
    if (v.isList()) {
      List<Object> out = new ArrayList<>();
      org.bytedeco.pytorch.GenericList l = v.toList();
      for (int i = 0; i < l.size(); i++) {
        out.add(fromIValue(l.get(i), n));
      }
      return out;
    }
    if (v.isTuple()) {
      List<Object> out = new ArrayList<>();
      org.bytedeco.pytorch.TupleElements e = v.toTuple().elements();
      for (int i = 0; i < e.size(); i++) {
        out.add(fromIValue(e.get(i), n));
      }
      return tuple(out);
    }
    if (v.isGenericDict()) {
      Map<Object, Object> out = new LinkedHashMap<>();
      org.bytedeco.pytorch.GenericDict d = v.toGenericDict();
      for (org.bytedeco.pytorch.GenericDictIterator it = d.begin();
          !it.equals(d.end());
          it = it.increment()) {
        out.put(fromIValue(it.access().key(), n), fromIValue(it.access().value(), n));
      }
      return out;
    }
    if (v.isObject() && v.toObject().type().is_module()) {
      return new ModuleValue(new JitModule(v.toObject()), "");
    }
    throw unsupported(n, "a value of kind " + v.tagKind().getString());
  }

  private Object getAttr(Node n, Object owner) {
    String name = n.attr();
    if (!(owner instanceof ModuleValue m)) {
      throw unsupported(n, "attribute '" + name + "' of a non-module value " + describe(owner));
    }
    ClassType type = m.module().type();
    SizeTOptional slot = type.findAttributeSlot(name);
    if (!slot.has_value()) {
      if (type.hasConstant(name)) {
        return fromIValue(type.getConstant(name), n);
      }
      throw unsupported(n, "module " + type.str().getString() + " has no attribute '" + name + "'");
    }
    long s = slot.get();
    if (type.is_parameter(s) || type.is_buffer(s)) {
      IValue v = m.module().attr(name);
      if (v.isNone()) {
        return null;
      }
      return state(m.prefix() + name);
    }
    if (type.getAttribute(s).get().is_module()) {
      return new ModuleValue(
          new JitModule(m.module().attr(name).toObject()), m.prefix() + name + ".");
    }
    return fromIValue(m.module().attr(name), n);
  }

  private void setAttr(Node n, Object owner, Object value) {
    String name = n.attr();
    if (owner instanceof ModuleValue m && value instanceof TensorRef r) {
      ClassType type = m.module().type();
      SizeTOptional slot = type.findAttributeSlot(name);
      if (slot.has_value() && (type.is_parameter(slot.get()) || type.is_buffer(slot.get()))) {
        // Rebinding a buffer: later reads in this call see the new tensor.
        TensorRef target = state(m.prefix() + name);
        setStorage(target.storage, r.read(scope()));
        return;
      }
    }
    throw unsupported(n, "assigning module attribute '" + name + "' (only tensor buffers)");
  }

  private TensorRef state(String key) {
    Storage s = stateStorages.get(key);
    if (s == null) {
      Array a = stateDict.get(key);
      if (a == null) {
        throw new IllegalStateException("state dict has no entry '" + key + "'");
      }
      TensorRef r = TensorRef.fresh(a);
      stateStorages.put(key, r.storage);
      return r;
    }
    return TensorRef.of(s);
  }

  private List<Object> callMethod(Node n, List<Object> in) {
    String name = n.attr();
    if (!(in.getFirst() instanceof ModuleValue m)) {
      throw unsupported(n, "method '" + name + "' of " + describe(in.getFirst()));
    }
    org.bytedeco.pytorch.Graph g = m.module().get_method(name).graph();
    return run(graphs.of(g), in);
  }

  // ---- control flow -------------------------------------------------------------------------

  private List<Object> runIf(Node n, Object condition, Map<Long, Object> env) {
    Boolean known = staticBool(condition);
    if (known != null) {
      Body b = n.blocks().get(known ? 0 : 1);
      runNodes(b, env);
      return outputsOf(b, env);
    }
    Array pred = predicate((TracedScalar) condition);
    Body onTrue = n.blocks().get(0);
    Body onFalse = n.blocks().get(1);
    // Discover the outer tensors each branch writes (staged, then undone).
    boolean[] raises = new boolean[2];
    Set<Storage> written = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < 2; i++) {
      Body b = i == 0 ? onTrue : onFalse;
      Frame f = push();
      try {
        Staging.stageLike(
            args -> {
              runNodes(b, env);
              return materialize(outputsOf(b, env));
            });
      } catch (ScriptException e) {
        raises[i] = true;
      } finally {
        pop(f);
      }
      written.addAll(f.saved.keySet());
    }
    if (raises[0] || raises[1]) {
      // A branch that raises cannot be a traced branch: the other one is taken (a check on traced
      // data is dropped, as under jax.jit). Both raising: raise.
      if (raises[0] && raises[1]) {
        runNodes(onTrue, env);
      }
      Body b = raises[0] ? onFalse : onTrue;
      runNodes(b, env);
      return outputsOf(b, env);
    }
    List<Storage> order = new ArrayList<>(written);
    order.sort((p, q) -> Long.compare(p.id, q.id));
    @SuppressWarnings("unchecked")
    List<Object> result =
        (List<Object>)
            ControlFlowOps.cond(pred, branch(onTrue, env, order), branch(onFalse, env, order));
    @SuppressWarnings("unchecked")
    List<Array> values = (List<Array>) result.get(1);
    for (int i = 0; i < order.size(); i++) {
      setStorage(order.get(i), values.get(i));
    }
    @SuppressWarnings("unchecked")
    List<Object> outs = (List<Object>) result.get(0);
    List<Object> wrapped = new ArrayList<>();
    for (Object o : outs) {
      wrapped.add(wrap(o));
    }
    return wrapped;
  }

  private Fn branch(Body b, Map<Long, Object> env, List<Storage> written) {
    return args -> {
      Frame f = push();
      try {
        runNodes(b, env);
        List<Object> outs = materialize(outputsOf(b, env));
        List<Array> vals = new ArrayList<>();
        for (Storage s : written) {
          vals.add(s.value());
        }
        return List.of(outs, vals);
      } finally {
        pop(f);
      }
    };
  }

  private List<Object> runLoop(Node n, List<Object> in, Map<Long, Object> env) {
    Object maxTrip = in.get(0);
    if (!(maxTrip instanceof Long)) {
      throw unsupported(n, "a loop whose trip count " + describe(maxTrip) + " is not a static int");
    }
    long max = (Long) maxTrip;
    Object cond = in.get(1);
    List<Object> carried = new ArrayList<>(in.subList(2, in.size()));
    Body body = n.blocks().getFirst();
    for (long i = 0; i < max; i++) {
      Boolean go = staticBool(cond);
      if (go == null) {
        return whileLoop(n, i, max, (TracedScalar) cond, carried, env);
      }
      if (!go) {
        break;
      }
      env.put(body.inputs()[0], i);
      for (int k = 0; k < carried.size(); k++) {
        env.put(body.inputs()[k + 1], carried.get(k));
      }
      runNodes(body, env);
      List<Object> outs = outputsOf(body, env);
      cond = outs.getFirst();
      carried = new ArrayList<>(outs.subList(1, outs.size()));
    }
    return carried;
  }

  /**
   * The rest of a loop whose condition depends on traced data, as {@code while}: the carry is the
   * counter, the condition, the loop's carried tensors and the outer tensors the body writes.
   */
  private List<Object> whileLoop(
      Node n,
      long start,
      long max,
      TracedScalar cond,
      List<Object> carried,
      Map<Long, Object> env) {
    Body body = n.blocks().getFirst();
    for (Object c : carried) {
      if (!(c instanceof TensorRef)) {
        throw unsupported(
            n,
            "a loop with a condition on traced data that carries a non-tensor value "
                + describe(c)
                + " (only tensors can be carried through a traced while loop)");
      }
    }
    Fn bodyFn =
        args -> {
          @SuppressWarnings("unchecked")
          List<Object> carry = (List<Object>) args[0];
          env.put(body.inputs()[0], new TracedScalar((Array) carry.get(0), "loop counter"));
          @SuppressWarnings("unchecked")
          List<Object> ts = (List<Object>) carry.get(2);
          for (int k = 0; k < ts.size(); k++) {
            env.put(body.inputs()[k + 1], TensorRef.fresh((Array) ts.get(k)));
          }
          runNodes(body, env);
          List<Object> outs = outputsOf(body, env);
          Object c = outs.getFirst();
          Array next =
              c instanceof TracedScalar t
                  ? predicate(t)
                  : Array.of(new boolean[] {(Boolean) c}, new long[0]);
          return List.of(
              Jnp.add((Array) carry.get(0), Array.scalar(1L)),
              next,
              materialize(outs.subList(1, outs.size())));
        };
    // Writes to outer tensors in the body would be lost: refuse them.
    Frame probe = push();
    try {
      Staging.stageLike(
          args -> bodyFn.apply(args),
          List.of(Array.scalar(start), predicate(cond), materialize(carried)));
    } finally {
      pop(probe);
    }
    if (!probe.saved.isEmpty()) {
      throw unsupported(
          n, "a loop with a condition on traced data whose body writes tensors defined outside it");
    }
    Fn condFn =
        args -> {
          @SuppressWarnings("unchecked")
          List<Object> carry = (List<Object>) args[0];
          Array i = (Array) carry.get(0);
          return Jnp.astype(
              ElementwiseOps.and(
                  Jnp.less(i, Array.scalar(max)), Jnp.astype((Array) carry.get(1), DType.BOOL)),
              DType.BOOL);
        };
    @SuppressWarnings("unchecked")
    List<Object> result =
        (List<Object>)
            ControlFlowOps.whileLoop(
                condFn,
                bodyFn,
                List.of(Array.scalar(start), predicate(cond), materialize(carried)));
    @SuppressWarnings("unchecked")
    List<Object> finals = (List<Object>) result.get(2);
    List<Object> out = new ArrayList<>();
    for (Object o : finals) {
      out.add(wrap(o));
    }
    return out;
  }

  private Boolean staticBool(Object c) {
    if (c instanceof Boolean b) {
      return b;
    }
    if (c instanceof TracedScalar t) {
      try {
        return t.value().bool();
      } catch (ConcretizationException e) {
        return null;
      }
    }
    throw new IllegalArgumentException("expected a bool condition, got " + describe(c));
  }

  private static Array predicate(TracedScalar t) {
    Array v = t.value();
    if (v.ndim() != 0) {
      v = Jnp.reshape(v);
    }
    return v.dtype() == DType.BOOL ? v : Jnp.notEqual(v, Jnp.zerosLike(v));
  }

  private Frame push() {
    Frame f = new Frame(TensorRef.nextStorageId());
    frames.push(f);
    return f;
  }

  private void pop(Frame f) {
    frames.remove(f);
    f.saved.forEach(Storage::set);
  }

  private void setStorage(Storage s, Array v) {
    for (Frame f : frames) {
      if (s.id < f.firstStorageId) {
        f.saved.putIfAbsent(s, s.value());
      }
    }
    s.set(v);
  }

  private Object scope() {
    return frames.peek();
  }

  // ---- aten ---------------------------------------------------------------------------------

  private List<Object> aten(Node n, List<Object> in) {
    String ov = n.overload();
    Object builtin = builtin(n, ov, in);
    if (builtin != NOT_BUILTIN) {
      return builtin instanceof MultiOut m ? m.values() : one(builtin);
    }
    if (n.scalarOnly() || ov.equals("aten::__is__") || ov.equals("aten::__isnot__")) {
      String name = n.kind();
      Object r = ScalarOps.eval(name, in, n.outType());
      if (r != ScalarOps.UNHANDLED) {
        return one(r);
      }
      materialize(in); // a number read from traced data: a ConcretizationException saying so
    }
    Integer flag = MODE_FLAGS.get(n.kind());
    if (flag != null && flag < in.size() && Boolean.TRUE.equals(in.get(flag))) {
      throw new IllegalStateException(
          n.kind()
              + " runs in training mode here (the module or this call has training=True);"
              + " training-mode batch norm and dropout are not supported yet: call eval() on the"
              + " module before converting it with T2J.t2j\n  at:\n"
              + n.source().stripTrailing());
    }
    int[] outs = n.outArguments();
    if (outs.length > 0) {
      return outVariant(n, in, outs);
    }
    if (n.mutatesSelf()) {
      return inPlace(n, in);
    }
    AtenOp op = registry.lookup(ov).orElse(null);
    if (op == null) {
      throw unsupported(n, null);
    }
    Object r = op.call(materialize(in));
    if (n.outputs().length > 1 && r instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) {
        out.add(wrap(o));
      }
      return out;
    }
    return one(wrap(r));
  }

  private List<Object> inPlace(Node n, List<Object> in) {
    String ov = n.overload();
    if (!(in.getFirst() instanceof TensorRef self)) {
      throw unsupported(n, "in-place op on " + describe(in.getFirst()));
    }
    AtenOp op = registry.lookup(ov).orElse(null);
    if (op == null) {
      op = registry.lookup(functionalTwin(ov)).orElse(null);
    }
    if (op == null) {
      throw unsupported(
          n, "neither it nor its functional twin " + functionalTwin(ov) + " is implemented");
    }
    Array old = self.read(scope());
    Object r = op.call(materialize(in));
    if (!(r instanceof Array a)) {
      throw unsupported(n, "the op returned " + describe(r) + " instead of a tensor");
    }
    if (RESHAPING_IN_PLACE.contains(n.kind())) {
      // x.transpose_(0, 1) changes x's shape, not its elements' order in storage; a base tensor
      // simply takes the new value. Through a view it would re-stride the base: not supported.
      if (!self.chain.isEmpty()) {
        throw unsupported(n, "a shape-changing in-place op on a view");
      }
      setStorage(self.storage, a);
      return one(self);
    }
    assign(self, fitInPlace(ov, a, old));
    return one(self);
  }

  /**
   * An {@code .out} overload ({@code torch.atan2(a, b, out=c)}): its own implementation or its
   * functional twin computes the results, which are written into the {@code out=} tensors (views
   * included) with PyTorch's rules; the op returns those tensors.
   */
  private List<Object> outVariant(Node n, List<Object> in, int[] outs) {
    List<TensorRef> targets = new ArrayList<>();
    for (int i : outs) {
      if (!(in.get(i) instanceof TensorRef r)) {
        throw unsupported(
            n,
            "out= argument '"
                + n.arguments().get(i).name()
                + "' is "
                + describe(in.get(i))
                + " (only single tensors are supported)");
      }
      targets.add(r);
    }
    Object r = computeOut(n, in, array(targets.getFirst()).dtype());
    List<?> results = outs.length == 1 ? List.of(r) : r instanceof List<?> l ? l : List.of();
    if (results.size() != outs.length) {
      throw unsupported(
          n, "the op returned " + describe(r) + " for " + outs.length + " out= tensors");
    }
    for (int k = 0; k < outs.length; k++) {
      if (!(results.get(k) instanceof Array a)) {
        throw unsupported(n, "the op returned " + describe(results.get(k)) + " for a tensor");
      }
      writeOut(n, targets.get(k), a);
    }
    return n.outputs().length == 0 ? new ArrayList<>() : new ArrayList<>(targets);
  }

  private Object computeOut(Node n, List<Object> in, DType outDtype) {
    String ov = n.overload();
    AtenOp own = registry.lookup(ov).orElse(null);
    if (own != null) {
      return own.call(materialize(in));
    }
    OutVariants.Twin twin =
        OutVariants.of(ov, n.arguments())
            .orElseThrow(
                () ->
                    unsupported(
                        n, "no functional overload of it takes its arguments without out="));
    AtenOp op =
        registry
            .lookup(twin.overload())
            .orElseThrow(
                () ->
                    unsupported(
                        n,
                        "neither it nor its functional twin "
                            + twin.overload()
                            + " is implemented"));
    return op.call(materialize(twin.arguments(in, outDtype)));
  }

  /**
   * Writes an op's result into an {@code out=} tensor: cast to its dtype where PyTorch allows it; a
   * tensor of another shape is resized to the result's (libtorch warns when it held elements).
   */
  private void writeOut(Node n, TensorRef out, Array result) {
    String ov = n.overload();
    Array old = out.read(scope());
    Array value = OutTensors.castTo(ov, result, old.dtype());
    if (Arrays.equals(old.shape(), value.shape())) {
      assign(out, value);
      return;
    }
    if (!out.chain.isEmpty()) {
      throw unsupported(
          n,
          "resizing an out= tensor that is a view (shape "
              + Arrays.toString(old.shape())
              + " to "
              + Arrays.toString(value.shape())
              + "); pass an out= tensor of the result's shape");
    }
    if (old.size() != 0) {
      LOG.log(
          System.Logger.Level.WARNING,
          ov
              + ": An output with one or more elements was resized since it had shape "
              + Arrays.toString(old.shape())
              + ", which does not match the required output shape "
              + Arrays.toString(value.shape())
              + ". This behavior is deprecated in PyTorch: pass an out= tensor of the result's"
              + " shape, or one with zero elements.");
    }
    setStorage(out.storage, value);
  }

  /** In-place ops that change the tensor's shape rather than its values. */
  private static final java.util.Set<String> RESHAPING_IN_PLACE =
      java.util.Set.of(
          "aten::transpose_",
          "aten::t_",
          "aten::squeeze_",
          "aten::unsqueeze_",
          "aten::swapaxes_",
          "aten::swapdims_",
          "aten::as_strided_",
          "aten::resize_");

  private static String functionalTwin(String ov) {
    int dot = ov.indexOf('.');
    String name = dot < 0 ? ov : ov.substring(0, dot);
    String rest = dot < 0 ? "" : ov.substring(dot);
    return (name.endsWith("_") ? name.substring(0, name.length() - 1) : name) + rest;
  }

  /** The result of an in-place op cast to {@code self}'s dtype and shape, as PyTorch requires. */
  private static Array fitInPlace(String ov, Array r, Array self) {
    r = OutTensors.castTo(ov, r, self.dtype());
    if (!Arrays.equals(r.shape(), self.shape())) {
      try {
        if (!Arrays.equals(
            dev.torch2jax.core.Shapes.broadcast(ov, r.shape(), self.shape()), self.shape())) {
          throw new IllegalArgumentException("no");
        }
        r = Jnp.broadcastTo(r, self.shape());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            ov
                + ": output with shape "
                + Arrays.toString(self.shape())
                + " doesn't match the broadcast shape "
                + Arrays.toString(r.shape()));
      }
    }
    return r;
  }

  private void assign(TensorRef ref, Array value) {
    setStorage(ref.storage, ref.baseWith(value));
  }

  private record MultiOut(List<Object> values) {}

  private static final Object NOT_BUILTIN = new Object();

  /** Tensor metadata, scalar reads and views: ops the interpreter runs itself. */
  private Object builtin(Node n, String ov, List<Object> in) {
    switch (ov) {
      case "aten::size":
      case "aten::sym_size":
        return longList(array(in.get(0)).shape());
      case "aten::size.int":
      case "aten::sym_size.int":
        {
          long[] s = array(in.get(0)).shape();
          return s[TensorMetadata.dim(ov, s.length, (Long) in.get(1))];
        }
      case "aten::stride":
      case "aten::sym_stride":
        return longList(ref(in.get(0)).layout().strides());
      case "aten::stride.int":
      case "aten::sym_stride.int":
        {
          long[] s = ref(in.get(0)).layout().strides();
          return s[TensorMetadata.dim(ov, s.length, (Long) in.get(1))];
        }
      case "aten::storage_offset":
      case "aten::sym_storage_offset":
        return ref(in.get(0)).layout().offset();
      case "aten::is_contiguous":
      case "aten::is_contiguous.memory_format":
      case "aten::sym_is_contiguous":
        return ref(in.get(0)).layout().isContiguous(arg(in, 1, null));
      case "aten::dim":
        return (long) array(in.get(0)).ndim();
      case "aten::numel":
      case "aten::sym_numel":
        return array(in.get(0)).size();
      case "aten::len.Tensor":
        {
          Array a = array(in.get(0));
          if (a.ndim() == 0) {
            throw new IllegalArgumentException("len() of a 0-d tensor");
          }
          return a.shape()[0];
        }
      case "aten::is_floating_point":
        return array(in.get(0)).dtype().isFloatingPoint();
      case "aten::is_complex":
        return array(in.get(0)).dtype().isComplex();
      case "aten::get_device":
        return -1L;
      case "aten::Bool.Tensor":
      case "aten::Int.Tensor":
      case "aten::Float.Tensor":
      case "aten::item":
      case "aten::_local_scalar_dense":
      case "aten::ScalarImplicit":
      case "aten::IntImplicit":
      case "aten::FloatImplicit":
        return readScalar(n, array(in.get(0)));
      case "aten::select.int":
        {
          TensorRef r = ref(in.get(0));
          Array a = r.read(scope());
          int d = dimOf(a, (Long) in.get(1), "select");
          long i = ViewOps.selectIndex(a.shape(), d, (Long) in.get(2));
          return r.view(new TensorRef.Select(d, i));
        }
      case "aten::slice.Tensor":
        {
          TensorRef r = ref(in.get(0));
          Array a = r.read(scope());
          int d = dimOf(a, arg(in, 1, 0L), "slice");
          long step = arg(in, 4, 1L);
          long[] b =
              ViewOps.sliceBounds(
                  a.shape()[d], (Long) arg(in, 2, null), (Long) arg(in, 3, null), step);
          return r.view(new TensorRef.Slice(d, b[0], b[1], step));
        }
      case "aten::narrow":
        {
          TensorRef r = ref(in.get(0));
          Array a = r.read(scope());
          int d = dimOf(a, (Long) in.get(1), "narrow");
          Array checked = ViewOps.narrow(a, d, (Long) in.get(2), (Long) in.get(3));
          long start = (Long) in.get(2) < 0 ? (Long) in.get(2) + a.shape()[d] : (Long) in.get(2);
          return r.view(new TensorRef.Slice(d, start, start + checked.shape()[d], 1));
        }
      case "aten::unbind.int":
        {
          TensorRef r = ref(in.get(0));
          Array a = r.read(scope());
          int d = dimOf(a, arg(in, 1, 0L), "unbind");
          List<Object> out = new ArrayList<>();
          for (long i = 0; i < a.shape()[d]; i++) {
            out.add(r.view(new TensorRef.Select(d, i)));
          }
          return out;
        }
      case "aten::unsqueeze":
      case "aten::squeeze":
      case "aten::squeeze.dim":
      case "aten::squeeze.dims":
        return squeezeView(n, in);
      case "aten::view":
      case "aten::_unsafe_view":
      case "aten::view_as":
      case "aten::unflatten.int":
        return reshapeView(n, in, true);
      case "aten::reshape":
      case "aten::reshape_as":
      case "aten::flatten.using_ints":
        return reshapeView(n, in, false);
      case "aten::transpose.int":
      case "aten::permute":
      case "aten::t":
      case "aten::numpy_T":
        {
          TensorRef r = ref(in.get(0));
          Array a = r.read(scope());
          long[] perm = permutation(ov, a, in);
          return r.view(new TensorRef.Permute(perm));
        }
      case "aten::expand":
      case "aten::expand_as":
        {
          TensorRef r = ref(in.get(0));
          Array a = r.read(scope());
          Array out = (Array) registry.lookup(ov).orElseThrow().call(materialize(in));
          return r.view(new TensorRef.Expand(a.shape(), out.shape()));
        }
      case "aten::diagonal":
        {
          TensorRef r = ref(in.get(0));
          Array a = r.read(scope());
          int d1 = dimOf(a, arg(in, 2, 0L), "diagonal");
          int d2 = dimOf(a, arg(in, 3, 1L), "diagonal");
          ViewOps.diagonal(a, arg(in, 1, 0L), d1, d2);
          return r.view(new TensorRef.Diagonal(arg(in, 1, 0L), d1, d2));
        }
      case "aten::alias":
        return ref(in.get(0)).alias();
      case "aten::detach":
        {
          // A view of the same storage (writes reach the original) that stops gradients.
          return ref(in.get(0)).view(new TensorRef.Detached());
        }
      case "aten::contiguous":
        {
          TensorRef r = ref(in.get(0));
          return r.isContiguous() ? r.alias() : TensorRef.fresh(r.read(scope()));
        }
      case "aten::clone":
        return TensorRef.fresh(ref(in.get(0)).read(scope()));
      case "aten::tensor":
        {
          Array t = listTensor(in.get(0));
          Object dt = arg(in, 1, null);
          return TensorRef.fresh(
              dt == null ? t : Jnp.astype(t, dev.torch2jax.aten.Args.scalarType(ov, "dtype", dt)));
        }
      case "aten::to.dtype":
      case "aten::to.other":
      case "aten::to.device":
      case "aten::to.dtype_layout":
      case "aten::to.prim_Device":
      case "aten::to.prim_dtype":
      case "aten::to.prim_other":
      case "aten::type_as":
        return to(ov, in);
      default:
        return NOT_BUILTIN;
    }
  }

  /** {@code torch.tensor([[1, 2], [3, 4]])}: shape from the nesting, dtype from the elements. */
  private static Array listTensor(Object data) {
    List<Long> shape = new ArrayList<>();
    Object level = data;
    while (level instanceof List<?> l) {
      shape.add((long) l.size());
      level = l.isEmpty() ? null : l.getFirst();
    }
    List<Object> flat = new ArrayList<>();
    flatten(data, flat);
    long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
    boolean anyFloat = flat.stream().anyMatch(o -> o instanceof Double);
    boolean allBool = !flat.isEmpty() && flat.stream().allMatch(o -> o instanceof Boolean);
    if (allBool) {
      boolean[] b = new boolean[flat.size()];
      for (int i = 0; i < b.length; i++) {
        b[i] = (Boolean) flat.get(i);
      }
      return Array.of(b, dims.length == 0 ? new long[0] : dims);
    }
    if (anyFloat || flat.isEmpty()) {
      float[] f = new float[flat.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = ScalarOps.num(flat.get(i)).floatValue();
      }
      return dims.length == 1 && f.length == 0 ? Array.of(f, 0) : Array.of(f, dims);
    }
    long[] v = new long[flat.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = ScalarOps.num(flat.get(i)).longValue();
    }
    return Array.of(v, dims);
  }

  private static void flatten(Object data, List<Object> out) {
    if (data instanceof List<?> l) {
      for (Object o : l) {
        flatten(o, out);
      }
    } else if (data instanceof TensorRef) {
      throw new IllegalArgumentException("torch.tensor() of tensors is not supported");
    } else {
      out.add(data);
    }
  }

  private Object to(String ov, List<Object> in) {
    TensorRef r = ref(in.get(0));
    Array a = r.read(scope());
    Object dtypeArg;
    boolean copy;
    switch (ov) {
      case "aten::to.dtype" -> {
        dtypeArg = in.get(1);
        copy = Boolean.TRUE.equals(arg(in, 3, false));
      }
      case "aten::to.other", "aten::type_as" -> {
        dtypeArg = array(in.get(1)).dtype();
        copy = Boolean.TRUE.equals(arg(in, 3, false));
      }
      case "aten::to.device", "aten::to.prim_Device" -> {
        dtypeArg = in.get(2);
        copy = Boolean.TRUE.equals(arg(in, 4, false));
      }
      case "aten::to.dtype_layout" -> {
        dtypeArg = in.get(1);
        copy = Boolean.TRUE.equals(arg(in, 6, false));
      }
      case "aten::to.prim_dtype" -> {
        dtypeArg = in.get(1);
        copy = Boolean.TRUE.equals(arg(in, 3, false));
      }
      default -> {
        dtypeArg = null;
        copy = Boolean.TRUE.equals(arg(in, 2, false));
      }
    }
    DType target =
        dtypeArg == null
            ? a.dtype()
            : dtypeArg instanceof DType d
                ? d
                : dev.torch2jax.aten.Args.scalarType(ov, "dtype", dtypeArg);
    if (target == a.dtype() && !copy) {
      return r.alias();
    }
    return TensorRef.fresh(Jnp.astype(a, target));
  }

  /**
   * {@code view} and friends always alias; {@code reshape} and {@code flatten} alias where the
   * strides allow it (libtorch's rule) and copy otherwise.
   */
  private Object reshapeView(Node n, List<Object> in, boolean alwaysView) {
    TensorRef r = ref(in.get(0));
    Array a = r.read(scope());
    AtenOp op = registry.lookup(n.overload()).orElseThrow(() -> unsupported(n, null));
    Array out = (Array) op.call(materialize(in));
    if (n.kind().equals("aten::flatten") && Arrays.equals(a.shape(), out.shape())) {
      return r.alias(); // flatten(d, d) is the tensor itself
    }
    if (alwaysView || r.layout().viewStrides(out.shape()) != null) {
      return r.view(new TensorRef.Reshape(a.shape(), out.shape()));
    }
    return TensorRef.fresh(out);
  }

  /** {@code unsqueeze} and {@code squeeze}: views that keep the other dims' strides. */
  private Object squeezeView(Node n, List<Object> in) {
    String ov = n.overload();
    TensorRef r = ref(in.get(0));
    long[] shape = r.read(scope()).shape();
    AtenOp op = registry.lookup(ov).orElseThrow(() -> unsupported(n, null));
    op.call(materialize(in)); // checks the arguments, with the op's messages
    int rank = shape.length;
    if (ov.equals("aten::unsqueeze")) {
      long d = (Long) in.get(1);
      return r.view(new TensorRef.Unsqueeze(d < 0 ? d + rank + 1 : d));
    }
    long[] requested =
        switch (ov) {
          case "aten::squeeze.dim" -> new long[] {(Long) in.get(1)};
          case "aten::squeeze.dims" -> dev.torch2jax.aten.Args.int64List(ov, "dim", in.get(1), 0);
          default -> java.util.stream.LongStream.range(0, rank).toArray();
        };
    java.util.SortedSet<Long> dims = new java.util.TreeSet<>();
    for (long d : requested) {
      long w = d < 0 ? d + rank : d;
      if (rank > 0 && shape[(int) w] == 1) {
        dims.add(w);
      }
    }
    return r.view(new TensorRef.Squeeze(dims.stream().mapToLong(Long::longValue).toArray()));
  }

  private static List<Object> longList(long[] values) {
    List<Object> out = new ArrayList<>(values.length);
    for (long v : values) {
      out.add(v);
    }
    return out;
  }

  private static long[] permutation(String ov, Array a, List<Object> in) {
    int rank = a.ndim();
    long[] perm = new long[rank];
    Arrays.setAll(perm, i -> i);
    switch (ov) {
      case "aten::transpose.int" -> {
        if (rank == 0) {
          return perm;
        }
        int d0 = dimOf(a, (Long) in.get(1), "transpose");
        int d1 = dimOf(a, (Long) in.get(2), "transpose");
        perm[d0] = d1;
        perm[d1] = d0;
      }
      case "aten::permute" -> {
        long[] p = dev.torch2jax.aten.Args.int64List(ov, "dims", in.get(1), 0);
        if (p.length != rank) {
          throw new IllegalArgumentException(
              "permute(): number of dims don't match: "
                  + Arrays.toString(p)
                  + " for shape "
                  + Arrays.toString(a.shape()));
        }
        for (int i = 0; i < rank; i++) {
          perm[i] = dimOf(a, p[i], "permute");
        }
      }
      default -> {
        if (ov.equals("aten::t") && rank > 2) {
          throw new IllegalArgumentException(
              "t() expects a tensor with <= 2 dimensions, but self is " + rank + "D");
        }
        for (int i = 0; i < rank; i++) {
          perm[i] = rank - 1 - i;
        }
      }
    }
    return perm;
  }

  private Object readScalar(Node n, Array a) {
    if (n.kind().equals("aten::_local_scalar_dense") && a.size() > 1) {
      // libtorch reads the first element without checking the count (item() checks it).
      a = Jnp.reshape(ShapeOps.slice(Jnp.reshape(a, a.size()), new long[] {0}, new long[] {1}));
    }
    if (a.size() != 1) {
      throw new IllegalArgumentException(
          n.kind()
              + ": a Tensor with "
              + a.size()
              + " elements cannot be converted to Scalar\n  at:\n"
              + n.source().stripTrailing());
    }
    try {
      byte[] unused = a.toBytes();
      if (unused == null) {
        throw new IllegalStateException();
      }
    } catch (ConcretizationException e) {
      return new TracedScalar(a, n.kind());
    }
    String kind = n.kind();
    if (kind.equals("aten::Bool")) {
      return a.bool();
    }
    if (kind.equals("aten::Int") || kind.equals("aten::IntImplicit")) {
      return (long) a.item();
    }
    if (kind.equals("aten::Float") || kind.equals("aten::FloatImplicit")) {
      return a.item();
    }
    DType t = a.dtype();
    if (t == DType.BOOL) {
      return a.bool();
    }
    return t.isFloatingPoint() ? (Object) a.item() : (Object) a.toLongArray()[0];
  }

  // ---- values -------------------------------------------------------------------------------

  private Array numToTensor(Node n, Object v) {
    return switch (v) {
      case Long l -> Array.scalar(l);
      case Double d -> Array.scalar(d);
      case Boolean b -> Array.of(new boolean[] {b}, new long[0]);
      case TracedScalar t -> t.value();
      default -> throw unsupported(n, "NumToTensor of " + describe(v));
    };
  }

  /** Interpreter values with tensors read: the form ATen ops and callers take. */
  @SuppressWarnings("unchecked")
  <T> T materialize(T v) {
    return (T) materializeValue(v);
  }

  private Object materializeValue(Object v) {
    if (v instanceof TensorRef r) {
      return r.read(scope());
    }
    if (v instanceof TracedScalar t) {
      throw new ConcretizationException(
          "a Python number read from traced tensor data (by "
              + t.from()
              + ") is used as a number; under jit and vmap it is not known while tracing. Keep"
              + " it a tensor, or compute it outside the traced function.");
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(materializeValue(o));
      }
      return l instanceof ArrayList ? out : Collections.unmodifiableList(out);
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, materializeValue(x)));
      return out;
    }
    return v;
  }

  /** Op results (arrays, lists of them, numbers) as interpreter values. */
  static Object wrap(Object r) {
    if (r instanceof Array a) {
      return TensorRef.fresh(a);
    }
    if (r instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(wrap(o));
      }
      return out;
    }
    if (r instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, wrap(x)));
      return out;
    }
    if (r instanceof Integer i) {
      return (long) i;
    }
    if (r instanceof Float f) {
      return (double) f;
    }
    return r;
  }

  private Array array(Object v) {
    return ref(v).read(scope());
  }

  private static TensorRef ref(Object v) {
    if (v instanceof TensorRef r) {
      return r;
    }
    throw new IllegalArgumentException("expected a tensor, got " + describe(v));
  }

  @SuppressWarnings("unchecked")
  private static <T> T arg(List<Object> in, int i, T dflt) {
    return i < in.size() && in.get(i) != null ? (T) in.get(i) : dflt;
  }

  private static int dimOf(Array a, long dim, String op) {
    int rank = Math.max(a.ndim(), 1);
    if (dim < -rank || dim >= rank) {
      throw new IndexOutOfBoundsException(
          op
              + "(): dimension "
              + dim
              + " out of range (expected to be in range of ["
              + -rank
              + ", "
              + (rank - 1)
              + "])");
    }
    return (int) (dim < 0 ? dim + rank : dim);
  }

  private static List<Object> tuple(List<Object> items) {
    return Collections.unmodifiableList(new ArrayList<>(items));
  }

  private List<Object> unpack(Node n, Object v) {
    if (!(v instanceof List<?> l) || l.size() != n.outputs().length) {
      throw new IllegalArgumentException(
          n.kind() + ": expected " + n.outputs().length + " values to unpack, got " + describe(v));
    }
    return new ArrayList<>(l);
  }

  private static List<Object> one(Object v) {
    List<Object> out = new ArrayList<>(1);
    out.add(v);
    return out;
  }

  static String describe(Object v) {
    if (v == null) {
      return "None";
    }
    if (v instanceof TensorRef) {
      return "a tensor";
    }
    if (v instanceof TracedScalar t) {
      return "a number read from traced data by " + t.from();
    }
    if (v instanceof ModuleValue m) {
      return "module " + m.module().type().str().getString();
    }
    return v.getClass().getSimpleName() + " " + ScalarOps.str(v);
  }

  /** PyTorch's ScalarType code of a dtype ({@code prim::dtype}, {@code x.dtype}). */
  static long scalarTypeCode(DType t) {
    for (int c = 0; c < 32; c++) {
      if (dev.torch2jax.aten.Args.fromScalarTypeCode(c) == t) {
        return c;
      }
    }
    throw new IllegalArgumentException("no ScalarType code for " + t);
  }

  private UnsupportedOpException unsupported(Node n, String detail) {
    String ov = n.overload();
    List<String> near = ov.startsWith("aten::") ? registry.nearest(ov, 5) : List.of();
    return new UnsupportedOpException(ov, n.schema(), n.source(), near, detail);
  }
}
