package dev.torch2jax.lax;

import static dev.torch2jax.lax.ReductionsAndWindowsTesting.assertValues;
import static dev.torch2jax.lax.ReductionsAndWindowsTesting.backward;
import static dev.torch2jax.lax.ReductionsAndWindowsTesting.leaf;
import static dev.torch2jax.lax.ReductionsAndWindowsTesting.random;
import static dev.torch2jax.opinfo.Tolerances.tolerance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.torch2jax.opinfo.Comparison;
import dev.torch2jax.opinfo.OpInfo;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** reduce_max/min/prod/and/or and argmax/argmin against libtorch, their VJPs and batching. */
class ReductionPrimitivesTest {
  private static final long[][] SHAPES = {{}, {5}, {2, 3, 4}, {0, 3}};

  /** Axes to reduce for a shape: none, the first, the last, all, and the last and first. */
  private static List<long[]> axesFor(long[] shape) {
    List<long[]> out = new java.util.ArrayList<>();
    out.add(new long[0]);
    int r = shape.length;
    if (r > 0) {
      out.add(new long[] {0});
    }
    if (r > 1) {
      out.add(new long[] {r - 1});
      out.add(java.util.stream.LongStream.range(0, r).toArray());
    }
    if (r > 2) {
      out.add(new long[] {r - 1, 0});
    }
    return out;
  }

  static Stream<Arguments> reductionCases() {
    String[] ops = {"reduce_max", "reduce_min", "reduce_prod", "reduce_sum"};
    return Stream.of(ops)
        .flatMap(
            op ->
                Stream.of(
                        op.equals("reduce_sum")
                            ? new DType[] {DType.F64}
                            : new DType[] {DType.F32, DType.F64, DType.I32})
                    .flatMap(
                        d ->
                            Stream.of(SHAPES)
                                .flatMap(
                                    s -> axesFor(s).stream().map(a -> Arguments.of(op, d, s, a)))));
  }

  /** libtorch's amax/amin/prod/sum over {@code axes} (one at a time, highest first). */
  private static Tensor torchReduce(String op, Tensor t, long[] axes) {
    long[] sorted = Arrays.stream(axes).sorted().toArray();
    Tensor r = t;
    for (int i = sorted.length - 1; i >= 0; i--) {
      long a = sorted[i];
      r =
          switch (op) {
            case "reduce_max" -> torch.amax(r, new long[] {a}, false);
            case "reduce_min" -> torch.amin(r, new long[] {a}, false);
            case "reduce_prod" -> r.prod(a, false, new org.bytedeco.pytorch.ScalarTypeOptional());
            case "reduce_sum" ->
                r.sum(new long[] {a}, false, new org.bytedeco.pytorch.ScalarTypeOptional());
            default -> throw new IllegalArgumentException(op);
          };
    }
    return r;
  }

  @ParameterizedTest(name = "{0} {1}{2} axes {3}")
  @MethodSource("reductionCases")
  void reductionsMatchLibtorch(String op, DType dtype, long[] shape, long[] axes) {
    boolean reducesEmpty = Arrays.stream(axes).anyMatch(a -> shape[(int) a] == 0);
    Pair x = random(new Random(7), dtype, shape);
    Array got = Primitive.of(op).bind1(Params.of("axes", axes), x.jax());
    assertEquals(dtype, got.dtype());
    if ((op.equals("reduce_max") || op.equals("reduce_min")) && reducesEmpty) {
      // libtorch refuses; XLA gives the identity: -inf/+inf or the integer extremes.
      long[] kept = ReductionOps.keptShape(Primitive.of(op), new ShapedArray(shape, dtype), axes);
      assertArrayEquals(kept, got.shape());
      double[] v = got.toDoubleArray();
      for (double e : v) {
        double want =
            dtype.isFloatingPoint()
                ? (op.equals("reduce_max") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY)
                : (op.equals("reduce_max")
                    ? (dtype == DType.I32 ? Integer.MIN_VALUE : Long.MIN_VALUE)
                    : (dtype == DType.I32 ? Integer.MAX_VALUE : Long.MAX_VALUE));
        assertEquals(want, e);
      }
      return;
    }
    Tensor want = torchReduce(op, x.torch(), axes);
    if (dtype == DType.I32) {
      // libtorch multiplies int32 in int64; XLA wraps around in int32.
      want = want.to(org.bytedeco.pytorch.global.torch.ScalarType.Int);
    }
    // Summation order differs from libtorch's: rounding accumulates over the reduced elements.
    assertValues(want, got, 100 * tolerance(dtype));
  }

  @Test
  void int64AndBoolReductions() {
    Random rng = new Random(19);
    long[] axes = {1};
    Pair x = random(rng, DType.I64, 2, 3, 4);
    for (String op : new String[] {"reduce_max", "reduce_min", "reduce_prod", "reduce_sum"}) {
      Array got = Primitive.of(op).bind1(Params.of("axes", axes), x.jax());
      assertEquals(DType.I64, got.dtype());
      assertValues(torchReduce(op, x.torch(), axes), got, 0);
    }
    // On bools max is "any" and min is "all".
    Pair b = random(rng, DType.BOOL, 2, 3, 4);
    Array any = ReductionOps.reduceMax(b.jax(), axes);
    Array all = ReductionOps.reduceMin(b.jax(), axes);
    assertEquals(DType.BOOL, any.dtype());
    assertValues(torch.any(b.torch(), 1, false), any, 0);
    assertValues(torch.all(b.torch(), 1, false), all, 0);
  }

  @Test
  void maxAndMinPropagateNaN() {
    double nan = Double.NaN;
    double[] data = {1, nan, 3, 0, 2, 4, 5, nan};
    for (DType dt : new DType[] {DType.F32, DType.F64}) {
      Pair x = ReductionsAndWindowsTesting.pair(data, dt, 2, 4);
      for (long[] axes : new long[][] {{0}, {1}, {0, 1}}) {
        assertValues(
            torchReduce("reduce_max", x.torch(), axes), ReductionOps.reduceMax(x.jax(), axes), 0);
        assertValues(
            torchReduce("reduce_min", x.torch(), axes), ReductionOps.reduceMin(x.jax(), axes), 0);
      }
    }
  }

  @Test
  void logicalReductionsMatchLibtorch() {
    Random rng = new Random(3);
    for (long[] shape : SHAPES) {
      for (long[] axes : axesFor(shape)) {
        Pair x = random(rng, DType.BOOL, shape);
        Tensor all = x.torch();
        Tensor any = x.torch();
        long[] sorted = Arrays.stream(axes).sorted().toArray();
        for (int i = sorted.length - 1; i >= 0; i--) {
          all = torch.all(all, sorted[i], false);
          any = torch.any(any, sorted[i], false);
        }
        Array gotAll = ReductionOps.reduceAnd(x.jax(), axes);
        Array gotAny = ReductionOps.reduceOr(x.jax(), axes);
        assertEquals(DType.BOOL, gotAll.dtype());
        assertValues(all, gotAll, 0);
        assertValues(any, gotAny, 0);
      }
    }
    // Integers: bitwise.
    Array v = Array.of(new int[] {0b1100, 0b1010, 0b1110});
    assertArrayEquals(new int[] {0b1000}, ints(ReductionOps.reduceAnd(v, new long[] {0})));
    assertArrayEquals(new int[] {0b1110}, ints(ReductionOps.reduceOr(v, new long[] {0})));
  }

  private static int[] ints(Array a) {
    return a.toIntArray();
  }

  static Stream<Arguments> argCases() {
    DType[] dtypes = {DType.F32, DType.F64, DType.I32, DType.I64};
    long[][] shapes = {{5}, {3, 4, 2}, {0, 3}};
    return Stream.of("argmax", "argmin")
        .flatMap(
            op ->
                Stream.of(dtypes)
                    .flatMap(
                        d ->
                            Stream.of(shapes)
                                .flatMap(
                                    s ->
                                        java.util.stream.LongStream.range(0, s.length)
                                            .filter(a -> s[(int) a] > 0)
                                            .mapToObj(a -> Arguments.of(op, d, s, a)))));
  }

  @ParameterizedTest(name = "{0} {1}{2} axis {3}")
  @MethodSource("argCases")
  void argReductionsMatchLibtorch(String op, DType dtype, long[] shape, long axis) {
    // Integers in [-5, 5) have many ties: libtorch and we both take the first.
    Pair x = random(new Random(11), dtype, shape);
    Array got =
        op.equals("argmax")
            ? ReductionOps.argmax(x.jax(), axis, DType.I64)
            : ReductionOps.argmin(x.jax(), axis, DType.I64);
    Tensor want =
        op.equals("argmax")
            ? torch.argmax(x.torch(), new LongOptional(axis), false)
            : torch.argmin(x.torch(), new LongOptional(axis), false);
    assertEquals(DType.I64, got.dtype());
    assertValues(want, got, 0);
    if (dtype != DType.F32) {
      return;
    }
    Array got32 =
        Primitive.of(op)
            .bind1(Params.of("axes", new long[] {axis}, "index_dtype", DType.I32), x.jax());
    assertEquals(DType.I32, got32.dtype());
    assertValues(want, got32, 0);
  }

  @Test
  void argmaxTakesFirstTieAndNaN() {
    double nan = Double.NaN;
    double inf = Double.POSITIVE_INFINITY;
    double[][] rows = {
      {1, 3, 3, 2}, {nan, 1, nan, 5}, {1, 2, nan, nan}, {-inf, -inf, -inf, -inf}, {inf, 1, inf, nan}
    };
    for (double[] row : rows) {
      for (DType dt : new DType[] {DType.F32, DType.F64}) {
        Pair x = ReductionsAndWindowsTesting.pair(row, dt, row.length);
        assertValues(
            torch.argmax(x.torch(), new LongOptional(0), false),
            ReductionOps.argmax(x.jax(), 0, DType.I64),
            0);
        assertValues(
            torch.argmin(x.torch(), new LongOptional(0), false),
            ReductionOps.argmin(x.jax(), 0, DType.I64),
            0);
      }
    }
  }

  // ---- VJP ----------------------------------------------------------------------------------

  @Test
  void chooserAndProdVjpsMatchFiniteDifferencesAndAutograd() {
    Random rng = new Random(5);
    long[][] shapes = {{}, {4}, {2, 3}, {2, 3, 2}};
    for (String op : new String[] {"reduce_max", "reduce_min", "reduce_prod", "reduce_sum"}) {
      Primitive p = Primitive.of(op);
      for (long[] shape : shapes) {
        for (long[] axes : axesFor(shape)) {
          Pair x = random(rng, DType.F64, shape);
          Params params = Params.of("axes", axes);
          Array y = p.bind1(params, x.jax());
          Pair ct = random(rng, DType.F64, y.shape());
          PrimitiveChecks.checkVjpNumerically(
              p, params, List.of(x.jax()), List.of(ct.jax()), 1e-6, 0);
          Tensor leaf = leaf(x.jax());
          backward(torchReduce(op, leaf, axes), ct.jax());
          Array grad = PrimitiveChecks.vjp(p, params, List.of(x.jax()), List.of(ct.jax())).get(0);
          assertValues(leaf.grad(), grad, 1e-10);
        }
      }
    }
  }

  @Test
  void maxSharesTiesAndProdHandlesZeros() {
    // max over ties: the cotangent is split, as libtorch's amax does.
    double[] tied = {1, 4, 4, 2, 4, 0};
    Array x = Array.of(tied, 2, 3);
    Array ct = Array.of(new double[] {3, 6}, 2);
    Tensor leaf = leaf(x);
    backward(torch.amax(leaf, new long[] {1}, false), ct);
    Params ax1 = Params.of("axes", new long[] {1});
    List<Array> g = PrimitiveChecks.vjp(Primitive.of("reduce_max"), ax1, List.of(x), List.of(ct));
    Comparison.assertValues("max ties", OpInfo.values(leaf.grad()), g.get(0).toDoubleArray(), 0);
    Comparison.assertValues(
        "max ties", new double[] {0, 1.5, 1.5, 0, 6, 0}, g.get(0).toDoubleArray(), 0);
    // prod with no, one and two zeros per row.
    double[][] rows = {{2, 3, 4}, {2, 0, 4}, {0, 3, 0}};
    for (double[] row : rows) {
      Array r = Array.of(row, 1, 3);
      Array c = Array.of(new double[] {1.5}, 1);
      Tensor l = leaf(r);
      backward(l.prod(1, false, new org.bytedeco.pytorch.ScalarTypeOptional()), c);
      List<Array> gp =
          PrimitiveChecks.vjp(Primitive.of("reduce_prod"), ax1, List.of(r), List.of(c));
      Comparison.assertValues(
          "prod " + Arrays.toString(row),
          OpInfo.values(l.grad()),
          gp.get(0).toDoubleArray(),
          1e-12);
    }
  }

  @Test
  void integerOperandsGetNoCotangent() {
    Array x = Array.of(new int[] {1, 5, 2}, 3);
    for (String op : new String[] {"reduce_max", "reduce_min", "reduce_prod"}) {
      Params params = Params.of("axes", new long[] {0});
      Primitive p = Primitive.of(op);
      Array out = p.bind1(params, x);
      List<Array> g = PrimitiveRules.vjp(p).vjp(p, List.of(out), List.of(x), List.of(out), params);
      ReductionsAndWindowsTesting.assertNoCotangent(g, 0);
    }
  }

  @Test
  void logicalAndIndexReductionsAreNotDifferentiable() {
    for (String op : new String[] {"reduce_and", "reduce_or", "argmax", "argmin"}) {
      Primitive p = Primitive.of(op);
      assertTrue(PrimitiveRules.isNotDifferentiable(p), op);
      UnsupportedOperationException e =
          assertThrows(UnsupportedOperationException.class, () -> PrimitiveRules.vjp(p));
      assertTrue(e.getMessage().contains(op), e.getMessage());
    }
  }

  // ---- batching -----------------------------------------------------------------------------

  @Test
  void batchingMatchesALoop() {
    long[] shape = {2, 3, 4};
    for (String op :
        new String[] {
          "reduce_sum",
          "reduce_max",
          "reduce_min",
          "reduce_prod",
          "reduce_and",
          "reduce_or",
          "argmax",
          "argmin"
        }) {
      boolean logical = op.equals("reduce_and") || op.equals("reduce_or");
      boolean arg = op.startsWith("arg");
      DType dtype = logical ? DType.BOOL : DType.F32;
      List<long[]> axesList = arg ? List.of(new long[] {0}, new long[] {2}) : axesFor(shape);
      for (long[] axes : axesList) {
        Params params =
            arg ? Params.of("axes", axes, "index_dtype", DType.I32) : Params.of("axes", axes);
        for (int bd = 0; bd <= shape.length; bd++) {
          PrimitiveChecks.checkBatch(
              Primitive.of(op),
              params,
              3,
              b -> List.of(random(new Random(100 + b), dtype, shape).jax()),
              new int[] {bd},
              1e-6);
        }
      }
    }
  }

  // ---- errors -------------------------------------------------------------------------------

  @Test
  void abstractEvalRejectsBadInput() {
    ShapedArray f23 = new ShapedArray(new long[] {2, 3}, DType.F32);
    ShapedArray b23 = new ShapedArray(new long[] {2, 3}, DType.BOOL);
    ShapedArray f03 = new ShapedArray(new long[] {0, 3}, DType.F32);
    assertRejects("reduce_max", f23, Params.of("axes", new long[] {2}), "axes [2]");
    assertRejects("reduce_min", f23, Params.of("axes", new long[] {0, 0}), "axes [0, 0]");
    assertRejects("reduce_prod", b23, Params.of("axes", new long[] {0}), "bool");
    assertRejects("reduce_and", f23, Params.of("axes", new long[] {0}), "bool or integer");
    assertRejects("reduce_or", f23, Params.of("axes", new long[] {-1}), "bool or integer");
    Params idx = Params.of("axes", new long[] {0}, "index_dtype", DType.I32);
    assertRejects("argmax", f03, idx, "non-empty");
    assertRejects("argmin", b23, idx, "integer or float");
    assertRejects(
        "argmax",
        f23,
        Params.of("axes", new long[] {0, 1}, "index_dtype", DType.I32),
        "exactly one");
    assertRejects(
        "argmax", f23, Params.of("axes", new long[] {0}, "index_dtype", DType.F32), "index_dtype");
  }

  private static void assertRejects(String op, ShapedArray in, Params params, String fragment) {
    Primitive p = Primitive.of(op);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PrimitiveRules.outputAvals(p, List.of(in), params));
    assertTrue(e.getMessage().startsWith(op), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}
