package dev.torch2jax.torch;

import dev.torch2jax.aten.OpRegistry;
import dev.torch2jax.torch.ScriptGraph.Body;
import dev.torch2jax.torch.ScriptGraph.Node;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.FunctionType;
import org.bytedeco.pytorch.Graph;
import org.bytedeco.pytorch.GraphFunction;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.named_module_iterator;
import org.bytedeco.pytorch.named_module_list;

/**
 * The ops a TorchScript module's {@code forward} uses and whether torch2jax can run each, found
 * from its graphs without running them: "will my model run?" before anything is traced or compiled.
 * Methods of submodules and functions it calls are followed; their ops count once per call site, as
 * in the inlined graph. The decision is the interpreter's own dispatch ({@code aten::} overloads
 * through the op table, in-place and {@code out=} ops through their functional twins, view and
 * layout ops, the {@code prim::} nodes it runs).
 */
public final class OpCoverage {
  /** How the interpreter runs an op. */
  public enum Status {
    /** Through the op table or the interpreter's own handling. */
    IMPLEMENTED,
    /**
     * A TorchScript builtin on numbers, lists or strings (no tensor argument), evaluated in Java;
     * whether the argument kinds are handled is known only when the graph runs.
     */
    BUILTIN,
    /** No implementation: running the model raises {@link UnsupportedOpException}. */
    MISSING
  }

  /**
   * One op of the model.
   *
   * @param op the ATen overload ({@code aten::add.Tensor}) or node kind ({@code prim::If})
   * @param count how many nodes use it, a submodule's counted at each call
   * @param status whether the interpreter can run it
   * @param location the first use's {@code file:line}: in the source the module was scripted from
   *     where the file keeps it, else in its serialized TorchScript code; or ""
   * @param source the first use's source with libtorch's caret marks, or ""
   */
  public record OpUse(String op, long count, Status status, String location, String source) {}

  private final List<OpUse> ops;

  private OpCoverage(List<OpUse> ops) {
    this.ops = List.copyOf(ops);
  }

  /** The ops of {@code module}'s {@code forward}, decided with the global op table. */
  public static OpCoverage of(JitModule module) {
    return new Walker(module, OpRegistry.global()).coverage();
  }

  /** Every op, most used first (ties by name). */
  public List<OpUse> ops() {
    return ops;
  }

  /** The ops without an implementation, in {@link #ops()} order. */
  public List<OpUse> missing() {
    return ops.stream().filter(u -> u.status() == Status.MISSING).toList();
  }

  /** True when no op is {@link Status#MISSING}. */
  public boolean complete() {
    return missing().isEmpty();
  }

  /** Walks the graphs, tallying each graph once and adding callees' tallies at each call. */
  private static final class Walker {
    private final OpRegistry registry;
    private final Map<String, JitModule> modulesByType = new HashMap<>();
    private final Map<Long, Map<String, Tally>> tallies = new HashMap<>();
    private final JitModule root;

    Walker(JitModule root, OpRegistry registry) {
      this.root = root;
      this.registry = registry;
      indexModules(root);
    }

    /** A mutable count with the first use's place. */
    private static final class Tally {
      long count;
      final Status status;
      final String location;
      final String source;

      Tally(Status status, String location, String source) {
        this.status = status;
        this.location = location;
        this.source = source;
      }
    }

    OpCoverage coverage() {
      Map<String, Tally> all = tally(root.get_method("forward").graph());
      List<OpUse> out = new ArrayList<>();
      all.forEach((op, t) -> out.add(new OpUse(op, t.count, t.status, t.location, t.source)));
      out.sort(Comparator.comparingLong(OpUse::count).reversed().thenComparing(OpUse::op));
      return new OpCoverage(out);
    }

    private void indexModules(JitModule m) {
      modulesByType.putIfAbsent(m.type().str().getString(), m);
      named_module_list children = m.named_children();
      for (named_module_iterator it = children.begin();
          it.notEquals(children.end());
          it = it.increment()) {
        org.bytedeco.pytorch.NamedJitModule named = it.access();
        indexModules(new JitModule(named.value()));
        java.lang.ref.Reference.reachabilityFence(named);
      }
    }

    private Map<String, Tally> tally(Graph graph) {
      Map<String, Tally> done = tallies.get(graph.address());
      if (done != null) {
        return done;
      }
      Map<String, Tally> out = new LinkedHashMap<>();
      addBody(ScriptGraph.read(graph), out);
      tallies.put(graph.address(), out);
      return out;
    }

    private void addBody(Body body, Map<String, Tally> out) {
      for (Node n : body.nodes()) {
        Tally t =
            out.computeIfAbsent(
                n.overload(),
                k -> new Tally(Interpreter.statusOf(n, registry), location(n), source(n)));
        t.count++;
        for (Body b : n.blocks()) {
          addBody(b, out);
        }
        Graph callee = callee(n);
        if (callee != null) {
          tally(callee).forEach((op, c) -> merge(out, op, c));
        }
      }
    }

    private static void merge(Map<String, Tally> out, String op, Tally callee) {
      Tally t =
          out.computeIfAbsent(op, k -> new Tally(callee.status, callee.location, callee.source));
      t.count += callee.count;
    }

    /** The graph a {@code CallMethod} or {@code CallFunction} node runs, or null. */
    private Graph callee(Node n) {
      boolean method = n.kind().equals("prim::CallMethod");
      if (!method && !n.kind().equals("prim::CallFunction")) {
        return null;
      }
      org.bytedeco.pytorch.Type target = n.jit().inputs().at(0).type().get();
      if (method) {
        JitModule m = modulesByType.get(target.str().getString());
        return m == null ? null : m.get_method(n.attr()).graph();
      }
      return new GraphFunction(new FunctionType(target).function()).graph();
    }

    private static String location(Node n) {
      try {
        // The code the module was scripted from (a Python file) where the archive keeps it, else
        // the serialized code.
        org.bytedeco.pytorch.SourceRange range = n.jit().sourceRange();
        org.bytedeco.pytorch.SourceRangeOptional original = range.findSourceRangeThatGenerated();
        org.bytedeco.pytorch.T_StringSizeTSizeT_TOptional flc =
            (original.has_value() ? original.get() : range).file_line_col();
        if (!flc.has_value()) {
          return "";
        }
        org.bytedeco.pytorch.T_StringSizeTSizeT_T v = flc.get();
        return "%s:%d"
            .formatted(
                org.bytedeco.pytorch.T_StringSizeTSizeT_T.get0(v).getString(),
                org.bytedeco.pytorch.T_StringSizeTSizeT_T.get1(v));
      } catch (RuntimeException e) {
        return ""; // a node without a source range
      }
    }

    private static String source(Node n) {
      return n.source();
    }
  }
}
