package dev.torch2jax.transform;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.TraceStack;
import java.util.ArrayList;
import java.util.List;

/** Traces a function into a jaxpr for given argument structure and shapes. */
public final class Staging {
  private Staging() {}

  /**
   * A jaxpr and output structure.
   *
   * @param closed the jaxpr and its captured constants
   * @param outDef the structure of the function's result
   */
  public record Staged(ClosedJaxpr closed, TreeDef outDef) {}

  /**
   * Stages {@code f} applied to arguments of structure {@code argsDef} (a list, one child per
   * positional argument) whose array leaves have {@code avals}.
   */
  public static Staged stage(Fn f, TreeDef argsDef, List<ShapedArray> avals) {
    try (TraceStack.Pushed<JaxprTrace> pushed = TraceStack.push(JaxprTrace::new, true)) {
      JaxprTrace trace = pushed.trace();
      List<Array> inputs = new ArrayList<>(avals.size());
      for (ShapedArray a : avals) {
        inputs.add(trace.newInput(a));
      }
      List<?> args = (List<?>) argsDef.unflatten(inputs);
      TreeDef.Flat out = TreeDef.flatten(f.apply(args.toArray()));
      return new Staged(trace.build(out.leaves()), out.def());
    }
  }

  /** {@code f} staged on arguments shaped like {@code exampleArgs}, with its output structure. */
  public static Staged stageLike(Fn f, Object... exampleArgs) {
    TreeDef.Flat in = TreeDef.flatten(java.util.Arrays.asList(exampleArgs));
    return stage(f, in.def(), avals(in.leaves()));
  }

  /** The jaxpr of {@code f} traced on arguments shaped like {@code exampleArgs}. */
  public static ClosedJaxpr makeJaxpr(Fn f, Object... exampleArgs) {
    TreeDef.Flat in = TreeDef.flatten(java.util.Arrays.asList(exampleArgs));
    return stage(f, in.def(), avals(in.leaves())).closed();
  }

  /** The avals of {@code leaves}. */
  static List<ShapedArray> avals(List<Array> leaves) {
    return leaves.stream().map(ShapedArray::of).toList();
  }
}
