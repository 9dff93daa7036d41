package dev.torch2jax.transform;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.annotations.AbstractEval;
import dev.torch2jax.annotations.BatchRule;
import dev.torch2jax.annotations.Lowering;
import dev.torch2jax.annotations.VjpRule;
import dev.torch2jax.core.Jaxpr;
import dev.torch2jax.core.Jaxprs;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.Var;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.core.rules.LoweringContext;
import dev.torch2jax.hlo.Value;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The rules of {@code pjit}, the primitive a jitted function becomes: its operands are the jaxpr's
 * constants then its arguments. Its VJP and batching are themselves jitted functions (the
 * transformed jaxpr), so transformed jitted code stays compiled.
 */
public final class PjitRules {
  // Weak keys: a jaxpr's transformed functions go with the jaxpr. The functions refer to it weakly
  // (see held), or the map's values would keep its keys alive.
  private static final Map<Jaxpr, Fn> VJPS = Collections.synchronizedMap(new WeakHashMap<>());
  private static final Map<Jaxpr, Map<List<Integer>, Fn>> BATCHED =
      Collections.synchronizedMap(new WeakHashMap<>());

  private PjitRules() {}

  /** The jaxpr's output avals, after checking the operands against its inputs. */
  @AbstractEval("pjit")
  public static List<ShapedArray> pjitAval(Primitive p, List<ShapedArray> in, Params params) {
    Jaxpr jaxpr = params.get("jaxpr", Jaxpr.class);
    List<ShapedArray> expected = jaxpr.allInputs().stream().map(Var::aval).toList();
    if (!expected.equals(in)) {
      throw new IllegalArgumentException(
          p
              + " "
              + params.get("name")
              + ": operands "
              + in
              + " do not match the jaxpr's inputs "
              + expected);
    }
    return jaxpr.outAvals();
  }

  /**
   * The jaxpr's equations, inline: {@code pjit} and {@code custom_vjp_call} both carry the jaxpr
   * they stand for.
   */
  @Lowering("pjit custom_vjp_call")
  public static List<Value> inlineJaxprLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return ctx.lowerJaxpr(ctx.builder(), params.get("jaxpr", Jaxpr.class), in);
  }

  /**
   * A jitted function computing the jaxpr's VJP: primals and cotangents in, input cotangents out.
   */
  @VjpRule("pjit")
  public static List<Array> pjitVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Jaxpr jaxpr = params.get("jaxpr", Jaxpr.class);
    int n = primals.size();
    Fn backward =
        VJPS.computeIfAbsent(
            jaxpr,
            j -> {
              WeakReference<Jaxpr> ref = new WeakReference<>(j);
              return new Jit(
                  args -> {
                    Object[] ps = Arrays.copyOfRange(args, 0, n);
                    Object[] cs = Arrays.copyOfRange(args, n, args.length);
                    List<Object> r = Vjp.vjp(xs -> Jaxprs.eval(held(ref), asArrays(xs)), ps);
                    return ((Fn) r.get(1)).apply((Object) Arrays.asList(cs));
                  },
                  params.get("name") + "_vjp");
            });
    List<Object> operands = new ArrayList<>(primals);
    operands.addAll(cts);
    List<?> inCts = (List<?>) backward.apply(operands.toArray());
    Reference.reachabilityFence(jaxpr);
    List<Array> result = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      result.add(primals.get(i).dtype().isInexact() ? (Array) inCts.get(i) : null);
    }
    return result;
  }

  /** A jitted vmap of the jaxpr; every output comes back batched along axis 0. */
  @BatchRule("pjit")
  public static Batched pjitBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    Jaxpr jaxpr = params.get("jaxpr", Jaxpr.class);
    List<Integer> axes =
        Arrays.stream(bdims).mapToObj(d -> d == Batched.NOT_MAPPED ? null : d).toList();
    Fn batched =
        BATCHED
            .computeIfAbsent(jaxpr, j -> Collections.synchronizedMap(new java.util.HashMap<>()))
            .computeIfAbsent(
                axes,
                a -> {
                  WeakReference<Jaxpr> ref = new WeakReference<>(jaxpr);
                  return new Jit(
                      Vmap.vmap(
                          xs -> Jaxprs.eval(held(ref), asArrays(xs)), a.toArray(Integer[]::new)),
                      params.get("name") + "_vmap");
                });
    List<?> outs = (List<?>) batched.apply(in.toArray());
    Reference.reachabilityFence(jaxpr);
    List<Array> result = new ArrayList<>(outs.size());
    for (Object o : outs) {
      result.add((Array) o);
    }
    int[] outDims = new int[result.size()];
    return new Batched(result, outDims);
  }

  /** The jaxpr a transformed function was made for; its caller holds it while the function runs. */
  private static Jaxpr held(WeakReference<Jaxpr> ref) {
    Jaxpr jaxpr = ref.get();
    if (jaxpr == null) {
      throw new IllegalStateException("a transformed pjit ran after its jaxpr was collected");
    }
    return jaxpr;
  }

  private static List<Array> asArrays(Object[] xs) {
    List<Array> out = new ArrayList<>(xs.length);
    for (Object x : xs) {
      out.add((Array) x);
    }
    return out;
  }
}
