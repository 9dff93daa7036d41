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
    return vjp(f, false, primals).subList(0, 2);
  }

  /**
   * {@link #vjp} of {@code f} returning {@code List.of(output, aux)}: only {@code output} is
   * differentiated; returns {@code [output, pullback, aux]} with {@code aux}'s values (JAX's {@code
   * has_aux}).
   */
  public static List<Object> vjpWithAux(Fn f, Object... primals) {
    return vjp(f, true, primals);
  }

  private static List<Object> vjp(Fn f, boolean hasAux, Object... primals) {
    TreeDef.Flat in = TreeDef.flatten(Arrays.asList(primals));
    List<VjpTracer> inputs = new ArrayList<>(in.leaves().size());
    TreeDef.Flat out;
    TreeDef.Flat aux = null;
    VjpTrace trace;
    try (TraceStack.Pushed<VjpTrace> pushed = TraceStack.push(VjpTrace::new, false)) {
      trace = pushed.trace();
      for (Array leaf : in.leaves()) {
        inputs.add(leaf.dtype().isInexact() ? trace.newInput(leaf) : (VjpTracer) trace.lift(leaf));
      }
      List<?> args = (List<?>) in.def().unflatten(inputs);
      Object result = f.apply(args.toArray());
      if (hasAux) {
        if (!(result instanceof List<?> pair) || pair.size() != 2) {
          throw new IllegalArgumentException(
              "a function with auxiliary outputs must return List.of(output, aux), got "
                  + (result == null ? "null" : result.getClass().getName()));
        }
        out = TreeDef.flatten(pair.get(0));
        aux = TreeDef.flatten(pair.get(1));
      } else {
        out = TreeDef.flatten(result);
      }
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
    if (!hasAux) {
      return List.of(outDef.unflatten(primalOuts), pullback);
    }
    List<Array> auxValues = new ArrayList<>();
    for (Array o : aux.leaves()) {
      auxValues.add(o instanceof VjpTracer t && t.trace() == trace ? t.primal : o);
    }
    return Arrays.asList(outDef.unflatten(primalOuts), pullback, aux.def().unflatten(auxValues));
  }
}
