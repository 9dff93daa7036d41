package dev.torch2jax.control;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Fn;
import dev.torch2jax.annotations.AbstractEval;
import dev.torch2jax.annotations.BatchRule;
import dev.torch2jax.annotations.Lowering;
import dev.torch2jax.annotations.NotDifferentiable;
import dev.torch2jax.annotations.VjpRule;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.core.Jaxpr;
import dev.torch2jax.core.Jaxprs;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.Var;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.core.rules.LoweringContext;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.hlo.RegionBody;
import dev.torch2jax.hlo.Value;
import dev.torch2jax.lax.BatchAxes;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ReductionOps;
import dev.torch2jax.lax.ShapeOps;
import dev.torch2jax.transform.ClosedJaxpr;
import dev.torch2jax.transform.Staging;
import dev.torch2jax.transform.TreeDef;
import dev.torch2jax.transform.Vjp;
import dev.torch2jax.transform.Vmap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Structured control flow on traced values: {@code cond} and {@code while}, like {@code
 * jax.lax.cond} and {@code jax.lax.while_loop}. Branches and bodies are staged into jaxprs, so they
 * work under jit, grad (cond) and vmap.
 */
public final class ControlFlowOps {
  private static final Primitive COND = Primitive.of("cond");
  private static final Primitive WHILE = Primitive.of("while");

  private ControlFlowOps() {}

  // ---- cond ---------------------------------------------------------------------------------

  /**
   * {@code onTrue(operands...)} where {@code predicate} (a scalar bool) holds, else {@code
   * onFalse(operands...)}. Both branches must return the same structure, shapes and dtypes.
   */
  public static Object cond(Array predicate, Fn onTrue, Fn onFalse, Object... operands) {
    if (predicate.ndim() != 0 || predicate.dtype() != DType.BOOL) {
      throw new IllegalArgumentException(
          "cond: the predicate must be a scalar bool, got " + ShapedArray.of(predicate));
    }
    return switchCase(
        ElementwiseOps.convert(predicate, DType.I32), List.of(onFalse, onTrue), operands);
  }

  /**
   * {@code branches.get(index)(operands...)}, for a scalar int32 {@code index} (out of range runs
   * the last branch). The branches must return the same structure, shapes and dtypes.
   */
  public static Object switchCase(Array index, List<Fn> branches, Object... operands) {
    if (!ShapedArray.of(index).equals(new ShapedArray(new long[0], DType.I32))) {
      throw new IllegalArgumentException(
          "switchCase: the index must be a scalar int32, got " + ShapedArray.of(index));
    }
    List<Staging.Staged> staged = new ArrayList<>();
    for (Fn b : branches) {
      staged.add(Staging.stageLike(b, operands));
    }
    Staging.Staged first = staged.getFirst();
    for (int i = 1; i < staged.size(); i++) {
      Staging.Staged s = staged.get(i);
      if (!s.outDef().equals(first.outDef())
          || !s.closed().jaxpr().outAvals().equals(first.closed().jaxpr().outAvals())) {
        throw new IllegalArgumentException(
            "cond: branches return different types: "
                + first.outDef()
                + " "
                + first.closed().jaxpr().outAvals()
                + " vs "
                + s.outDef()
                + " "
                + s.closed().jaxpr().outAvals());
      }
    }
    List<Array> outs =
        bindCond(
            index,
            staged.stream().map(Staging.Staged::closed).toList(),
            TreeDef.flatten(Arrays.asList(operands)).leaves());
    return first.outDef().unflatten(outs);
  }

  /** The branches' common output avals. */
  @AbstractEval("cond")
  public static List<ShapedArray> condAval(Primitive p, List<ShapedArray> in, Params params) {
    List<Jaxpr> branches = branches(params);
    List<ShapedArray> operands = in.subList(1, in.size());
    for (Jaxpr b : branches) {
      if (!b.invars().stream().map(Var::aval).toList().equals(operands)) {
        throw new IllegalArgumentException(
            p + ": operands " + operands + " do not match a branch's inputs");
      }
    }
    return branches.getFirst().outAvals();
  }

  /** {@code stablehlo.case}, each branch inline. */
  @Lowering("cond")
  public static List<Value> condLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    List<Value> operands = in.subList(1, in.size());
    List<RegionBody> bodies = new ArrayList<>();
    for (Jaxpr b : branches(params)) {
      bodies.add(
          (region, args) ->
              region.returns(ctx.lowerJaxpr(region, b, operands).toArray(Value[]::new)));
    }
    List<dev.torch2jax.hlo.TensorType> types =
        ctx.outputAvals().stream().map(dev.torch2jax.core.Lowerer::tensorType).toList();
    return ctx.builder().caseOp(in.getFirst(), types, bodies);
  }

  /** A cond over the branches' VJPs: the taken branch differentiates. */
  @VjpRule("cond")
  public static List<Array> condVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    List<Array> xs = primals.subList(1, primals.size());
    List<Array> inputs = new ArrayList<>(xs);
    inputs.addAll(cts);
    int n = xs.size();
    List<ClosedJaxpr> backward = new ArrayList<>();
    for (Jaxpr b : branches(params)) {
      backward.add(
          Staging.stageLike(
                  args -> {
                    List<Object> r =
                        Vjp.vjp(ys -> Jaxprs.eval(b, asArrays(ys)), Arrays.copyOfRange(args, 0, n));
                    return ((Fn) r.get(1))
                        .apply((Object) Arrays.asList(Arrays.copyOfRange(args, n, args.length)));
                  },
                  inputs.toArray())
              .closed());
    }
    List<Array> xCts = bindCond(primals.getFirst(), backward, inputs);
    List<Array> result = new ArrayList<>();
    result.add(null);
    for (int i = 0; i < n; i++) {
      result.add(xs.get(i).dtype().isInexact() ? xCts.get(i) : null);
    }
    return result;
  }

  /**
   * A batched index runs every branch and selects per example; an unbatched one stays a cond of
   * batched branches.
   */
  @BatchRule("cond")
  public static Batched condBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    long size = BatchAxes.size(in, bdims);
    List<Array> xs =
        BatchAxes.materializeAll(
            in.subList(1, in.size()), Arrays.copyOfRange(bdims, 1, bdims.length), size);
    Integer[] axes = new Integer[xs.size()];
    Arrays.fill(axes, 0);
    List<ClosedJaxpr> batched = new ArrayList<>();
    for (Jaxpr b : branches(params)) {
      batched.add(
          Staging.stageLike(Vmap.vmap(ys -> Jaxprs.eval(b, asArrays(ys)), axes), xs.toArray())
              .closed());
    }
    if (bdims[0] == Batched.NOT_MAPPED) {
      List<Array> outs = bindCond(in.getFirst(), batched, xs);
      return new Batched(outs, new int[outs.size()]);
    }
    Array index = BatchAxes.toFront(in.getFirst(), bdims[0]);
    List<List<Array>> perBranch = new ArrayList<>();
    for (ClosedJaxpr b : batched) {
      List<Array> args = new ArrayList<>(b.consts());
      args.addAll(xs);
      perBranch.add(Jaxprs.eval(b.jaxpr(), args));
    }
    List<Array> result = new ArrayList<>(perBranch.getLast());
    for (int k = perBranch.size() - 2; k >= 0; k--) {
      Array isK =
          ElementwiseOps.compare(ComparisonDirection.EQ, index, ElementwiseOps.fullLike(index, k));
      for (int o = 0; o < result.size(); o++) {
        Array out = result.get(o);
        Array which = ShapeOps.broadcastInDim(isK, out.shape(), new long[] {0});
        result.set(o, ElementwiseOps.select(which, perBranch.get(k).get(o), out));
      }
    }
    return new Batched(result, new int[result.size()]);
  }

  // ---- while --------------------------------------------------------------------------------

  /**
   * Repeats {@code body} on the carried value (a pytree) while {@code cond} (returning a scalar
   * bool) holds; returns the final carried value. Not differentiable in reverse mode (the trip
   * count is data-dependent); batched loops run until every example is done.
   */
  public static Object whileLoop(Fn cond, Fn body, Object init) {
    Staging.Staged c = Staging.stageLike(cond, init);
    Staging.Staged b = Staging.stageLike(body, init);
    TreeDef.Flat carry = TreeDef.flatten(init);
    List<ShapedArray> carryAvals = carry.leaves().stream().map(ShapedArray::of).toList();
    if (!c.closed().jaxpr().outAvals().equals(List.of(new ShapedArray(new long[0], DType.BOOL)))) {
      throw new IllegalArgumentException(
          "whileLoop: cond must return a scalar bool, returned " + c.closed().jaxpr().outAvals());
    }
    if (!b.outDef().equals(carry.def()) || !b.closed().jaxpr().outAvals().equals(carryAvals)) {
      throw new IllegalArgumentException(
          "whileLoop: body must return the carried structure and types "
              + carry.def()
              + " "
              + carryAvals
              + ", returned "
              + b.outDef()
              + " "
              + b.closed().jaxpr().outAvals());
    }
    List<Array> operands = new ArrayList<>(c.closed().consts());
    operands.addAll(b.closed().consts());
    operands.addAll(carry.leaves());
    Params params =
        Params.of(
            "cond_jaxpr",
            c.closed().jaxpr(),
            "body_jaxpr",
            b.closed().jaxpr(),
            "cond_nconsts",
            (long) c.closed().consts().size(),
            "body_nconsts",
            (long) b.closed().consts().size());
    return carry.def().unflatten(WHILE.bind(params, operands));
  }

  /** The carried values' avals. */
  @AbstractEval("while")
  @NotDifferentiable(
      "reverse-mode differentiation of a while loop needs its trip count, which is data-dependent;"
          + " unroll it with a Java loop instead")
  public static List<ShapedArray> whileAval(Primitive p, List<ShapedArray> in, Params params) {
    int consts = params.intValue("cond_nconsts") + params.intValue("body_nconsts");
    List<ShapedArray> carry = in.subList(consts, in.size());
    if (!params.get("body_jaxpr", Jaxpr.class).outAvals().equals(carry)) {
      throw new IllegalArgumentException(p + ": body does not return the carried types " + carry);
    }
    return List.copyOf(carry);
  }

  /** {@code stablehlo.while}, the constants threaded through the carried values. */
  @Lowering("while")
  public static List<Value> whileLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    int nc = params.intValue("cond_nconsts");
    int nb = params.intValue("body_nconsts");
    Jaxpr condJaxpr = params.get("cond_jaxpr", Jaxpr.class);
    Jaxpr bodyJaxpr = params.get("body_jaxpr", Jaxpr.class);
    List<Value> out =
        ctx.builder()
            .whileOp(
                in,
                (region, args) -> {
                  List<Value> inputs = new ArrayList<>(args.subList(0, nc));
                  inputs.addAll(args.subList(nc + nb, args.size()));
                  region.returns(ctx.lowerJaxpr(region, condJaxpr, inputs).toArray(Value[]::new));
                },
                (region, args) -> {
                  List<Value> inputs = new ArrayList<>(args.subList(nc, nc + nb));
                  inputs.addAll(args.subList(nc + nb, args.size()));
                  List<Value> next = new ArrayList<>(args.subList(0, nc + nb));
                  next.addAll(ctx.lowerJaxpr(region, bodyJaxpr, inputs));
                  region.returns(next.toArray(Value[]::new));
                });
    return out.subList(nc + nb, out.size());
  }

  /** Loops while any example's condition holds; finished examples keep their values. */
  @BatchRule("while")
  public static Batched whileBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    long size = BatchAxes.size(in, bdims);
    int nc = params.intValue("cond_nconsts");
    int nb = params.intValue("body_nconsts");
    List<Array> all = BatchAxes.materializeAll(in, bdims, size);
    List<Array> condConsts = all.subList(0, nc);
    List<Array> bodyConsts = all.subList(nc, nc + nb);
    List<Array> carry = all.subList(nc + nb, all.size());
    Jaxpr condJaxpr = params.get("cond_jaxpr", Jaxpr.class);
    Jaxpr bodyJaxpr = params.get("body_jaxpr", Jaxpr.class);
    Fn condB = batchedEval(condJaxpr, condConsts);
    Fn bodyB = batchedEval(bodyJaxpr, bodyConsts);
    Fn anyActive =
        xs -> {
          Array active = (Array) ((List<?>) condB.apply(xs)).getFirst();
          Array count =
              ReductionOps.reduceSum(ElementwiseOps.convert(active, DType.I32), new long[] {0});
          return ElementwiseOps.compare(
              ComparisonDirection.GT, count, DeviceArray.scalar(0, DType.I32));
        };
    Fn step =
        xs -> {
          Array active = (Array) ((List<?>) condB.apply(xs)).getFirst();
          List<?> next = (List<?>) bodyB.apply(xs);
          List<Array> kept = new ArrayList<>();
          for (int i = 0; i < xs.length; i++) {
            Array old = (Array) xs[i];
            Array which = ShapeOps.broadcastInDim(active, old.shape(), new long[] {0});
            kept.add(ElementwiseOps.select(which, (Array) next.get(i), old));
          }
          return kept;
        };
    Object out =
        whileLoop(
            args -> anyActive.apply(((List<?>) args[0]).toArray()),
            args -> step.apply(((List<?>) args[0]).toArray()),
            List.copyOf(carry));
    List<Array> result = new ArrayList<>();
    for (Object o : (List<?>) out) {
      result.add((Array) o);
    }
    return new Batched(result, new int[result.size()]);
  }

  /** {@code jaxpr} vmapped over axis 0 of its constants (bound now) and its carried inputs. */
  private static Fn batchedEval(Jaxpr jaxpr, List<Array> consts) {
    return xs -> {
      Integer[] axes = new Integer[consts.size() + xs.length];
      Arrays.fill(axes, 0);
      Object[] args = new Object[axes.length];
      for (int i = 0; i < consts.size(); i++) {
        args[i] = consts.get(i);
      }
      System.arraycopy(xs, 0, args, consts.size(), xs.length);
      return Vmap.vmap(ys -> Jaxprs.eval(jaxpr, asArrays(ys)), axes).apply(args);
    };
  }

  /**
   * Binds {@code cond} over branches that each take {@code inputs} and may have captured constants:
   * every branch is re-staged to take all branches' constants, then the inputs.
   */
  private static List<Array> bindCond(Array index, List<ClosedJaxpr> branches, List<Array> inputs) {
    List<Array> all = new ArrayList<>();
    for (ClosedJaxpr b : branches) {
      all.addAll(b.consts());
    }
    int constCount = all.size();
    all.addAll(inputs);
    List<Jaxpr> uniform = new ArrayList<>();
    int offset = 0;
    for (ClosedJaxpr b : branches) {
      int from = offset;
      int n = b.consts().size();
      Staging.Staged s =
          Staging.stageLike(
              xs -> {
                List<Array> args = asArrays(xs);
                List<Array> in = new ArrayList<>(args.subList(from, from + n));
                in.addAll(args.subList(constCount, args.size()));
                return Jaxprs.eval(b.jaxpr(), in);
              },
              all.toArray());
      uniform.add(s.closed().jaxpr());
      offset += n;
    }
    List<Array> operands = new ArrayList<>();
    operands.add(index);
    operands.addAll(all);
    return COND.bind(Params.of("branches", List.copyOf(uniform)), operands);
  }

  @SuppressWarnings("unchecked")
  private static List<Jaxpr> branches(Params params) {
    return (List<Jaxpr>) params.get("branches");
  }

  private static List<Array> asArrays(Object[] xs) {
    List<Array> out = new ArrayList<>(xs.length);
    for (Object x : xs) {
      out.add((Array) x);
    }
    return out;
  }
}
