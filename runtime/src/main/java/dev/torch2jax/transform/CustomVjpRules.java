package dev.torch2jax.transform;

import dev.torch2jax.Array;
import dev.torch2jax.annotations.AbstractEval;
import dev.torch2jax.annotations.BatchRule;
import dev.torch2jax.annotations.VjpRule;
import dev.torch2jax.core.Jaxpr;
import dev.torch2jax.core.Jaxprs;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.rules.Batched;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The rules of {@code custom_vjp_call}: an op's jaxpr whose VJP is the op's own rule. It lowers
 * inline, like {@code pjit} ({@link PjitRules#inlineJaxprLowering}).
 */
public final class CustomVjpRules {
  private CustomVjpRules() {}

  /** The jaxpr's outputs. */
  @AbstractEval("custom_vjp_call")
  public static List<ShapedArray> customAval(Primitive p, List<ShapedArray> in, Params params) {
    return params.get("jaxpr", Jaxpr.class).outAvals();
  }

  /** The op's rule, on the rebuilt arguments, result and cotangent. */
  @VjpRule("custom_vjp_call")
  public static List<Array> customVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    CustomVjp.Rule r = params.get("rule", CustomVjp.Rule.class);
    List<Array> leaves = primals.subList(r.constCount(), primals.size());
    List<Object> args = CustomVjp.castList(r.argsDef().unflatten(leaves));
    List<Object> argCts = r.rule().vjp(args, r.outDef().unflatten(outs), r.outDef().unflatten(cts));
    // Rules answer per schema argument; a call may leave trailing defaults out. Cotangents for
    // those must be null: they are not inputs of the call.
    if (argCts.size() > args.size()
        && argCts.subList(args.size(), argCts.size()).stream().allMatch(c -> c == null)) {
      argCts = argCts.subList(0, args.size());
    }
    if (argCts.size() != args.size()) {
      throw new IllegalStateException(
          "custom VJP of "
              + r.overload()
              + " returned "
              + argCts.size()
              + " cotangents for "
              + args.size()
              + " arguments");
    }
    List<Array> result = new ArrayList<>(primals.size());
    for (int i = 0; i < r.constCount(); i++) {
      result.add(null);
    }
    for (int i = 0; i < args.size(); i++) {
      int n = TreeDef.flatten(args.get(i)).leaves().size();
      if (n == 0) {
        continue;
      }
      if (argCts.get(i) == null) {
        result.addAll(java.util.Collections.nCopies(n, null));
        continue;
      }
      List<Array> ct = TreeDef.flatten(argCts.get(i)).leaves();
      if (ct.size() != n) {
        throw new IllegalStateException(
            "custom VJP of %s: argument %d has %d tensors but got %d cotangents"
                .formatted(r.overload(), i, n, ct.size()));
      }
      result.addAll(ct);
    }
    return result;
  }

  /** Batched through the op's primitives (the custom VJP is not used under vmap). */
  @BatchRule("custom_vjp_call")
  public static Batched customBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    Jaxpr jaxpr = params.get("jaxpr", Jaxpr.class);
    Integer[] axes =
        Arrays.stream(bdims)
            .mapToObj(d -> d == Batched.NOT_MAPPED ? null : d)
            .toArray(Integer[]::new);
    List<?> outs =
        (List<?>) Vmap.vmap(xs -> Jaxprs.eval(jaxpr, asArrays(xs)), axes).apply(in.toArray());
    List<Array> result = new ArrayList<>();
    for (Object o : outs) {
      result.add((Array) o);
    }
    return new Batched(result, new int[result.size()]);
  }

  private static List<Array> asArrays(Object[] xs) {
    List<Array> out = new ArrayList<>(xs.length);
    for (Object x : xs) {
      out.add((Array) x);
    }
    return out;
  }
}
