package dev.torch2jax.lax;

import static dev.torch2jax.lax.ReductionsAndWindowsTesting.assertValues;
import static dev.torch2jax.lax.ReductionsAndWindowsTesting.backward;
import static dev.torch2jax.lax.ReductionsAndWindowsTesting.leaf;
import static dev.torch2jax.lax.ReductionsAndWindowsTesting.random;
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
import dev.torch2jax.core.Shapes;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.lax.ReductionsAndWindowsTesting.Pair;
import dev.torch2jax.opinfo.Comparison;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import org.bytedeco.pytorch.LongOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * reduce_window_sum/max/min against libtorch pooling and a plain Java loop; their VJPs;
 * select_and_scatter_add and select_and_gather_add; batching.
 */
class WindowPrimitivesTest {
  private static final Primitive SUM = Primitive.of("reduce_window_sum");
  private static final Primitive MAX = Primitive.of("reduce_window_max");
  private static final Primitive MIN = Primitive.of("reduce_window_min");
  private static final Primitive SCATTER = Primitive.of("select_and_scatter_add");
  private static final Primitive GATHER = Primitive.of("select_and_gather_add");

  /** 2-D pooling settings: kernel, stride, padding, dilation (per spatial dimension). */
  record Pool(long[] kernel, long[] stride, long[] padding, long[] dilation) {
    /** reduce_window parameters for an NCHW input. */
    Params params() {
      return Params.of(
          "window_dimensions", new long[] {1, 1, kernel[0], kernel[1]},
          "window_strides", new long[] {1, 1, stride[0], stride[1]},
          "padding", new long[] {0, 0, 0, 0, padding[0], padding[0], padding[1], padding[1]},
          "base_dilation", new long[] {1, 1, 1, 1},
          "window_dilation", new long[] {1, 1, dilation[0], dilation[1]});
    }

    Tensor maxPool(Tensor x) {
      return torch.max_pool2d(x, kernel, stride, padding, dilation, false);
    }

    Tensor avgPool(Tensor x) {
      return torch.avg_pool2d(x, kernel, stride, padding, false, true, new LongOptional());
    }
  }

  private static final Pool[] POOLS = {
    new Pool(new long[] {2, 2}, new long[] {2, 2}, new long[] {0, 0}, new long[] {1, 1}),
    new Pool(new long[] {3, 2}, new long[] {1, 2}, new long[] {1, 1}, new long[] {1, 1}),
    new Pool(new long[] {2, 3}, new long[] {2, 1}, new long[] {1, 0}, new long[] {2, 1}),
    new Pool(new long[] {1, 1}, new long[] {1, 1}, new long[] {0, 0}, new long[] {1, 1}),
  };

  @Test
  void poolingMatchesLibtorch() {
    Random rng = new Random(1);
    for (DType dtype : new DType[] {DType.F32, DType.F64}) {
      for (Pool pool : POOLS) {
        Pair x = random(rng, dtype, 2, 2, 5, 6);
        Array max = MAX.bind1(pool.params(), x.jax());
        assertEquals(dtype, max.dtype());
        assertValues(pool.maxPool(x.torch()), max, 0);
        if (pool.dilation()[0] == 1 && pool.dilation()[1] == 1) {
          Array sum = SUM.bind1(pool.params(), x.jax());
          Tensor avg =
              pool.avgPool(x.torch())
                  .mul(
                      new org.bytedeco.pytorch.Scalar(
                          (double) (pool.kernel()[0] * pool.kernel()[1])));
          assertValues(avg, sum, 1e-5);
        }
        Array min = MIN.bind1(pool.params(), x.jax());
        assertValues(pool.maxPool(x.torch().neg()).neg(), min, 0);
      }
    }
    // 1-D max pooling on an NCW input.
    Pair x1 = random(rng, DType.F32, 2, 3, 7);
    Params p1 =
        Params.of(
            "window_dimensions", new long[] {1, 1, 3},
            "window_strides", new long[] {1, 1, 2},
            "padding", new long[] {0, 0, 0, 0, 1, 1},
            "base_dilation", new long[] {1, 1, 1},
            "window_dilation", new long[] {1, 1, 1});
    assertValues(
        torch.max_pool1d(
            x1.torch(), new long[] {3}, new long[] {2}, new long[] {1}, new long[] {1}, false),
        MAX.bind1(p1, x1.jax()),
        0);
  }

  @Test
  void maxPoolingPropagatesNaN() {
    double nan = Double.NaN;
    Pair x =
        ReductionsAndWindowsTesting.pair(
            new double[] {1, nan, 3, 0, 2, 4, 5, 6, nan, nan, 1, 2, 0, 0, 0, 0},
            DType.F32,
            1,
            1,
            4,
            4);
    Pool pool = POOLS[1];
    assertValues(pool.maxPool(x.torch()), MAX.bind1(pool.params(), x.jax()), 0);
  }

  /** Random window parameters for an operand of {@code shape}, with dilations and negative pads. */
  private static Params randomParams(Random rng, long[] shape) {
    int r = shape.length;
    long[] win = new long[r];
    long[] str = new long[r];
    long[] pad = new long[2 * r];
    long[] bd = new long[r];
    long[] wd = new long[r];
    for (int d = 0; d < r; d++) {
      win[d] = 1 + rng.nextInt(3);
      str[d] = 1 + rng.nextInt(2);
      bd[d] = 1 + rng.nextInt(2);
      wd[d] = 1 + rng.nextInt(2);
      pad[2 * d] = rng.nextInt(3) - 1;
      pad[2 * d + 1] = rng.nextInt(3) - 1;
    }
    return Params.of(
        "window_dimensions", win,
        "window_strides", str,
        "padding", pad,
        "base_dilation", bd,
        "window_dilation", wd);
  }

  /** reduce_window by the definition, in doubles. */
  static double[] naiveReduceWindow(
      double[] x,
      long[] shape,
      Params params,
      DoubleBinaryOperator op,
      double init,
      long[] outShape) {
    long[] win = params.longs("window_dimensions");
    long[] str = params.longs("window_strides");
    long[] pad = params.longs("padding");
    long[] bd = params.longs("base_dilation");
    long[] wd = params.longs("window_dilation");
    int r = shape.length;
    double[] out = new double[(int) Shapes.size(outShape)];
    long[] o = new long[r];
    for (int flat = 0; flat < out.length; flat++) {
      unravel(flat, outShape, o);
      double acc = init;
      long[] k = new long[r];
      for (int wflat = 0; wflat < Shapes.size(win); wflat++) {
        unravel(wflat, win, k);
        long src = 0;
        boolean inside = true;
        for (int d = 0; d < r && inside; d++) {
          long dilated = o[d] * str[d] + k[d] * wd[d] - pad[2 * d];
          long dilatedSize = shape[d] == 0 ? 0 : (shape[d] - 1) * bd[d] + 1;
          inside = dilated >= 0 && dilated < dilatedSize && dilated % bd[d] == 0;
          src = src * shape[d] + (inside ? dilated / bd[d] : 0);
        }
        acc = op.applyAsDouble(acc, inside ? x[(int) src] : init);
      }
      out[flat] = acc;
    }
    return out;
  }

  private static void unravel(long flat, long[] shape, long[] index) {
    for (int d = shape.length - 1; d >= 0; d--) {
      index[d] = flat % shape[d];
      flat /= shape[d];
    }
  }

  @Test
  void dilatedAndNegativelyPaddedWindowsMatchTheDefinition() {
    Random rng = new Random(9);
    long[][] shapes = {{7}, {4, 5}, {2, 3, 4}, {3, 0}};
    int checked = 0;
    for (int trial = 0; trial < 12; trial++) {
      long[] shape = shapes[trial % shapes.length];
      Params params = randomParams(rng, shape);
      long[] outShape;
      try {
        outShape =
            PrimitiveRules.outputAvals(SUM, List.of(new ShapedArray(shape, DType.F64)), params)
                .getFirst()
                .shape();
      } catch (IllegalArgumentException e) {
        continue; // padding cut more than the operand holds
      }
      Pair x = random(rng, DType.F64, shape);
      double[] xs = x.jax().toDoubleArray();
      Comparison.assertValues(
          "sum " + params,
          naiveReduceWindow(xs, shape, params, Double::sum, 0, outShape),
          SUM.bind1(params, x.jax()).toDoubleArray(),
          1e-12);
      Comparison.assertValues(
          "max " + params,
          naiveReduceWindow(xs, shape, params, Math::max, Double.NEGATIVE_INFINITY, outShape),
          MAX.bind1(params, x.jax()).toDoubleArray(),
          0);
      Comparison.assertValues(
          "min " + params,
          naiveReduceWindow(xs, shape, params, Math::min, Double.POSITIVE_INFINITY, outShape),
          MIN.bind1(params, x.jax()).toDoubleArray(),
          0);
      checked++;
    }
    assertTrue(checked >= 6, "too few valid random cases: " + checked);
  }

  @Test
  void integerAndBoolWindows() {
    Random rng = new Random(2);
    Params params = POOLS[1].params();
    for (DType dtype : new DType[] {DType.I32, DType.I64}) {
      Pair x = random(rng, dtype, 1, 2, 4, 4);
      Tensor asFloat = x.torch().to(torch.ScalarType.Double);
      Array max = MAX.bind1(params, x.jax());
      assertEquals(dtype, max.dtype());
      assertValues(POOLS[1].maxPool(asFloat), max, 0);
      Array sum = SUM.bind1(params, x.jax());
      assertValues(POOLS[1].avgPool(asFloat).mul(new org.bytedeco.pytorch.Scalar(6.0)), sum, 1e-9);
    }
    Pair b = random(rng, DType.BOOL, 1, 1, 4, 4);
    Tensor asFloat = b.torch().to(torch.ScalarType.Double);
    assertValues(POOLS[0].maxPool(asFloat), MAX.bind1(POOLS[0].params(), b.jax()), 0);
    assertValues(POOLS[0].maxPool(asFloat.neg()).neg(), MIN.bind1(POOLS[0].params(), b.jax()), 0);
  }

  // ---- VJP ----------------------------------------------------------------------------------

  @Test
  void poolingVjpsMatchAutogradAndFiniteDifferences() {
    Random rng = new Random(4);
    for (Pool pool : POOLS) {
      boolean dilated = pool.dilation()[0] != 1 || pool.dilation()[1] != 1;
      Pair x = random(rng, DType.F64, 1, 2, 5, 4);
      Params params = pool.params();
      Array y = MAX.bind1(params, x.jax());
      Array ct = random(rng, DType.F64, y.shape()).jax();
      // sum: against avg_pool2d's autograd (scaled) and finite differences.
      PrimitiveChecks.checkVjpNumerically(SUM, params, List.of(x.jax()), List.of(ct), 1e-6, 0);
      if (!dilated) {
        Tensor leaf = leaf(x.jax());
        long k = pool.kernel()[0] * pool.kernel()[1];
        backward(pool.avgPool(leaf).mul(new org.bytedeco.pytorch.Scalar((double) k)), ct);
        assertValues(
            leaf.grad(),
            PrimitiveChecks.vjp(SUM, params, List.of(x.jax()), List.of(ct)).get(0),
            1e-10);
        // max and min: against max_pool2d's autograd and finite differences.
        PrimitiveChecks.checkVjpNumerically(MAX, params, List.of(x.jax()), List.of(ct), 1e-6, 0);
        PrimitiveChecks.checkVjpNumerically(MIN, params, List.of(x.jax()), List.of(ct), 1e-6, 0);
        Tensor leafMax = leaf(x.jax());
        backward(pool.maxPool(leafMax), ct);
        assertValues(
            leafMax.grad(),
            PrimitiveChecks.vjp(MAX, params, List.of(x.jax()), List.of(ct)).get(0),
            1e-12);
      } else {
        UnsupportedOperationException e =
            assertThrows(
                UnsupportedOperationException.class,
                () -> PrimitiveChecks.vjp(MAX, params, List.of(x.jax()), List.of(ct)));
        assertTrue(e.getMessage().contains("window_dilation"), e.getMessage());
      }
    }
  }

  @Test
  void sumVjpWithDilationsAndStridesMatchesFiniteDifferences() {
    Random rng = new Random(12);
    long[][] shapes = {{7}, {4, 5}, {2, 3, 3}};
    int checked = 0;
    for (int trial = 0; trial < 9; trial++) {
      long[] shape = shapes[trial % shapes.length];
      Params params = randomParams(rng, shape);
      List<ShapedArray> out;
      try {
        out = PrimitiveRules.outputAvals(SUM, List.of(new ShapedArray(shape, DType.F64)), params);
      } catch (IllegalArgumentException e) {
        continue;
      }
      Array x = random(rng, DType.F64, shape).jax();
      Array ct = random(rng, DType.F64, out.getFirst().shape()).jax();
      PrimitiveChecks.checkVjpNumerically(SUM, params, List.of(x), List.of(ct), 1e-6, 0);
      checked++;
    }
    assertTrue(checked >= 5, "too few valid random cases: " + checked);
  }

  private static Params scatterParams(
      ComparisonDirection select, long[] win, long[] str, long[] pad) {
    return Params.of(
        "select_prim", select, "window_dimensions", win, "window_strides", str, "padding", pad);
  }

  @Test
  void selectAndScatterAddAndGatherAdd() {
    // The example of the StableHLO spec, in floats: the max of each window gets the source.
    Array operand = Array.of(new double[] {1, 5, 2, 5, 3, 6, 4, 4}, 4, 2);
    Array source = Array.of(new double[] {5, 6, 7, 8}, 2, 2);
    Params params =
        scatterParams(
            ComparisonDirection.GE, new long[] {3, 1}, new long[] {2, 1}, new long[] {0, 1, 0, 0});
    Array out = SCATTER.bind1(params, source, operand);
    assertArrayEquals(new double[] {0, 0, 0, 0, 5, 14, 7, 0}, out.toDoubleArray());
    // min selection: the first smallest.
    Params minParams = params.with("select_prim", ComparisonDirection.LE);
    assertArrayEquals(
        new double[] {5, 6, 0, 0, 7, 0, 0, 8},
        SCATTER.bind1(minParams, source, operand).toDoubleArray());
    // gather: each window picks the tangent at its max.
    Array tangents = Array.of(new double[] {10, 20, 30, 40, 50, 60, 70, 80}, 4, 2);
    Params gatherParams =
        Params.of(
            "select_prim", ComparisonDirection.GE,
            "window_dimensions", new long[] {3, 1},
            "window_strides", new long[] {2, 1},
            "padding", new long[] {0, 1, 0, 0},
            "base_dilation", new long[] {1, 1},
            "window_dilation", new long[] {1, 1});
    assertArrayEquals(
        new double[] {50, 60, 70, 60},
        GATHER.bind1(gatherParams, tangents, operand).toDoubleArray());
  }

  @Test
  void scatterAndGatherVjpsAreEachOther() {
    Random rng = new Random(31);
    Array operand = random(rng, DType.F64, 5, 4).jax();
    for (ComparisonDirection select :
        new ComparisonDirection[] {ComparisonDirection.GE, ComparisonDirection.LE}) {
      Params sp =
          scatterParams(select, new long[] {2, 3}, new long[] {2, 1}, new long[] {1, 0, 1, 1});
      long[] windows =
          PrimitiveRules.outputAvals(
                  SCATTER,
                  List.of(
                      new ShapedArray(new long[] {3, 4}, DType.F64),
                      new ShapedArray(new long[] {5, 4}, DType.F64)),
                  sp)
              .getFirst()
              .shape();
      assertArrayEquals(new long[] {5, 4}, windows);
      Array source = random(rng, DType.F64, 3, 4).jax();
      Array ct = random(rng, DType.F64, 5, 4).jax();
      PrimitiveChecks.checkVjpNumerically(
          SCATTER, sp, List.of(source, operand), List.of(ct), 1e-6, 0);
      Params gp =
          sp.with("base_dilation", new long[] {1, 1}).with("window_dilation", new long[] {1, 1});
      Array tangents = random(rng, DType.F64, 5, 4).jax();
      Array gct = random(rng, DType.F64, 3, 4).jax();
      PrimitiveChecks.checkVjpNumerically(
          GATHER, gp, List.of(tangents, operand), List.of(gct), 1e-6, 0);
      // The gather's VJP is the scatter and vice versa.
      Comparison.assertValues(
          "gather VJP",
          SCATTER.bind1(sp, gct, operand).toDoubleArray(),
          PrimitiveChecks.vjp(GATHER, gp, List.of(tangents, operand), List.of(gct))
              .get(0)
              .toDoubleArray(),
          0);
      Params dilated = gp.with("window_dilation", new long[] {2, 1});
      assertThrows(
          UnsupportedOperationException.class,
          () ->
              PrimitiveChecks.vjp(
                  GATHER,
                  dilated,
                  List.of(tangents, operand),
                  List.of(GATHER.bind1(dilated, tangents, operand))));
    }
  }

  // ---- batching -----------------------------------------------------------------------------

  @Test
  void batchingMatchesALoop() {
    long[] shape = {2, 5, 4};
    Params params =
        Params.of(
            "window_dimensions", new long[] {1, 3, 2},
            "window_strides", new long[] {1, 2, 1},
            "padding", new long[] {0, 0, 1, 0, 0, 1},
            "base_dilation", new long[] {1, 1, 2},
            "window_dilation", new long[] {1, 1, 1});
    for (Primitive p : new Primitive[] {SUM, MAX, MIN}) {
      for (int bd = 0; bd <= shape.length; bd++) {
        PrimitiveChecks.checkBatch(
            p,
            params,
            3,
            b -> List.of(random(new Random(60 + b), DType.F32, shape).jax()),
            new int[] {bd},
            1e-5);
      }
    }
    Params sp =
        scatterParams(
            ComparisonDirection.GE, new long[] {2, 2}, new long[] {1, 2}, new long[] {0, 1, 1, 0});
    Params gp =
        sp.with("base_dilation", new long[] {1, 1}).with("window_dilation", new long[] {1, 1});
    long[] operandShape = {3, 4};
    long[] sourceShape = {3, 2};
    for (int[] bdims : PrimitiveChecks.batchPlacements(2, 2)) {
      PrimitiveChecks.checkBatch(
          SCATTER,
          sp,
          3,
          b ->
              List.of(
                  random(new Random(70 + b), DType.F32, sourceShape).jax(),
                  random(new Random(80 + b), DType.F32, operandShape).jax()),
          bdims,
          1e-5);
      PrimitiveChecks.checkBatch(
          GATHER,
          gp,
          3,
          b ->
              List.of(
                  random(new Random(90 + b), DType.F32, operandShape).jax(),
                  random(new Random(80 + b), DType.F32, operandShape).jax()),
          bdims,
          1e-5);
    }
  }

  // ---- errors -------------------------------------------------------------------------------

  @Test
  void abstractEvalRejectsBadInput() {
    ShapedArray f45 = new ShapedArray(new long[] {4, 5}, DType.F32);
    Params good =
        Params.of(
            "window_dimensions", new long[] {2, 2},
            "window_strides", new long[] {1, 1},
            "padding", new long[] {0, 0, 0, 0},
            "base_dilation", new long[] {1, 1},
            "window_dilation", new long[] {1, 1});
    assertRejects(SUM, List.of(f45), good.with("window_dimensions", new long[] {2}), "one entry");
    assertRejects(MAX, List.of(f45), good.with("window_strides", new long[] {0, 1}), "positive");
    assertRejects(MIN, List.of(f45), good.with("padding", new long[] {-3, -2, 0, 0}), "cuts more");
    assertRejects(SUM, List.of(new ShapedArray(new long[] {4, 5}, DType.BOOL)), good, "number");
    Params sp =
        scatterParams(
            ComparisonDirection.GE, new long[] {2, 2}, new long[] {1, 1}, new long[] {0, 0, 0, 0});
    assertRejects(
        SCATTER,
        List.of(new ShapedArray(new long[] {3, 3}, DType.F32), f45),
        sp,
        "one element per window");
    assertRejects(
        SCATTER,
        List.of(new ShapedArray(new long[] {3, 4}, DType.F64), f45),
        sp,
        "floating-point type");
    Params gp = good.with("select_prim", ComparisonDirection.GE);
    assertRejects(GATHER, List.of(new ShapedArray(new long[] {4, 4}, DType.F32), f45), gp, "shape");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            WindowOps.selectAndScatterAdd(
                Array.of(new double[] {1}),
                Array.of(new double[] {1}),
                ComparisonDirection.EQ,
                Window.undilated(new long[] {1}, new long[] {1}, new long[][] {{0, 0}})));
  }

  private static void assertRejects(
      Primitive p, List<ShapedArray> in, Params params, String fragment) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PrimitiveRules.outputAvals(p, in, params));
    assertTrue(e.getMessage().startsWith(p.name()), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void publicApiBuildsTheParameters() {
    Array x = Array.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    long[] win = {1, 2};
    long[] one = {1, 1};
    long[][] pad = {{0, 0}, {0, 1}};
    Window w = Window.undilated(win, one, pad);
    assertArrayEquals(
        new double[] {3, 5, 3, 9, 11, 6}, WindowOps.reduceWindowSum(x, w).toDoubleArray());
    assertArrayEquals(
        new double[] {2, 3, 3, 5, 6, 6}, WindowOps.reduceWindowMax(x, w).toDoubleArray());
    assertArrayEquals(
        new double[] {1, 2, 3, 4, 5, 6}, WindowOps.reduceWindowMin(x, w).toDoubleArray());
    Array src = Array.of(new double[] {1, 1, 1, 1, 1, 1}, 2, 3);
    assertArrayEquals(
        new double[] {0, 1, 2, 0, 1, 2},
        WindowOps.selectAndScatterAdd(src, x, ComparisonDirection.GE, w).toDoubleArray());
    assertArrayEquals(
        new double[] {2, 3, 3, 5, 6, 6},
        WindowOps.selectAndGatherAdd(x, x, ComparisonDirection.GE, w).toDoubleArray());
    assertEquals(Arrays.toString(new long[] {0, 0, 0, 1}), Arrays.toString(WindowOps.flatten(pad)));
  }
}
