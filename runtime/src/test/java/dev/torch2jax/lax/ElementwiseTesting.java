package dev.torch2jax.lax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.HostData;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.PrimitiveRules;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.ScalarTypes;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRefOptional;

/**
 * Test helpers of the elementwise primitives: the same data as a libtorch tensor and as an Array,
 * comparisons, and checks of VJP rules (against finite differences and libtorch autograd) and batch
 * rules (against a loop over the batch).
 */
final class ElementwiseTesting {
  private ElementwiseTesting() {}

  /** Shapes the forward tests run on: 0-d, empty, 1-D and 2-D. */
  static final long[][] SHAPES = {{}, {0}, {5}, {2, 3}};

  /** The same data for libtorch and for torch2jax. */
  record Pair(Tensor torch, Array jax) {}

  /** How an operand's values are drawn. */
  @FunctionalInterface
  interface Gen {
    double next(Random rng);

    /** Uniform in [lo, hi). */
    static Gen uniform(double lo, double hi) {
      return rng -> lo + (hi - lo) * rng.nextDouble();
    }

    /** Uniform magnitude in [lo, hi), random sign. */
    static Gen signed(double lo, double hi) {
      return rng -> (rng.nextBoolean() ? 1 : -1) * (lo + (hi - lo) * rng.nextDouble());
    }

    /** Whole numbers in [lo, hi). */
    static Gen ints(int lo, int hi) {
      return rng -> lo + rng.nextInt(hi - lo);
    }
  }

  /** {@code n} values of {@code gen}, rounded to {@code dtype} (ints and bools by floor). */
  static double[] values(Random rng, Gen gen, DType dtype, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double d = gen.next(rng);
      v[i] =
          switch (dtype.kind()) {
            case FLOAT -> dtype == DType.F32 ? (float) d : d;
            case BOOL -> d >= 0.5 || (d < 0 && d > -0.5) ? 1 : 0;
            default -> Math.floor(d);
          };
    }
    return v;
  }

  /** Random data drawn by {@code gen} (bools: fair coin) as a pair. */
  static Pair random(Random rng, Gen gen, DType dtype, long... shape) {
    int n = (int) Shapes.size(shape);
    double[] v =
        dtype == DType.BOOL
            ? values(rng, r -> r.nextBoolean() ? 1 : 0, dtype, n)
            : values(rng, gen, dtype, n);
    return pair(dtype, v, shape);
  }

  /** {@code values} (row-major) of {@code dtype} and {@code shape} as a pair. */
  static Pair pair(DType dtype, double[] values, long... shape) {
    return new Pair(tensor(dtype, values, shape), array(dtype, values, shape));
  }

  /** A device array of any dtype from doubles. */
  static Array array(DType dtype, double[] values, long... shape) {
    byte[] bytes = new byte[values.length * dtype.byteSize()];
    MemorySegment m = MemorySegment.ofArray(bytes);
    for (int i = 0; i < values.length; i++) {
      if (dtype.isFloatingPoint()) {
        HostData.setDouble(m, dtype, i, values[i]);
      } else {
        HostData.setLong(m, dtype, i, (long) values[i]);
      }
    }
    return Array.fromBytes(bytes, dtype, shape);
  }

  /** A libtorch tensor of bool, int32, int64, float32 or float64 from doubles. */
  static Tensor tensor(DType dtype, double[] v, long... shape) {
    int n = v.length;
    return switch (dtype) {
      case F32 -> {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
          d[i] = (float) v[i];
        }
        yield Tensor.create(d, shape);
      }
      case F64 -> Tensor.create(v.clone(), shape);
      case I32 -> {
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
          d[i] = (int) v[i];
        }
        yield Tensor.create(d, shape);
      }
      case I64 -> {
        long[] d = new long[n];
        for (int i = 0; i < n; i++) {
          d[i] = (long) v[i];
        }
        yield Tensor.create(d, shape);
      }
      case BOOL -> {
        boolean[] d = new boolean[n];
        for (int i = 0; i < n; i++) {
          d[i] = v[i] != 0;
        }
        yield Tensor.create(d, shape);
      }
      default -> throw new IllegalArgumentException("no libtorch tensor for " + dtype);
    };
  }

  /** The DType of a libtorch tensor (JavaCPP's enum instances are compared by native value). */
  static DType dtypeOf(Tensor t) {
    return ScalarTypes.toDType(t.scalar_type());
  }

  /** The values of {@code t} as doubles, row-major. */
  static double[] values(Tensor t) {
    return OpInfo.values(t);
  }

  /** Asserts libtorch's dtype, shape and values (within {@code tol}, NaNs in the same places). */
  static void assertMatches(Tensor expected, Array actual, double tol) {
    assertEquals(dtypeOf(expected), actual.dtype(), "dtype");
    assertArrayEquals(expected.shape(), actual.shape(), "shape");
    assertClose(values(expected), actual.toDoubleArray(), tol, "");
  }

  /** Elementwise {@code |e - a| <= tol * max(1, |e|)}; NaN only against NaN, inf exactly. */
  static void assertClose(double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + " element count");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      boolean ok =
          Double.isNaN(e)
              ? Double.isNaN(a)
              : Double.isInfinite(e)
                  ? e == a
                  : !Double.isNaN(a) && Math.abs(e - a) <= tol * Math.max(1, Math.abs(e));
      if (!ok) {
        fail(
            what
                + " element "
                + i
                + ": expected "
                + e
                + " but was "
                + a
                + " (tolerance "
                + tol
                + ")\nexpected "
                + Arrays.toString(expected)
                + "\nactual   "
                + Arrays.toString(actual));
      }
    }
  }

  // ---- VJP ----------------------------------------------------------------------------------

  /** The VJP rule of {@code p} applied to {@code ct} at {@code primals}. */
  static List<Array> vjp(Primitive p, Params params, List<Array> primals, Array ct) {
    List<Array> outs = p.bind(params, primals);
    return PrimitiveRules.vjp(p).vjp(p, List.of(ct), primals, outs, params);
  }

  /**
   * Checks the VJP rule of single-output {@code p} against central finite differences in float64:
   * for each element of each differentiable input, {@code <ct, f(x + h e_i) - f(x - h e_i)> / 2h}.
   * Inputs listed in {@code skip} are not checked.
   */
  static void checkVjpByFiniteDifferences(
      Primitive p,
      Params params,
      List<double[]> inputs,
      List<long[]> shapes,
      Random rng,
      double tol,
      int... skip) {
    List<Array> primals = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      primals.add(array(DType.F64, inputs.get(i), shapes.get(i)));
    }
    Array out = p.bind(params, primals).getFirst();
    double[] ct = values(rng, Gen.uniform(-1, 1), DType.F64, (int) out.size());
    List<Array> grads = vjp(p, params, primals, array(DType.F64, ct, out.shape()));
    assertEquals(inputs.size(), grads.size(), "one cotangent per input");
    for (int i = 0; i < inputs.size(); i++) {
      if (contains(skip, i)) {
        continue;
      }
      Array g = grads.get(i);
      assertArrayEquals(shapes.get(i), g.shape(), p + ": cotangent " + i + " shape");
      assertEquals(DType.F64, g.dtype(), p + ": cotangent " + i + " dtype");
      double[] rule = g.toDoubleArray();
      double[] numeric = new double[rule.length];
      for (int j = 0; j < numeric.length; j++) {
        double[] x = inputs.get(i);
        double h = 1e-6 * Math.max(1, Math.abs(x[j]));
        double[] plus = x.clone();
        double[] minus = x.clone();
        plus[j] += h;
        minus[j] -= h;
        double fp = dot(ct, evalWith(p, params, primals, i, plus, shapes.get(i)));
        double fm = dot(ct, evalWith(p, params, primals, i, minus, shapes.get(i)));
        numeric[j] = (fp - fm) / (2 * h);
      }
      assertClose(numeric, rule, tol, p + ": cotangent " + i + " vs finite differences");
    }
  }

  private static boolean contains(int[] xs, int x) {
    return Arrays.stream(xs).anyMatch(v -> v == x);
  }

  private static double[] evalWith(
      Primitive p, Params params, List<Array> primals, int i, double[] x, long[] shape) {
    List<Array> args = new ArrayList<>(primals);
    args.set(i, array(DType.F64, x, shape));
    return p.bind(params, args).getFirst().toDoubleArray();
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /**
   * Checks the VJP rule of {@code p} against libtorch autograd of {@code torchFn} in float64:
   * inputs in {@code differentiable} get {@code requires_grad}, the output is back-propagated with
   * a random cotangent, and each such input's {@code .grad()} is compared with the rule's cotangent
   * (an input whose libtorch gradient is undefined must get zeros).
   */
  static void checkVjpAgainstTorch(
      Primitive p,
      Params params,
      List<double[]> inputs,
      List<long[]> shapes,
      Function<List<Tensor>, Tensor> torchFn,
      Random rng,
      double tol,
      int... differentiable) {
    List<Array> primals = new ArrayList<>();
    List<Tensor> tensors = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      primals.add(array(DType.F64, inputs.get(i), shapes.get(i)));
      Tensor t = tensor(DType.F64, inputs.get(i), shapes.get(i));
      if (contains(differentiable, i)) {
        t.requires_grad_(true);
      }
      tensors.add(t);
    }
    Tensor out = torchFn.apply(tensors);
    double[] ct = values(rng, Gen.uniform(-1, 1), DType.F64, (int) out.numel());
    out.backward(
        tensor(DType.F64, ct, out.shape()),
        new BoolOptional(),
        false,
        new TensorArrayRefOptional());
    List<Array> grads = vjp(p, params, primals, array(DType.F64, ct, out.shape()));
    for (int i : differentiable) {
      Tensor g = tensors.get(i).grad();
      double[] expected = g.defined() ? values(g) : new double[(int) Shapes.size(shapes.get(i))];
      assertClose(
          expected, grads.get(i).toDoubleArray(), tol, p + ": cotangent " + i + " vs libtorch");
    }
  }

  /** Asserts that the VJP rule gives {@code null} for every input (integer operands). */
  static void assertNoCotangents(Primitive p, Params params, List<Array> primals, Array ct) {
    for (Array g : vjp(p, params, primals, ct)) {
      assertNull(g, p + " gives integer operands no cotangent");
    }
  }

  // ---- batching -----------------------------------------------------------------------------

  /** {@code shape} with an axis of {@code size} inserted at {@code axis}. */
  static long[] insertAxis(long[] shape, int axis, long size) {
    long[] s = new long[shape.length + 1];
    for (int i = 0, j = 0; i < s.length; i++) {
      s[i] = i == axis ? size : shape[j++];
    }
    return s;
  }

  /** Row-major data of {@code shape} at {@code index} along {@code axis} (that axis removed). */
  static double[] take(double[] data, long[] shape, int axis, long index) {
    long outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= shape[i];
    }
    long inner = 1;
    for (int i = axis + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    double[] out = new double[(int) (outer * inner)];
    for (long o = 0; o < outer; o++) {
      for (long k = 0; k < inner; k++) {
        out[(int) (o * inner + k)] = data[(int) ((o * shape[axis] + index) * inner + k)];
      }
    }
    return out;
  }

  /**
   * Checks the batch rule of single-output {@code p} on {@code operands} (batched along {@code
   * bdims[i]}, or unmapped) against applying {@code p} to each batch element in a loop.
   */
  static void checkBatchRule(Primitive p, Params params, List<Array> operands, int[] bdims) {
    long size = BatchAxes.size(operands, bdims);
    Batched result = PrimitiveRules.batch(p).batch(p, operands, bdims, params);
    Array out = result.outputs().getFirst();
    int outDim = result.batchDims()[0];
    String what = p + " batched along " + Arrays.toString(bdims);
    if (outDim == Batched.NOT_MAPPED) {
      fail(what + ": the output must be batched");
    }
    assertEquals(size, out.shape()[outDim], what + ": batch size of the output");
    double[] outData = out.toDoubleArray();
    List<double[]> inData = operands.stream().map(Array::toDoubleArray).toList();
    for (long b = 0; b < size; b++) {
      List<Array> args = new ArrayList<>();
      for (int i = 0; i < operands.size(); i++) {
        Array a = operands.get(i);
        if (bdims[i] == Batched.NOT_MAPPED) {
          args.add(a);
        } else {
          long[] s = a.shape();
          long[] rest = new long[s.length - 1];
          for (int k = 0, j = 0; k < s.length; k++) {
            if (k != bdims[i]) {
              rest[j++] = s[k];
            }
          }
          args.add(array(a.dtype(), take(inData.get(i), s, bdims[i], b), rest));
        }
      }
      Array expected = p.bind(params, args).getFirst();
      long[] s = out.shape();
      long[] rest = new long[s.length - 1];
      for (int k = 0, j = 0; k < s.length; k++) {
        if (k != outDim) {
          rest[j++] = s[k];
        }
      }
      assertArrayEquals(expected.shape(), rest, what + ": element shape");
      assertEquals(expected.dtype(), out.dtype(), what + ": dtype");
      assertClose(
          expected.toDoubleArray(), take(outData, s, outDim, b), 0, what + ": batch element " + b);
    }
  }
}
