package dev.torch2jax.lax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.PrimitiveRules;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.core.rules.Batched;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Test helpers of the shape, indexing and sort primitives: paired libtorch and torch2jax data,
 * comparisons, and the checks every primitive gets (VJP against finite differences and libtorch
 * autograd, batching against a loop over the batch, abstract-eval errors).
 */
final class ShapeIndexingTesting {
  private ShapeIndexingTesting() {}

  static final DType[] DTYPES = {DType.F32, DType.F64, DType.I32, DType.I64, DType.BOOL};

  // ---- data ---------------------------------------------------------------------------------

  /** Random data of {@code dtype}: floats in [-2, 2), ints in [-5, 5), or random bools. */
  static Array random(Random rng, DType dtype, long... shape) {
    int n = (int) Shapes.size(shape);
    Array flat =
        switch (dtype) {
          case F32 -> {
            float[] d = new float[n];
            for (int i = 0; i < n; i++) {
              d[i] = rng.nextFloat() * 4 - 2;
            }
            yield Array.of(d);
          }
          case F64 -> {
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
              d[i] = rng.nextDouble() * 4 - 2;
            }
            yield Array.of(d);
          }
          case I32 -> {
            int[] d = new int[n];
            for (int i = 0; i < n; i++) {
              d[i] = rng.nextInt(10) - 5;
            }
            yield Array.of(d);
          }
          case I64 -> {
            long[] d = new long[n];
            for (int i = 0; i < n; i++) {
              d[i] = rng.nextInt(10) - 5;
            }
            yield Array.of(d);
          }
          case BOOL -> {
            boolean[] d = new boolean[n];
            for (int i = 0; i < n; i++) {
              d[i] = rng.nextBoolean();
            }
            yield Array.of(d);
          }
          default -> throw new IllegalArgumentException("no random data for " + dtype);
        };
    return reshaped(flat, shape);
  }

  /** Integers of {@code dtype} (I32 or I64), each in {@code [lo, hi)}. */
  static Array randomInts(Random rng, DType dtype, long lo, long hi, long... shape) {
    int n = (int) Shapes.size(shape);
    long[] d = new long[n];
    for (int i = 0; i < n; i++) {
      d[i] = lo + (long) (rng.nextDouble() * (hi - lo));
    }
    return ints(dtype, d, shape);
  }

  /** An integer array of {@code dtype} from longs. */
  static Array ints(DType dtype, long[] data, long... shape) {
    Array a;
    if (dtype == DType.I32) {
      a = Array.of(Arrays.stream(data).mapToInt(Math::toIntExact).toArray());
    } else {
      a = Array.of(data);
    }
    return reshaped(a, shape);
  }

  /** A float64 array; 0-d when {@code shape} is empty. */
  static Array f64(double[] data, long... shape) {
    return reshaped(Array.of(data), shape);
  }

  /** A 0-d integer of {@code dtype}. */
  static Array scalarInt(DType dtype, long v) {
    return ints(dtype, new long[] {v});
  }

  private static Array reshaped(Array flat, long[] shape) {
    // Array.of without a shape is 1-D; go through bytes for any shape, 0-d and empty included.
    return Array.fromBytes(flat.toBytes(), flat.dtype(), shape);
  }

  /** The libtorch tensor holding the same data (bools as bool, ints keep their width). */
  static Tensor torch(Array a) {
    long[] s = a.shape();
    return switch (a.dtype()) {
      case F32 -> Tensor.create(a.toFloatArray(), s);
      case F64 -> Tensor.create(a.toDoubleArray(), s);
      case I32 -> Tensor.create(a.toIntArray(), s);
      case I64 -> Tensor.create(a.toLongArray(), s);
      case BOOL -> Tensor.create(a.toBooleanArray(), s);
      default -> throw new IllegalArgumentException("no tensor for " + a.dtype());
    };
  }

  /** The DType of a libtorch tensor, compared by the native value. */
  static DType dtypeOf(Tensor t) {
    int v = t.scalar_type().value;
    ScalarType[] torchTypes = {
      ScalarType.Bool, ScalarType.Int, ScalarType.Long, ScalarType.Float, ScalarType.Double
    };
    DType[] ours = {DType.BOOL, DType.I32, DType.I64, DType.F32, DType.F64};
    for (int i = 0; i < torchTypes.length; i++) {
      if (torchTypes[i].value == v) {
        return ours[i];
      }
    }
    throw new IllegalArgumentException("unsupported libtorch scalar type " + v);
  }

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

  /** {@code actual} has libtorch's dtype, shape, and values within {@code tol} (NaN where NaN). */
  static void assertMatches(Tensor expected, Array actual, double tol) {
    assertEquals(dtypeOf(expected), actual.dtype(), "dtype");
    assertArrayEquals(expected.shape(), actual.shape(), "shape");
    assertValues(values(expected), actual.toDoubleArray(), tol);
  }

  static void assertValues(double[] e, double[] a, double tol) {
    assertEquals(e.length, a.length, "element count");
    for (int i = 0; i < e.length; i++) {
      if (Double.isNaN(e[i]) || Double.isNaN(a[i])) {
        if (!(Double.isNaN(e[i]) && Double.isNaN(a[i]))) {
          fail("element " + i + ": expected " + e[i] + " but was " + a[i]);
        }
      } else if (Math.abs(e[i] - a[i]) > tol * Math.max(1, Math.abs(e[i]))) {
        fail("element " + i + ": expected " + e[i] + " but was " + a[i] + " (tol " + tol + ")");
      }
    }
  }

  /** Same dtype, shape and bytes. */
  static void assertSameArray(Array expected, Array actual, String what) {
    assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    assertArrayEquals(expected.toBytes(), actual.toBytes(), what + ": values");
  }

  // ---- batching -----------------------------------------------------------------------------

  /** {@code shape} with an axis of size {@code b} inserted at {@code axis}. */
  static long[] withAxis(long[] shape, int axis, long b) {
    long[] out = new long[shape.length + 1];
    for (int i = 0, j = 0; i < out.length; i++) {
      out[i] = i == axis ? b : shape[j++];
    }
    return out;
  }

  /** Example {@code index} of {@code batched} along {@code axis}, cut out on the host. */
  static Array take(Array batched, int axis, long index) {
    long[] s = batched.shape();
    int size = batched.dtype().byteSize();
    long outer = Shapes.size(Arrays.copyOfRange(s, 0, axis));
    long inner = Shapes.size(Arrays.copyOfRange(s, axis + 1, s.length)) * size;
    byte[] all = batched.toBytes();
    byte[] out = new byte[(int) (outer * inner)];
    for (long o = 0; o < outer; o++) {
      System.arraycopy(
          all, (int) ((o * s[axis] + index) * inner), out, (int) (o * inner), (int) inner);
    }
    long[] shape = new long[s.length - 1];
    for (int i = 0, j = 0; i < s.length; i++) {
      if (i != axis) {
        shape[j++] = s[i];
      }
    }
    return Array.fromBytes(out, batched.dtype(), shape);
  }

  /**
   * The batch rule of {@code p} on {@code inputs} (batch axes {@code bdims}) equals applying {@code
   * p} to each example.
   */
  static void checkBatch(Primitive p, Params params, List<Array> inputs, int[] bdims) {
    Batched result = PrimitiveRules.batch(p).batch(p, inputs, bdims, params);
    long b = 0;
    for (int i = 0; i < bdims.length; i++) {
      if (bdims[i] != Batched.NOT_MAPPED) {
        b = inputs.get(i).shape()[bdims[i]];
      }
    }
    for (long e = 0; e < b; e++) {
      List<Array> example = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        example.add(
            bdims[i] == Batched.NOT_MAPPED ? inputs.get(i) : take(inputs.get(i), bdims[i], e));
      }
      List<Array> expected = p.bind(params, example);
      assertEquals(expected.size(), result.outputs().size(), p + ": output count");
      for (int j = 0; j < expected.size(); j++) {
        int od = result.batchDims()[j];
        Array actual =
            od == Batched.NOT_MAPPED
                ? result.outputs().get(j)
                : take(result.outputs().get(j), od, e);
        assertSameArray(
            expected.get(j),
            actual,
            p + " batched along " + Arrays.toString(bdims) + ", example " + e + ", output " + j);
      }
    }
  }

  /**
   * {@link #checkBatch} for every placement: each input mapped at each of its axis positions in
   * turn (others at 0), and each input left unmapped while the rest are mapped at 0. {@code
   * example} gives a fresh example input {@code i}; batched inputs are made of {@code b} examples.
   */
  static void checkBatchEverywhere(
      Primitive p, Params params, int b, Function<Integer, Array> example, int inputCount) {
    // each input's batch axis in every position, the others at 0
    for (int i = 0; i < inputCount; i++) {
      int rank = example.apply(i).ndim();
      for (int axis = 0; axis <= rank; axis++) {
        int[] bdims = new int[inputCount];
        bdims[i] = axis;
        checkBatch(p, params, batchedInputs(example, inputCount, bdims, b), bdims);
      }
    }
    // each input unmapped
    if (inputCount > 1) {
      for (int i = 0; i < inputCount; i++) {
        int[] bdims = new int[inputCount];
        bdims[i] = Batched.NOT_MAPPED;
        checkBatch(p, params, batchedInputs(example, inputCount, bdims, b), bdims);
      }
    }
  }

  private static List<Array> batchedInputs(
      Function<Integer, Array> example, int inputCount, int[] bdims, int b) {
    List<Array> inputs = new ArrayList<>();
    for (int i = 0; i < inputCount; i++) {
      if (bdims[i] == Batched.NOT_MAPPED) {
        inputs.add(example.apply(i));
        continue;
      }
      List<Array> examples = new ArrayList<>();
      for (int e = 0; e < b; e++) {
        examples.add(example.apply(i));
      }
      inputs.add(stack(examples, bdims[i]));
    }
    return inputs;
  }

  /** The arrays stacked along a new {@code axis}, on the host. */
  static Array stack(List<Array> xs, int axis) {
    Array first = xs.getFirst();
    long[] s = first.shape();
    int size = first.dtype().byteSize();
    long outer = Shapes.size(Arrays.copyOfRange(s, 0, axis));
    long inner = Shapes.size(Arrays.copyOfRange(s, axis, s.length)) * size;
    byte[] out = new byte[(int) (outer * inner * xs.size())];
    for (int e = 0; e < xs.size(); e++) {
      byte[] part = xs.get(e).toBytes();
      for (long o = 0; o < outer; o++) {
        System.arraycopy(
            part, (int) (o * inner), out, (int) ((o * xs.size() + e) * inner), (int) inner);
      }
    }
    return Array.fromBytes(out, first.dtype(), withAxis(s, axis, xs.size()));
  }

  // ---- VJPs ---------------------------------------------------------------------------------

  /** The VJP rule of {@code p} applied directly to concrete arrays. */
  static List<Array> vjp(Primitive p, Params params, List<Array> inputs, List<Array> cts) {
    List<Array> outs = p.bind(params, inputs);
    return PrimitiveRules.vjp(p).vjp(p, cts, inputs, outs, params);
  }

  /** Random float64 cotangents for {@code p}'s outputs (null for non-float outputs). */
  static List<Array> randomCotangents(Random rng, Primitive p, Params params, List<Array> inputs) {
    List<Array> cts = new ArrayList<>();
    for (Array out : p.bind(params, inputs)) {
      cts.add(out.dtype() == DType.F64 ? random(rng, DType.F64, out.shape()) : null);
    }
    return cts;
  }

  /**
   * The VJP of {@code p} at {@code inputs} against central differences: for every element of every
   * float64 input, {@code <ct, f(x+h e) - f(x-h e)> / 2h}; other inputs must get a null cotangent.
   */
  static List<Array> checkVjpNumerically(
      Primitive p, Params params, List<Array> inputs, List<Array> cts) {
    List<Array> grads = vjp(p, params, inputs, cts);
    assertEquals(inputs.size(), grads.size(), p + ": one cotangent per input");
    double h = 1e-3;
    for (int i = 0; i < inputs.size(); i++) {
      Array x = inputs.get(i);
      if (x.dtype() != DType.F64) {
        assertNull(grads.get(i), p + ": input " + i + " of " + x.dtype() + " gets no cotangent");
        continue;
      }
      Array g = grads.get(i);
      assertNotNull(g, p + ": cotangent of input " + i);
      assertEquals(DType.F64, g.dtype(), p + ": cotangent dtype of input " + i);
      assertArrayEquals(x.shape(), g.shape(), p + ": cotangent shape of input " + i);
      double[] data = x.toDoubleArray();
      double[] numeric = new double[data.length];
      for (int e = 0; e < data.length; e++) {
        double[] plus = data.clone();
        double[] minus = data.clone();
        plus[e] += h;
        minus[e] -= h;
        numeric[e] =
            (dot(cts, p.bind(params, replace(inputs, i, f64(plus, x.shape()))))
                    - dot(cts, p.bind(params, replace(inputs, i, f64(minus, x.shape())))))
                / (2 * h);
      }
      assertValues(numeric, g.toDoubleArray(), 1e-7);
    }
    return grads;
  }

  /**
   * The cotangents of the float64 inputs equal libtorch autograd's gradients of {@code <ct,
   * f(inputs)>}, where {@code f} computes the primitive's first output with libtorch.
   */
  static void checkVjpAgainstTorch(
      List<Array> inputs, Array ct, List<Array> grads, Function<List<Tensor>, Tensor> f) {
    List<Tensor> ts = new ArrayList<>();
    for (Array x : inputs) {
      Tensor t = torch(x);
      if (x.dtype() == DType.F64) {
        t.requires_grad_(true);
      }
      ts.add(t);
    }
    f.apply(ts).mul(torch(ct)).sum().backward();
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i).dtype() == DType.F64) {
        assertMatches(ts.get(i).grad(), grads.get(i), 1e-12);
      }
    }
  }

  private static double dot(List<Array> cts, List<Array> outs) {
    double s = 0;
    for (int j = 0; j < cts.size(); j++) {
      if (cts.get(j) == null) {
        continue;
      }
      double[] c = cts.get(j).toDoubleArray();
      double[] o = outs.get(j).toDoubleArray();
      for (int k = 0; k < c.length; k++) {
        s += c[k] * o[k];
      }
    }
    return s;
  }

  private static List<Array> replace(List<Array> xs, int i, Array x) {
    List<Array> out = new ArrayList<>(xs);
    out.set(i, x);
    return out;
  }

  // ---- abstract eval ------------------------------------------------------------------------

  /** Abstract evaluation rejects the inputs, naming the primitive. */
  static IllegalArgumentException assertRejects(Primitive p, Params params, ShapedArray... in) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PrimitiveRules.outputAvals(p, List.of(in), params));
    assertTrue(e.getMessage().startsWith(p.name()), e.getMessage());
    return e;
  }

  static ShapedArray aval(DType dtype, long... shape) {
    return new ShapedArray(shape, dtype);
  }
}
