package dev.torch2jax.transform;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.core.TraceStack;
import dev.torch2jax.transform.VjpTrace.VjpTracer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reverse-mode differentiation of functions over pytrees. */
public final class Vjp {
  private Vjp() {}

  /**
   * Runs {@code f} on {@code primals} recording what it does; returns {@code [outputs, pullback]}
   * where {@code pullback.apply(cotangents)} (cotangents shaped like the outputs) returns a list
   * with one cotangent tree per primal. Float and complex leaves are differentiated; other leaves
   * get zeros.
   */
  public static List<Object> vjp(Fn f, Object... primals) {
    TreeDef.Flat in = TreeDef.flatten(Arrays.asList(primals));
    List<VjpTracer> inputs = new ArrayList<>(in.leaves().size());
    TreeDef.Flat out;
    VjpTrace trace;
    try (TraceStack.Pushed<VjpTrace> pushed = TraceStack.push(VjpTrace::new, false)) {
      trace = pushed.trace();
      for (Array leaf : in.leaves()) {
        inputs.add(leaf.dtype().isInexact() ? trace.newInput(leaf) : (VjpTracer) trace.lift(leaf));
      }
      List<?> args = (List<?>) in.def().unflatten(inputs);
      out = TreeDef.flatten(f.apply(args.toArray()));
    }
    List<Array> traced = out.leaves();
    List<Array> primalOuts = new ArrayList<>(traced.size());
    for (Array o : traced) {
      primalOuts.add(o instanceof VjpTracer t && t.trace() == trace ? t.primal : o);
    }
    TreeDef outDef = out.def();
    Fn pullback =
        cts -> {
          Object tree = cts.length == 1 ? cts[0] : Arrays.asList(cts);
          TreeDef.Flat c = TreeDef.flatten(tree);
          if (c.leaves().size() != traced.size()) {
            throw new IllegalArgumentException(
                "vjp pullback: cotangents have structure "
                    + c.def()
                    + " but the outputs have "
                    + outDef);
          }
          List<Array> inCts = Backward.run(traced, c.leaves(), inputs);
          return in.def().unflatten(inCts);
        };
    return List.of(outDef.unflatten(primalOuts), pullback);
  }
}
