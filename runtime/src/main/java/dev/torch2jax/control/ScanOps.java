package dev.torch2jax.control;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Fn;
import dev.torch2jax.annotations.AbstractEval;
import dev.torch2jax.annotations.BatchRule;
import dev.torch2jax.annotations.Lowering;
import dev.torch2jax.annotations.VjpRule;
import dev.torch2jax.core.Jaxpr;
import dev.torch2jax.core.Jaxprs;
import dev.torch2jax.core.Lowerer;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.Var;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.core.rules.LoweringContext;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.hlo.FunctionBuilder;
import dev.torch2jax.hlo.TensorType;
import dev.torch2jax.hlo.Value;
import dev.torch2jax.lax.BatchAxes;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ShapeOps;
import dev.torch2jax.transform.Staging;
import dev.torch2jax.transform.TreeDef;
import dev.torch2jax.transform.Vjp;
import dev.torch2jax.transform.Vmap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code scan}, like {@code jax.lax.scan}: a loop over the leading axis of its inputs that threads
 * a carried value and stacks per-step outputs. The body is staged once into a jaxpr, so the program
 * does not grow with the number of steps; it lowers to one {@code stablehlo.while}, differentiates
 * as a reverse scan and batches as a scan of the batched body.
 *
 * <p>The primitive's operands are the body's constants, the initial carry, then the stacked inputs;
 * its results are the final carry, then the stacked outputs. Parameters: {@code jaxpr} (constants,
 * carry and one step's inputs to the next carry and one step's outputs), {@code num_consts}, {@code
 * num_carry}, {@code length} and {@code reverse}.
 */
public final class ScanOps {
  private static final Primitive SCAN = Primitive.of("scan");

  private ScanOps() {}

  /**
   * The result of a scan.
   *
   * @param carry the final carried value, structured like the initial one
   * @param ys the per-step outputs stacked along a new leading axis of size {@code length}
   */
  public record Result(Object carry, Object ys) {}

  /**
   * Runs {@code body.apply(carry, x)}, which returns {@code List.of(nextCarry, y)}, for each slice
   * {@code x} of {@code xs} (a pytree whose leaves share the leading axis), threading the carry
   * from {@code init}. {@code length} is the number of steps (it must match {@code xs}; give it
   * when {@code xs} has no leaves); with {@code reverse} the slices are visited last to first and
   * each {@code y} is still stored at its slice's index.
   */
  public static Result scan(Fn body, Object init, Object xs, long length, boolean reverse) {
    TreeDef.Flat carry = TreeDef.flatten(init);
    TreeDef.Flat inputs = TreeDef.flatten(xs);
    long steps = stepCount(inputs.leaves(), length);
    List<ShapedArray> carryAvals = carry.leaves().stream().map(ShapedArray::of).toList();
    List<ShapedArray> xAvals = inputs.leaves().stream().map(ScanOps::sliceAval).toList();
    TreeDef[] outDefs = new TreeDef[2];
    FlatBody flat =
        (consts, c, x) -> {
          Object r = body.apply(carry.def().unflatten(c), inputs.def().unflatten(x));
          if (!(r instanceof List<?> pair) || pair.size() != 2) {
            throw new IllegalArgumentException(
                "scan: the body must return List.of(nextCarry, y), returned %s"
                    .formatted(r == null ? "null" : r.getClass().getSimpleName()));
          }
          TreeDef.Flat next = TreeDef.flatten(pair.get(0));
          TreeDef.Flat y = TreeDef.flatten(pair.get(1));
          outDefs[0] = next.def();
          outDefs[1] = y.def();
          List<Array> out = new ArrayList<>(next.leaves());
          out.addAll(y.leaves());
          return out;
        };
    Staging.Staged staged = stage(flat, List.of(), carryAvals, xAvals);
    List<ShapedArray> outAvals = staged.closed().jaxpr().outAvals();
    if (!outDefs[0].equals(carry.def())
        || !outAvals.subList(0, Math.min(carryAvals.size(), outAvals.size())).equals(carryAvals)) {
      throw new IllegalArgumentException(
          "scan: the body must return the carried structure and types %s %s, returned %s %s"
              .formatted(carry.def(), carryAvals, outDefs[0], outAvals));
    }
    List<Array> outs = bind(staged, List.of(), carry.leaves(), inputs.leaves(), steps, reverse);
    int n = carry.leaves().size();
    return new Result(
        carry.def().unflatten(outs.subList(0, n)),
        outDefs[1].unflatten(outs.subList(n, outs.size())));
  }

  /** {@link #scan(Fn, Object, Object, long, boolean)} forward over all of {@code xs}. */
  public static Result scan(Fn body, Object init, Object xs) {
    return scan(body, init, xs, -1, false);
  }

  /** A body over flat lists: explicit constants, carry leaves and one step's input leaves. */
  @FunctionalInterface
  private interface FlatBody {
    List<Array> apply(List<Array> consts, List<Array> carry, List<Array> x);
  }

  private static Staging.Staged stage(
      FlatBody body,
      List<ShapedArray> constAvals,
      List<ShapedArray> carryAvals,
      List<ShapedArray> xAvals) {
    List<ShapedArray> all = new ArrayList<>(constAvals);
    all.addAll(carryAvals);
    all.addAll(xAvals);
    int nc = constAvals.size();
    int ncar = carryAvals.size();
    return Staging.stage(
        args -> {
          List<Array> a = asArrays(args);
          return body.apply(
              a.subList(0, nc), a.subList(nc, nc + ncar), a.subList(nc + ncar, a.size()));
        },
        TreeDef.listOfLeaves(all.size()),
        all);
  }

  /**
   * Binds {@code scan} for a staged body taking {@code consts}, the carry and one step's inputs:
   * the constants the staging captured go first.
   */
  private static List<Array> bind(
      Staging.Staged staged,
      List<Array> consts,
      List<Array> carry,
      List<Array> xs,
      long length,
      boolean reverse) {
    List<Array> operands = new ArrayList<>(staged.closed().consts());
    operands.addAll(consts);
    operands.addAll(carry);
    operands.addAll(xs);
    Params params =
        Params.of(
            "jaxpr",
            staged.closed().jaxpr(),
            "num_consts",
            (long) (staged.closed().consts().size() + consts.size()),
            "num_carry",
            (long) carry.size(),
            "length",
            length,
            "reverse",
            reverse);
    return SCAN.bind(params, operands);
  }

  private static long stepCount(List<Array> xs, long length) {
    for (Array x : xs) {
      if (x.ndim() == 0 || (length >= 0 && x.shape()[0] != length)) {
        throw new IllegalArgumentException(
            "scan: every input needs a leading axis of the scan length %s, got %s"
                .formatted(length >= 0 ? length : xs.getFirst().shape()[0], ShapedArray.of(x)));
      }
      length = x.shape()[0];
    }
    if (length < 0) {
      throw new IllegalArgumentException(
          "scan: without inputs to scan over, give the number of steps (length)");
    }
    return length;
  }

  private static ShapedArray sliceAval(Array x) {
    long[] s = x.shape();
    return new ShapedArray(Arrays.copyOfRange(s, 1, s.length), x.dtype());
  }

  private static ShapedArray stackedAval(ShapedArray a, long length) {
    long[] s = a.shape();
    long[] out = new long[s.length + 1];
    out[0] = length;
    System.arraycopy(s, 0, out, 1, s.length);
    return new ShapedArray(out, a.dtype());
  }

  // ---- rules --------------------------------------------------------------------------------

  /** The body's carry avals, then its per-step outputs stacked {@code length} times. */
  @AbstractEval("scan")
  public static List<ShapedArray> scanAval(Primitive p, List<ShapedArray> in, Params params) {
    Jaxpr jaxpr = params.get("jaxpr", Jaxpr.class);
    int nc = params.intValue("num_consts");
    int ncar = params.intValue("num_carry");
    long length = params.longValue("length");
    List<ShapedArray> expected = new ArrayList<>(in.subList(0, nc + ncar));
    for (ShapedArray x : in.subList(nc + ncar, in.size())) {
      if (x.rank() == 0 || x.dim(0) != length) {
        throw new IllegalArgumentException(
            "%s: input %s does not have the leading axis of length %d".formatted(p, x, length));
      }
      long[] s = x.shape();
      expected.add(new ShapedArray(Arrays.copyOfRange(s, 1, s.length), x.dtype()));
    }
    List<ShapedArray> inputs = jaxpr.allInputs().stream().map(Var::aval).toList();
    if (!inputs.equals(expected)) {
      throw new IllegalArgumentException(
          "%s: operands %s do not match the body's inputs %s".formatted(p, expected, inputs));
    }
    List<ShapedArray> outs = jaxpr.outAvals();
    if (outs.size() < ncar || !outs.subList(0, ncar).equals(in.subList(nc, nc + ncar))) {
      throw new IllegalArgumentException(
          "%s: the body returns %s, not the carried types %s first"
              .formatted(p, outs, in.subList(nc, nc + ncar)));
    }
    List<ShapedArray> result = new ArrayList<>(outs.subList(0, ncar));
    for (ShapedArray y : outs.subList(ncar, outs.size())) {
      result.add(stackedAval(y, length));
    }
    return result;
  }

  /**
   * One {@code stablehlo.while} over a step counter, the constants, the carry, the stacked inputs
   * and the stacked outputs: each step reads its inputs with {@code dynamic_slice}, runs the body
   * inline and writes its outputs with {@code dynamic_update_slice}.
   */
  @Lowering("scan")
  public static List<Value> scanLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    Jaxpr jaxpr = params.get("jaxpr", Jaxpr.class);
    int nc = params.intValue("num_consts");
    int ncar = params.intValue("num_carry");
    long length = params.longValue("length");
    boolean reverse = params.bool("reverse");
    int nx = in.size() - nc - ncar;
    List<ShapedArray> outAvals = ctx.outputAvals();
    int ny = outAvals.size() - ncar;
    FunctionBuilder fb = ctx.builder();
    TensorType index = TensorType.scalar(DType.I64);
    List<Value> init = new ArrayList<>();
    init.add(fb.constant(index, 0L));
    init.addAll(in);
    for (ShapedArray y : outAvals.subList(ncar, outAvals.size())) {
      init.add(fb.constant(Lowerer.tensorType(y), 0L));
    }
    int ysFrom = 1 + nc + ncar + nx;
    List<Value> out =
        fb.whileOp(
            init,
            (region, args) ->
                region.returns(
                    region.compare(
                        ComparisonDirection.LT, args.getFirst(), region.constant(index, length))),
            (region, args) -> {
              Value i = args.getFirst();
              Value at = reverse ? region.subtract(region.constant(index, length - 1), i) : i;
              List<Value> bodyIn = new ArrayList<>(args.subList(1, 1 + nc + ncar));
              for (Value xs : args.subList(1 + nc + ncar, ysFrom)) {
                long[] s = xs.type().shape();
                long[] sizes = s.clone();
                sizes[0] = 1;
                Value slice = region.dynamicSlice(xs, starts(region, at, s.length), sizes);
                bodyIn.add(region.reshape(slice, Arrays.copyOfRange(s, 1, s.length)));
              }
              List<Value> bodyOut = ctx.lowerJaxpr(region, jaxpr, bodyIn);
              List<Value> next = new ArrayList<>();
              next.add(region.add(i, region.constant(index, 1L)));
              next.addAll(args.subList(1, 1 + nc));
              next.addAll(bodyOut.subList(0, ncar));
              next.addAll(args.subList(1 + nc + ncar, ysFrom));
              for (int k = 0; k < ny; k++) {
                Value ys = args.get(ysFrom + k);
                Value y = bodyOut.get(ncar + k);
                long[] s = ys.type().shape();
                long[] one = s.clone();
                one[0] = 1;
                next.add(
                    region.dynamicUpdateSlice(
                        ys, region.reshape(y, one), starts(region, at, s.length)));
              }
              region.returns(next.toArray(Value[]::new));
            });
    List<Value> result = new ArrayList<>(out.subList(1 + nc, 1 + nc + ncar));
    result.addAll(out.subList(ysFrom, out.size()));
    return result;
  }

  /** {@code at} for the leading axis, zeros for the others. */
  private static List<Value> starts(FunctionBuilder region, Value at, int rank) {
    List<Value> s = new ArrayList<>();
    s.add(at);
    Value zero = region.constant(TensorType.scalar(DType.I64), 0L);
    for (int d = 1; d < rank; d++) {
      s.add(zero);
    }
    return s;
  }

  /**
   * A forward scan that records the carry each step saw, then a scan in the opposite direction
   * whose body is the VJP of the body at that step (recomputing the step forward): it carries the
   * carry's cotangent and the constants' accumulated cotangents and emits the inputs' cotangents.
   */
  @VjpRule("scan")
  public static List<Array> scanVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Jaxpr jaxpr = params.get("jaxpr", Jaxpr.class);
    int nc = params.intValue("num_consts");
    int ncar = params.intValue("num_carry");
    long length = params.longValue("length");
    boolean reverse = params.bool("reverse");
    List<Array> consts = primals.subList(0, nc);
    List<Array> init = primals.subList(nc, nc + ncar);
    List<Array> xs = primals.subList(nc + ncar, primals.size());
    List<ShapedArray> constAvals = consts.stream().map(ShapedArray::of).toList();
    List<ShapedArray> carryAvals = init.stream().map(ShapedArray::of).toList();
    List<ShapedArray> xAvals = xs.stream().map(ScanOps::sliceAval).toList();

    // The carries each step started from, stacked in step-index order.
    FlatBody record =
        (cs, c, x) -> {
          List<Array> out = new ArrayList<>(evalBody(jaxpr, cs, c, x).subList(0, ncar));
          out.addAll(c);
          return out;
        };
    List<Array> seen =
        bind(stage(record, constAvals, carryAvals, xAvals), consts, init, xs, length, reverse)
            .subList(ncar, 2 * ncar);

    // Backward: carry (carry cotangent, constants' cotangents); inputs (seen carry, x, y ct).
    FlatBody back =
        (cs, carry, step) -> {
          List<Array> ctCarry = carry.subList(0, ncar);
          List<Array> ctConsts = carry.subList(ncar, carry.size());
          List<Array> c = step.subList(0, ncar);
          List<Array> x = step.subList(ncar, ncar + xs.size());
          List<Array> ctY = step.subList(ncar + xs.size(), step.size());
          List<Object> r =
              Vjp.vjp(
                  a -> evalBody(jaxpr, asArrays(a[0]), asArrays(a[1]), asArrays(a[2])),
                  List.copyOf(cs),
                  List.copyOf(c),
                  List.copyOf(x));
          List<Array> outCts = new ArrayList<>(ctCarry);
          outCts.addAll(ctY);
          List<?> inCts = (List<?>) ((Fn) r.get(1)).apply((Object) outCts);
          List<Array> next = new ArrayList<>(asArrays(inCts.get(1)));
          List<Array> dConsts = asArrays(inCts.get(0));
          for (int k = 0; k < ctConsts.size(); k++) {
            next.add(ElementwiseOps.add(ctConsts.get(k), dConsts.get(k)));
          }
          next.addAll(asArrays(inCts.get(2)));
          return next;
        };
    List<Array> backInit = new ArrayList<>(cts.subList(0, ncar));
    for (Array c : consts) {
      backInit.add(ElementwiseOps.fullLike(c, 0));
    }
    List<Array> backXs = new ArrayList<>(seen);
    backXs.addAll(xs);
    backXs.addAll(cts.subList(ncar, cts.size()));
    List<ShapedArray> backCarryAvals = new ArrayList<>(carryAvals);
    backCarryAvals.addAll(constAvals);
    List<ShapedArray> backXAvals = new ArrayList<>(carryAvals);
    backXAvals.addAll(xAvals);
    for (Array ct : cts.subList(ncar, cts.size())) {
      backXAvals.add(sliceAval(ct));
    }
    List<Array> backOut =
        bind(
            stage(back, constAvals, backCarryAvals, backXAvals),
            consts,
            backInit,
            backXs,
            length,
            !reverse);
    List<Array> result = new ArrayList<>(backOut.subList(ncar, ncar + nc));
    result.addAll(backOut.subList(0, ncar));
    result.addAll(backOut.subList(ncar + nc, backOut.size()));
    for (int i = 0; i < result.size(); i++) {
      if (!primals.get(i).dtype().isInexact()) {
        result.set(i, null);
      }
    }
    return result;
  }

  /**
   * A scan of the batched body: mapped constants and inputs keep their batch (the inputs' moved
   * behind the scan axis), the carry is batched throughout; outputs come back batched along axis 0
   * (carry) and axis 1 (stacked outputs).
   */
  @BatchRule("scan")
  public static Batched scanBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    Jaxpr jaxpr = params.get("jaxpr", Jaxpr.class);
    int nc = params.intValue("num_consts");
    int ncar = params.intValue("num_carry");
    long length = params.longValue("length");
    long size = BatchAxes.size(in, bdims);
    List<Array> consts = new ArrayList<>();
    List<Array> carry = new ArrayList<>();
    List<Array> xs = new ArrayList<>();
    Integer[] axes = new Integer[in.size()];
    for (int i = 0; i < in.size(); i++) {
      Array a = in.get(i);
      boolean mapped = bdims[i] != Batched.NOT_MAPPED;
      if (i < nc) {
        consts.add(mapped ? BatchAxes.toFront(a, bdims[i]) : a);
      } else if (i < nc + ncar) {
        carry.add(BatchAxes.materialize(a, bdims[i], size));
        mapped = true;
      } else {
        xs.add(mapped ? batchBehindScanAxis(a, bdims[i]) : a);
      }
      axes[i] = mapped ? 0 : null;
    }
    Fn batchedBody = Vmap.vmap(args -> Jaxprs.eval(jaxpr, asArrays(args)), axes);
    FlatBody body =
        (cs, c, x) -> {
          List<Object> args = new ArrayList<>(cs);
          args.addAll(c);
          args.addAll(x);
          return asArrays(batchedBody.apply(args.toArray()));
        };
    List<ShapedArray> xAvals = xs.stream().map(ScanOps::sliceAval).toList();
    List<Array> outs =
        bind(
            stage(
                body,
                consts.stream().map(ShapedArray::of).toList(),
                carry.stream().map(ShapedArray::of).toList(),
                xAvals),
            consts,
            carry,
            xs,
            length,
            params.bool("reverse"));
    int[] outDims = new int[outs.size()];
    Arrays.fill(outDims, ncar, outDims.length, 1);
    return new Batched(outs, outDims);
  }

  /** {@code x} with its batch axis at 1, behind the scan axis. */
  private static Array batchBehindScanAxis(Array x, int bdim) {
    Array front = BatchAxes.toFront(x, bdim);
    long[] perm = new long[front.ndim()];
    Arrays.setAll(perm, d -> d);
    perm[0] = 1;
    perm[1] = 0;
    return ShapeOps.transpose(front, perm);
  }

  private static List<Array> evalBody(
      Jaxpr jaxpr, List<Array> consts, List<Array> carry, List<Array> x) {
    List<Array> args = new ArrayList<>(consts);
    args.addAll(carry);
    args.addAll(x);
    return Jaxprs.eval(jaxpr, args);
  }

  private static List<Array> asArrays(Object o) {
    List<Array> out = new ArrayList<>();
    if (o instanceof Object[] xs) {
      for (Object x : xs) {
        out.add((Array) x);
      }
    } else {
      for (Object x : (List<?>) o) {
        out.add((Array) x);
      }
    }
    return out;
  }
}
