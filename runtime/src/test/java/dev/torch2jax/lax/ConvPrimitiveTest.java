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
import dev.torch2jax.lax.ReductionsAndWindowsTesting.Pair;
import dev.torch2jax.opinfo.Comparison;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** conv_general_dilated against libtorch and the definition, its VJP and batching. */
class ConvPrimitiveTest {
  private static final Primitive CONV = Primitive.of("conv_general_dilated");

  /** A PyTorch-style convolution: NCHW input, OIHW kernel. */
  record TorchConv(
      long[] input, long[] kernel, long[] stride, long[] padding, long[] dilation, long groups) {
    Params params() {
      int s = stride.length;
      long[] pad = new long[2 * s];
      for (int i = 0; i < s; i++) {
        pad[2 * i] = padding[i];
        pad[2 * i + 1] = padding[i];
      }
      long[] ones = new long[s];
      java.util.Arrays.fill(ones, 1);
      return Params.of(
          "window_strides", stride,
          "padding", pad,
          "lhs_dilation", ones,
          "rhs_dilation", dilation,
          "dimension_numbers", ConvDimensionNumbers.nchw(s + 2),
          "feature_group_count", groups,
          "batch_group_count", 1L);
    }

    Tensor run(Tensor x, Tensor w) {
      return stride.length == 2
          ? torch.conv2d(x, w, new TensorOptional(), stride, padding, dilation, groups)
          : torch.conv1d(x, w, new TensorOptional(), stride, padding, dilation, groups);
    }
  }

  private static final TorchConv[] TORCH_CONVS = {
    new TorchConv(
        new long[] {2, 3, 5, 6},
        new long[] {4, 3, 3, 2},
        new long[] {1, 1},
        new long[] {0, 0},
        new long[] {1, 1},
        1),
    new TorchConv(
        new long[] {1, 4, 6, 5},
        new long[] {6, 2, 2, 3},
        new long[] {2, 1},
        new long[] {1, 2},
        new long[] {1, 2},
        2),
    new TorchConv(
        new long[] {2, 4, 5, 5},
        new long[] {4, 1, 3, 3},
        new long[] {2, 2},
        new long[] {1, 1},
        new long[] {1, 1},
        4),
    new TorchConv(
        new long[] {2, 2, 7},
        new long[] {3, 2, 3},
        new long[] {2},
        new long[] {1},
        new long[] {2},
        1),
    new TorchConv(
        new long[] {1, 6, 8},
        new long[] {6, 2, 2},
        new long[] {1},
        new long[] {0},
        new long[] {3},
        3),
  };

  @Test
  void forwardMatchesLibtorch() {
    Random rng = new Random(3);
    for (DType dtype : new DType[] {DType.F32, DType.F64}) {
      for (TorchConv c : TORCH_CONVS) {
        Pair x = random(rng, dtype, c.input());
        Pair w = random(rng, dtype, c.kernel());
        Array got = CONV.bind1(c.params(), x.jax(), w.jax());
        assertEquals(dtype, got.dtype());
        assertValues(c.run(x.torch(), w.torch()), got, dtype == DType.F32 ? 1e-5 : 1e-12);
      }
    }
  }

  @Test
  void integerConvolution() {
    Random rng = new Random(8);
    TorchConv c = TORCH_CONVS[1];
    for (DType dtype : new DType[] {DType.I32, DType.I64}) {
      Pair x = random(rng, dtype, c.input());
      Pair w = random(rng, dtype, c.kernel());
      Array got = CONV.bind1(c.params(), x.jax(), w.jax());
      assertEquals(dtype, got.dtype());
      Tensor want =
          c.run(x.torch().to(torch.ScalarType.Double), w.torch().to(torch.ScalarType.Double));
      assertValues(want, got, 0);
    }
  }

  @Test
  void publicApiTakesPaddingPairs() {
    Array x = Array.of(new double[] {1, 2, 3, 4}, 1, 1, 4);
    Array w = Array.of(new double[] {1, 10}, 1, 1, 2);
    Array y =
        ConvOps.convGeneralDilated(
            x,
            w,
            new long[] {1},
            new long[][] {{1, 0}},
            new long[] {1},
            new long[] {1},
            ConvDimensionNumbers.nchw(3),
            1,
            1);
    // Cross-correlation, as PyTorch: y[i] = x[i-1] * 1 + x[i] * 10 with one zero in front.
    assertArrayEquals(new double[] {10, 21, 32, 43}, y.toDoubleArray());
  }

  // ---- the definition, for any layout, dilation and grouping --------------------------------

  /** A random convolution in a random layout; its input and kernel shapes. */
  record General(Params params, long[] lhsShape, long[] rhsShape) {}

  static General randomGeneral(Random rng, int spatial, boolean batchGroups) {
    int n = spatial + 2;
    long groups = 1 + rng.nextInt(2);
    long batch = batchGroups ? groups * (1 + rng.nextInt(2)) : 1 + rng.nextInt(2);
    long inPerGroup = 1 + rng.nextInt(2);
    long features = batchGroups ? inPerGroup : inPerGroup * groups;
    long outFeatures = groups * (1 + rng.nextInt(2));
    long[] strides = new long[spatial];
    long[] pad = new long[2 * spatial];
    long[] lhsDil = new long[spatial];
    long[] rhsDil = new long[spatial];
    long[] inSize = new long[spatial];
    long[] window = new long[spatial];
    for (int i = 0; i < spatial; i++) {
      strides[i] = 1 + rng.nextInt(2);
      lhsDil[i] = 1 + rng.nextInt(2);
      rhsDil[i] = 1 + rng.nextInt(2);
      pad[2 * i] = rng.nextInt(3) - 1;
      pad[2 * i + 1] = rng.nextInt(3) - 1;
      inSize[i] = 3 + rng.nextInt(3);
      window[i] = 1 + rng.nextInt(3);
    }
    long[] ls = permutation(rng, n);
    long[] rs = permutation(rng, n);
    long[] os = permutation(rng, n);
    long[] lhsShape = new long[n];
    long[] rhsShape = new long[n];
    lhsShape[(int) ls[0]] = batch;
    lhsShape[(int) ls[1]] = features;
    rhsShape[(int) rs[0]] = outFeatures;
    rhsShape[(int) rs[1]] = inPerGroup;
    for (int i = 0; i < spatial; i++) {
      lhsShape[(int) ls[i + 2]] = inSize[i];
      rhsShape[(int) rs[i + 2]] = window[i];
    }
    Params params =
        Params.of(
            "window_strides", strides,
            "padding", pad,
            "lhs_dilation", lhsDil,
            "rhs_dilation", rhsDil,
            "dimension_numbers", new ConvDimensionNumbers(ls, rs, os),
            "feature_group_count", batchGroups ? 1L : groups,
            "batch_group_count", batchGroups ? groups : 1L);
    return new General(params, lhsShape, rhsShape);
  }

  private static long[] permutation(Random rng, int n) {
    List<Long> p = new ArrayList<>();
    for (long i = 0; i < n; i++) {
      p.add(i);
    }
    Collections.shuffle(p, rng);
    return p.stream().mapToLong(Long::longValue).toArray();
  }

  /** The convolution by its definition (StableHLO spec), in doubles. */
  static double[] naiveConv(
      double[] lhs,
      long[] lhsShape,
      double[] rhs,
      long[] rhsShape,
      Params params,
      long[] outShape) {
    ConvDimensionNumbers dn = params.get("dimension_numbers", ConvDimensionNumbers.class);
    long[] ls = dn.lhsSpec();
    long[] rs = dn.rhsSpec();
    long[] os = dn.outSpec();
    long[] str = params.longs("window_strides");
    long[] pad = params.longs("padding");
    long[] ld = params.longs("lhs_dilation");
    long[] rd = params.longs("rhs_dilation");
    long fgc = params.longValue("feature_group_count");
    long bgc = params.longValue("batch_group_count");
    int n = lhsShape.length;
    int spatial = n - 2;
    long outBatch = outShape[(int) os[0]];
    long outFeatures = outShape[(int) os[1]];
    long inPerGroup = rhsShape[(int) rs[1]];
    double[] out = new double[(int) Shapes.size(outShape)];
    long[] oi = new long[n];
    long[] win = new long[spatial];
    for (int i = 0; i < spatial; i++) {
      win[i] = rhsShape[(int) rs[i + 2]];
    }
    for (int flat = 0; flat < out.length; flat++) {
      unravel(flat, outShape, oi);
      long b = oi[(int) os[0]];
      long o = oi[(int) os[1]];
      long fg = o / (outFeatures / fgc);
      long bg = o / (outFeatures / bgc);
      long lb = bg * outBatch + b;
      double acc = 0;
      long[] k = new long[spatial];
      for (long c = 0; c < inPerGroup; c++) {
        long lf = fg * inPerGroup + c;
        for (int wflat = 0; wflat < Shapes.size(win); wflat++) {
          unravel(wflat, win, k);
          long[] li = new long[n];
          long[] ri = new long[n];
          li[(int) ls[0]] = lb;
          li[(int) ls[1]] = lf;
          ri[(int) rs[0]] = o;
          ri[(int) rs[1]] = c;
          boolean inside = true;
          for (int d = 0; d < spatial && inside; d++) {
            long dilated = oi[(int) os[d + 2]] * str[d] + k[d] * rd[d] - pad[2 * d];
            long size = lhsShape[(int) ls[d + 2]];
            long dilatedSize = size == 0 ? 0 : (size - 1) * ld[d] + 1;
            inside = dilated >= 0 && dilated < dilatedSize && dilated % ld[d] == 0;
            li[(int) ls[d + 2]] = inside ? dilated / ld[d] : 0;
            ri[(int) rs[d + 2]] = k[d];
          }
          if (inside) {
            acc += lhs[(int) ravel(li, lhsShape)] * rhs[(int) ravel(ri, rhsShape)];
          }
        }
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

  private static long ravel(long[] index, long[] shape) {
    long flat = 0;
    for (int d = 0; d < shape.length; d++) {
      flat = flat * shape[d] + index[d];
    }
    return flat;
  }

  /** Random general convolutions whose output is not empty (and padding valid). */
  private static List<General> generals(long seed, int count) {
    Random rng = new Random(seed);
    List<General> out = new ArrayList<>();
    while (out.size() < count) {
      General g = randomGeneral(rng, 1 + out.size() % 2, out.size() % 3 == 2);
      try {
        long[] shape =
            PrimitiveRules.outputAvals(
                    CONV,
                    List.of(
                        new ShapedArray(g.lhsShape(), DType.F64),
                        new ShapedArray(g.rhsShape(), DType.F64)),
                    g.params())
                .getFirst()
                .shape();
        if (Shapes.size(shape) > 0) {
          out.add(g);
        }
      } catch (IllegalArgumentException e) {
        // padding cuts more than the input holds: draw again
      }
    }
    return out;
  }

  @Test
  void anyLayoutDilationAndGroupingMatchesTheDefinition() {
    Random rng = new Random(5);
    for (General g : generals(21, 12)) {
      Array x = random(rng, DType.F64, g.lhsShape()).jax();
      Array w = random(rng, DType.F64, g.rhsShape()).jax();
      Array y = CONV.bind1(g.params(), x, w);
      Comparison.assertValues(
          g.params().toString(),
          naiveConv(
              x.toDoubleArray(),
              g.lhsShape(),
              w.toDoubleArray(),
              g.rhsShape(),
              g.params(),
              y.shape()),
          y.toDoubleArray(),
          1e-12);
    }
  }

  // ---- VJP ----------------------------------------------------------------------------------

  @Test
  void vjpMatchesAutograd() {
    Random rng = new Random(13);
    for (TorchConv c : TORCH_CONVS) {
      Array x = random(rng, DType.F64, c.input()).jax();
      Array w = random(rng, DType.F64, c.kernel()).jax();
      Array y = CONV.bind1(c.params(), x, w);
      Array ct = random(rng, DType.F64, y.shape()).jax();
      Tensor lx = leaf(x);
      Tensor lw = leaf(w);
      backward(c.run(lx, lw), ct);
      List<Array> got = PrimitiveChecks.vjp(CONV, c.params(), List.of(x, w), List.of(ct));
      assertValues(lx.grad(), got.get(0), 1e-10);
      assertValues(lw.grad(), got.get(1), 1e-10);
    }
  }

  @Test
  void vjpMatchesFiniteDifferencesForAnyLayoutAndGrouping() {
    Random rng = new Random(17);
    for (General g : generals(33, 9)) {
      Array x = random(rng, DType.F64, g.lhsShape()).jax();
      Array w = random(rng, DType.F64, g.rhsShape()).jax();
      Array y = CONV.bind1(g.params(), x, w);
      Array ct = random(rng, DType.F64, y.shape()).jax();
      PrimitiveChecks.checkVjpNumerically(CONV, g.params(), List.of(x, w), List.of(ct), 1e-6, 0, 1);
    }
  }

  @Test
  void integerOperandsGetNoCotangent() {
    TorchConv c = TORCH_CONVS[0];
    Array x = random(new Random(1), DType.I32, c.input()).jax();
    Array w = random(new Random(2), DType.I32, c.kernel()).jax();
    Array y = CONV.bind1(c.params(), x, w);
    List<Array> got = PrimitiveChecks.vjp(CONV, c.params(), List.of(x, w), List.of(y));
    ReductionsAndWindowsTesting.assertNoCotangent(got, 0);
    ReductionsAndWindowsTesting.assertNoCotangent(got, 1);
  }

  // ---- batching -----------------------------------------------------------------------------

  @Test
  void batchingMatchesALoop() {
    List<General> cases = new ArrayList<>(generals(41, 3));
    // PyTorch-style grouped convolutions too.
    TorchConv grouped = TORCH_CONVS[1];
    cases.add(new General(grouped.params(), grouped.input(), grouped.kernel()));
    for (General g : cases) {
      int rank = g.lhsShape().length;
      for (int[] bdims : PrimitiveChecks.batchPlacements(rank, rank)) {
        PrimitiveChecks.checkBatch(
            CONV,
            g.params(),
            2,
            b ->
                List.of(
                    random(new Random(100 + b), DType.F64, g.lhsShape()).jax(),
                    random(new Random(200 + b), DType.F64, g.rhsShape()).jax()),
            bdims,
            1e-12);
      }
    }
  }

  @Test
  void batchingAnEmptyBatch() {
    TorchConv c = TORCH_CONVS[0];
    Array x = Array.fromBytes(new byte[0], DType.F32, 0, 2, 3, 5, 6);
    Array w = random(new Random(1), DType.F32, c.kernel()).jax();
    var out = PrimitiveRules.batch(CONV).batch(CONV, List.of(x, w), new int[] {0, -1}, c.params());
    assertEquals(0, out.batchDims()[0]);
    assertArrayEquals(new long[] {0, 2, 4, 3, 5}, out.outputs().getFirst().shape());
  }

  // ---- errors -------------------------------------------------------------------------------

  @Test
  void abstractEvalRejectsBadInput() {
    TorchConv c = TORCH_CONVS[1];
    ShapedArray x = new ShapedArray(c.input(), DType.F32);
    ShapedArray w = new ShapedArray(c.kernel(), DType.F32);
    Params p = c.params();
    assertRejects(
        List.of(x, new ShapedArray(c.kernel(), DType.F64)),
        p,
        "one integer or floating-point type");
    assertRejects(List.of(x, new ShapedArray(new long[] {6, 2, 2}, DType.F32)), p, "one rank");
    assertRejects(List.of(x, w), p.with("feature_group_count", 3L), "groups");
    assertRejects(List.of(x, w), p.with("feature_group_count", 1L), "input features");
    assertRejects(List.of(x, w), p.with("batch_group_count", 2L), "one of them 1");
    assertRejects(List.of(x, w), p.with("window_strides", new long[] {1}), "per dimension");
    assertRejects(List.of(x, w), p.with("rhs_dilation", new long[] {0, 1}), "positive");
    assertRejects(
        List.of(x, w),
        p.with(
            "dimension_numbers",
            new ConvDimensionNumbers(
                new long[] {0, 1, 2, 2}, new long[] {0, 1, 2, 3}, new long[] {0, 1, 2, 3})),
        "does not give each");
    assertRejects(List.of(x, w), p.with("padding", new long[] {-9, 0, 0, 0}), "cuts more");
  }

  private static void assertRejects(List<ShapedArray> in, Params params, String fragment) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> PrimitiveRules.outputAvals(CONV, in, params));
    assertTrue(e.getMessage().startsWith("conv_general_dilated"), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void dimensionNumbersCompareByContentAndPrintLikeJax() {
    ConvDimensionNumbers a = ConvDimensionNumbers.nchw(3);
    ConvDimensionNumbers b =
        new ConvDimensionNumbers(new long[] {0, 1, 2}, new long[] {0, 1, 2}, new long[] {0, 1, 2});
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(
        "ConvDimensionNumbers(lhs_spec=(0, 1, 2), rhs_spec=(0, 1, 2), out_spec=(0, 1, 2))",
        a.toString());
    assertEquals(TORCH_CONVS[0].params(), TORCH_CONVS[0].params());
  }
}
