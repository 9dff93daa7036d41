package dev.torch2jax.lax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.PrimitiveRules;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.core.rules.Batched;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Test helpers of the reduction, convolution, window, cumulative and random-bits primitives: paired
 * libtorch and torch2jax inputs, value comparisons, a finite-difference and a libtorch-autograd
 * check of VJP rules, and a loop check of batching rules.
 */
final class ReductionsAndWindowsTesting {
  private ReductionsAndWindowsTesting() {}

  /** The same data as a libtorch tensor and as an Array. */
  record Pair(Tensor torch, Array jax) {}

  /** Random data: floats in [-2, 2), integers in [-5, 5), bools. */
  static Pair random(Random rng, DType dtype, long... shape) {
    int n = (int) Shapes.size(shape);
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] =
          switch (dtype) {
            case F32, F64 -> rng.nextDouble() * 4 - 2;
            case BOOL -> rng.nextBoolean() ? 1 : 0;
            default -> rng.nextInt(10) - 5;
          };
    }
    return pair(d, dtype, shape);
  }

  /** {@code values} (rounded to {@code dtype}) as a tensor and an array. */
  static Pair pair(double[] values, DType dtype, long... shape) {
    Array a = array(values, dtype, shape);
    Tensor t = Tensor.create(a.toDoubleArray(), shape).to(scalarType(dtype));
    return new Pair(t, a);
  }

  /** An array of {@code dtype} holding {@code values} (rounded or truncated). */
  static Array array(double[] values, DType dtype, long... shape) {
    if (shape.length == 0) {
      // Array.of without a shape means 1-D.
      return ShapeOps.reshape(array(values, dtype, 1), new long[0]);
    }
    int n = values.length;
    return switch (dtype) {
      case F32 -> {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
          f[i] = (float) values[i];
        }
        yield Array.of(f, shape);
      }
      case F64 -> Array.of(values.clone(), shape);
      case I32 -> {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
          v[i] = (int) values[i];
        }
        yield Array.of(v, shape);
      }
      case I64 -> {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
          v[i] = (long) values[i];
        }
        yield Array.of(v, shape);
      }
      case BOOL -> {
        boolean[] v = new boolean[n];
        for (int i = 0; i < n; i++) {
          v[i] = values[i] != 0;
        }
        yield Array.of(v, shape);
      }
      default -> throw new IllegalArgumentException("no test arrays of " + dtype);
    };
  }

  static ScalarType scalarType(DType dtype) {
    return switch (dtype) {
      case F32 -> ScalarType.Float;
      case F64 -> ScalarType.Double;
      case I32 -> ScalarType.Int;
      case I64 -> ScalarType.Long;
      case BOOL -> ScalarType.Bool;
      default -> throw new IllegalArgumentException("no torch type for " + dtype);
    };
  }

  /** The values of {@code t}, row-major, as doubles. */
  static double[] values(Tensor t) {
    if (t.numel() == 0) {
      return new double[0];
    }
    Tensor d = t.to(ScalarType.Double).contiguous();
    DoubleBuffer b = d.createBuffer();
    double[] out = new double[(int) d.numel()];
    b.get(out);
    return out;
  }

  /** {@code actual} has libtorch's shape and values (its dtype is checked by the caller). */
  static void assertValues(Tensor expected, Array actual, double tol) {
    assertArrayEquals(expected.shape(), actual.shape(), "shape");
    assertClose(values(expected), actual.toDoubleArray(), tol, "values");
  }

  /** Element by element within {@code tol} (relative above magnitude 1); NaNs must match. */
  static void assertClose(double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + ": element count");
    for (int i = 0; i < expected.length; i++) {
      double e = expected[i];
      double a = actual[i];
      if (Double.isNaN(e) || Double.isNaN(a)) {
        if (!(Double.isNaN(e) && Double.isNaN(a))) {
          fail(what + ": element " + i + ": expected " + e + " but was " + a);
        }
      } else if (e != a && Math.abs(e - a) > tol * Math.max(1, Math.abs(e))) {
        fail(what + ": element " + i + ": expected " + e + " but was " + a + " (tol " + tol + ")");
      }
    }
  }

  /** Same dtype, shape and values (floats within {@code tol}, everything else bit for bit). */
  static void assertSameArray(Array expected, Array actual, double tol, String what) {
    assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    if (expected.dtype().isFloatingPoint()) {
      assertClose(expected.toDoubleArray(), actual.toDoubleArray(), tol, what);
    } else {
      assertArrayEquals(expected.toBytes(), actual.toBytes(), what + ": bytes");
    }
  }

  // ---- VJP ----------------------------------------------------------------------------------

  /** The VJP rule of {@code p} on concrete arrays, its outputs computed eagerly. */
  static List<Array> vjp(Primitive p, Params params, List<Array> primals, List<Array> cts) {
    List<Array> outs = p.bind(params, primals);
    return PrimitiveRules.vjp(p).vjp(p, cts, primals, outs, params);
  }

  /**
   * Checks the VJP rule of single-output {@code p} against central differences: for every element
   * of each float input in {@code wrt}, {@code <ct, f(x+h e) - f(x-h e)> / 2h}. Inputs must be f64.
   * Inputs not in {@code wrt} must get a null or all-zero cotangent.
   */
  static void checkVjpNumerically(
      Primitive p, Params params, List<Array> primals, Array ct, double tol, int... wrt) {
    List<Array> got = vjp(p, params, primals, List.of(ct));
    assertEquals(primals.size(), got.size(), p + ": one cotangent per input");
    double[] c = ct.toDoubleArray();
    double h = 1e-6;
    for (int i = 0; i < primals.size(); i++) {
      final int input = i;
      boolean differentiate = java.util.Arrays.stream(wrt).anyMatch(w -> w == input);
      Array cot = got.get(i);
      if (!differentiate) {
        if (cot != null) {
          assertClose(new double[(int) cot.size()], cot.toDoubleArray(), 0, p + ": input " + i);
        }
        continue;
      }
      assertNotNull(cot, p + ": cotangent of input " + i);
      Array x = primals.get(i);
      assertEquals(DType.F64, x.dtype(), "finite differences need f64");
      assertEquals(x.dtype(), cot.dtype(), p + ": cotangent dtype of input " + i);
      assertArrayEquals(x.shape(), cot.shape(), p + ": cotangent shape of input " + i);
      double[] xs = x.toDoubleArray();
      double[] numeric = new double[xs.length];
      for (int e = 0; e < xs.length; e++) {
        double[] plus = xs.clone();
        double[] minus = xs.clone();
        plus[e] += h;
        minus[e] -= h;
        double fp = dot(c, evalWith(p, params, primals, i, array(plus, DType.F64, x.shape())));
        double fm = dot(c, evalWith(p, params, primals, i, array(minus, DType.F64, x.shape())));
        numeric[e] = (fp - fm) / (2 * h);
      }
      assertClose(
          numeric, cot.toDoubleArray(), tol, p + ": VJP of input " + i + " vs finite differences");
    }
  }

  private static double[] evalWith(
      Primitive p, Params params, List<Array> primals, int i, Array replacement) {
    List<Array> in = new ArrayList<>(primals);
    in.set(i, replacement);
    return p.bind(params, in).getFirst().toDoubleArray();
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** {@code ct} as a tensor: what libtorch's {@code backward} takes. */
  static Tensor tensor(Array a) {
    return Tensor.create(a.toDoubleArray(), a.shape()).to(scalarType(a.dtype()));
  }

  /** A fresh leaf tensor (f64) that records gradients. */
  static Tensor leaf(Array a) {
    return tensor(a).detach().requires_grad_(true);
  }

  /** Runs {@code out.backward(ct)}. */
  static void backward(Tensor out, Array ct) {
    out.backward(
        tensor(ct),
        new org.bytedeco.pytorch.BoolOptional(),
        false,
        new org.bytedeco.pytorch.TensorArrayRefOptional());
  }

  /** A null cotangent (none for an integer input). */
  static void assertNoCotangent(List<Array> cts, int i) {
    assertNull(cts.get(i), "input " + i + " gets no cotangent");
  }

  // ---- batching -----------------------------------------------------------------------------

  /**
   * Checks the batching rule of {@code p} against a loop: example {@code b} of the inputs is {@code
   * example.apply(b)}; mapped inputs ({@code bdims[i] >= 0}) are stacked along their batch axis,
   * unmapped ones are example 0's for every {@code b}.
   */
  static void checkBatching(
      Primitive p,
      Params params,
      int batch,
      IntFunction<List<Array>> example,
      int[] bdims,
      double tol) {
    List<List<Array>> examples = new ArrayList<>();
    for (int b = 0; b < batch; b++) {
      examples.add(example.apply(b));
    }
    int n = bdims.length;
    List<Array> batched = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (bdims[i] == Batched.NOT_MAPPED) {
        batched.add(examples.getFirst().get(i));
      } else {
        List<Array> slices = new ArrayList<>();
        for (List<Array> ex : examples) {
          slices.add(ex.get(i));
        }
        batched.add(stack(slices, bdims[i]));
      }
    }
    Batched result = PrimitiveRules.batch(p).batch(p, batched, bdims.clone(), params);
    for (int b = 0; b < batch; b++) {
      List<Array> in = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        in.add(examples.get(bdims[i] == Batched.NOT_MAPPED ? 0 : b).get(i));
      }
      List<Array> expected = p.bind(params, in);
      assertEquals(expected.size(), result.outputs().size(), p + ": output count");
      for (int o = 0; o < expected.size(); o++) {
        int bd = result.batchDims()[o];
        Array got =
            bd == Batched.NOT_MAPPED
                ? result.outputs().get(o)
                : slice(result.outputs().get(o), bd, b);
        assertSameArray(
            expected.get(o),
            got,
            tol,
            p
                + " batched along "
                + java.util.Arrays.toString(bdims)
                + ", example "
                + b
                + ", output "
                + o);
      }
    }
  }

  /** Every placement of one batch axis per input (ranks given), plus each input left unmapped. */
  static List<int[]> batchPlacements(int... ranks) {
    List<int[]> out = new ArrayList<>();
    int n = ranks.length;
    // Each input mapped at each position, others at 0.
    for (int i = 0; i < n; i++) {
      for (int pos = 0; pos <= ranks[i]; pos++) {
        int[] bd = new int[n];
        bd[i] = pos;
        out.add(bd);
      }
    }
    // Last positions for all at once.
    int[] last = ranks.clone();
    out.add(last);
    if (n > 1) {
      for (int i = 0; i < n; i++) {
        for (int pos = 0; pos <= ranks[i]; pos += Math.max(1, ranks[i])) {
          int[] bd = new int[n];
          java.util.Arrays.fill(bd, Batched.NOT_MAPPED);
          bd[i] = pos;
          out.add(bd);
        }
      }
    }
    return out;
  }

  /** Stacks equal-shaped arrays along a new axis {@code axis}. */
  static Array stack(List<Array> xs, int axis) {
    Array first = xs.getFirst();
    long[] s = first.shape();
    int es = first.dtype().byteSize();
    long outer = Shapes.size(java.util.Arrays.copyOfRange(s, 0, axis));
    long inner = Shapes.size(java.util.Arrays.copyOfRange(s, axis, s.length)) * es;
    byte[] out = new byte[(int) (outer * inner * xs.size())];
    List<byte[]> data = xs.stream().map(Array::toBytes).toList();
    int k = 0;
    for (long o = 0; o < outer; o++) {
      for (byte[] d : data) {
        System.arraycopy(d, (int) (o * inner), out, k, (int) inner);
        k += (int) inner;
      }
    }
    long[] shape = new long[s.length + 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      shape[i] = i == axis ? xs.size() : s[j++];
    }
    return Array.fromBytes(out, first.dtype(), shape);
  }

  /** Element {@code index} along {@code axis}, the axis removed. */
  static Array slice(Array x, int axis, int index) {
    long[] s = x.shape();
    int es = x.dtype().byteSize();
    long outer = Shapes.size(java.util.Arrays.copyOfRange(s, 0, axis));
    long inner = Shapes.size(java.util.Arrays.copyOfRange(s, axis + 1, s.length)) * es;
    byte[] d = x.toBytes();
    byte[] out = new byte[(int) (outer * inner)];
    for (long o = 0; o < outer; o++) {
      System.arraycopy(
          d, (int) ((o * s[axis] + index) * inner), out, (int) (o * inner), (int) inner);
    }
    long[] shape = new long[s.length - 1];
    for (int i = 0, j = 0; i < s.length; i++) {
      if (i != axis) {
        shape[j++] = s[i];
      }
    }
    return Array.fromBytes(out, x.dtype(), shape);
  }
}
