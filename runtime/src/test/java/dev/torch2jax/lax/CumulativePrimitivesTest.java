package dev.torch2jax.lax;

import static dev.torch2jax.lax.ReductionsAndWindowsTesting.assertValues;
import static dev.torch2jax.lax.ReductionsAndWindowsTesting.backward;
import static dev.torch2jax.lax.ReductionsAndWindowsTesting.leaf;
import static dev.torch2jax.lax.ReductionsAndWindowsTesting.random;
import static dev.torch2jax.opinfo.Tolerances.tolerance;
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
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** cumsum, cumprod, cummax, cummin against libtorch, their VJPs and batching. */
class CumulativePrimitivesTest {
  private static final String[] OPS = {"cumsum", "cumprod", "cummax", "cummin"};

  /** libtorch's running reduction; reverse by flipping before and after. */
  static Tensor torchCumulative(String op, Tensor t, long axis, boolean reverse) {
    Tensor in = reverse ? torch.flip(t, axis) : t;
    Tensor out =
        switch (op) {
          case "cumsum" -> torch.cumsum(in, axis, new ScalarTypeOptional());
          case "cumprod" -> torch.cumprod(in, axis, new ScalarTypeOptional());
          case "cummax" -> torch.cummax(in, axis).get0();
          case "cummin" -> torch.cummin(in, axis).get0();
          default -> throw new IllegalArgumentException(op);
        };
    return reverse ? torch.flip(out, axis) : out;
  }

  private static Params params(long axis, boolean reverse) {
    return Params.of("axis", axis, "reverse", reverse);
  }

  static Stream<Arguments> forwardCases() {
    List<Arguments> cases = new java.util.ArrayList<>();
    for (String op : OPS) {
      for (boolean reverse : new boolean[] {false, true}) {
        for (DType d : new DType[] {DType.F32, DType.F64, DType.I32, DType.I64}) {
          cases.add(Arguments.of(op, d, new long[] {6}, 0L, reverse));
        }
        for (DType d : new DType[] {DType.F32, DType.I32}) {
          cases.add(Arguments.of(op, d, new long[] {2, 3, 4}, 0L, reverse));
          cases.add(Arguments.of(op, d, new long[] {2, 3, 4}, 2L, reverse));
          cases.add(Arguments.of(op, d, new long[] {0, 3}, 1L, reverse));
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}{2} axis {3} reverse {4}")
  @MethodSource("forwardCases")
  void forwardMatchesLibtorch(String op, DType dtype, long[] shape, long axis, boolean reverse) {
    Pair x = random(new Random(17), dtype, shape);
    Array got = Primitive.of(op).bind1(params(axis, reverse), x.jax());
    assertEquals(dtype, got.dtype());
    Tensor want = torchCumulative(op, x.torch(), axis, reverse);
    if (dtype == DType.I32) {
      // libtorch accumulates int32 in int64; XLA wraps around in int32.
      want = want.to(torch.ScalarType.Int);
    }
    // Summation order differs from libtorch's: rounding accumulates over the reduced elements.
    assertValues(want, got, 100 * tolerance(dtype));
  }

  @Test
  void nanPropagatesThroughRunningMax() {
    double nan = Double.NaN;
    Pair x = ReductionsAndWindowsTesting.pair(new double[] {1, nan, 3, 0}, DType.F64, 4);
    for (String op : new String[] {"cummax", "cummin"}) {
      assertValues(
          torchCumulative(op, x.torch(), 0, false),
          Primitive.of(op).bind1(params(0, false), x.jax()),
          0);
    }
  }

  // ---- VJP ----------------------------------------------------------------------------------

  @Test
  void vjpsMatchFiniteDifferencesAndAutograd() {
    Random rng = new Random(23);
    long[][] shapes = {{5}, {3, 4}, {2, 3, 2}};
    long[] axes = {0, 1, 1};
    for (String op : OPS) {
      Primitive p = Primitive.of(op);
      for (int c = 0; c < shapes.length; c++) {
        long[] shape = shapes[c];
        long axis = axes[c];
        {
          for (boolean reverse : new boolean[] {false, true}) {
            Pair x = random(rng, DType.F64, shape);
            Pair ct = random(rng, DType.F64, shape);
            Params params = params(axis, reverse);
            PrimitiveChecks.checkVjpNumerically(
                p, params, List.of(x.jax()), List.of(ct.jax()), 1e-6, 0);
            Tensor leaf = leaf(x.jax());
            backward(torchCumulative(op, leaf, axis, reverse), ct.jax());
            Array grad = PrimitiveChecks.vjp(p, params, List.of(x.jax()), List.of(ct.jax())).get(0);
            assertValues(leaf.grad(), grad, 1e-10);
          }
        }
      }
    }
  }

  @Test
  void cumprodVjpIsExactWithZerosAndCummaxFollowsLibtorchTies() {
    double[][] rows = {{2, 0, 3, 4}, {0, 2, 0, 5}, {1, 2, 3, 0}, {0, 0, 0, 0}};
    Array ct = Array.of(new double[] {1, -2, 3, 0.5});
    for (double[] row : rows) {
      for (boolean reverse : new boolean[] {false, true}) {
        Array x = Array.of(row);
        Tensor leaf = leaf(x);
        backward(torchCumulative("cumprod", leaf, 0, reverse), ct);
        Array g =
            PrimitiveChecks.vjp(
                    Primitive.of("cumprod"), params(0, reverse), List.of(x), List.of(ct))
                .get(0);
        assertValues(leaf.grad(), g, 1e-12);
      }
    }
    // Ties: libtorch's cummax sends the gradient to the last of equal maxima.
    double[][] tied = {{1, 3, 3, 2, 3}, {2, 2, 2, 2, 2}, {5, 1, 5, 0, 6}};
    Array ct5 = Array.of(new double[] {1, 2, 3, 4, 5});
    for (double[] row : tied) {
      for (String op : new String[] {"cummax", "cummin"}) {
        Array x = Array.of(row);
        Tensor leaf = leaf(x);
        backward(torchCumulative(op, leaf, 0, false), ct5);
        Array g =
            PrimitiveChecks.vjp(Primitive.of(op), params(0, false), List.of(x), List.of(ct5))
                .get(0);
        assertValues(leaf.grad(), g, 0);
      }
    }
  }

  @Test
  void integerOperandsGetNoCotangentButCumsumIsLinear() {
    Array x = Array.of(new int[] {1, 5, 2});
    for (String op : new String[] {"cumprod", "cummax", "cummin"}) {
      Primitive p = Primitive.of(op);
      List<Array> g = PrimitiveChecks.vjp(p, params(0, false), List.of(x), List.of(x));
      ReductionsAndWindowsTesting.assertNoCotangent(g, 0);
    }
  }

  // ---- batching -----------------------------------------------------------------------------

  @Test
  void batchingMatchesALoop() {
    long[] shape = {3, 4};
    for (String op : OPS) {
      for (long axis = 0; axis < shape.length; axis++) {
        for (boolean reverse : new boolean[] {false, true}) {
          for (int bd = 0; bd <= shape.length; bd++) {
            PrimitiveChecks.checkBatch(
                Primitive.of(op),
                params(axis, reverse),
                3,
                b -> List.of(random(new Random(40 + b), DType.F32, shape).jax()),
                new int[] {bd},
                1e-5);
          }
        }
      }
    }
  }

  // ---- errors -------------------------------------------------------------------------------

  @Test
  void abstractEvalRejectsBadInput() {
    for (String op : OPS) {
      Primitive p = Primitive.of(op);
      ShapedArray f23 = new ShapedArray(new long[] {2, 3}, DType.F32);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> PrimitiveRules.outputAvals(p, List.of(f23), params(2, false)));
      assertTrue(e.getMessage().startsWith(op + ": axis 2"), e.getMessage());
      ShapedArray scalar = new ShapedArray(new long[0], DType.F32);
      assertThrows(
          IllegalArgumentException.class,
          () -> PrimitiveRules.outputAvals(p, List.of(scalar), params(0, false)));
      ShapedArray b3 = new ShapedArray(new long[] {3}, DType.BOOL);
      e =
          assertThrows(
              IllegalArgumentException.class,
              () -> PrimitiveRules.outputAvals(p, List.of(b3), params(0, false)));
      assertTrue(e.getMessage().contains("integer or float"), e.getMessage());
    }
  }
}
