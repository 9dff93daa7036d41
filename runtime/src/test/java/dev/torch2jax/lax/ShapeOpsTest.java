package dev.torch2jax.lax;

import static dev.torch2jax.lax.PrimitiveChecks.assertRejects;
import static dev.torch2jax.lax.PrimitiveChecks.aval;
import static dev.torch2jax.lax.PrimitiveChecks.checkBatchEverywhere;
import static dev.torch2jax.lax.PrimitiveChecks.checkGradsAgainstTorch;
import static dev.torch2jax.lax.PrimitiveChecks.checkVjpNumerically;
import static dev.torch2jax.lax.PrimitiveChecks.randomCotangents;
import static dev.torch2jax.lax.ShapeIndexingTesting.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.PrimitiveRules;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.opinfo.Comparison;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.T2J;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * broadcast_in_dim, reshape, transpose, squeeze, expand_dims, rev and iota: forward against
 * libtorch, VJP against finite differences and autograd, batching against a loop, shape errors.
 */
class ShapeOpsTest {
  private final Random rng = new Random(7);

  /** A single-operand op case: operand shape, params, the libtorch equivalent. */
  private record Case(long[] shape, Params params, Function<Tensor, Tensor> torch) {}

  private void checkForward(Primitive p, DType dtype, List<Case> cases) {
    for (Case c : cases) {
      Array x = random(rng, dtype, c.shape);
      Array y = p.bind1(c.params, x);
      Comparison.assertClose("result", c.torch.apply(T2J.j2t(x)), y, 0);
    }
  }

  private void checkVjpAndBatch(Primitive p, Case c) {
    Array x = random(rng, DType.F64, c.shape);
    List<Array> in = List.of(x);
    List<Array> cts = randomCotangents(rng, p, c.params, in);
    List<Array> grads = checkVjpNumerically(p, c.params, in, cts, 1e-7);
    checkGradsAgainstTorch(in, cts.getFirst(), grads, ts -> c.torch.apply(ts.getFirst()), 1e-12);
    checkBatchEverywhere(p, c.params, 3, i -> random(rng, DType.I32, c.shape), 1);
  }

  // ---- broadcast_in_dim ---------------------------------------------------------------------

  /** Reshape to the result rank with 1s, then expand: libtorch's broadcast_in_dim. */
  private static Case broadcast(long[] from, long[] to, long[] dims) {
    long[] aligned = new long[to.length];
    java.util.Arrays.fill(aligned, 1);
    for (int i = 0; i < dims.length; i++) {
      aligned[(int) dims[i]] = from[i];
    }
    return new Case(
        from,
        Params.of("shape", to, "broadcast_dimensions", dims),
        t -> t.reshape(aligned).expand(to).contiguous());
  }

  private static List<Case> broadcastCases() {
    return List.of(
        broadcast(new long[] {3}, new long[] {2, 3}, new long[] {1}),
        broadcast(new long[] {3}, new long[] {3, 2}, new long[] {0}),
        broadcast(new long[] {3, 1}, new long[] {3, 4}, new long[] {0, 1}),
        broadcast(new long[] {}, new long[] {2, 2}, new long[] {}),
        broadcast(new long[] {0, 1}, new long[] {2, 0, 3}, new long[] {1, 2}));
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F32", "F64", "I32", "I64", "BOOL"})
  void broadcastInDimMatchesLibtorch(DType dtype) {
    checkForward(ShapeOps.BROADCAST_IN_DIM, dtype, broadcastCases());
  }

  @Test
  void broadcastInDimVjpAndBatch() {
    for (Case c : broadcastCases()) {
      checkVjpAndBatch(ShapeOps.BROADCAST_IN_DIM, c);
    }
  }

  @Test
  void broadcastInDimErrors() {
    Primitive p = ShapeOps.BROADCAST_IN_DIM;
    assertRejects(
        p,
        Params.of("shape", new long[] {2, 4}, "broadcast_dimensions", new long[] {1}),
        aval(DType.F32, 3));
    assertRejects(
        p,
        Params.of("shape", new long[] {3, 3}, "broadcast_dimensions", new long[] {1, 0}),
        aval(DType.F32, 3, 3));
    assertRejects(
        p,
        Params.of("shape", new long[] {3}, "broadcast_dimensions", new long[] {}),
        aval(DType.F32, 3));
  }

  // ---- reshape ------------------------------------------------------------------------------

  private static List<Case> reshapeCases() {
    return List.of(
        new Case(
            new long[] {2, 3}, Params.of("new_sizes", new long[] {3, 2}), t -> t.reshape(3, 2)),
        new Case(new long[] {2, 3, 2}, Params.of("new_sizes", new long[] {12}), t -> t.reshape(12)),
        new Case(new long[] {1}, Params.of("new_sizes", new long[] {}), t -> t.reshape()),
        new Case(new long[] {}, Params.of("new_sizes", new long[] {1, 1}), t -> t.reshape(1, 1)),
        new Case(
            new long[] {0, 3}, Params.of("new_sizes", new long[] {3, 0}), t -> t.reshape(3, 0)));
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F32", "F64", "I32", "I64", "BOOL"})
  void reshapeMatchesLibtorch(DType dtype) {
    checkForward(ShapeOps.RESHAPE, dtype, reshapeCases());
  }

  @Test
  void reshapeVjpAndBatch() {
    for (Case c : reshapeCases()) {
      checkVjpAndBatch(ShapeOps.RESHAPE, c);
    }
  }

  @Test
  void reshapeErrors() {
    assertRejects(ShapeOps.RESHAPE, Params.of("new_sizes", new long[] {4}), aval(DType.F32, 2, 3));
  }

  // ---- transpose ----------------------------------------------------------------------------

  private static List<Case> transposeCases() {
    return List.of(
        new Case(
            new long[] {2, 3},
            Params.of("permutation", new long[] {1, 0}),
            t -> t.permute(1, 0).contiguous()),
        new Case(
            new long[] {2, 3, 4},
            Params.of("permutation", new long[] {2, 0, 1}),
            t -> t.permute(2, 0, 1).contiguous()),
        new Case(new long[] {}, Params.of("permutation", new long[] {}), t -> t),
        new Case(
            new long[] {0, 2},
            Params.of("permutation", new long[] {1, 0}),
            t -> t.permute(1, 0).contiguous()));
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F32", "F64", "I32", "I64", "BOOL"})
  void transposeMatchesLibtorch(DType dtype) {
    checkForward(ShapeOps.TRANSPOSE, dtype, transposeCases());
  }

  @Test
  void transposeVjpAndBatch() {
    for (Case c : transposeCases()) {
      checkVjpAndBatch(ShapeOps.TRANSPOSE, c);
    }
  }

  @Test
  void transposeErrors() {
    assertRejects(
        ShapeOps.TRANSPOSE, Params.of("permutation", new long[] {0, 0}), aval(DType.F32, 2, 2));
    assertRejects(
        ShapeOps.TRANSPOSE, Params.of("permutation", new long[] {0}), aval(DType.F32, 2, 2));
  }

  // ---- squeeze and expand_dims --------------------------------------------------------------

  private static List<Case> squeezeCases() {
    return List.of(
        new Case(new long[] {1, 3}, Params.of("dimensions", new long[] {0}), t -> t.squeeze(0)),
        new Case(
            new long[] {2, 1, 3, 1},
            Params.of("dimensions", new long[] {3, 1}),
            t -> t.reshape(2, 3)),
        new Case(new long[] {1}, Params.of("dimensions", new long[] {0}), t -> t.reshape()),
        new Case(new long[] {0, 1}, Params.of("dimensions", new long[] {1}), t -> t.squeeze(1)));
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F32", "F64", "I32", "I64", "BOOL"})
  void squeezeMatchesLibtorch(DType dtype) {
    checkForward(ShapeOps.SQUEEZE, dtype, squeezeCases());
  }

  @Test
  void squeezeVjpAndBatch() {
    for (Case c : squeezeCases()) {
      checkVjpAndBatch(ShapeOps.SQUEEZE, c);
    }
  }

  @Test
  void squeezeErrors() {
    assertRejects(ShapeOps.SQUEEZE, Params.of("dimensions", new long[] {0}), aval(DType.F32, 2, 1));
    assertRejects(ShapeOps.SQUEEZE, Params.of("dimensions", new long[] {2}), aval(DType.F32, 2, 1));
    assertRejects(
        ShapeOps.SQUEEZE, Params.of("dimensions", new long[] {1, 1}), aval(DType.F32, 2, 1));
  }

  private static List<Case> expandDimsCases() {
    return List.of(
        new Case(new long[] {3}, Params.of("dimensions", new long[] {0}), t -> t.unsqueeze(0)),
        new Case(
            new long[] {2, 3},
            Params.of("dimensions", new long[] {3, 1}),
            t -> t.unsqueeze(1).unsqueeze(3)),
        new Case(new long[] {}, Params.of("dimensions", new long[] {0, 1}), t -> t.reshape(1, 1)),
        new Case(new long[] {0}, Params.of("dimensions", new long[] {1}), t -> t.unsqueeze(1)));
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F32", "F64", "I32", "I64", "BOOL"})
  void expandDimsMatchesLibtorch(DType dtype) {
    checkForward(ShapeOps.EXPAND_DIMS, dtype, expandDimsCases());
  }

  @Test
  void expandDimsVjpAndBatch() {
    for (Case c : expandDimsCases()) {
      checkVjpAndBatch(ShapeOps.EXPAND_DIMS, c);
    }
  }

  @Test
  void expandDimsErrors() {
    assertRejects(
        ShapeOps.EXPAND_DIMS, Params.of("dimensions", new long[] {3}), aval(DType.F32, 2));
    assertRejects(
        ShapeOps.EXPAND_DIMS, Params.of("dimensions", new long[] {0, 0}), aval(DType.F32, 2));
  }

  // ---- rev ----------------------------------------------------------------------------------

  private static List<Case> revCases() {
    return List.of(
        new Case(new long[] {5}, Params.of("dimensions", new long[] {0}), t -> torch.flip(t, 0)),
        new Case(
            new long[] {2, 3, 2},
            Params.of("dimensions", new long[] {2, 0}),
            t -> torch.flip(t, 2, 0)),
        new Case(new long[] {2, 3}, Params.of("dimensions", new long[] {}), t -> t),
        new Case(
            new long[] {0, 2}, Params.of("dimensions", new long[] {1}), t -> torch.flip(t, 1)));
  }

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F32", "F64", "I32", "I64", "BOOL"})
  void revMatchesLibtorch(DType dtype) {
    checkForward(ShapeOps.REV, dtype, revCases());
  }

  @Test
  void revVjpAndBatch() {
    for (Case c : revCases()) {
      checkVjpAndBatch(ShapeOps.REV, c);
    }
  }

  @Test
  void revErrors() {
    assertRejects(ShapeOps.REV, Params.of("dimensions", new long[] {2}), aval(DType.F32, 2, 2));
    assertRejects(ShapeOps.REV, Params.of("dimensions", new long[] {1, 1}), aval(DType.F32, 2, 2));
  }

  // ---- iota ---------------------------------------------------------------------------------

  @ParameterizedTest
  @EnumSource(
      value = DType.class,
      names = {"F32", "F64", "I32", "I64"})
  void iotaMatchesLibtorch(DType dtype) {
    long[][] shapes = {{5}, {2, 3}, {2, 3, 4}, {0, 3}};
    for (long[] shape : shapes) {
      for (int dim = 0; dim < shape.length; dim++) {
        Array y = ShapeOps.iota(dtype, shape, dim);
        long[] aligned = new long[shape.length];
        java.util.Arrays.fill(aligned, 1);
        aligned[dim] = shape[dim];
        Tensor arange = torch.arange(new org.bytedeco.pytorch.Scalar(shape[dim]));
        Tensor expected = arange.reshape(aligned).expand(shape).contiguous();
        assertArrayEquals(shape, y.shape());
        assertEquals(dtype, y.dtype());
        Comparison.assertValues("values", OpInfo.values(expected), y.toDoubleArray(), 0);
      }
    }
  }

  @Test
  void iotaIsNotDifferentiableAndNeverMapped() {
    assertThrows(UnsupportedOperationException.class, () -> PrimitiveRules.vjp(ShapeOps.IOTA));
    Params params = Params.of("dtype", DType.I32, "shape", new long[] {3}, "dimension", 0L);
    Batched b =
        PrimitiveRules.batch(ShapeOps.IOTA).batch(ShapeOps.IOTA, List.of(), new int[0], params);
    assertEquals(Batched.NOT_MAPPED, b.batchDims()[0]);
    assertArrayEquals(new int[] {0, 1, 2}, b.outputs().getFirst().toIntArray());
  }

  @Test
  void iotaErrors() {
    Primitive p = ShapeOps.IOTA;
    assertRejects(p, Params.of("dtype", DType.BOOL, "shape", new long[] {3}, "dimension", 0L));
    assertRejects(p, Params.of("dtype", DType.I32, "shape", new long[] {3}, "dimension", 1L));
    assertRejects(p, Params.of("dtype", DType.I32, "shape", new long[] {}, "dimension", 0L));
    assertRejects(
        p,
        Params.of("dtype", DType.I32, "shape", new long[] {3}, "dimension", 0L),
        aval(DType.I32, 3));
  }
}
