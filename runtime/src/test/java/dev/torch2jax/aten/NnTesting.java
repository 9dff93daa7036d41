package dev.torch2jax.aten;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.T2J;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.pytorch.CompilationUnit;
import org.bytedeco.pytorch.Function;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.QualifiedName;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TupleElements;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The reductions/linalg/nn family's OpInfo-like harness: an overload called the way the interpreter
 * calls it (through {@link OpRegistry}) against the same op in a TorchScript function run eagerly
 * by libtorch: dtype, shape and values of every output; gradients against libtorch autograd; {@code
 * vmap} against a loop; {@code jit} against eager.
 */
final class NnTesting {
  private NnTesting() {}

  private static final Map<String, Function> FUNCTIONS = new HashMap<>();
  private static final List<CompilationUnit> UNITS = new ArrayList<>();
  private static final Random RNG = new Random(42);

  // ---- inputs --------------------------------------------------------------------------------

  /** Standard normal float32 data of {@code shape}. */
  static Tensor randn(long... shape) {
    int n = (int) size(shape);
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = (float) RNG.nextGaussian();
    }
    return shaped(Tensor.create(d, flat(n)), shape);
  }

  /** Float32 data uniform in {@code [lo, hi)}. */
  static Tensor uniform(double lo, double hi, long... shape) {
    int n = (int) size(shape);
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = (float) (lo + (hi - lo) * RNG.nextDouble());
    }
    return shaped(Tensor.create(d, flat(n)), shape);
  }

  /** Int64 data uniform in {@code [lo, hi)}. */
  static Tensor randint(long lo, long hi, long... shape) {
    int n = (int) size(shape);
    long[] d = new long[n];
    for (int i = 0; i < n; i++) {
      d[i] = lo + (long) (RNG.nextDouble() * (hi - lo));
    }
    return shaped(Tensor.create(d, flat(n)), shape);
  }

  /** Int64 data. */
  static Tensor longs(long[] data, long... shape) {
    return shaped(Tensor.create(data, flat(data.length)), shape);
  }

  /** Float32 data. */
  static Tensor floats(float[] data, long... shape) {
    return shaped(Tensor.create(data, flat(data.length)), shape);
  }

  /** Random bools. */
  static Tensor randbool(long... shape) {
    return randint(0, 2, shape).to(ScalarType.Bool);
  }

  static Tensor f64(Tensor t) {
    return t.to(ScalarType.Double);
  }

  static Tensor i32(Tensor t) {
    return t.to(ScalarType.Int);
  }

  static Tensor i64(Tensor t) {
    return t.to(ScalarType.Long);
  }

  static Tensor bool(Tensor t) {
    return t.to(ScalarType.Bool);
  }

  private static long[] flat(int n) {
    return new long[] {n};
  }

  private static Tensor shaped(Tensor t, long[] shape) {
    return t.reshape(shape);
  }

  private static long size(long[] shape) {
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    return n;
  }

  static List<Long> ints(long... v) {
    List<Long> l = new ArrayList<>();
    for (long x : v) {
      l.add(x);
    }
    return l;
  }

  static List<Double> doubles(double... v) {
    List<Double> l = new ArrayList<>();
    for (double x : v) {
      l.add(x);
    }
    return l;
  }

  // ---- calls ---------------------------------------------------------------------------------

  /** Calls {@code overload} through the registry with {@code args} as given. */
  static Object call(String overload, Object... args) {
    return OpRegistry.global()
        .lookup(overload)
        .orElseThrow(() -> new AssertionError("not registered: " + overload))
        .call(Arrays.asList(args));
  }

  /** A case: the overload and its arguments (Tensors, lists of Tensors, and plain values). */
  static Case op(String overload, Object... args) {
    return new Case(overload, args);
  }

  /** One overload call checked against a TorchScript expression over its tensor arguments. */
  static final class Case {
    private final String overload;
    private final Object[] args;
    private final List<Tensor> tensors = new ArrayList<>();
    private String expr;
    private double tol = -1;
    private int[] outputs;
    private int vmapSlot = -1;
    private int[] diffSlots;

    Case(String overload, Object[] args) {
      this.overload = overload;
      this.args = args;
      for (Object a : args) {
        if (a instanceof Tensor t) {
          tensors.add(t);
        } else if (a instanceof List<?> l) {
          for (Object e : l) {
            if (e instanceof Tensor t) {
              tensors.add(t);
            }
          }
        }
      }
    }

    /**
     * The libtorch side: an expression over the tensor arguments named {@code a, b, c, ...} in
     * order of appearance.
     */
    Case torch(String expression) {
      this.expr = expression;
      return this;
    }

    /** Relative (and absolute) tolerance for float values. */
    Case tol(double t) {
      configuring();
      this.tol = t;
      return this;
    }

    /** Which outputs of a tuple result to compare (all by default). */
    Case outputs(int... which) {
      configuring();
      this.outputs = which;
      return this;
    }

    /** The tensors (by order of appearance) that {@link #grad()} differentiates. */
    Case diff(int... slots) {
      configuring();
      this.diffSlots = slots;
      return this;
    }

    /** The tensor (by order of appearance) that {@link #vmap()} batches. */
    Case vmapArg(int slot) {
      configuring();
      this.vmapSlot = slot;
      return this;
    }

    /** Forward, gradient, vmap and jit checks. */
    Case all() {
      return check().grad().vmap().jit();
    }

    private boolean ranThroughT2j;

    /** {@code expr}, or the tuple of the outputs {@link #outputs} selects. */
    private String selectedExpr() {
      if (outputs == null) {
        return expr;
      }
      StringBuilder b = new StringBuilder("(");
      for (int o : outputs) {
        b.append(b.length() > 1 ? ", " : "")
            .append("(")
            .append(expr)
            .append(")[")
            .append(o)
            .append("]");
      }
      return outputs.length == 1 ? b.substring(1) : b.append(")").toString();
    }

    /** Settings must come before the first check: the OpInfo run of the case uses them. */
    private void configuring() {
      if (ranThroughT2j) {
        throw new IllegalStateException(
            "configure " + overload + " (tol, outputs, diff, vmapArg) before its first check");
      }
    }

    /**
     * The same TorchScript function through {@code T2J.t2j}, in the shared OpInfo harness, with
     * every check (once per case, whichever direct check comes first).
     */
    private Case throughT2j() {
      if (ranThroughT2j) {
        return this;
      }
      ranThroughT2j = true;
      StringBuilder params = new StringBuilder();
      for (int i = 0; i < tensors.size(); i++) {
        params.append(i > 0 ? ", " : "").append(name(i)).append(": Tensor");
      }
      OpInfo.run(
          List.of(overload),
          OpInfo.source(params.toString(), selectedExpr()),
          tensors.toArray(),
          OpInfo.ALL,
          tol,
          vmapSlot < 0 ? null : new int[] {vmapSlot},
          diffSlots);
      return this;
    }

    private Object[] build(List<Array> arrays) {
      Object[] out = new Object[args.length];
      int k = 0;
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        if (a instanceof Tensor) {
          out[i] = arrays.get(k++);
        } else if (a instanceof List<?> l && !l.isEmpty() && l.getFirst() instanceof Tensor) {
          List<Array> xs = new ArrayList<>();
          for (int j = 0; j < l.size(); j++) {
            xs.add(arrays.get(k++));
          }
          out[i] = xs;
        } else {
          out[i] = a;
        }
      }
      return out;
    }

    private List<Array> arrays() {
      List<Array> out = new ArrayList<>();
      for (Tensor t : tensors) {
        out.add(T2J.t2j(t));
      }
      return out;
    }

    private List<Array> ours(List<Array> arrays) {
      return asList(call(overload, build(arrays)));
    }

    private List<Tensor> theirs(List<Tensor> inputs) {
      StringBuilder src = new StringBuilder("def f(");
      for (int i = 0; i < tensors.size(); i++) {
        src.append(i > 0 ? ", " : "").append(name(i)).append(": Tensor");
      }
      src.append("):\n    return ").append(expr).append("\n");
      Function f = function(src.toString());
      IValue[] vs = new IValue[inputs.size()];
      for (int i = 0; i < vs.length; i++) {
        // A copy: in-place ops must not change the inputs our side reads afterwards.
        vs[i] = new IValue(inputs.get(i).clone());
      }
      IValue r = f.apply(new IValueVector(vs));
      List<Tensor> out = new ArrayList<>();
      if (r.isTuple()) {
        TupleElements es = r.toTupleRef().elements();
        for (long i = 0; i < es.size(); i++) {
          IValue e = es.get(i);
          // An undefined tensor (e.g. attention weights not asked for) has nothing to compare.
          out.add(e.isTensor() && e.toTensor().defined() ? e.toTensor().clone() : null);
        }
      } else {
        out.add(r.toTensor().clone());
      }
      return out;
    }

    private int[] selected(int n) {
      if (outputs != null) {
        return outputs;
      }
      int[] all = new int[n];
      Arrays.setAll(all, i -> i);
      return all;
    }

    /** Forward results against libtorch. */
    Case check() {
      List<Tensor> expected = theirs(tensors);
      List<Array> actual = ours(arrays());
      for (int o : selected(expected.size())) {
        assertMatches(overload + " output " + o, expected.get(o), actual.get(o), tol);
      }
      return throughT2j();
    }

    /** The gradient of a weighted sum of the first compared output against libtorch autograd. */
    Case grad() {
      int o = selected(1)[0];
      List<Integer> diff = new ArrayList<>();
      for (int i = 0; i < tensors.size(); i++) {
        int slot = i;
        if (isFloat(tensors.get(i))
            && (diffSlots == null || Arrays.stream(diffSlots).anyMatch(k -> k == slot))) {
          diff.add(i);
        }
      }
      List<Tensor> inputs = new ArrayList<>();
      for (int i = 0; i < tensors.size(); i++) {
        Tensor t = tensors.get(i).detach().clone();
        if (diff.contains(i)) {
          t.requires_grad_(true);
        }
        inputs.add(t);
      }
      Tensor out = theirs(inputs).get(o);
      Tensor w = weightsLike(out);
      out.mul(w).sum().backward();
      List<Array> base = arrays();
      Array wa = T2J.t2j(w);
      Fn loss =
          xs -> {
            List<Array> all = new ArrayList<>(base);
            for (int j = 0; j < diff.size(); j++) {
              all.set(diff.get(j), (Array) xs[j]);
            }
            return Jnp.sum(Jnp.multiply(ours(all).get(o), wa));
          };
      int[] argnums = new int[diff.size()];
      Arrays.setAll(argnums, j -> j);
      Object[] primals = new Object[diff.size()];
      for (int j = 0; j < diff.size(); j++) {
        primals[j] = base.get(diff.get(j));
      }
      Object g = Jax.grad(loss, argnums).apply(primals);
      List<Array> grads = diff.size() == 1 ? List.of((Array) g) : asList(g);
      double t = tol < 0 ? -1 : tol * 10;
      for (int j = 0; j < diff.size(); j++) {
        Tensor tg = inputs.get(diff.get(j)).grad();
        Array ag = grads.get(j);
        if (tg == null || !tg.defined()) {
          double[] v = ag.toDoubleArray();
          for (double x : v) {
            assertEquals(0, x, 0, overload + ": gradient of input " + j + " should be zero");
          }
        } else {
          assertMatches(
              overload + ": gradient of tensor " + diff.get(j), tg, ag, t < 0 ? gradTol(tg) : t);
        }
      }
      return throughT2j();
    }

    /** {@code vmap} over a leading batch of 3 of one tensor argument against a loop. */
    Case vmap() {
      int slot = vmapSlot;
      if (slot < 0) {
        for (int i = 0; i < tensors.size() && slot < 0; i++) {
          if (isFloat(tensors.get(i))) {
            slot = i;
          }
        }
        slot = Math.max(slot, 0);
      }
      int s = slot;
      List<Array> base = arrays();
      Array x = base.get(s);
      List<Array> samples = new ArrayList<>();
      samples.add(x);
      if (x.dtype().isFloatingPoint()) {
        samples.add(Jnp.negative(x));
        samples.add(
            Jnp.add(Jnp.multiply(x, Jnp.scalarOf(2, x.dtype())), Jnp.scalarOf(1, x.dtype())));
      } else {
        samples.add(x);
        samples.add(x);
      }
      Array batch = Jnp.stack(samples, 0);
      Integer[] axes = new Integer[base.size()];
      axes[s] = 0;
      Fn f =
          xs -> {
            List<Array> all = new ArrayList<>();
            for (Object a : xs) {
              all.add((Array) a);
            }
            return ours(all);
          };
      List<Object> vargs = new ArrayList<>(base);
      vargs.set(s, batch);
      List<Array> batched = asList(Jax.vmap(f, axes).apply(vargs.toArray()));
      for (int b = 0; b < 3; b++) {
        List<Array> one = new ArrayList<>(base);
        one.set(s, samples.get(b));
        List<Array> expected = ours(one);
        for (int o : selected(expected.size())) {
          Array got =
              dev.torch2jax.lax.ShapeOps.squeeze(
                  dev.torch2jax.lax.ShapeOps.slice(
                      batched.get(o), start(batched.get(o), b), limit(batched.get(o), b)),
                  new long[] {0});
          assertArraysClose(overload + ": vmap output " + o + " batch " + b, expected.get(o), got);
        }
      }
      return throughT2j();
    }

    /** {@code jit} against eager. */
    Case jit() {
      List<Array> base = arrays();
      Fn f =
          xs -> {
            List<Array> all = new ArrayList<>();
            for (Object a : xs) {
              all.add((Array) a);
            }
            return ours(all);
          };
      List<Array> jitted = asList(Jax.jit(f).apply(base.toArray()));
      List<Array> eager = ours(base);
      for (int o : selected(eager.size())) {
        assertArraysClose(overload + ": jit output " + o, eager.get(o), jitted.get(o));
      }
      return throughT2j();
    }
  }

  private static long[] start(Array a, int b) {
    long[] s = new long[a.ndim()];
    s[0] = b;
    return s;
  }

  private static long[] limit(Array a, int b) {
    long[] l = a.shape();
    l[0] = b + 1;
    return l;
  }

  private static String name(int i) {
    return i < 26 ? String.valueOf((char) ('a' + i)) : "t" + i;
  }

  static Function function(String src) {
    synchronized (FUNCTIONS) {
      Function f = FUNCTIONS.get(src);
      if (f == null) {
        CompilationUnit cu;
        try {
          cu = torch.compile(src);
        } catch (RuntimeException e) {
          throw new AssertionError("TorchScript does not compile: " + src + "\n" + e, e);
        }
        UNITS.add(cu);
        f = cu.get_function(new QualifiedName("f"));
        FUNCTIONS.put(src, f);
      }
      return f;
    }
  }

  /** Runs a TorchScript expression over {@code inputs} (named a, b, ...) in libtorch. */
  static Tensor torchEval(String expr, Tensor... inputs) {
    StringBuilder src = new StringBuilder("def f(");
    for (int i = 0; i < inputs.length; i++) {
      src.append(i > 0 ? ", " : "").append(name(i)).append(": Tensor");
    }
    src.append("):\n    return ").append(expr).append("\n");
    IValue[] vs = new IValue[inputs.length];
    for (int i = 0; i < vs.length; i++) {
      vs[i] = new IValue(inputs[i]);
    }
    return function(src.toString()).apply(new IValueVector(vs)).toTensor().clone();
  }

  @SuppressWarnings("unchecked")
  static List<Array> asList(Object o) {
    if (o instanceof Array a) {
      return List.of(a);
    }
    return (List<Array>) o;
  }

  private static boolean isFloat(Tensor t) {
    int v = t.scalar_type().value;
    return v == ScalarType.Float.value || v == ScalarType.Double.value;
  }

  private static Tensor weightsLike(Tensor out) {
    int n = (int) out.numel();
    float[] d = new float[n];
    for (int i = 0; i < n; i++) {
      d[i] = (float) (((i * 7) % 11) - 5) / 4f;
    }
    Tensor w = Tensor.create(d, new long[] {n}).reshape(out.shape());
    return w.to(out.scalar_type());
  }

  private static double gradTol(Tensor t) {
    return t.scalar_type().value == ScalarType.Double.value ? 1e-9 : 1e-4;
  }

  // ---- comparisons ---------------------------------------------------------------------------

  /** Asserts libtorch's dtype and shape, exact ints and bools, close floats, NaN positions. */
  static void assertMatches(String what, Tensor expected, Array actual, double tol) {
    Array e = T2J.t2j(expected.contiguous());
    assertEquals(e.dtype(), actual.dtype(), what + ": dtype");
    assertArrayEquals(e.shape(), actual.shape(), what + ": shape");
    double t = tol >= 0 ? tol : dev.torch2jax.opinfo.Tolerances.tolerance(e.dtype());
    assertClose(what, e.toDoubleArray(), actual.toDoubleArray(), t);
  }

  static void assertArraysClose(String what, Array expected, Array actual) {
    assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    double t = dev.torch2jax.opinfo.Tolerances.tolerance(expected.dtype());
    assertClose(what, expected.toDoubleArray(), actual.toDoubleArray(), t);
  }

  static void assertClose(String what, double[] e, double[] a, double tol) {
    assertEquals(e.length, a.length, what + ": size");
    for (int i = 0; i < e.length; i++) {
      boolean ok =
          (Double.isNaN(e[i]) && Double.isNaN(a[i]))
              || e[i] == a[i]
              || Math.abs(e[i] - a[i]) <= tol * Math.max(1, Math.abs(e[i]));
      if (!ok) {
        fail(
            what
                + ": element "
                + i
                + " expected "
                + e[i]
                + " but was "
                + a[i]
                + " (tolerance "
                + tol
                + ")"
                + (e.length <= 40
                    ? "\n expected " + Arrays.toString(e) + "\n actual   " + Arrays.toString(a)
                    : ""));
      }
    }
  }
}
