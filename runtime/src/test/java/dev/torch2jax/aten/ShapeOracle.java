package dev.torch2jax.aten;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.ScalarTypes;
import dev.torch2jax.torch.T2J;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bytedeco.pytorch.CompilationUnit;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.QualifiedName;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorList;
import org.bytedeco.pytorch.TupleElements;
import org.bytedeco.pytorch.global.torch;

/**
 * The oracle of the shape/indexing/creation family's tests: the op called through the registry the
 * way the interpreter calls it, and the same op in libtorch, run as a TorchScript function compiled
 * by libtorch (so the reference goes through the TorchScript path users take). Checks dtype, shape
 * and values; for float ops also {@code grad} against libtorch autograd, {@code vmap} over a batch
 * of 3 against a loop, and {@code jit} against eager.
 */
final class ShapeOracle {
  private ShapeOracle() {}

  private static final Map<String, CompilationUnit> UNITS = new HashMap<>();

  /** The overloads a check's {@code ours} called: the ones its t2j run is for. */
  private static final ThreadLocal<java.util.Set<String>> CALLED =
      ThreadLocal.withInitial(java.util.LinkedHashSet::new);

  /** The TorchScript body of {@link #script} (no dtype objects without Python: codes instead). */
  private static String body(String expr) {
    return OpInfo.scriptable(expr);
  }

  /** The same TorchScript function through {@code T2J.t2j}, in the shared OpInfo harness. */
  private static void throughT2j(
      java.util.Set<String> targets,
      String params,
      String expr,
      java.util.Set<OpInfo.Check> checks,
      int[] slots,
      Pair... inputs) {
    OpInfo.run(
        targets,
        OpInfo.source(params, body(expr)),
        Arrays.stream(inputs).map(Pair::torch).toArray(),
        checks,
        -1,
        slots,
        slots);
  }

  /** A registered overload called with schema-ordered arguments (missing trailing = defaults). */
  static Object call(String overload, Object... args) {
    CALLED.get().add(overload);
    return OpRegistry.global().lookup(overload).orElseThrow().call(Arrays.asList(args));
  }

  /** {@link #call} for a single-tensor result. */
  static Array op(String overload, Object... args) {
    return (Array) call(overload, args);
  }

  /** Equal inputs for libtorch and torch2jax. */
  record Pair(Tensor torch, Array jax) {
    static Pair of(Tensor t) {
      return new Pair(t, T2J.t2j(t));
    }
  }

  /** Random data: floats in [-2, 2), integers in [-5, 5), bools; deterministic in {@code seed}. */
  static Pair random(long seed, DType dtype, long... shape) {
    java.util.Random rng = new java.util.Random(seed);
    int n = (int) Shapes.size(shape);
    Tensor t =
        switch (dtype) {
          case F32 -> {
            float[] d = new float[n];
            for (int i = 0; i < n; i++) {
              d[i] = rng.nextFloat() * 4 - 2;
            }
            yield Tensor.create(d, shape);
          }
          case F64 -> {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
              d[i] = rng.nextDouble() * 4 - 2;
            }
            yield Tensor.create(d, shape);
          }
          case I32 -> {
            int[] d = new int[n];
            for (int i = 0; i < n; i++) {
              d[i] = rng.nextInt(10) - 5;
            }
            yield Tensor.create(d, shape);
          }
          case I64 -> {
            long[] d = new long[n];
            for (int i = 0; i < n; i++) {
              d[i] = rng.nextInt(10) - 5;
            }
            yield Tensor.create(d, shape);
          }
          case BOOL -> {
            boolean[] d = new boolean[n];
            for (int i = 0; i < n; i++) {
              d[i] = rng.nextBoolean();
            }
            yield Tensor.create(d, shape);
          }
          default -> throw new IllegalArgumentException("no random data for " + dtype);
        };
    return Pair.of(t);
  }

  /** An int64 tensor with these values. */
  static Pair longs(long[] data, long... shape) {
    return Pair.of(Tensor.create(data, shape));
  }

  /** A bool tensor with these values. */
  static Pair bools(boolean[] data, long... shape) {
    return Pair.of(Tensor.create(data, shape));
  }

  // ---- libtorch through TorchScript ----------------------------------------------------------

  /**
   * Runs {@code def f(params): return expr} compiled by libtorch's TorchScript compiler on the
   * inputs; a tensor, a list of tensors or a tuple of tensors comes back as a list.
   */
  static List<Tensor> script(String params, String expr, Tensor... inputs) {
    String src = "def f(" + params + "):\n    return " + body(expr) + "\n";
    CompilationUnit cu;
    synchronized (UNITS) {
      cu = UNITS.computeIfAbsent(src, torch::compile);
    }
    IValue[] in = new IValue[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      in[i] = new IValue(inputs[i]);
    }
    IValue out = cu.get_function(new QualifiedName("f")).apply(new IValueVector(in));
    List<Tensor> result = new ArrayList<>();
    if (out.isTensor()) {
      result.add(out.toTensor().clone());
    } else if (out.isTensorList()) {
      TensorList l = out.toTensorList();
      for (long i = 0; i < l.size(); i++) {
        result.add(l.get(i).clone());
      }
    } else if (out.isTuple()) {
      TupleElements e = out.toTuple().elements();
      for (long i = 0; i < e.size(); i++) {
        result.add(e.get(i).toTensor().clone());
      }
    } else {
      throw new IllegalStateException("unexpected TorchScript result for " + expr);
    }
    // Results may borrow from the IValue's native memory: cloned above, freed only after this.
    java.lang.ref.Reference.reachabilityFence(out);
    java.lang.ref.Reference.reachabilityFence(in);
    return result;
  }

  /** {@link #script} for one tensor. */
  static Tensor script1(String params, String expr, Tensor... inputs) {
    List<Tensor> r = script(params, expr, inputs);
    assertEquals(1, r.size(), "one result expected from " + expr);
    return r.getFirst();
  }

  /** Tensors of the pairs. */
  static Tensor[] torchOf(Pair... ps) {
    return Arrays.stream(ps).map(Pair::torch).toArray(Tensor[]::new);
  }

  /**
   * Checks {@code ours} (arrays of the pairs in) against the TorchScript {@code expr}, then the
   * same function through t2j in the OpInfo harness: forward, jit, vmap over every tensor input and
   * grad with respect to every float input, each once.
   */
  static void check(String params, String expr, Function<Array[], Object> ours, Pair... inputs) {
    List<Tensor> expected = script(params, expr, torchOf(inputs));
    CALLED.get().clear();
    Object actual = ours.apply(Arrays.stream(inputs).map(Pair::jax).toArray(Array[]::new));
    assertSame(expected, actual, expr);
    java.util.Set<String> targets = new java.util.LinkedHashSet<>(CALLED.get());
    throughT2j(targets, params, expr, OpInfo.ALL, null, inputs);
  }

  @SuppressWarnings("unchecked")
  static void assertSame(List<Tensor> expected, Object actual, String what) {
    List<Array> got = actual instanceof Array a ? List.of(a) : (List<Array>) actual;
    assertEquals(expected.size(), got.size(), what + ": number of results");
    for (int i = 0; i < got.size(); i++) {
      assertMatches(expected.get(i), got.get(i), what + " [" + i + "]");
    }
  }

  /** jit of {@code f} equals eager {@code f}. */
  static void checkJit(Fn f, Array x) {
    Array eager = (Array) f.apply(x);
    Array jitted = (Array) Jax.jit(f).apply(x);
    assertEquals(eager.dtype(), jitted.dtype(), "jit dtype");
    assertArrayEquals(eager.shape(), jitted.shape(), "jit shape");
    assertArrayEquals(eager.toDoubleArray(), jitted.toDoubleArray(), 1e-6, "jit values");
  }

  /** vmap of {@code f} over a batch of 3 inputs like {@code x} equals a loop. */
  static void checkVmap(Fn f, DType dtype, long[] shape) {
    long[] batched = new long[shape.length + 1];
    batched[0] = 3;
    System.arraycopy(shape, 0, batched, 1, shape.length);
    Array xs = random(99, dtype, batched).jax();
    Array out = (Array) Jax.vmap(f).apply(xs);
    List<Array> loop = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      loop.add((Array) f.apply(Jnp.get(xs, dev.torch2jax.Index.at(i))));
    }
    Array expected = Jnp.stack(loop, 0);
    assertEquals(expected.dtype(), out.dtype(), "vmap dtype");
    assertArrayEquals(expected.shape(), out.shape(), "vmap shape");
    assertArrayEquals(expected.toDoubleArray(), out.toDoubleArray(), 1e-6, "vmap values");
  }

  /** grad of a weighted sum of {@code f}'s result against libtorch autograd of {@code expr}. */
  static void checkGrad(String params, String expr, Fn f, Pair... inputs) {
    Tensor[] ts = torchOf(inputs);
    Tensor leaf = ts[0].detach().clone().requires_grad_(true);
    ts[0] = leaf;
    Tensor out = script1(params, expr, ts);
    long n = out.numel();
    double[] w = new double[(int) n];
    for (int i = 0; i < n; i++) {
      w[i] = 0.5 + (i % 7) * 0.25 - (i % 3) * 0.4;
    }
    Tensor wt = Tensor.create(w, out.shape()).to(out.scalar_type());
    out.mul(wt).sum().backward();
    Tensor expected = leaf.grad();
    Array weights = T2J.t2j(wt);
    Fn loss = a -> Jnp.sum(Jnp.multiply((Array) f.apply(a[0]), weights));
    Array g = (Array) Jax.grad(loss).apply(inputs[0].jax());
    assertMatches(expected, g, "grad of " + expr);
  }

  // ---- comparisons ---------------------------------------------------------------------------

  /** The DType of a libtorch tensor (compared by native value, never by enum identity). */
  static DType dtypeOf(Tensor t) {
    return ScalarTypes.toDType(t.scalar_type());
  }

  /** The values of {@code t} as doubles, row-major. */
  static double[] values(Tensor t) {
    return OpInfo.values(t);
  }

  /** libtorch's dtype and shape, values within the dtype's tolerance, NaNs in the same places. */
  static void assertMatches(Tensor expected, Array actual, String what) {
    assertEquals(dtypeOf(expected), actual.dtype(), what + ": dtype");
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    double[] e = values(expected);
    double[] a = actual.toDoubleArray();
    double tol = dev.torch2jax.opinfo.Tolerances.tolerance(actual.dtype());
    for (int i = 0; i < e.length; i++) {
      boolean en = Double.isNaN(e[i]);
      boolean an = Double.isNaN(a[i]);
      if (en || an) {
        if (en != an) {
          fail(what + ": element " + i + ": expected " + e[i] + " but was " + a[i]);
        }
      } else if (Math.abs(e[i] - a[i]) > tol * Math.max(1, Math.abs(e[i]))) {
        fail(
            what
                + ": element "
                + i
                + ": expected "
                + e[i]
                + " but was "
                + a[i]
                + "\n expected "
                + Arrays.toString(e)
                + "\n actual   "
                + Arrays.toString(a));
      }
    }
  }
}
