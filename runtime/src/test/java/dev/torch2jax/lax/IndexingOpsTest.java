package dev.torch2jax.lax;

import static dev.torch2jax.lax.PrimitiveChecks.assertRejects;
import static dev.torch2jax.lax.PrimitiveChecks.aval;
import static dev.torch2jax.lax.PrimitiveChecks.checkBatchEverywhere;
import static dev.torch2jax.lax.PrimitiveChecks.checkGradsAgainstTorch;
import static dev.torch2jax.lax.PrimitiveChecks.checkVjpNumerically;
import static dev.torch2jax.lax.PrimitiveChecks.randomCotangents;
import static dev.torch2jax.lax.ShapeIndexingTesting.ints;
import static dev.torch2jax.lax.ShapeIndexingTesting.random;
import static dev.torch2jax.lax.ShapeIndexingTesting.randomInts;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.hlo.GatherDimensionNumbers;
import dev.torch2jax.hlo.ScatterDimensionNumbers;
import dev.torch2jax.opinfo.Comparison;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.T2J;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** gather, scatter and scatter_add with general dimension numbers against libtorch. */
class IndexingOpsTest {
  private static final long[] NONE = {};
  private final Random rng = new Random(5);

  /**
   * A gather case: operand shape, an index generator, dimension numbers and slice sizes, and the
   * libtorch equivalent of (operand, indices).
   */
  private record GatherCase(
      String name,
      long[] shape,
      Supplier<Array> indices,
      GatherDimensionNumbers dn,
      long[] sliceSizes,
      BiFunction<Tensor, Tensor, Tensor> torch) {
    Params params() {
      return IndexingOps.gatherParams(dn, sliceSizes);
    }
  }

  private List<GatherCase> gatherCases(DType idx) {
    return List.of(
        // torch.gather(x, 1, idx): batching dims pair the rows
        new GatherCase(
            "take_along_axis",
            new long[] {3, 4},
            () -> randomInts(rng, idx, 0, 4, 3, 2),
            new GatherDimensionNumbers(
                NONE, new long[] {1}, new long[] {0}, new long[] {0}, new long[] {1}, 2),
            new long[] {1, 1},
            (x, i) -> x.gather(1, i)),
        // x[idx] along axis 0: embedding lookup, repeated indices
        new GatherCase(
            "index_select",
            new long[] {5, 3},
            () -> randomInts(rng, idx, 0, 5, 4),
            GatherDimensionNumbers.of(new long[] {1}, new long[] {0}, new long[] {0}, 1),
            new long[] {1, 3},
            (x, i) -> x.index_select(0, i)),
        // x[i, j] with index vectors along the last axis
        new GatherCase(
            "point_lookup",
            new long[] {4, 5},
            () -> randomInts(rng, idx, 0, 4, 3, 2),
            GatherDimensionNumbers.of(NONE, new long[] {0, 1}, new long[] {0, 1}, 1),
            new long[] {1, 1},
            (x, i) -> {
              Tensor rows = i.select(1, 0);
              Tensor cols = i.select(1, 1);
              return x.reshape(-1)
                  .index_select(0, rows.mul(new org.bytedeco.pytorch.Scalar(5)).add(cols));
            }),
        // windows of 3 whose starts are clamped into range
        new GatherCase(
            "clamped_windows",
            new long[] {6},
            () -> randomInts(rng, idx, -2, 8, 4, 1),
            GatherDimensionNumbers.of(new long[] {1}, NONE, new long[] {0}, 1),
            new long[] {3},
            (x, i) -> {
              long[] starts = OpInfo.values(i).length == 0 ? new long[0] : toLongs(i);
              List<Tensor> rows = new ArrayList<>();
              for (long s : starts) {
                rows.add(x.narrow(0, Math.max(0, Math.min(s, 3)), 3).unsqueeze(0));
              }
              return torch.cat(new TensorVector(rows.toArray(new Tensor[0])), 0);
            }),
        // a 0-d index: x[i]
        new GatherCase(
            "scalar_index",
            new long[] {5},
            () -> randomInts(rng, idx, 0, 5),
            GatherDimensionNumbers.of(NONE, new long[] {0}, new long[] {0}, 0),
            new long[] {1},
            (x, i) -> x.select(0, toLongs(i)[0])));
  }

  private static long[] toLongs(Tensor t) {
    double[] v = OpInfo.values(t);
    long[] out = new long[v.length];
    for (int k = 0; k < v.length; k++) {
      out[k] = (long) v[k];
    }
    return out;
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F32", "F64", "I32", "I64", "BOOL"})
  void gatherMatchesLibtorch(DType dtype) {
    for (DType idx : List.of(DType.I32, DType.I64)) {
      for (GatherCase c : gatherCases(idx)) {
        Array x = random(rng, dtype, c.shape);
        Array i = c.indices.get();
        Array y = IndexingOps.gather(x, i, c.dn, c.sliceSizes);
        Comparison.assertClose(
            "result",
            c.torch.apply(T2J.j2t(x), T2J.j2t(i).to(torch.ScalarType.Long)).contiguous(),
            y,
            0);
      }
    }
  }

  @Test
  void gatherVjpAndBatch() {
    for (GatherCase c : gatherCases(DType.I64)) {
      List<Array> in = List.of(random(rng, DType.F64, c.shape), c.indices.get());
      List<Array> cts = randomCotangents(rng, IndexingOps.GATHER, c.params(), in);
      List<Array> grads = checkVjpNumerically(IndexingOps.GATHER, c.params(), in, cts, 1e-7);
      checkGradsAgainstTorch(
          in, cts.getFirst(), grads, ts -> c.torch.apply(ts.get(0), ts.get(1)), 1e-12);
      checkBatchEverywhere(
          IndexingOps.GATHER,
          c.params(),
          3,
          k -> k == 0 ? random(rng, DType.F32, c.shape) : c.indices.get(),
          2);
    }
  }

  @Test
  void gatherErrors() {
    Primitive p = IndexingOps.GATHER;
    Params params =
        IndexingOps.gatherParams(
            GatherDimensionNumbers.of(new long[] {1}, new long[] {0}, new long[] {0}, 1),
            new long[] {1, 3});
    assertRejects(p, params, aval(DType.F32, 5, 3), aval(DType.F32, 4));
    assertRejects(p, params, aval(DType.F32, 5, 2), aval(DType.I32, 4));
    assertRejects(p, params, aval(DType.F32, 5, 3, 1), aval(DType.I32, 4));
    IllegalArgumentException e =
        assertRejects(
            p,
            IndexingOps.gatherParams(
                GatherDimensionNumbers.of(new long[] {1}, new long[] {0}, new long[] {0}, 1),
                new long[] {2, 3}),
            aval(DType.F32, 5, 3),
            aval(DType.I32, 4));
    assertTrue(e.getMessage().contains("f32[5,3]"), e.getMessage());
  }

  // ---- scatter and scatter_add --------------------------------------------------------------

  /**
   * A scatter case: operand shape, index generator, update shape, dimension numbers, and a host
   * reference {@code (operand, indices, updates, add) -> result}.
   */
  private record ScatterCase(
      String name,
      long[] shape,
      Supplier<Array> indices,
      long[] updateShape,
      ScatterDimensionNumbers dn,
      boolean unique,
      TorchScatter torch) {
    Params params() {
      return IndexingOps.scatterParams(dn);
    }
  }

  /** libtorch's version: (operand, indices as int64, updates, add?) to the result. */
  @FunctionalInterface
  private interface TorchScatter {
    Tensor apply(Tensor x, Tensor idx, Tensor updates, boolean add);
  }

  /** A random permutation prefix of {@code k} of {@code 0..n-1}, per row. */
  private Array uniqueRows(DType idx, int rows, int n, int k) {
    long[] d = new long[rows * k];
    for (int r = 0; r < rows; r++) {
      List<Long> perm = new ArrayList<>();
      for (long v = 0; v < n; v++) {
        perm.add(v);
      }
      java.util.Collections.shuffle(perm, rng);
      for (int j = 0; j < k; j++) {
        d[r * k + j] = perm.get(j);
      }
    }
    return rows == 1 ? ints(idx, d, k) : ints(idx, d, rows, k);
  }

  private List<ScatterCase> scatterCases(DType idx, boolean unique) {
    return List.of(
        // x.scatter_add(1, idx, src): batching dims pair the rows
        new ScatterCase(
            "along_axis",
            new long[] {3, 4},
            () -> unique ? uniqueRows(idx, 3, 4, 2) : randomInts(rng, idx, 0, 4, 3, 2),
            new long[] {3, 2},
            new ScatterDimensionNumbers(
                NONE, new long[] {1}, new long[] {0}, new long[] {0}, new long[] {1}, 2),
            unique,
            (x, i, u, add) -> add ? x.scatter_add(1, i, u) : x.scatter(1, i, u)),
        // index_add / index_copy along axis 0 (rows of 3)
        new ScatterCase(
            "rows",
            new long[] {5, 3},
            () -> unique ? uniqueRows(idx, 1, 5, 4) : randomInts(rng, idx, 0, 5, 4),
            new long[] {4, 3},
            ScatterDimensionNumbers.of(new long[] {1}, new long[] {0}, new long[] {0}, 1),
            unique,
            (x, i, u, add) -> {
              Tensor full = i.unsqueeze(1).expand(4, 3).contiguous();
              return add ? x.scatter_add(0, full, u) : x.scatter(0, full, u);
            }),
        // a 0-d index and update
        new ScatterCase(
            "scalar",
            new long[] {4},
            () -> randomInts(rng, idx, 0, 4),
            new long[] {},
            ScatterDimensionNumbers.of(NONE, new long[] {0}, new long[] {0}, 0),
            unique,
            (x, i, u, add) -> {
              Tensor i1 = i.reshape(1);
              Tensor u1 = u.reshape(1);
              return add ? x.scatter_add(0, i1, u1) : x.scatter(0, i1, u1);
            }));
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F32", "F64", "I32", "I64"})
  void scatterAddMatchesLibtorch(DType dtype) {
    for (DType idx : List.of(DType.I32, DType.I64)) {
      for (ScatterCase c : scatterCases(idx, false)) {
        Array x = random(rng, dtype, c.shape);
        Array i = c.indices.get();
        Array u = random(rng, dtype, c.updateShape);
        Array y = IndexingOps.scatterAdd(x, i, u, c.dn);
        Tensor expected =
            c.torch.apply(T2J.j2t(x), T2J.j2t(i).to(torch.ScalarType.Long), T2J.j2t(u), true);
        Comparison.assertClose("result", expected, y, dtype == DType.F32 ? 1e-6 : 1e-12);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F32", "F64", "I32", "I64", "BOOL"})
  void scatterMatchesLibtorchForUniqueIndices(DType dtype) {
    for (ScatterCase c : scatterCases(DType.I32, true)) {
      Array x = random(rng, dtype, c.shape);
      Array i = c.indices.get();
      Array u = random(rng, dtype, c.updateShape);
      Array y = IndexingOps.scatter(x, i, u, c.dn);
      Tensor expected =
          c.torch.apply(T2J.j2t(x), T2J.j2t(i).to(torch.ScalarType.Long), T2J.j2t(u), false);
      Comparison.assertClose("result", expected, y, 0);
    }
  }

  @Test
  void outOfRangeWindowsAreSkipped() {
    ScatterDimensionNumbers dn =
        ScatterDimensionNumbers.of(NONE, new long[] {0}, new long[] {0}, 1);
    Array x = ShapeIndexingTesting.f64(new double[] {1, 2, 3, 4, 5}, 5);
    Array i = ints(DType.I64, new long[] {-1, 2, 5, 4, 2}, 5);
    Array u = ShapeIndexingTesting.f64(new double[] {10, 20, 30, 40, 50}, 5);
    Comparison.assertValues(
        "values",
        new double[] {1, 2, 73, 4, 45},
        IndexingOps.scatterAdd(x, i, u, dn).toDoubleArray(),
        0);
    double[] replaced = IndexingOps.scatter(x, i, u, dn).toDoubleArray();
    Comparison.assertValues("values", new double[] {1, 2, replaced[2], 4, 40}, replaced, 0);
    assertTrue(replaced[2] == 20 || replaced[2] == 50, "one of the updates wins");
    // the VJPs give skipped updates no cotangent, and only the winning one of a repeated index
    for (Primitive p : List.of(IndexingOps.SCATTER_ADD, IndexingOps.SCATTER)) {
      List<Array> in = List.of(x, i, u);
      List<Array> cts = randomCotangents(rng, p, IndexingOps.scatterParams(dn), in);
      checkVjpNumerically(p, IndexingOps.scatterParams(dn), in, cts, 1e-7);
    }
  }

  @Test
  void scatterAddVjpAndBatch() {
    Primitive p = IndexingOps.SCATTER_ADD;
    for (ScatterCase c : scatterCases(DType.I64, false)) {
      List<Array> in =
          List.of(
              random(rng, DType.F64, c.shape),
              c.indices.get(),
              random(rng, DType.F64, c.updateShape));
      List<Array> cts = randomCotangents(rng, p, c.params(), in);
      List<Array> grads = checkVjpNumerically(p, c.params(), in, cts, 1e-7);
      checkGradsAgainstTorch(
          in,
          cts.getFirst(),
          grads,
          ts -> c.torch.apply(ts.get(0), ts.get(1), ts.get(2), true),
          1e-12);
      checkBatchEverywhere(p, c.params(), 3, k -> scatterInput(c, k, DType.F32), 3);
    }
  }

  @Test
  void scatterVjpAndBatch() {
    Primitive p = IndexingOps.SCATTER;
    for (boolean unique : List.of(true, false)) {
      for (ScatterCase c : scatterCases(DType.I64, unique)) {
        List<Array> in =
            List.of(
                random(rng, DType.F64, c.shape),
                c.indices.get(),
                random(rng, DType.F64, c.updateShape));
        List<Array> cts = randomCotangents(rng, p, c.params(), in);
        // With repeated indices this checks that only the winning update gets a cotangent.
        List<Array> grads = checkVjpNumerically(p, c.params(), in, cts, 1e-7);
        if (unique) {
          checkGradsAgainstTorch(
              in,
              cts.getFirst(),
              grads,
              ts -> c.torch.apply(ts.get(0), ts.get(1), ts.get(2), false),
              1e-12);
        }
        checkBatchEverywhere(p, c.params(), 3, k -> scatterInput(c, k, DType.I32), 3);
      }
    }
  }

  private Array scatterInput(ScatterCase c, int k, DType dtype) {
    return switch (k) {
      case 0 -> random(rng, dtype, c.shape);
      case 1 -> c.indices.get();
      default -> random(rng, dtype, c.updateShape);
    };
  }

  @Test
  void scatterErrors() {
    Params params =
        IndexingOps.scatterParams(
            ScatterDimensionNumbers.of(new long[] {1}, new long[] {0}, new long[] {0}, 1));
    for (Primitive p : List.of(IndexingOps.SCATTER, IndexingOps.SCATTER_ADD)) {
      assertRejects(p, params, aval(DType.F32, 5, 3), aval(DType.I32, 4), aval(DType.F64, 4, 3));
      assertRejects(p, params, aval(DType.F32, 5, 3), aval(DType.F32, 4), aval(DType.F32, 4, 3));
      assertRejects(p, params, aval(DType.F32, 5, 3), aval(DType.I32, 4), aval(DType.F32, 3, 3));
      assertRejects(p, params, aval(DType.F32, 5, 3), aval(DType.I32, 4), aval(DType.F32, 4, 4));
      assertRejects(p, params, aval(DType.F32, 5), aval(DType.I32, 4), aval(DType.F32, 4, 1));
    }
  }
}
