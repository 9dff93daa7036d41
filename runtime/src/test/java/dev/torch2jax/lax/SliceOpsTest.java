package dev.torch2jax.lax;

import static dev.torch2jax.lax.PrimitiveChecks.assertRejects;
import static dev.torch2jax.lax.PrimitiveChecks.aval;
import static dev.torch2jax.lax.PrimitiveChecks.checkBatchEverywhere;
import static dev.torch2jax.lax.PrimitiveChecks.checkGradsAgainstTorch;
import static dev.torch2jax.lax.PrimitiveChecks.checkVjpNumerically;
import static dev.torch2jax.lax.PrimitiveChecks.randomCotangents;
import static dev.torch2jax.lax.ShapeIndexingTesting.random;
import static dev.torch2jax.lax.ShapeIndexingTesting.randomInts;
import static dev.torch2jax.lax.ShapeIndexingTesting.scalarInt;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.opinfo.Comparison;
import dev.torch2jax.torch.T2J;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * slice, dynamic_slice, dynamic_update_slice, concatenate and pad: forward against libtorch (pad's
 * interior padding against a host reference), VJPs, batching, shape errors.
 */
class SliceOpsTest {
  private final Random rng = new Random(11);

  // ---- slice --------------------------------------------------------------------------------

  private record SliceCase(long[] shape, long[] start, long[] limit, long[] strides) {
    Params params() {
      return Params.of("start_indices", start, "limit_indices", limit, "strides", strides);
    }

    Tensor torch(Tensor t) {
      for (int d = 0; d < shape.length; d++) {
        t = t.slice(d, new LongOptional(start[d]), new LongOptional(limit[d]), strides[d]);
      }
      return t.contiguous();
    }
  }

  private static final List<SliceCase> SLICES =
      List.of(
          new SliceCase(new long[] {5}, new long[] {1}, new long[] {4}, new long[] {1}),
          new SliceCase(new long[] {4, 6}, new long[] {0, 1}, new long[] {3, 6}, new long[] {2, 2}),
          new SliceCase(new long[] {3, 2}, new long[] {1, 0}, new long[] {1, 2}, new long[] {1, 3}),
          new SliceCase(new long[] {}, new long[] {}, new long[] {}, new long[] {}));

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F32", "F64", "I32", "I64", "BOOL"})
  void sliceMatchesLibtorch(DType dtype) {
    for (SliceCase c : SLICES) {
      Array x = random(rng, dtype, c.shape);
      Comparison.assertClose("result", c.torch(T2J.j2t(x)), ShapeOps.SLICE.bind1(c.params(), x), 0);
    }
  }

  @Test
  void sliceVjpAndBatch() {
    for (SliceCase c : SLICES) {
      Array x = random(rng, DType.F64, c.shape);
      List<Array> in = List.of(x);
      List<Array> cts = randomCotangents(rng, ShapeOps.SLICE, c.params(), in);
      List<Array> grads = checkVjpNumerically(ShapeOps.SLICE, c.params(), in, cts, 1e-7);
      checkGradsAgainstTorch(in, cts.getFirst(), grads, ts -> c.torch(ts.getFirst()), 1e-12);
      checkBatchEverywhere(ShapeOps.SLICE, c.params(), 3, i -> random(rng, DType.I32, c.shape), 1);
    }
  }

  @Test
  void sliceErrors() {
    Primitive p = ShapeOps.SLICE;
    assertRejects(
        p,
        new SliceCase(new long[] {3}, new long[] {0}, new long[] {4}, new long[] {1}).params(),
        aval(DType.F32, 3));
    assertRejects(
        p,
        new SliceCase(new long[] {3}, new long[] {2}, new long[] {1}, new long[] {1}).params(),
        aval(DType.F32, 3));
    assertRejects(
        p,
        new SliceCase(new long[] {3}, new long[] {0}, new long[] {3}, new long[] {0}).params(),
        aval(DType.F32, 3));
    assertRejects(
        p,
        new SliceCase(new long[] {3}, new long[] {0}, new long[] {3}, new long[] {1}).params(),
        aval(DType.F32, 3, 3));
  }

  // ---- dynamic_slice and dynamic_update_slice -----------------------------------------------

  private record DynCase(long[] shape, long[] starts, long[] sizes) {
    /** XLA's clamping. */
    long clamped(int d) {
      return Math.max(0, Math.min(starts[d], shape[d] - sizes[d]));
    }

    List<Array> startArrays(DType dtype) {
      List<Array> out = new ArrayList<>();
      for (long s : starts) {
        out.add(scalarInt(dtype, s));
      }
      return out;
    }

    Tensor window(Tensor t) {
      for (int d = 0; d < shape.length; d++) {
        t = t.narrow(d, clamped(d), sizes[d]);
      }
      return t;
    }
  }

  private static final List<DynCase> DYNS =
      List.of(
          new DynCase(new long[] {5}, new long[] {1}, new long[] {3}),
          new DynCase(new long[] {5}, new long[] {4}, new long[] {3}),
          new DynCase(new long[] {4, 3}, new long[] {-1, 1}, new long[] {2, 2}),
          new DynCase(new long[] {3, 2}, new long[] {1, 7}, new long[] {0, 2}),
          new DynCase(new long[] {}, new long[] {}, new long[] {}));

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F32", "F64", "I32", "I64", "BOOL"})
  void dynamicSliceMatchesLibtorch(DType dtype) {
    for (DynCase c : DYNS) {
      for (DType idx : List.of(DType.I32, DType.I64)) {
        Array x = random(rng, dtype, c.shape);
        Array y = DynamicSliceOps.dynamicSlice(x, c.startArrays(idx), c.sizes);
        Comparison.assertClose("result", c.window(T2J.j2t(x)).contiguous(), y, 0);
      }
    }
  }

  @Test
  void dynamicSliceVjpAndBatch() {
    Primitive p = DynamicSliceOps.DYNAMIC_SLICE;
    for (DynCase c : DYNS) {
      Params params = Params.of("slice_sizes", c.sizes);
      List<Array> in = new ArrayList<>();
      in.add(random(rng, DType.F64, c.shape));
      in.addAll(c.startArrays(DType.I32));
      List<Array> cts = randomCotangents(rng, p, params, in);
      List<Array> grads = checkVjpNumerically(p, params, in, cts, 1e-7);
      checkGradsAgainstTorch(in, cts.getFirst(), grads, ts -> c.window(ts.getFirst()), 1e-12);
      checkBatchEverywhere(
          p,
          params,
          3,
          i ->
              i == 0
                  ? random(rng, DType.F32, c.shape)
                  : randomInts(rng, DType.I32, -1, c.shape[i - 1] + 1),
          1 + c.starts.length);
    }
  }

  @Test
  void dynamicSliceErrors() {
    Primitive p = DynamicSliceOps.DYNAMIC_SLICE;
    Params sizes = Params.of("slice_sizes", new long[] {2});
    assertRejects(p, sizes, aval(DType.F32, 3));
    assertRejects(p, sizes, aval(DType.F32, 3), aval(DType.F32));
    assertRejects(p, sizes, aval(DType.F32, 3), aval(DType.I32, 1));
    assertRejects(p, Params.of("slice_sizes", new long[] {4}), aval(DType.F32, 3), aval(DType.I32));
    assertRejects(
        p,
        Params.of("slice_sizes", new long[] {1, 1}),
        aval(DType.F32, 3, 3),
        aval(DType.I32),
        aval(DType.I64));
  }

  private static Tensor updated(DynCase c, Tensor x, Tensor u) {
    Tensor out = x.clone();
    c.window(out).copy_(u);
    return out;
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F32", "F64", "I32", "I64", "BOOL"})
  void dynamicUpdateSliceMatchesLibtorch(DType dtype) {
    for (DynCase c : DYNS) {
      Array x = random(rng, dtype, c.shape);
      Array u = random(rng, dtype, c.sizes);
      Array y = DynamicSliceOps.dynamicUpdateSlice(x, u, c.startArrays(DType.I64));
      Comparison.assertClose("result", updated(c, T2J.j2t(x), T2J.j2t(u)), y, 0);
    }
  }

  @Test
  void dynamicUpdateSliceVjpAndBatch() {
    Primitive p = DynamicSliceOps.DYNAMIC_UPDATE_SLICE;
    for (DynCase c : DYNS) {
      List<Array> in = new ArrayList<>();
      in.add(random(rng, DType.F64, c.shape));
      in.add(random(rng, DType.F64, c.sizes));
      in.addAll(c.startArrays(DType.I32));
      List<Array> cts = randomCotangents(rng, p, Params.EMPTY, in);
      List<Array> grads = checkVjpNumerically(p, Params.EMPTY, in, cts, 1e-7);
      checkGradsAgainstTorch(
          in, cts.getFirst(), grads, ts -> updated(c, ts.get(0), ts.get(1)), 1e-12);
      checkBatchEverywhere(
          p,
          Params.EMPTY,
          3,
          i ->
              switch (i) {
                case 0 -> random(rng, DType.F32, c.shape);
                case 1 -> random(rng, DType.F32, c.sizes);
                default -> randomInts(rng, DType.I32, -1, c.shape[i - 2] + 1);
              },
          2 + c.starts.length);
    }
  }

  @Test
  void dynamicUpdateSliceErrors() {
    Primitive p = DynamicSliceOps.DYNAMIC_UPDATE_SLICE;
    assertRejects(p, Params.EMPTY, aval(DType.F32, 3), aval(DType.F32, 4), aval(DType.I32));
    assertRejects(p, Params.EMPTY, aval(DType.F32, 3), aval(DType.F64, 2), aval(DType.I32));
    assertRejects(p, Params.EMPTY, aval(DType.F32, 3), aval(DType.F32, 2));
    assertRejects(p, Params.EMPTY, aval(DType.F32, 3), aval(DType.F32, 1, 1), aval(DType.I32));
  }

  // ---- concatenate --------------------------------------------------------------------------

  private record CatCase(long[][] shapes, long dim) {
    Params params() {
      return Params.of("dimension", dim);
    }

    Tensor torch(List<Tensor> ts) {
      return org.bytedeco.pytorch.global.torch.cat(
          new TensorVector(ts.toArray(new Tensor[0])), dim);
    }
  }

  private static final List<CatCase> CATS =
      List.of(
          new CatCase(new long[][] {{2, 3}, {1, 3}, {0, 3}}, 0),
          new CatCase(new long[][] {{2, 1}, {2, 3}}, 1),
          new CatCase(new long[][] {{3}}, 0),
          new CatCase(new long[][] {{1, 2, 2}, {1, 1, 2}, {1, 3, 2}}, 1));

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F32", "F64", "I32", "I64", "BOOL"})
  void concatenateMatchesLibtorch(DType dtype) {
    for (CatCase c : CATS) {
      List<Array> xs = new ArrayList<>();
      List<Tensor> ts = new ArrayList<>();
      for (long[] s : c.shapes) {
        Array x = random(rng, dtype, s);
        xs.add(x);
        ts.add(T2J.j2t(x));
      }
      Comparison.assertClose(
          "result", c.torch(ts), ShapeOps.CONCATENATE.bind(c.params(), xs).getFirst(), 0);
    }
  }

  @Test
  void concatenateVjpAndBatch() {
    for (CatCase c : CATS) {
      List<Array> in = new ArrayList<>();
      for (long[] s : c.shapes) {
        in.add(random(rng, DType.F64, s));
      }
      List<Array> cts = randomCotangents(rng, ShapeOps.CONCATENATE, c.params(), in);
      List<Array> grads = checkVjpNumerically(ShapeOps.CONCATENATE, c.params(), in, cts, 1e-7);
      checkGradsAgainstTorch(in, cts.getFirst(), grads, c::torch, 1e-12);
      checkBatchEverywhere(
          ShapeOps.CONCATENATE,
          c.params(),
          2,
          i -> random(rng, DType.F32, c.shapes[i]),
          c.shapes.length);
    }
  }

  @Test
  void concatenateErrors() {
    Primitive p = ShapeOps.CONCATENATE;
    assertRejects(p, Params.of("dimension", 0L));
    assertRejects(p, Params.of("dimension", 1L), aval(DType.F32, 2), aval(DType.F32, 2));
    assertRejects(p, Params.of("dimension", 0L), aval(DType.F32, 2, 3), aval(DType.F32, 2, 2));
    assertRejects(p, Params.of("dimension", 0L), aval(DType.F32, 2), aval(DType.I32, 2));
    assertRejects(p, Params.of("dimension", 0L), aval(DType.F32));
  }

  // ---- pad ----------------------------------------------------------------------------------

  private record PadCase(long[] shape, long[] low, long[] high, long[] interior) {
    Params params() {
      return Params.of("low", low, "high", high, "interior", interior);
    }

    /** libtorch's constant_pad_nd, which has no interior padding: last dimension first. */
    Tensor torch(Tensor x, Tensor value) {
      long[] pad = new long[2 * shape.length];
      for (int d = 0; d < shape.length; d++) {
        pad[2 * (shape.length - 1 - d)] = low[d];
        pad[2 * (shape.length - 1 - d) + 1] = high[d];
      }
      Tensor padded = torch.constant_pad_nd(x, pad, new Scalar(0.0));
      Tensor mask =
          torch.constant_pad_nd(
              x.detach().mul(new Scalar(0.0)).add(new Scalar(1.0)), pad, new Scalar(0.0));
      return padded.add(value.mul(mask.neg().add(new Scalar(1.0))));
    }

    /** A host reference with interior padding. */
    double[] reference(double[] x, double value) {
      int r = shape.length;
      long[] out = new long[r];
      for (int d = 0; d < r; d++) {
        out[d] = low[d] + high[d] + shape[d] + Math.max(shape[d] - 1, 0) * interior[d];
      }
      double[] result = new double[(int) Shapes.size(out)];
      for (int flat = 0; flat < result.length; flat++) {
        long rem = flat;
        long src = 0;
        boolean inside = true;
        for (int d = r - 1; d >= 0; d--) {
          long o = rem % out[d];
          rem /= out[d];
          long pos = o - low[d];
          long step = interior[d] + 1;
          long i = pos / step;
          inside &= pos >= 0 && pos % step == 0 && i < shape[d];
          long stride = Shapes.size(java.util.Arrays.copyOfRange(shape, d + 1, r));
          src += i * stride;
        }
        result[flat] = inside ? x[(int) src] : value;
      }
      return result;
    }
  }

  private static final List<PadCase> PADS =
      List.of(
          new PadCase(new long[] {3}, new long[] {1}, new long[] {2}, new long[] {0}),
          new PadCase(new long[] {2, 3}, new long[] {-1, 2}, new long[] {1, -1}, new long[] {0, 0}),
          new PadCase(new long[] {}, new long[] {}, new long[] {}, new long[] {}),
          new PadCase(new long[] {3}, new long[] {1}, new long[] {0}, new long[] {2}),
          new PadCase(new long[] {2, 3}, new long[] {0, -2}, new long[] {1, -1}, new long[] {1, 1}),
          new PadCase(new long[] {0, 2}, new long[] {1, 0}, new long[] {0, 1}, new long[] {3, 0}));

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F32", "F64", "I32", "I64", "BOOL"})
  void padMatchesReferenceAndLibtorch(DType dtype) {
    for (PadCase c : PADS) {
      Array x = random(rng, dtype, c.shape);
      Array v = random(rng, dtype);
      Array y = ShapeOps.pad(x, v, c.low, c.high, c.interior);
      Comparison.assertValues(
          "values", c.reference(x.toDoubleArray(), v.toDoubleArray()[0]), y.toDoubleArray(), 0);
      boolean noInterior = java.util.Arrays.stream(c.interior).allMatch(i -> i == 0);
      if (noInterior && dtype == DType.F64) {
        Comparison.assertClose("result", c.torch(T2J.j2t(x), T2J.j2t(v)), y, 1e-15);
      }
    }
  }

  @Test
  void padVjpAndBatch() {
    Primitive p = ShapeOps.PAD;
    for (PadCase c : PADS) {
      List<Array> in = List.of(random(rng, DType.F64, c.shape), random(rng, DType.F64));
      List<Array> cts = randomCotangents(rng, p, c.params(), in);
      List<Array> grads = checkVjpNumerically(p, c.params(), in, cts, 1e-7);
      if (java.util.Arrays.stream(c.interior).allMatch(i -> i == 0)) {
        checkGradsAgainstTorch(
            in, cts.getFirst(), grads, ts -> c.torch(ts.get(0), ts.get(1)), 1e-12);
      }
      checkBatchEverywhere(
          p, c.params(), 3, i -> random(rng, DType.F32, i == 0 ? c.shape : new long[0]), 2);
    }
  }

  @Test
  void padErrors() {
    Primitive p = ShapeOps.PAD;
    Params one =
        new PadCase(new long[] {3}, new long[] {1}, new long[] {1}, new long[] {0}).params();
    assertRejects(p, one, aval(DType.F32, 3), aval(DType.F64));
    assertRejects(p, one, aval(DType.F32, 3), aval(DType.F32, 1));
    assertRejects(p, one, aval(DType.F32, 3, 3), aval(DType.F32));
    assertRejects(
        p,
        new PadCase(new long[] {3}, new long[] {-3}, new long[] {-1}, new long[] {0}).params(),
        aval(DType.F32, 3),
        aval(DType.F32));
    assertRejects(
        p,
        new PadCase(new long[] {3}, new long[] {0}, new long[] {0}, new long[] {-1}).params(),
        aval(DType.F32, 3),
        aval(DType.F32));
  }

  @Test
  void apiShortcutsReturnTheOperand() {
    Array x = random(rng, DType.F32, 2, 3);
    assertArrayEquals(x.toBytes(), ShapeOps.concatenate(List.of(x), 0).toBytes());
    Function<Array, Array> s = a -> ShapeOps.slice(a, new long[] {0, 1}, new long[] {2, 3});
    assertArrayEquals(new long[] {2, 2}, s.apply(x).shape());
  }
}
