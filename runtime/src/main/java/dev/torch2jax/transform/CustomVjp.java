package dev.torch2jax.transform;

import dev.torch2jax.Array;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.TraceStack;
import dev.torch2jax.core.Tracer;
import dev.torch2jax.core.rules.CustomVjpRule;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs a function (an ATen op) that declares its own VJP: under a transformation the op is staged
 * and applied as the {@code custom_vjp_call} primitive, whose VJP is the op's rule; eagerly it runs
 * directly.
 */
public final class CustomVjp {
  static final Primitive CUSTOM_VJP_CALL = Primitive.of("custom_vjp_call");

  private CustomVjp() {}

  /**
   * What {@code custom_vjp_call} needs beyond its jaxpr: the rule and how to rebuild the op's
   * arguments and result from flat arrays.
   */
  record Rule(
      String overload, CustomVjpRule rule, TreeDef argsDef, TreeDef outDef, int constCount) {
    @Override
    public String toString() {
      return overload;
    }
  }

  /**
   * {@code op} applied to {@code args}, differentiated with {@code rule}.
   *
   * @param overload the op's name, for jaxprs and messages
   */
  public static Object call(
      String overload, Function<List<Object>, Object> op, CustomVjpRule rule, List<Object> args) {
    TreeDef.Flat flat = TreeDef.flatten(args);
    boolean traced = flat.leaves().stream().anyMatch(a -> a instanceof Tracer);
    if (!traced && !TraceStack.isStaging()) {
      return op.apply(args);
    }
    Staging.Staged staged =
        Staging.stageLike(
            xs -> op.apply(castList(flat.def().unflatten(List.of(xs)))), flat.leaves().toArray());
    List<Array> operands = new ArrayList<>(staged.closed().consts());
    operands.addAll(flat.leaves());
    Rule r = new Rule(overload, rule, flat.def(), staged.outDef(), staged.closed().consts().size());
    List<Array> outs =
        CUSTOM_VJP_CALL.bind(Params.of("jaxpr", staged.closed().jaxpr(), "rule", r), operands);
    return staged.outDef().unflatten(outs);
  }

  @SuppressWarnings("unchecked")
  static List<Object> castList(Object o) {
    return (List<Object>) o;
  }
}
