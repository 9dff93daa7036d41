package dev.torch2jax.opinfo;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.ConcretizationException;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.torch.TorchFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.pytorch.Block;
import org.bytedeco.pytorch.BlockArrayRef;
import org.bytedeco.pytorch.CompilationUnit;
import org.bytedeco.pytorch.Function;
import org.bytedeco.pytorch.FunctionSchema;
import org.bytedeco.pytorch.GraphFunction;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitNode;
import org.bytedeco.pytorch.QualifiedName;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorList;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.TupleElements;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The OpInfo-style harness every op test goes through. One sample is a TorchScript function (the
 * source calls the op under test) and its inputs. libtorch compiles the function and runs it
 * eagerly: that is the oracle. The same compiled function goes through {@link T2J#t2j(Function)},
 * the path users take, and is checked:
 *
 * <ul>
 *   <li>{@link Check#FORWARD}: eager t2j against libtorch: dtype, shape, values (exact for integers
 *       and bools, per-dtype tolerance for floats, NaNs in the same places);
 *   <li>{@link Check#JIT}: {@code Jax.jit} of the t2j function against eager t2j;
 *   <li>{@link Check#VMAP}: {@code Jax.vmap} over a leading batch of 3 of the tensor inputs against
 *       a loop of eager calls;
 *   <li>{@link Check#VJP}: {@code Jax.grad} of a weighted sum of the first output with respect to
 *       every float input against libtorch autograd (float outputs only; n.a. otherwise).
 * </ul>
 *
 * <p>vmap and grad run under {@code Jax.jit}: one XLA compile per check instead of one per batched
 * or backward op (eager transformations would only repeat what the forward check covers).
 *
 * <p>Each check's outcome is recorded for every aten overload in the graph (a failure is blamed on
 * the overloads the sample targets). A failure listed in {@code opinfo/known-differences.tsv} is
 * recorded as a known difference with its reason; any other failure fails the calling test. The
 * results are written to {@code target/opinfo-results.tsv} when the JVM exits; {@link
 * CoverageReport} merges them into {@code docs/coverage.md}.
 */
public final class OpInfo {
  /** The checks of one sample. */
  public enum Check {
    FORWARD,
    VJP,
    VMAP,
    JIT;

    String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The outcome of a check on an overload (absent: not applicable / not run). */
  public enum Status {
    NOT_APPLICABLE,
    VERIFIED,
    KNOWN,
    FAILED;

    String word() {
      return this == NOT_APPLICABLE ? "n.a." : name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The status written as {@code word}, null for "not run". */
    static Status ofWord(String word) {
      for (Status s : values()) {
        if (s.word().equals(word)) {
          return s;
        }
      }
      return null;
    }
  }

  /** All four checks. */
  public static final Set<Check> ALL = EnumSet.allOf(Check.class);

  /**
   * A sample run in float32 and again in float64 (a twin pair) splits the checks: the float32 one
   * runs these, the transformations' rules, which do not depend on the dtype; its float64 twin runs
   * {@link #VALUES}. Each check still runs once per pair, and the gradient, the largest program of
   * the four, is compiled once instead of twice.
   */
  public static final Set<Check> TRANSFORMS = EnumSet.of(Check.FORWARD, Check.JIT, Check.VMAP);

  /**
   * The checks that depend on the dtype's arithmetic, for the float64 twin of a {@link #TRANSFORMS}
   * sample (the most precise comparison with libtorch's values and autograd), and for samples
   * placed at special points, whose purpose is the values and gradients there.
   */
  public static final Set<Check> VALUES = EnumSet.of(Check.FORWARD, Check.VJP);

  private static final Map<String, Function> FUNCTIONS = new ConcurrentHashMap<>();
  private static final Map<String, TorchFunction> T2J_FUNCTIONS = new ConcurrentHashMap<>();
  private static final Map<String, Set<String>> GRAPH_OPS = new ConcurrentHashMap<>();
  private static final List<CompilationUnit> UNITS = new ArrayList<>();
  private static final Map<String, Map<Check, Status>> RESULTS = new ConcurrentHashMap<>();
  private static final Map<String, Map<Check, String>> NOTES = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(OpInfo::writeResults, "opinfo-results"));
  }

  private OpInfo() {}

  // ---- compiling -----------------------------------------------------------------------------

  /** {@code src} compiled by libtorch's TorchScript compiler (once per source); its {@code f}. */
  public static Function compile(String src) {
    return FUNCTIONS.computeIfAbsent(
        src,
        s -> {
          CompilationUnit cu;
          try {
            cu = torch.compile(s);
          } catch (RuntimeException e) {
            throw new AssertionError("TorchScript does not compile:\n" + s + e.getMessage(), e);
          }
          synchronized (UNITS) {
            UNITS.add(cu);
          }
          return cu.get_function(new QualifiedName("f"));
        });
  }

  /** The aten overloads in {@code src}'s graph, nested blocks included. */
  public static Set<String> graphOps(String src) {
    return GRAPH_OPS.computeIfAbsent(
        src,
        s -> {
          Set<String> out = new LinkedHashSet<>();
          collect(new GraphFunction(compile(s)).graph().block(), out);
          return out;
        });
  }

  private static void collect(Block block, Set<String> out) {
    JitNode ret = block.return_node();
    for (JitNode n = block.nodes().front(); !n.equals(ret); n = n.next()) {
      String kind = n.kind().toQualString().getString();
      if (kind.startsWith("aten::")) {
        FunctionSchema s = n.maybeSchema();
        if (s != null) {
          String ov = s.overload_name() == null ? "" : s.overload_name().getString();
          out.add(s.name().getString() + (ov.isEmpty() ? "" : "." + ov));
        } else {
          out.add(kind);
        }
      }
      BlockArrayRef bs = n.blocks();
      for (int i = 0; i < bs.size(); i++) {
        collect(bs.at(i), out);
      }
    }
  }

  // ---- running a sample ----------------------------------------------------------------------

  /**
   * One sample: {@code src} defines {@code f}; {@code inputs} are its arguments in order (libtorch
   * {@link Tensor}s, Long, Double, Boolean, String). {@code targets} are the overloads the sample
   * is for (failures are blamed on them). {@code tol} is a relative float tolerance ({@code < 0}:
   * per dtype). {@code vmapSlots}: which tensor inputs (by order among the tensors) vmap batches,
   * null for all.
   */
  public static void run(
      Collection<String> targets,
      String src,
      Object[] inputs,
      Set<Check> checks,
      double tol,
      int[] vmapSlots) {
    run(targets, src, inputs, checks, tol, vmapSlots, null);
  }

  /**
   * {@link #run(Collection, String, Object[], Set, double, int[])} differentiating only the tensor
   * inputs {@code diffSlots} (by order among the tensors; null: every float tensor).
   */
  public static void run(
      Collection<String> targets,
      String src,
      Object[] inputs,
      Set<Check> checks,
      double tol,
      int[] vmapSlots,
      int[] diffSlots) {
    Sample s = new Sample(targets, src, inputs, tol, vmapSlots, diffSlots);
    AssertionError first = null;
    for (Check c : Check.values()) {
      if (!checks.contains(c)) {
        continue;
      }
      try {
        boolean applied =
            switch (c) {
              case FORWARD -> s.forward();
              case JIT -> s.jit();
              case VMAP -> s.vmap();
              case VJP -> s.vjp();
            };
        s.record(c, applied ? Status.VERIFIED : Status.NOT_APPLICABLE, null);
      } catch (Throwable e) {
        AssertionError failure = recordFailure(s, c, e);
        if (first == null) {
          first = failure;
        }
        if (c == Check.FORWARD) {
          break; // the transformations compare against eager t2j
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /**
   * One check of {@code src} that {@link #run}'s comparisons cannot make (random ops, whose numbers
   * cannot equal libtorch's): {@code body} makes its own comparisons and throws on a mismatch. The
   * outcome is recorded like {@link #run}'s: verified for the overloads in the graph, else a known
   * difference or a failure (thrown) blamed on {@code targets}.
   */
  public static void runCustom(Collection<String> targets, String src, Check check, Runnable body) {
    Sample s = new Sample(targets, src, new Object[0], -1, null, null);
    try {
      body.run();
    } catch (Throwable e) {
      AssertionError failure = recordFailure(s, check, e);
      if (failure != null) {
        throw failure;
      }
      return;
    }
    s.record(check, Status.VERIFIED, null);
  }

  /**
   * Records {@code check} as not applicable to the overloads of {@code src}'s graph, for checks a
   * sample's kind rules out (e.g. vjp and vmap of a random factory, whose numbers depend on no
   * input's values): shown as "–", not left blank.
   */
  public static void notApplicable(String src, Check check) {
    new Sample(List.of(), src, new Object[0], -1, null, null)
        .record(check, Status.NOT_APPLICABLE, null);
  }

  /** Records a failed check as a known difference (null back) or a failure (its error back). */
  private static AssertionError recordFailure(Sample s, Check c, Throwable e) {
    String known = null;
    for (String o : s.blamed()) {
      known = known == null ? KnownDifferences.reason(o, c, s.src) : known;
    }
    if (known != null) {
      s.record(c, Status.KNOWN, known);
      return null;
    }
    s.record(c, Status.FAILED, String.valueOf(e).replace('\n', ' ').replace('\t', ' '));
    return new AssertionError(
        c.column() + " of " + s.blamed() + " via t2j on\n" + s.src + "  " + e, e);
  }

  /**
   * Builds the source {@code def f(params): return expr}, dtype objects written as the codes
   * libtorch's TorchScript compiler takes without Python ({@link #scriptable}).
   */
  public static String source(String params, String expr) {
    return "def f(" + params + "):\n    return " + scriptable(expr) + "\n";
  }

  /** {@code expr} with {@code torch.float64} etc. replaced by their ScalarType codes. */
  public static String scriptable(String expr) {
    return expr.replace("torch.float64", "7")
        .replace("torch.float32", "6")
        .replace("torch.float16", "5")
        .replace("torch.bfloat16", "15")
        .replace("torch.int64", "4")
        .replace("torch.int32", "3")
        .replace("torch.bool", "11");
  }

  /**
   * Runs {@code src}'s {@code f} in libtorch on {@code inputs} (libtorch {@link Tensor}s, Long,
   * Integer, Double, Boolean, String); the results flattened (tuples and lists in order, numbers as
   * 0-d tensors), each a copy.
   */
  public static List<Tensor> libtorch(String src, Object... inputs) {
    List<IValue> values = new ArrayList<>();
    for (Object in : inputs) {
      values.add(
          switch (in) {
            case Tensor t -> new IValue(t);
            case Long l -> new IValue(l);
            case Integer l -> new IValue((long) l);
            case Double d -> new IValue(d);
            case Boolean b -> new IValue(b);
            case String s -> new IValue(s);
            default -> throw new IllegalArgumentException("sample input " + in);
          });
    }
    IValueVector vec = new IValueVector(values.toArray(new IValue[0]));
    IValue out = compile(src).apply(vec);
    List<Tensor> result = new ArrayList<>();
    Sample.flatten(out, result);
    java.lang.ref.Reference.reachabilityFence(out);
    java.lang.ref.Reference.reachabilityFence(vec);
    return result;
  }

  private static final class Sample {
    final Collection<String> targets;
    final String src;
    final Object[] inputs;
    final double tol;
    final int[] vmapSlots;
    final int[] diffSlots;
    final Set<String> graph;
    final TorchFunction fn;
    final List<Integer> tensorPos = new ArrayList<>();
    List<Array> eager;

    Sample(
        Collection<String> targets,
        String src,
        Object[] inputs,
        double tol,
        int[] vmapSlots,
        int[] diffSlots) {
      this.diffSlots = diffSlots;
      this.targets = targets;
      this.src = src;
      // A copy typed Object[]: callers may pass a Tensor[], which could not hold arrays.
      this.inputs = Arrays.copyOf(inputs, inputs.length, Object[].class);
      this.tol = tol;
      this.vmapSlots = vmapSlots;
      this.graph = graphOps(src);
      this.fn = T2J_FUNCTIONS.computeIfAbsent(src, s -> T2J.t2j(compile(s)));
      for (int i = 0; i < inputs.length; i++) {
        if (inputs[i] instanceof Tensor) {
          tensorPos.add(i);
        }
      }
    }

    Set<String> blamed() {
      Set<String> b = new LinkedHashSet<>();
      for (String t : targets) {
        if (graph.contains(t)) {
          b.add(t);
        }
      }
      return b.isEmpty() ? graph : b;
    }

    void record(Check c, Status st, String note) {
      Collection<String> who =
          st == Status.VERIFIED || st == Status.NOT_APPLICABLE ? graph : blamed();
      for (String o : who) {
        Map<Check, Status> m =
            RESULTS.computeIfAbsent(
                o, k -> java.util.Collections.synchronizedMap(new EnumMap<>(Check.class)));
        synchronized (m) {
          Status old = m.get(c);
          if (old == null || old.ordinal() < st.ordinal()) {
            m.put(c, st);
            if (note != null) {
              NOTES.computeIfAbsent(o, k -> new ConcurrentHashMap<>()).put(c, note);
            }
          }
        }
      }
    }

    /** libtorch on {@code tensors} in the tensor positions. */
    List<Tensor> theirs(List<Tensor> tensors) {
      Object[] args = inputs.clone();
      for (int k = 0; k < tensorPos.size(); k++) {
        args[tensorPos.get(k)] = tensors.get(k);
      }
      return libtorch(src, args);
    }

    private static void flatten(IValue v, List<Tensor> out) {
      if (v.isTensor()) {
        out.add(new Tensor(v.toTensor()).clone());
      } else if (v.isTensorList()) {
        TensorList l = v.toTensorList();
        for (long i = 0; i < l.size(); i++) {
          out.add(l.get(i).clone());
        }
      } else if (v.isTuple()) {
        TupleElements es = v.toTupleRef().elements();
        for (long i = 0; i < es.size(); i++) {
          flatten(es.get(i), out);
        }
      } else if (v.isList()) {
        var l = v.toList();
        for (long i = 0; i < l.size(); i++) {
          flatten(l.get(i), out);
        }
      } else if (v.isDouble()) {
        out.add(Tensor.create(new double[] {v.toDouble()}).reshape());
      } else if (v.isInt()) {
        out.add(Tensor.create(new long[] {v.toInt()}).reshape());
      } else if (v.isBool()) {
        out.add(Tensor.create(new boolean[] {v.toBool()}).reshape());
      } else if (!v.isNone()) {
        throw new IllegalStateException("unexpected TorchScript result " + v.tagKind().getString());
      }
    }

    List<Tensor> torchTensors() {
      List<Tensor> out = new ArrayList<>();
      for (int p : tensorPos) {
        out.add(((Tensor) inputs[p]).detach().clone());
      }
      return out;
    }

    List<Array> arrays() {
      List<Array> out = new ArrayList<>();
      for (int p : tensorPos) {
        out.add(T2J.t2j(((Tensor) inputs[p]).contiguous()));
      }
      return out;
    }

    /** Our function of the tensor inputs only (the other inputs fixed, static under jit). */
    Fn ours() {
      return xs -> {
        Object[] full = inputs.clone();
        for (int k = 0; k < tensorPos.size(); k++) {
          full[tensorPos.get(k)] = xs[k];
        }
        return fn.apply(full);
      };
    }

    boolean forward() {
      List<Tensor> expected = theirs(torchTensors());
      eager = flat(ours().apply(arrays().toArray()));
      if (expected.size() != eager.size()) {
        throw new AssertionError(
            "number of results: libtorch " + expected.size() + ", t2j " + eager.size());
      }
      for (int i = 0; i < expected.size(); i++) {
        Comparison.assertClose("output " + i, expected.get(i), eager.get(i), tol);
      }
      return true;
    }

    boolean jit() {
      List<Array> jitted = flat(Jax.jit(ours()).apply(arrays().toArray()));
      for (int i = 0; i < eager.size(); i++) {
        Comparison.assertClose("jit output " + i, eager.get(i), jitted.get(i), tol);
      }
      return true;
    }

    /**
     * vmap over a batch of three variants of the batched inputs against a loop over the rows. The
     * batches are built and the results split in libtorch on the host: eager ops would compile a
     * one-op XLA program per input shape for plumbing that checks nothing.
     */
    boolean vmap() {
      if (tensorPos.isEmpty()) {
        return false;
      }
      List<Array> base = arrays();
      Integer[] axes = new Integer[base.size()];
      Object[] batched = base.toArray();
      List<List<Array>> rows = new ArrayList<>();
      for (int b = 0; b < 3; b++) {
        rows.add(new ArrayList<>(base));
      }
      for (int k = 0; k < base.size(); k++) {
        int slot = k;
        if (vmapSlots != null && Arrays.stream(vmapSlots).noneMatch(v -> v == slot)) {
          continue;
        }
        List<Tensor> variants = variants(((Tensor) inputs[tensorPos.get(k)]).contiguous());
        for (int b = 0; b < 3; b++) {
          rows.get(b).set(k, T2J.t2j(variants.get(b)));
        }
        batched[k] = T2J.t2j(torch.stack(new TensorVector(variants.toArray(new Tensor[0])), 0));
        axes[k] = 0;
      }
      Fn f = ours();
      List<Array> mapped = flat(compiled(Jax.vmap(f, axes)).apply(batched));
      List<List<Array>> loop = new ArrayList<>();
      for (int b = 0; b < 3; b++) {
        loop.add(flat(f.apply(rows.get(b).toArray())));
      }
      if (mapped.size() != loop.getFirst().size()) {
        throw new AssertionError(
            "vmap: %d results, the loop %d".formatted(mapped.size(), loop.getFirst().size()));
      }
      for (int i = 0; i < mapped.size(); i++) {
        Array m = mapped.get(i);
        if (m.ndim() == 0 || m.shape()[0] != 3) {
          throw new AssertionError(
              "vmap output %d: shape %s, expected a leading batch of 3"
                  .formatted(i, Arrays.toString(m.shape())));
        }
        Tensor rowsOfM = T2J.j2t(m);
        for (int b = 0; b < 3; b++) {
          Comparison.assertClose(
              "vmap output %d, row %d".formatted(i, b),
              loop.get(b).get(i),
              T2J.t2j(rowsOfM.select(0, b).contiguous()),
              tol);
        }
      }
      return true;
    }

    /** Three batch rows like {@code x}: itself, its elements reversed, its elements rolled. */
    private static List<Tensor> variants(Tensor x) {
      if (x.numel() <= 1) {
        return List.of(x, x, x);
      }
      Tensor flat = x.reshape(-1);
      return List.of(
          x, flat.flip(0).reshape(x.shape()), torch.roll(flat, 1).reshape(x.shape()).contiguous());
    }

    /**
     * The tensor inputs with NaN and infinities replaced by finite values: gradients are compared
     * at finite points only, where they are defined mathematically (conventions at NaN and inf
     * differ between PyTorch and JAX and are not PyTorch's documented semantics).
     */
    List<Tensor> finiteTensors() {
      List<Tensor> out = new ArrayList<>();
      for (Tensor t : torchTensors()) {
        out.add(isFloat(t) ? finite(t) : t);
      }
      return out;
    }

    private static Tensor finite(Tensor t) {
      double[] v = values(t);
      for (int i = 0; i < v.length; i++) {
        if (!Double.isFinite(v[i])) {
          v[i] = Double.isNaN(v[i]) ? 0.625 : Math.signum(v[i]) * 2.5;
        }
      }
      return Tensor.create(v, new long[] {v.length}).reshape(t.shape()).to(t.scalar_type());
    }

    /**
     * Runs libtorch autograd on {@code finite} with {@code diff}'s inputs requiring grad (passed as
     * non-leaf copies, so in-place ops may write to them); returns the leaves holding the reference
     * gradients, or null when libtorch has no gradient for this sample. Inputs libtorch refuses to
     * differentiate (e.g. a loss's class weights) are dropped from {@code diff}.
     */
    private List<Tensor> autogradLeaves(List<Tensor> finite, List<Integer> diff) {
      while (!diff.isEmpty()) {
        List<Tensor> leaves = new ArrayList<>();
        List<Tensor> args = new ArrayList<>();
        for (int k = 0; k < finite.size(); k++) {
          Tensor leaf = finite.get(k).detach().clone();
          if (diff.contains(k)) {
            leaf.requires_grad_(true);
          }
          leaves.add(leaf);
          args.add(diff.contains(k) ? leaf.clone() : leaf);
        }
        try {
          Tensor out = theirs(args).getFirst();
          if (!out.requires_grad()) {
            return null;
          }
          out.mul(weightsLike(out)).sum().backward();
          return leaves;
        } catch (RuntimeException e) {
          String m = String.valueOf(e.getMessage());
          int refused = refusedInput(m, diff);
          if (refused >= 0) {
            diff.remove(Integer.valueOf(refused));
          } else if (NO_TORCH_GRADIENT.stream().anyMatch(m::contains)) {
            return null;
          } else {
            throw e;
          }
        }
      }
      return null;
    }

    /** The input of {@code diff} libtorch refuses to differentiate, or -1. */
    private int refusedInput(String message, List<Integer> diff) {
      if (!message.contains("is not differentiable with respect to argument")) {
        return -1;
      }
      // The message names the schema argument, not our slot: find the slot by trying each alone.
      for (int k : diff) {
        try {
          List<Tensor> args = new ArrayList<>();
          for (int j = 0; j < tensorPos.size(); j++) {
            Tensor t = torchTensors().get(j);
            args.add(j == k ? t.requires_grad_(true).clone() : t);
          }
          theirs(args);
        } catch (RuntimeException e) {
          if (String.valueOf(e.getMessage()).contains("is not differentiable")) {
            return k;
          }
        }
      }
      return -1;
    }

    boolean vjp() {
      if (eager.isEmpty() || !eager.getFirst().dtype().isFloatingPoint()) {
        return false;
      }
      List<Tensor> finite = finiteTensors();
      List<Integer> diff = new ArrayList<>();
      for (int k = 0; k < finite.size(); k++) {
        int slot = k;
        if (isFloat(finite.get(k))
            && (diffSlots == null || Arrays.stream(diffSlots).anyMatch(v -> v == slot))) {
          diff.add(k);
        }
      }
      List<Tensor> leaves = autogradLeaves(finite, diff);
      if (leaves == null) {
        return false;
      }
      List<Array> base = new ArrayList<>();
      for (Tensor t : finite) {
        base.add(T2J.t2j(t.contiguous()));
      }
      List<Tensor> copies = new ArrayList<>();
      for (Tensor t : finite) {
        copies.add(t.clone());
      }
      Array wa = T2J.t2j(weightsLike(theirs(copies).getFirst()));
      Fn f = ours();
      Fn loss =
          xs -> {
            Object[] all = base.toArray();
            for (int j = 0; j < diff.size(); j++) {
              all[diff.get(j)] = xs[j];
            }
            return Jnp.sum(Jnp.multiply(flat(f.apply(all)).getFirst(), wa));
          };
      int[] argnums = new int[diff.size()];
      Arrays.setAll(argnums, j -> j);
      Object[] primals = new Object[diff.size()];
      for (int j = 0; j < diff.size(); j++) {
        primals[j] = base.get(diff.get(j));
      }
      Object g = compiled(Jax.grad(loss, argnums)).apply(primals);
      // libtorch's backward formulas compute partly in each input's own dtype (an f32 input's
      // square stays f32 in atan2's gradient of an f64 result): the least precise input sets it.
      double inputGradTol = 0;
      for (Array b : base) {
        if (b.dtype().isFloatingPoint()) {
          inputGradTol = Math.max(inputGradTol, gradTol(b.dtype()));
        }
      }
      List<Array> grads = diff.size() == 1 ? List.of((Array) g) : flat(g);
      for (int j = 0; j < diff.size(); j++) {
        Tensor tg = leaves.get(diff.get(j)).grad();
        Array ag = grads.get(j);
        if (tg == null || !tg.defined() || tg.__dispatch__is_zerotensor()) {
          tg = leaves.get(diff.get(j)).detach().mul(new org.bytedeco.pytorch.Scalar(0.0));
        }
        double t = tol < 0 ? inputGradTol : Math.max(tol * 10, inputGradTol);
        Comparison.assertClose("gradient of tensor input " + diff.get(j), tg, ag, t);
      }
      return true;
    }
  }

  /**
   * {@code f} under {@code Jax.jit}, or eager where tracing needs concrete values (an op whose
   * result shape depends on data): the transformation is still checked, only not compiled whole.
   */
  private static Fn compiled(Fn f) {
    Fn jitted = Jax.jit(f);
    return args -> {
      try {
        return jitted.apply(args);
      } catch (ConcretizationException e) {
        return f.apply(args);
      }
    };
  }

  @SuppressWarnings("unchecked")
  private static List<Array> flat(Object o) {
    List<Array> out = new ArrayList<>();
    switch (o) {
      case Array a -> out.add(a);
      case List<?> l -> {
        for (Object e : l) {
          out.addAll(flat(e));
        }
      }
      case Double d -> out.add(Jnp.reshape(Array.of(new double[] {d})));
      case Long l -> out.add(Jnp.reshape(Array.of(new long[] {l})));
      case Boolean b -> out.add(Jnp.reshape(Array.of(new boolean[] {b})));
      case null -> {}
      default -> throw new IllegalStateException("unexpected t2j result " + o.getClass());
    }
    return out;
  }

  // ---- comparisons ---------------------------------------------------------------------------

  private static boolean isFloat(Tensor t) {
    int v = t.scalar_type().value;
    return v == ScalarType.Float.value
        || v == ScalarType.Double.value
        || v == ScalarType.Half.value
        || v == ScalarType.BFloat16.value;
  }

  /** libtorch's messages for a sample it cannot differentiate at all (no reference gradient). */
  private static final List<String> NO_TORCH_GRADIENT =
      List.of(
          "derivative for",
          "is not implemented",
          "returned an invalid gradient",
          "can't be cast to the desired output type");

  /** The values of {@code t} as doubles, row-major. */
  public static double[] values(Tensor t) {
    if (t.__dispatch__is_zerotensor()) {
      return new double[(int) t.numel()]; // autograd's ZeroTensor has no storage to read
    }
    Tensor d = t.detach().to(ScalarType.Double).contiguous();
    double[] v = new double[(int) d.numel()];
    if (v.length > 0) {
      java.nio.DoubleBuffer b = d.createBuffer();
      b.get(v);
    }
    java.lang.ref.Reference.reachabilityFence(d);
    return v;
  }

  private static Tensor weightsLike(Tensor out) {
    int n = (int) out.numel();
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = (float) (((i * 7) % 11) - 5) / 4f;
    }
    return Tensor.create(d, new long[] {n}).reshape(out.shape()).to(out.scalar_type());
  }

  private static double gradTol(DType t) {
    return t == DType.F64 ? 1e-9 : t == DType.F32 ? 1e-4 : 2e-2;
  }

  // ---- results -------------------------------------------------------------------------------

  /** Where the results go: {@code target/opinfo-results.tsv} of the runtime module. */
  public static Path resultsFile() {
    return Path.of(System.getProperty("torch2jax.opinfo.results", "target/opinfo-results.tsv"));
  }

  /**
   * Merges this JVM's results into {@link #resultsFile} ({@link ResultsFile}: the test JVMs of one
   * run, {@code -Dtorch2jax.opinfo.run}, combine; older rows are replaced), then regenerates the
   * coverage table when {@code -Dtorch2jax.coverage.md} names it.
   */
  static synchronized void writeResults() {
    if (RESULTS.isEmpty()) {
      return;
    }
    Map<String, ResultsFile.Row> rows = new TreeMap<>();
    String run = System.getProperty("torch2jax.opinfo.run", "");
    for (var e : RESULTS.entrySet()) {
      rows.put(
          e.getKey(),
          new ResultsFile.Row(
              enumMap(e.getValue()), enumMap(NOTES.getOrDefault(e.getKey(), Map.of())), run));
    }
    Path file = resultsFile();
    String md = System.getProperty("torch2jax.coverage.md");
    try {
      ResultsFile.merge(
          file,
          run,
          rows,
          () -> {
            if (md != null && !md.isBlank()) {
              CoverageReport.write(
                  Path.of("target/classes/META-INF/torch2jax/coverage.tsv"), file, Path.of(md));
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static <V> EnumMap<Check, V> enumMap(Map<Check, V> m) {
    EnumMap<Check, V> copy = new EnumMap<>(Check.class);
    copy.putAll(m); // at shutdown: no test thread writes any more
    return copy;
  }
}
