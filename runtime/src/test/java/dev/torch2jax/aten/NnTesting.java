package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.opinfo.Comparison;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.T2J;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.pytorch.Function;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TupleElements;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * The reductions/linalg/nn family's OpInfo-like harness: an overload called the way the interpreter
 * calls it (through {@link OpRegistry}) against the same op in a TorchScript function run eagerly
 * by libtorch: dtype, shape and values of every output; gradients against libtorch autograd; {@code
 * vmap} against a loop; {@code jit} against eager.
 */
final class NnTesting {
  private NnTesting() {}

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

  /**
   * Restarts the shared random data at {@code seed}: a test whose samples sit close to its
   * tolerance (half precision) then draws the same data whichever test classes its JVM ran first.
   */
  static void reseed(long seed) {
    RNG.setSeed(seed);
  }

  static boolean isF64(Tensor t) {
    return t.scalar_type() == ScalarType.Double;
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

  /**
   * One overload call checked against a TorchScript expression over its tensor arguments: called
   * directly through the registry (as the interpreter calls it) against libtorch, then the same
   * expression through {@code T2J.t2j} in the OpInfo harness (forward, jit, vmap, vjp, each once).
   */
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

    /** Relative (and absolute) tolerance for float values (gradients get ten times this). */
    Case tol(double t) {
      this.tol = t;
      return this;
    }

    /** Which outputs of a tuple result to compare (all by default). */
    Case outputs(int... which) {
      this.outputs = which;
      return this;
    }

    /** The tensors (by order of appearance) that the vjp check differentiates. */
    Case diff(int... slots) {
      this.diffSlots = slots;
      return this;
    }

    /** The tensor (by order of appearance) that the vmap check batches (default: all). */
    Case vmapArg(int slot) {
      this.vmapSlot = slot;
      return this;
    }

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

    private List<Tensor> theirs() {
      Function f = OpInfo.compile(OpInfo.source(params(tensors.size()), expr));
      IValue[] vs = new IValue[tensors.size()];
      for (int i = 0; i < vs.length; i++) {
        // A copy: in-place ops must not change the inputs our side reads afterwards.
        vs[i] = new IValue(tensors.get(i).clone());
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

    /**
     * The direct call's results against libtorch, then the TorchScript expression through t2j in
     * the OpInfo harness.
     */
    void check() {
      List<Tensor> expected = theirs();
      // One tensor given twice is one array, as the interpreter passes one value twice.
      Map<Tensor, Array> converted = new IdentityHashMap<>();
      List<Array> arrays = new ArrayList<>();
      for (Tensor t : tensors) {
        arrays.add(converted.computeIfAbsent(t, T2J::t2j));
      }
      List<Array> actual = asList(call(overload, build(arrays)));
      int[] selected = outputs;
      if (selected == null) {
        selected = new int[expected.size()];
        Arrays.setAll(selected, i -> i);
      }
      for (int o : selected) {
        Comparison.assertClose(overload + " output " + o, expected.get(o), actual.get(o), tol);
      }
      OpInfo.run(
          List.of(overload),
          OpInfo.source(params(tensors.size()), selectedExpr()),
          tensors.toArray(),
          OpInfo.ALL,
          tol,
          vmapSlot < 0 ? null : new int[] {vmapSlot},
          diffSlots);
    }
  }

  private static String name(int i) {
    return i < 26 ? String.valueOf((char) ('a' + i)) : "t" + i;
  }

  /** Runs a TorchScript expression over {@code inputs} (named a, b, ...) in libtorch. */
  static Tensor torchEval(String expr, Tensor... inputs) {
    return OpInfo.libtorch(OpInfo.source(params(inputs.length), expr), (Object[]) inputs)
        .getFirst();
  }

  /** The TorchScript parameters {@code a: Tensor, b: Tensor, ...} of {@code n} tensors. */
  private static String params(int n) {
    StringBuilder params = new StringBuilder();
    for (int i = 0; i < n; i++) {
      params.append(i > 0 ? ", " : "").append(name(i)).append(": Tensor");
    }
    return params.toString();
  }

  @SuppressWarnings("unchecked")
  static List<Array> asList(Object o) {
    if (o instanceof Array a) {
      return List.of(a);
    }
    return (List<Array>) o;
  }
}
