package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.i32;
import static dev.torch2jax.aten.NnTesting.randint;
import static dev.torch2jax.aten.NnTesting.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.opinfo.Comparison;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.opinfo.OpInfo.Check;
import dev.torch2jax.torch.T2J;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.BoolOptional;
import org.bytedeco.pytorch.T_TensorTensorTensor_T;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * The backward ops of convolution, pooling, normalization and embedding against libtorch, through
 * the OpInfo harness: forward, jit, vmap and their own VJP (a second derivative) against autograd.
 */
class BackwardOpsTest {
  private static final List<UnaryOperator<Tensor>> FLOATS = List.of(t -> t, NnTesting::f64);

  /**
   * The dtypes a mask's samples run in: both for every gradient, float64 alone for the partial
   * masks (they select outputs of the same computation; float32 adds nothing but time).
   */
  private static List<UnaryOperator<Tensor>> floatsFor(boolean[] mask) {
    return java.util.Arrays.equals(mask, ALL_GRADS) ? FLOATS : List.of(NnTesting::f64);
  }

  /** Twins in {@code dtypes} split the checks; a single dtype runs them all. */
  private static Set<Check> checks(List<UnaryOperator<Tensor>> dtypes, UnaryOperator<Tensor> t) {
    if (dtypes.size() == 1) {
      return OpInfo.ALL;
    }
    return t == dtypes.getLast() ? OpInfo.VALUES : OpInfo.TRANSFORMS;
  }

  /** Every output_mask but all-False (which returns nothing to compare; see {@link #masked}). */
  private static final boolean[][] MASKS = {
    {true, true, true},
    {true, false, false},
    {false, true, false},
    {false, false, true},
    {true, true, false},
    {true, false, true},
    {false, true, true}
  };

  private static final boolean[] ALL_GRADS = {true, true, true};

  /** {@code mask} as a TorchScript list literal. */
  private static String literal(boolean[] mask) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < mask.length; i++) {
      b.append(i > 0 ? ", " : "").append(mask[i] ? "True" : "False");
    }
    return b.append(']').toString();
  }

  /**
   * The source of {@code f(params)} that computes the tuple {@code r = call} (after the lines of
   * {@code setup}) and returns the outputs {@code mask} asks for (libtorch leaves the others
   * undefined).
   */
  private static String picking(String params, String setup, String call, boolean[] mask) {
    StringBuilder ret = new StringBuilder();
    for (int i = 0; i < mask.length; i++) {
      if (mask[i]) {
        ret.append(ret.isEmpty() ? "" : ", ").append("r[").append(i).append(']');
      }
    }
    return "def f(" + params + "):\n" + setup + "    r = " + call + "\n    return " + ret + "\n";
  }

  /** The registry's result for {@code args}: null exactly where {@code mask} is false. */
  private static void masked(String overload, boolean[] mask, Object... args) {
    List<?> out = (List<?>) NnTesting.call(overload, args);
    assertEquals(mask.length, out.size(), overload + ": number of outputs");
    for (int i = 0; i < mask.length; i++) {
      assertEquals(mask[i], out.get(i) != null, overload + ": output " + i + " defined");
    }
  }

  /** Called for both {@link #FLOATS}: twins, each with its half of the checks. */
  private static void run(String overload, String params, String body, Object... inputs) {
    Set<Check> checks = NnTesting.isF64((Tensor) inputs[0]) ? OpInfo.VALUES : OpInfo.TRANSFORMS;
    OpInfo.run(List.of(overload), OpInfo.source(params, body), inputs, checks, -1, null);
  }

  private static String list(long... v) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      b.append(i > 0 ? ", " : "").append(v[i]);
    }
    return b.append(']').toString();
  }

  /** Output length of a window op: {@code floor((in + 2p - d(k-1) - 1) / s) + 1}, or ceil mode. */
  private static long windowOut(long in, long k, long s, long p, long d, boolean ceil) {
    long span = d * (k - 1) + 1;
    long out = Math.floorDiv(in + 2 * p - span + (ceil ? s - 1 : 0), s) + 1;
    return ceil && (out - 1) * s >= in + p ? out - 1 : out;
  }

  // ---- convolution ---------------------------------------------------------------------------

  /** One convolution geometry: shapes and arguments, plain or transposed. */
  private record Conv(
      long[] input,
      long[] weight,
      long[] stride,
      long[] padding,
      long[] dilation,
      boolean transposed,
      long[] outputPadding,
      long groups) {
    long[] output() {
      int n = input.length - 2;
      long[] out = new long[n + 2];
      out[0] = input[0];
      out[1] = transposed ? weight[1] * groups : weight[0];
      for (int i = 0; i < n; i++) {
        long k = weight[i + 2];
        out[i + 2] =
            transposed
                ? (input[i + 2] - 1) * stride[i]
                    - 2 * padding[i]
                    + dilation[i] * (k - 1)
                    + outputPadding[i]
                    + 1
                : windowOut(input[i + 2], k, stride[i], padding[i], dilation[i], false);
      }
      return out;
    }

    void check(String biasSizes, boolean[] mask) {
      String call =
          "torch.convolution_backward(g, x, w, "
              + String.join(
                  ", ",
                  biasSizes,
                  list(stride),
                  list(padding),
                  list(dilation),
                  transposed ? "True" : "False",
                  list(outputPadding),
                  String.valueOf(groups),
                  literal(mask))
              + ")";
      List<UnaryOperator<Tensor>> dtypes = floatsFor(mask);
      for (UnaryOperator<Tensor> t : dtypes) {
        OpInfo.run(
            List.of("aten::convolution_backward"),
            picking("g: Tensor, x: Tensor, w: Tensor", "", call, mask),
            new Object[] {t.apply(randn(output())), t.apply(randn(input)), t.apply(randn(weight))},
            checks(dtypes, t),
            -1,
            null);
      }
      masked(
          "aten::convolution_backward",
          mask,
          T2J.t2j(randn(output())),
          T2J.t2j(randn(input)),
          T2J.t2j(randn(weight)),
          null,
          stride,
          padding,
          dilation,
          transposed,
          outputPadding,
          groups,
          mask);
    }
  }

  @Test
  void convolutionBackwardEveryMask() {
    Conv c =
        new Conv(
            new long[] {2, 4, 5, 6},
            new long[] {6, 2, 3, 2},
            new long[] {2, 1},
            new long[] {1, 0},
            new long[] {1, 2},
            false,
            new long[] {0, 0},
            2);
    for (boolean[] mask : MASKS) {
      c.check("[6]", mask);
    }
    c.check("None", ALL_GRADS);
    masked(
        "aten::convolution_backward",
        new boolean[3],
        T2J.t2j(randn(c.output())),
        T2J.t2j(randn(c.input())),
        T2J.t2j(randn(c.weight())),
        null,
        c.stride(),
        c.padding(),
        c.dilation(),
        false,
        c.outputPadding(),
        2L,
        new boolean[3]);
  }

  @Test
  void convolutionBackwardGeometries() {
    long[] one = {1};
    long[] zero = {0};
    // 1-d, plain and strided, padded, dilated, depthwise.
    new Conv(new long[] {2, 3, 7}, new long[] {4, 3, 3}, one, zero, one, false, zero, 1)
        .check("[4]", ALL_GRADS);
    new Conv(
            new long[] {1, 4, 9},
            new long[] {8, 1, 3},
            new long[] {2},
            new long[] {1},
            new long[] {2},
            false,
            zero,
            4)
        .check("None", new boolean[] {true, true, false});
    // Transposed, 1-d and 2-d, with groups and output padding.
    new Conv(
            new long[] {2, 4, 5},
            new long[] {4, 3, 3},
            new long[] {2},
            new long[] {1},
            one,
            true,
            new long[] {1},
            2)
        .check("[6]", ALL_GRADS);
    new Conv(
            new long[] {2, 2, 3, 4},
            new long[] {2, 3, 2, 3},
            new long[] {2, 3},
            new long[] {0, 1},
            new long[] {2, 1},
            true,
            new long[] {1, 2},
            1)
        .check("None", new boolean[] {true, false, true});
    // 2-d depthwise, same padding.
    new Conv(
            new long[] {1, 3, 6, 6},
            new long[] {3, 1, 3, 3},
            new long[] {1, 1},
            new long[] {1, 1},
            new long[] {1, 1},
            false,
            new long[] {0, 0},
            3)
        .check("[3]", ALL_GRADS);
  }

  // ---- pooling -------------------------------------------------------------------------------

  private static void avgPool(
      long[] input, long[] k, long[] s, long[] p, boolean ceil, boolean countPad, String div) {
    int r = input.length;
    long[] out = input.clone();
    for (int i = 0; i < 2; i++) {
      out[r - 2 + i] = windowOut(input[r - 2 + i], k[i], s[i], p[i], 1, ceil);
    }
    String call =
        "torch.avg_pool2d_backward(g, x, "
            + String.join(
                ", ",
                list(k),
                list(s),
                list(p),
                ceil ? "True" : "False",
                countPad ? "True" : "False",
                div)
            + ")";
    for (UnaryOperator<Tensor> t : FLOATS) {
      run(
          "aten::avg_pool2d_backward",
          "g: Tensor, x: Tensor",
          call,
          t.apply(randn(out)),
          t.apply(randn(input)));
    }
  }

  @Test
  void avgPool2dBackward() {
    long[] x = {2, 3, 7, 6};
    long[] k32 = {3, 2};
    long[] k33 = {3, 3};
    long[] s22 = {2, 2};
    long[] p11 = {1, 1};
    avgPool(x, new long[] {2, 2}, s22, new long[] {0, 0}, false, true, "None");
    avgPool(x, k32, new long[] {2, 1}, p11, false, true, "None");
    avgPool(x, k32, new long[] {2, 1}, p11, false, false, "None");
    avgPool(x, k33, s22, p11, true, false, "None");
    avgPool(x, k33, s22, new long[] {1, 0}, true, true, "None");
    avgPool(x, k32, s22, p11, true, true, "5");
    avgPool(
        new long[] {3, 5, 5},
        new long[] {2, 3},
        new long[] {1, 2},
        new long[] {0, 1},
        false,
        false,
        "None");
  }

  private static void maxPool(long[] input, long[] k, long[] s, long[] p, long[] d, boolean ceil) {
    int r = input.length;
    long[] out = input.clone();
    for (int i = 0; i < 2; i++) {
      out[r - 2 + i] = windowOut(input[r - 2 + i], k[i], s[i], p[i], d[i], ceil);
    }
    String args = String.join(", ", list(k), list(s), list(p), list(d), ceil ? "True" : "False");
    String call =
        "torch.max_pool2d_with_indices_backward(g, x, "
            + args
            + ", torch.max_pool2d_with_indices(x, "
            + args
            + ")[1])";
    for (UnaryOperator<Tensor> t : FLOATS) {
      run(
          "aten::max_pool2d_with_indices_backward",
          "g: Tensor, x: Tensor",
          call,
          t.apply(randn(out)),
          t.apply(randn(input)));
    }
  }

  @Test
  void maxPool2dWithIndicesBackward() {
    long[] one = {1, 1};
    long[] zero = {0, 0};
    long[] p11 = {1, 1};
    maxPool(new long[] {2, 3, 6, 6}, new long[] {2, 2}, new long[] {2, 2}, zero, one, false);
    // Overlapping windows: one input can be the maximum of several, its gradients add up.
    maxPool(new long[] {2, 2, 7, 6}, new long[] {3, 3}, one, p11, one, false);
    maxPool(
        new long[] {1, 2, 7, 8},
        new long[] {3, 2},
        new long[] {2, 3},
        new long[] {1, 0},
        new long[] {1, 2},
        true);
    maxPool(new long[] {3, 5, 6}, new long[] {2, 3}, new long[] {2, 2}, p11, one, true);
  }

  @Test
  void maxPool2dWithIndicesBackwardGivenIndices() {
    // Indices given directly, with repeats (several outputs routed to one input position).
    Tensor idx = NnTesting.longs(new long[] {0, 5, 5, 15, 3, 3, 0, 7}, 1, 2, 2, 2);
    for (UnaryOperator<Tensor> t : FLOATS) {
      run(
          "aten::max_pool2d_with_indices_backward",
          "g: Tensor, x: Tensor, i: Tensor",
          "torch.max_pool2d_with_indices_backward(g, x, [2, 2], [2, 2], [0, 0], [1, 1], False, i)",
          t.apply(randn(1, 2, 2, 2)),
          t.apply(randn(1, 2, 4, 4)),
          idx);
    }
  }

  @Test
  void adaptiveAvgPool2dBackward() {
    long[][][] cases = {
      {{2, 3, 7, 5}, {3, 4}},
      {{2, 3, 6, 6}, {2, 3}},
      {{3, 5, 4}, {4, 1}},
      {{1, 2, 3, 3}, {1, 1}},
    };
    for (long[][] c : cases) {
      long[] x = c[0];
      long[] g = x.clone();
      g[x.length - 2] = c[1][0];
      g[x.length - 1] = c[1][1];
      for (UnaryOperator<Tensor> t : FLOATS) {
        run(
            "aten::_adaptive_avg_pool2d_backward",
            "g: Tensor, x: Tensor",
            "torch._adaptive_avg_pool2d_backward(g, x)",
            t.apply(randn(g)),
            t.apply(randn(x)));
      }
    }
  }

  // ---- normalization -------------------------------------------------------------------------

  /**
   * native_layer_norm_backward with the statistics of native_layer_norm (of the detached input, so
   * that the VJP differentiates only through the backward op's own arguments).
   */
  private static void layerNorm(
      long[] shape, long[] normalized, boolean weight, boolean bias, boolean[] mask) {
    String ns = list(normalized);
    String setup = "    s = torch.native_layer_norm(x.detach(), " + ns + ", None, None, 1e-5)\n";
    String call =
        "torch.native_layer_norm_backward(g, x, "
            + ns
            + ", s[1], s[2], "
            + (weight ? "w" : "None")
            + ", "
            + (bias ? "b" : "None")
            + ", "
            + literal(mask)
            + ")";
    List<UnaryOperator<Tensor>> dtypes = floatsFor(mask);
    for (UnaryOperator<Tensor> t : dtypes) {
      OpInfo.run(
          List.of("aten::native_layer_norm_backward"),
          picking("g: Tensor, x: Tensor, w: Tensor, b: Tensor", setup, call, mask),
          new Object[] {
            t.apply(randn(shape)),
            t.apply(randn(shape)),
            t.apply(randn(normalized)),
            t.apply(randn(normalized))
          },
          checks(dtypes, t),
          -1,
          null);
    }
  }

  @Test
  void nativeLayerNormBackward() {
    long[] x = {3, 4, 5};
    for (boolean[] mask : MASKS) {
      layerNorm(x, new long[] {4, 5}, true, true, mask);
    }
    // libtorch fails to give grad_weight without weight, grad_bias without bias.
    layerNorm(x, new long[] {5}, true, false, new boolean[] {true, true, false});
    layerNorm(x, new long[] {5}, false, false, new boolean[] {true, false, false});
    layerNorm(new long[] {2, 6}, new long[] {6}, false, true, new boolean[] {true, false, true});
    List<Array> stats =
        Normalization.nativeLayerNorm(T2J.t2j(randn(3, 4)), new long[] {4}, null, null, 1e-5);
    for (boolean[] mask : new boolean[][] {new boolean[3], {false, true, false}}) {
      masked(
          "aten::native_layer_norm_backward",
          mask,
          T2J.t2j(randn(3, 4)),
          T2J.t2j(randn(3, 4)),
          new long[] {4},
          stats.get(1),
          stats.get(2),
          T2J.t2j(randn(4)),
          null,
          mask);
    }
  }

  /**
   * native_group_norm_backward with the statistics of native_group_norm. libtorch has no derivative
   * for this op (its VJP check is a known difference); {@link
   * #nativeGroupNormBackwardSecondDerivative} checks ours against libtorch's double backward of
   * group norm instead.
   */
  private static void groupNorm(long[] shape, long group, boolean weight, boolean[] mask) {
    String dims = groupDims(shape, group);
    String setup = "    s = torch.native_group_norm(x.detach(), None, None, " + dims + ", 1e-5)\n";
    String call =
        "torch.native_group_norm_backward(g, x, s[1], s[2], "
            + (weight ? "w" : "None")
            + ", "
            + dims
            + ", "
            + literal(mask)
            + ")";
    List<UnaryOperator<Tensor>> dtypes = floatsFor(mask);
    for (UnaryOperator<Tensor> t : dtypes) {
      OpInfo.run(
          List.of("aten::native_group_norm_backward"),
          picking("g: Tensor, x: Tensor, w: Tensor", setup, call, mask),
          new Object[] {t.apply(randn(shape)), t.apply(randn(shape)), t.apply(randn(shape[1]))},
          checks(dtypes, t),
          -1,
          null);
    }
  }

  /** {@code N, C, HxW, group} of an input shape. */
  private static String groupDims(long[] shape, long group) {
    long hxw = 1;
    for (int i = 2; i < shape.length; i++) {
      hxw *= shape[i];
    }
    return shape[0] + ", " + shape[1] + ", " + hxw + ", " + group;
  }

  @Test
  void nativeGroupNormBackward() {
    long[] x = {2, 6, 4, 5};
    for (boolean[] mask : MASKS) {
      groupNorm(x, 3, true, mask);
    }
    // libtorch fails to give grad_weight or grad_bias without weight.
    groupNorm(x, 6, false, new boolean[] {true, false, false});
    groupNorm(new long[] {3, 4, 7}, 1, true, ALL_GRADS);
    groupNorm(new long[] {3, 4}, 1, true, ALL_GRADS);
    List<Array> stats =
        Normalization.nativeGroupNorm(T2J.t2j(randn(2, 4, 3)), null, null, 2, 4, 3, 2, 1e-5);
    for (boolean[] mask : new boolean[][] {new boolean[3], {true, false, true}}) {
      masked(
          "aten::native_group_norm_backward",
          mask,
          T2J.t2j(randn(2, 4, 3)),
          T2J.t2j(randn(2, 4, 3)),
          stats.get(1),
          stats.get(2),
          null,
          2L,
          4L,
          3L,
          2L,
          mask);
    }
  }

  /**
   * The gradient of {@code <a, grad_input> + <b, grad_weight> + <c, grad_bias>} with respect to
   * grad_out, input and weight: ours (through native_group_norm_backward) against libtorch's double
   * backward of group norm.
   */
  @Test
  void nativeGroupNormBackwardSecondDerivative() {
    long[] shape = {2, 6, 4, 5};
    for (UnaryOperator<Tensor> t : FLOATS) {
      Tensor g = t.apply(randn(shape)).requires_grad_(true);
      Tensor x = t.apply(randn(shape)).requires_grad_(true);
      Tensor w = t.apply(randn(6)).requires_grad_(true);
      Tensor b = t.apply(randn(6)).requires_grad_(true);
      Tensor a = t.apply(randn(shape));
      Tensor bw = t.apply(randn(6));
      Tensor cb = t.apply(randn(6));
      T_TensorTensorTensor_T y =
          torch.native_group_norm(
              x, new TensorOptional(w), new TensorOptional(b), 2, 6, 20, 3, 1e-5);
      TensorVector first =
          torch.grad(
              new TensorVector(y.get0()),
              new TensorVector(x, w, b),
              new TensorVector(g),
              new BoolOptional(true),
              true,
              false);
      Tensor loss =
          first.get(0).mul(a).sum().add(first.get(1).mul(bw).sum()).add(first.get(2).mul(cb).sum());
      TensorVector expected = torch.grad(new TensorVector(loss), new TensorVector(g, x, w));
      Array aa = T2J.t2j(a);
      Array ba = T2J.t2j(bw);
      Array ca = T2J.t2j(cb);
      Fn ours =
          xs -> {
            Array xa = (Array) xs[1];
            List<Array> s = Normalization.nativeGroupNorm(xa, null, null, 2, 6, 20, 3, 1e-5);
            List<Array> r =
                NormalizationBackward.nativeGroupNormBackward(
                    (Array) xs[0], xa, s.get(1), s.get(2), (Array) xs[2], 2, 6, 20, 3, ALL_GRADS);
            return Jnp.add(
                Jnp.add(Jnp.sum(Jnp.multiply(r.get(0), aa)), Jnp.sum(Jnp.multiply(r.get(1), ba))),
                Jnp.sum(Jnp.multiply(r.get(2), ca)));
          };
      // Under jit: one compile instead of one per op of the double backward.
      List<?> actual =
          (List<?>)
              Jax.jit(Jax.grad(ours, 0, 1, 2))
                  .apply(T2J.t2j(g.detach()), T2J.t2j(x.detach()), T2J.t2j(w.detach()));
      String[] names = {"grad_out", "input", "weight"};
      for (int i = 0; i < 3; i++) {
        double tol =
            expected.get(i).scalar_type().value == torch.ScalarType.Double.value ? 1e-9 : 1e-4;
        Comparison.assertClose(
            "second derivative w.r.t. " + names[i], expected.get(i), (Array) actual.get(i), tol);
      }
    }
  }

  // ---- embedding -----------------------------------------------------------------------------

  @Test
  void embeddingDenseBackward() {
    Tensor idx = randint(0, 7, 3, 4);
    Tensor repeated = NnTesting.longs(new long[] {2, 2, 0, 5, 2, 0}, 6);
    String params = "g: Tensor, i: Tensor";
    String op = "aten::embedding_dense_backward";
    for (UnaryOperator<Tensor> t : FLOATS) {
      for (String pad : new String[] {"-1", "2", "0"}) {
        for (String scale : new String[] {"False", "True"}) {
          String call = "torch.embedding_dense_backward(g, i, 7, " + pad + ", " + scale + ")";
          run(op, params, call, t.apply(randn(3, 4, 5)), idx);
          run(op, params, call, t.apply(randn(6, 3)), repeated);
        }
      }
      run(
          op,
          params,
          "torch.embedding_dense_backward(g, i, 9, 1, True)",
          t.apply(randn(3, 4, 2)),
          i32(idx));
    }
  }
}
