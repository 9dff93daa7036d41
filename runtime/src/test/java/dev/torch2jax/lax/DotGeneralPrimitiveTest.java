package dev.torch2jax.lax;

import static dev.torch2jax.lax.ReductionsAndWindowsTesting.assertValues;
import static dev.torch2jax.lax.ReductionsAndWindowsTesting.backward;
import static dev.torch2jax.lax.ReductionsAndWindowsTesting.leaf;
import static dev.torch2jax.lax.ReductionsAndWindowsTesting.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.PrimitiveRules;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.lax.ReductionsAndWindowsTesting.Pair;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** dot_general against libtorch's einsum, its VJP and batching. */
class DotGeneralPrimitiveTest {
  private static final Primitive DOT = Primitive.of("dot_general");

  /** A contraction and the einsum that computes it. */
  record Dot(String einsum, long[] x, long[] y, long[] lc, long[] rc, long[] lb, long[] rb) {
    Params params() {
      return Params.of("lhs_contract", lc, "rhs_contract", rc, "lhs_batch", lb, "rhs_batch", rb);
    }

    @Override
    public String toString() {
      return einsum;
    }
  }

  private static long[] a(long... v) {
    return v;
  }

  static final Dot[] DOTS = {
    new Dot("ab,bc->ac", a(3, 4), a(4, 5), a(1), a(0), a(), a()),
    new Dot("zab,zbc->zac", a(2, 3, 4), a(2, 4, 5), a(2), a(1), a(0), a(0)),
    new Dot("a,a->", a(4), a(4), a(0), a(0), a(), a()),
    new Dot("a,b->ab", a(3), a(2), a(), a(), a(), a()),
    new Dot("abc,cbd->bad", a(4, 2, 3), a(3, 2, 5), a(2), a(0), a(1), a(1)),
    new Dot("abc,cb->a", a(2, 3, 4), a(4, 3), a(1, 2), a(1, 0), a(), a()),
    new Dot("abc,bca->b", a(2, 3, 4), a(3, 4, 2), a(0, 2), a(2, 1), a(1), a(0)),
    new Dot(",->", a(), a(), a(), a(), a(), a()),
    new Dot("ab,bc->ac", a(0, 3), a(3, 2), a(1), a(0), a(), a()),
    new Dot("ab,bc->ac", a(2, 0), a(0, 3), a(1), a(0), a(), a()),
  };

  static Tensor einsum(String eq, Tensor x, Tensor y) {
    return torch.einsum(eq, new TensorVector(x, y));
  }

  static Stream<Arguments> forwardCases() {
    return Stream.of(DOTS)
        .flatMap(
            d ->
                Stream.of(DType.F32, DType.F64, DType.I32, DType.I64).map(t -> Arguments.of(d, t)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("forwardCases")
  void forwardMatchesEinsum(Dot d, DType dtype) {
    Random rng = new Random(3);
    Pair x = random(rng, dtype, d.x());
    Pair y = random(rng, dtype, d.y());
    Array got = DOT.bind1(d.params(), x.jax(), y.jax());
    assertEquals(dtype, got.dtype());
    Tensor want =
        einsum(
            d.einsum(),
            x.torch().to(torch.ScalarType.Double),
            y.torch().to(torch.ScalarType.Double));
    assertValues(want, got, dtype == DType.F32 ? 1e-5 : 1e-12);
  }

  @Test
  void vjpMatchesFiniteDifferencesAndAutograd() {
    Random rng = new Random(5);
    for (Dot d : DOTS) {
      Array x = random(rng, DType.F64, d.x()).jax();
      Array y = random(rng, DType.F64, d.y()).jax();
      Array out = DOT.bind1(d.params(), x, y);
      Array ct = random(rng, DType.F64, out.shape()).jax();
      PrimitiveChecks.checkVjpNumerically(DOT, d.params(), List.of(x, y), List.of(ct), 1e-7, 0, 1);
      Tensor lx = leaf(x);
      Tensor ly = leaf(y);
      backward(einsum(d.einsum(), lx, ly), ct);
      List<Array> got = PrimitiveChecks.vjp(DOT, d.params(), List.of(x, y), List.of(ct));
      if (x.size() > 0) {
        assertValues(lx.grad(), got.get(0), 1e-12);
        assertValues(ly.grad(), got.get(1), 1e-12);
      }
    }
  }

  @Test
  void batchingMatchesALoop() {
    for (Dot d : DOTS) {
      if (d.x().length == 0 || java.util.Arrays.stream(d.x()).anyMatch(s -> s == 0)) {
        continue;
      }
      for (int[] bdims : PrimitiveChecks.batchPlacements(d.x().length, d.y().length)) {
        PrimitiveChecks.checkBatch(
            DOT,
            d.params(),
            3,
            b ->
                List.of(
                    random(new Random(10 + b), DType.F64, d.x()).jax(),
                    random(new Random(20 + b), DType.F64, d.y()).jax()),
            bdims,
            1e-12);
      }
    }
  }

  @Test
  void abstractEvalRejectsBadInput() {
    ShapedArray x = new ShapedArray(new long[] {3, 4}, DType.F32);
    ShapedArray y = new ShapedArray(new long[] {4, 5}, DType.F32);
    Params ok = DOTS[0].params();
    assertRejects(List.of(x, new ShapedArray(new long[] {4, 5}, DType.F64)), ok, "dtypes differ");
    assertRejects(List.of(x, y), ok.with("rhs_contract", new long[] {1}), "do not match");
    assertRejects(List.of(x, y), ok.with("rhs_contract", new long[0]), "unpaired");
    assertRejects(
        List.of(x, y),
        ok.with("lhs_batch", new long[] {0}).with("rhs_batch", new long[] {1}),
        "batch");
  }

  private static void assertRejects(List<ShapedArray> in, Params params, String fragment) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PrimitiveRules.outputAvals(DOT, in, params));
    assertTrue(e.getMessage().startsWith("dot_general"), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}
