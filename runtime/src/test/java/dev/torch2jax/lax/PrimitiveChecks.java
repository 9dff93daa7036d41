package dev.torch2jax.lax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.HostData;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.PrimitiveRules;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.opinfo.Comparison;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.T2J;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRefOptional;

/**
 * The lax tests' one set of primitive checks, each rule on concrete arrays: the VJP rule against
 * central finite differences and against libtorch autograd, the batch rule against a loop over the
 * examples, abstract evaluation's refusals. Values compare through {@link Comparison}.
 */
final class PrimitiveChecks {
  private PrimitiveChecks() {}

  // ---- VJP ----------------------------------------------------------------------------------

  /** The VJP rule of {@code p} at {@code primals} applied to {@code cts} (one per output). */
  static List<Array> vjp(Primitive p, Params params, List<Array> primals, List<Array> cts) {
    List<Array> outs = p.bind(params, primals);
    return PrimitiveRules.vjp(p).vjp(p, cts, primals, outs, params);
  }

  /** Random float64 cotangents in [-1, 1) for {@code p}'s outputs (null for non-float outputs). */
  static List<Array> randomCotangents(Random rng, Primitive p, Params params, List<Array> primals) {
    List<Array> cts = new ArrayList<>();
    for (Array out : p.bind(params, primals)) {
      if (out.dtype() != DType.F64) {
        cts.add(null);
        continue;
      }
      double[] c = new double[(int) out.size()];
      for (int i = 0; i < c.length; i++) {
        c[i] = rng.nextDouble() * 2 - 1;
      }
      cts.add(f64(c, out.shape()));
    }
    return cts;
  }

  /**
   * The VJP rule of {@code p} at float64 {@code primals} against central differences: for every
   * element of every input in {@code wrt} (none given: every float64 input), {@code <ct, f(x + h e)
   * - f(x - h e)> / 2h} with {@code h = 1e-6 max(1, |x|)}, within {@code tol}. An integer input
   * must get no cotangent, a float input outside {@code wrt} none or zeros. Returns the rule's
   * cotangents.
   */
  static List<Array> checkVjpNumerically(
      Primitive p, Params params, List<Array> primals, List<Array> cts, double tol, int... wrt) {
    List<Array> grads = vjp(p, params, primals, cts);
    assertEquals(primals.size(), grads.size(), p + ": one cotangent per input");
    for (int i = 0; i < primals.size(); i++) {
      Array x = primals.get(i);
      Array g = grads.get(i);
      if (!differentiated(primals, i, wrt)) {
        if (!x.dtype().isFloatingPoint()) {
          assertNull(g, p + ": input " + i + " of " + x.dtype() + " gets no cotangent");
        } else if (g != null) {
          Comparison.assertValues(
              p + ": cotangent of input " + i, new double[(int) g.size()], g.toDoubleArray(), 0);
        }
        continue;
      }
      assertEquals(DType.F64, x.dtype(), p + ": finite differences need float64 input " + i);
      assertNotNull(g, p + ": cotangent of input " + i);
      assertEquals(DType.F64, g.dtype(), p + ": cotangent dtype of input " + i);
      assertArrayEquals(x.shape(), g.shape(), p + ": cotangent shape of input " + i);
      double[] data = x.toDoubleArray();
      double[] numeric = new double[data.length];
      for (int e = 0; e < data.length; e++) {
        double h = 1e-6 * Math.max(1, Math.abs(data[e]));
        double[] plus = data.clone();
        double[] minus = data.clone();
        plus[e] += h;
        minus[e] -= h;
        double fp = dot(cts, p.bind(params, replace(primals, i, f64(plus, x.shape()))));
        double fm = dot(cts, p.bind(params, replace(primals, i, f64(minus, x.shape()))));
        numeric[e] = (fp - fm) / (2 * h);
      }
      Comparison.assertValues(
          p + ": cotangent of input " + i + " vs finite differences",
          numeric,
          g.toDoubleArray(),
          tol);
    }
    return grads;
  }

  /**
   * The VJP rule of {@code p} at float64 {@code primals} against libtorch autograd of {@code <ct,
   * torchFn(inputs)>}, {@code torchFn} computing the first output; see {@link
   * #checkGradsAgainstTorch}.
   */
  static void checkVjpAgainstTorch(
      Primitive p,
      Params params,
      List<Array> primals,
      Array ct,
      Function<List<Tensor>, Tensor> torchFn,
      double tol,
      int... wrt) {
    List<Array> cts = new ArrayList<>(List.of(ct));
    while (cts.size() < p.bind(params, primals).size()) {
      cts.add(null);
    }
    checkGradsAgainstTorch(primals, ct, vjp(p, params, primals, cts), torchFn, tol, wrt);
  }

  /**
   * The cotangents {@code grads} of the inputs in {@code wrt} (none given: every float64 input)
   * against libtorch autograd of {@code <ct, torchFn(inputs)>}: the input's dtype and shape, values
   * within {@code tol}; where libtorch has no gradient, zeros.
   */
  static void checkGradsAgainstTorch(
      List<Array> primals,
      Array ct,
      List<Array> grads,
      Function<List<Tensor>, Tensor> torchFn,
      double tol,
      int... wrt) {
    List<Tensor> tensors = new ArrayList<>();
    for (int i = 0; i < primals.size(); i++) {
      Tensor t = T2J.j2t(primals.get(i));
      if (differentiated(primals, i, wrt)) {
        t.requires_grad_(true);
      }
      tensors.add(t);
    }
    torchFn
        .apply(tensors)
        .backward(T2J.j2t(ct), new BoolOptional(), false, new TensorArrayRefOptional());
    for (int i = 0; i < primals.size(); i++) {
      if (!differentiated(primals, i, wrt)) {
        continue;
      }
      Array x = primals.get(i);
      Array g = grads.get(i);
      String what = "cotangent of input " + i;
      assertNotNull(g, what);
      assertEquals(x.dtype(), g.dtype(), what + ": dtype");
      assertArrayEquals(x.shape(), g.shape(), what + ": shape");
      Tensor expected = tensors.get(i).grad();
      Comparison.assertValues(
          what + " vs libtorch",
          expected.defined() ? OpInfo.values(expected) : new double[(int) x.size()],
          g.toDoubleArray(),
          tol);
    }
  }

  private static boolean differentiated(List<Array> primals, int i, int[] wrt) {
    return wrt.length == 0
        ? primals.get(i).dtype() == DType.F64
        : Arrays.stream(wrt).anyMatch(w -> w == i);
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

  private static Array f64(double[] data, long[] shape) {
    return array(DType.F64, data, shape);
  }

  /**
   * An array of any dtype and shape (0-d included) holding {@code values}, rounded to the dtype
   * (integers truncated, bools nonzero), made on the host.
   */
  static Array array(DType dtype, double[] values, long... shape) {
    byte[] bytes = new byte[values.length * dtype.byteSize()];
    MemorySegment m = MemorySegment.ofArray(bytes);
    for (int i = 0; i < values.length; i++) {
      if (dtype == DType.BOOL) {
        HostData.setLong(m, dtype, i, values[i] != 0 ? 1 : 0);
      } else if (dtype.isFloatingPoint()) {
        HostData.setDouble(m, dtype, i, values[i]);
      } else {
        HostData.setLong(m, dtype, i, (long) values[i]);
      }
    }
    return Array.fromBytes(bytes, dtype, shape);
  }

  // ---- batching -----------------------------------------------------------------------------

  /**
   * The batch rule of {@code p} on {@code inputs} (batch axes {@code bdims}, {@link
   * Batched#NOT_MAPPED} for an unbatched input) against {@code p} applied to each example: same
   * dtype and shape; values bit for bit when {@code tol} is 0 or the output is not float, else
   * within {@code tol}. Returns the batch rule's result.
   */
  static Batched checkBatch(
      Primitive p, Params params, List<Array> inputs, int[] bdims, double tol) {
    Batched result = PrimitiveRules.batch(p).batch(p, inputs, bdims.clone(), params);
    long size = -1;
    for (int i = 0; i < bdims.length; i++) {
      if (bdims[i] != Batched.NOT_MAPPED) {
        size = inputs.get(i).shape()[bdims[i]];
      }
    }
    String what = p + " batched along " + Arrays.toString(bdims);
    for (long e = 0; e < size; e++) {
      List<Array> example = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        example.add(
            bdims[i] == Batched.NOT_MAPPED ? inputs.get(i) : take(inputs.get(i), bdims[i], e));
      }
      List<Array> expected = p.bind(params, example);
      assertEquals(expected.size(), result.outputs().size(), what + ": output count");
      for (int j = 0; j < expected.size(); j++) {
        int od = result.batchDims()[j];
        Array out = result.outputs().get(j);
        if (od != Batched.NOT_MAPPED) {
          assertEquals(size, out.shape()[od], what + ": batch size of output " + j);
        }
        Array actual = od == Batched.NOT_MAPPED ? out : take(out, od, e);
        assertSame(expected.get(j), actual, tol, what + ", example " + e + ", output " + j);
      }
    }
    return result;
  }

  /**
   * {@link #checkBatch} (exact) for every placement: each input mapped at each of its axis
   * positions in turn (others at 0), and each input left unmapped while the rest are mapped at 0.
   * {@code example} gives a fresh example of input {@code i}; batched inputs stack {@code b}.
   */
  static void checkBatchEverywhere(
      Primitive p, Params params, int b, Function<Integer, Array> example, int inputCount) {
    for (int i = 0; i < inputCount; i++) {
      int rank = example.apply(i).ndim();
      for (int axis = 0; axis <= rank; axis++) {
        int[] bdims = new int[inputCount];
        bdims[i] = axis;
        checkBatch(p, params, batchedInputs(example, inputCount, bdims, b), bdims, 0);
      }
    }
    if (inputCount > 1) {
      for (int i = 0; i < inputCount; i++) {
        int[] bdims = new int[inputCount];
        bdims[i] = Batched.NOT_MAPPED;
        checkBatch(p, params, batchedInputs(example, inputCount, bdims, b), bdims, 0);
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

  /**
   * {@link #checkBatch} on {@code batch} examples ({@code example.apply(b)} gives example {@code
   * b}'s inputs): mapped inputs stack along their batch axis, unmapped ones are example 0's.
   */
  static void checkBatch(
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
    List<Array> batched = new ArrayList<>();
    for (int i = 0; i < bdims.length; i++) {
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
    checkBatch(p, params, batched, bdims, tol);
  }

  /** Every placement of one batch axis per input (ranks given), plus each input left unmapped. */
  static List<int[]> batchPlacements(int... ranks) {
    List<int[]> out = new ArrayList<>();
    int n = ranks.length;
    for (int i = 0; i < n; i++) {
      for (int pos = 0; pos <= ranks[i]; pos++) {
        int[] bd = new int[n];
        bd[i] = pos;
        out.add(bd);
      }
    }
    out.add(ranks.clone()); // the last positions for all at once
    if (n > 1) {
      for (int i = 0; i < n; i++) {
        for (int pos = 0; pos <= ranks[i]; pos += Math.max(1, ranks[i])) {
          int[] bd = new int[n];
          Arrays.fill(bd, Batched.NOT_MAPPED);
          bd[i] = pos;
          out.add(bd);
        }
      }
    }
    return out;
  }

  /** Same dtype and shape; the same bytes when {@code tol} is 0 or not float, else close. */
  static void assertSame(Array expected, Array actual, double tol, String what) {
    if (tol > 0 && expected.dtype().isFloatingPoint()) {
      Comparison.assertClose(what, expected, actual, tol);
      return;
    }
    assertEquals(expected.dtype(), actual.dtype(), what + ": dtype");
    assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
    assertArrayEquals(expected.toBytes(), actual.toBytes(), what + ": values");
  }

  // ---- host-side plumbing (no XLA program per shape) ------------------------------------------

  /** {@code shape} with an axis of size {@code b} inserted at {@code axis}. */
  static long[] withAxis(long[] shape, int axis, long b) {
    long[] out = new long[shape.length + 1];
    for (int i = 0, j = 0; i < out.length; i++) {
      out[i] = i == axis ? b : shape[j++];
    }
    return out;
  }

  /** Example {@code index} of {@code batched} along {@code axis}, the axis removed. */
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

  /** The arrays stacked along a new {@code axis}. */
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

  /** The abstract value of {@code dtype} and {@code shape}. */
  static ShapedArray aval(DType dtype, long... shape) {
    return new ShapedArray(shape, dtype);
  }
}
