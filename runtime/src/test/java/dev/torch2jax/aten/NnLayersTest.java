package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.i32;
import static dev.torch2jax.aten.NnTesting.ints;
import static dev.torch2jax.aten.NnTesting.longs;
import static dev.torch2jax.aten.NnTesting.op;
import static dev.torch2jax.aten.NnTesting.randint;
import static dev.torch2jax.aten.NnTesting.randn;
import static dev.torch2jax.aten.NnTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.torch.T2J;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** Normalization, pooling, embedding and dropout against libtorch. */
class NnLayersTest {
  @Test
  void batchNorm() {
    Tensor x = randn(3, 4, 5, 2);
    Tensor rm = randn(4);
    Tensor rv = uniform(0.5, 2, 4);
    op("aten::_native_batch_norm_legit_no_training", x, randn(4), randn(4), rm, rv, 0.1, 1e-5)
        .torch("torch._native_batch_norm_legit_no_training(a, b, c, d, e, 0.1, 1e-5)")
        .tol(1e-4)
        .outputs(0, 1, 2)
        .check();
    op("aten::_native_batch_norm_legit_no_training", x, randn(4), randn(4), rm, rv, 0.1, 1e-5)
        .torch("torch._native_batch_norm_legit_no_training(a, b, c, d, e, 0.1, 1e-5)")
        .outputs(0)
        .tol(1e-4)
        .diff(0, 1, 2)
        .check();
    op("aten::batch_norm", x, randn(4), randn(4), rm, rv, false, 0.1, 1e-5, true)
        .torch("torch.batch_norm(a, b, c, d, e, False, 0.1, 1e-5, True)")
        .tol(1e-4)
        .diff(0, 1, 2)
        .check();
    op(
            "aten::batch_norm",
            f64(randn(2, 3)),
            null,
            null,
            f64(randn(3)),
            f64(uniform(1, 2, 3)),
            false,
            0.1,
            1e-3,
            true)
        .torch("torch.batch_norm(a, None, None, b, c, False, 0.1, 1e-3, True)")
        .check();
    op("aten::batch_norm", randn(4, 3, 5), randn(3), randn(3), null, null, true, 0.1, 1e-5, true)
        .torch("torch.batch_norm(a, b, c, None, None, True, 0.1, 1e-5, True)")
        .tol(1e-4)
        .check();
    op(
            "aten::_native_batch_norm_legit.no_stats",
            randn(4, 3, 5),
            randn(3),
            randn(3),
            true,
            0.1,
            1e-5)
        .torch("torch._native_batch_norm_legit(a, b, c, True, 0.1, 1e-5)")
        .tol(1e-4)
        .check();
    op("aten::native_batch_norm", x, randn(4), randn(4), rm, rv, false, 0.1, 1e-5)
        .torch("torch.native_batch_norm(a, b, c, d, e, False, 0.1, 1e-5)")
        .outputs(0)
        .tol(1e-4)
        .check();
    op("aten::_native_batch_norm_legit", x, randn(4), randn(4), rm, rv, false, 0.1, 1e-5)
        .torch("torch._native_batch_norm_legit(a, b, c, d, e, False, 0.1, 1e-5)")
        .outputs(0)
        .tol(1e-4)
        .check();
    Throwable e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                NnTesting.call(
                    "aten::batch_norm", t(x), null, null, t(rm), t(rv), true, 0.1, 1e-5, true));
    assertTrue(e.getMessage().startsWith("batch_norm: training-mode"), e.getMessage());
    assertTrue(e.getMessage().contains("TorchFunction.callWithState"), e.getMessage());
    Throwable legit =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                NnTesting.call(
                    "aten::_native_batch_norm_legit",
                    t(x),
                    null,
                    null,
                    t(rm),
                    t(rv),
                    true,
                    0.1,
                    1e-5));
    assertTrue(
        legit.getMessage().startsWith("_native_batch_norm_legit: training-mode"),
        legit.getMessage());
  }

  @Test
  void layerGroupInstanceNorm() {
    op("aten::native_layer_norm", randn(2, 3, 4), ints(4), randn(4), randn(4), 1e-5)
        .torch("torch.native_layer_norm(a, [4], b, c, 1e-5)")
        .tol(1e-4)
        .check();
    op("aten::layer_norm", randn(2, 3, 4), ints(3, 4), randn(3, 4), null, 1e-5, true)
        .torch("torch.layer_norm(a, [3, 4], b, None, 1e-5)")
        .tol(1e-4)
        .check();
    op("aten::layer_norm", f64(randn(5, 6)), ints(6), null, null, 1e-6, true)
        .torch("torch.layer_norm(a, [6], None, None, 1e-6)")
        .check();
    op("aten::group_norm", randn(2, 6, 3, 2), 3L, randn(6), randn(6), 1e-5, true)
        .torch("torch.group_norm(a, 3, b, c, 1e-5)")
        .tol(1e-4)
        .check();
    op("aten::native_group_norm", randn(2, 4, 5), randn(4), null, 2L, 4L, 5L, 2L, 1e-5)
        .torch("torch.native_group_norm(a, b, None, 2, 4, 5, 2, 1e-5)")
        .tol(1e-4)
        .check();
    op(
            "aten::instance_norm",
            randn(2, 3, 4, 4),
            randn(3),
            randn(3),
            null,
            null,
            true,
            0.1,
            1e-5,
            true)
        .torch("torch.instance_norm(a, b, c, None, None, True, 0.1, 1e-5, True)")
        .tol(1e-4)
        .check();
    op(
            "aten::instance_norm",
            randn(2, 3, 4),
            null,
            null,
            randn(3),
            uniform(1, 2, 3),
            false,
            0.1,
            1e-5,
            true)
        .torch("torch.instance_norm(a, None, None, b, c, False, 0.1, 1e-5, True)")
        .tol(1e-4)
        .check();
  }

  @Test
  void maxPool() {
    Tensor x = randn(2, 3, 7, 6);
    op("aten::max_pool2d", x, ints(2, 2), ints(), ints(0), ints(1), false)
        .torch("torch.max_pool2d(a, [2, 2])")
        .check();
    op("aten::max_pool2d", x, ints(3), ints(2), ints(1), ints(1), true)
        .torch("torch.max_pool2d(a, [3], [2], [1], [1], True)")
        .check();
    op("aten::max_pool2d", randn(3, 8, 7), ints(2, 3), ints(2, 1), ints(1, 0), ints(2, 2), false)
        .torch("torch.max_pool2d(a, [2, 3], [2, 1], [1, 0], [2, 2])")
        .check();
    op(
            "aten::max_pool2d",
            i32(randint(-9, 9, 1, 1, 5, 5)),
            ints(2),
            ints(2),
            ints(1),
            ints(1),
            true)
        .torch("torch.max_pool2d(a, [2], [2], [1], [1], True)")
        .check();
    op("aten::max_pool1d", randn(2, 3, 9), ints(3), ints(2), ints(1), ints(2), true)
        .torch("torch.max_pool1d(a, [3], [2], [1], [2], True)")
        .check();
    op("aten::max_pool1d", randn(3, 8), ints(2), ints(), ints(0), ints(1), false)
        .torch("torch.max_pool1d(a, [2])")
        .check();
    op("aten::max_pool2d_with_indices", x, ints(3), ints(2), ints(1), ints(1), true)
        .torch("torch.max_pool2d_with_indices(a, [3], [2], [1], [1], True)")
        .check();
    op(
            "aten::max_pool2d_with_indices",
            randn(3, 7, 7),
            ints(2, 3),
            ints(1, 2),
            ints(1, 0),
            ints(2, 1),
            false)
        .torch("torch.max_pool2d_with_indices(a, [2, 3], [1, 2], [1, 0], [2, 1])")
        .check();
    op("aten::max_pool3d", randn(1, 2, 5, 4, 5), ints(2), ints(2), ints(0), ints(1), true)
        .torch("torch.max_pool3d(a, [2], [2], [0], [1], True)")
        .check();
    op(
            "aten::max_pool3d_with_indices",
            randn(1, 2, 5, 4, 5),
            ints(2),
            ints(),
            ints(1),
            ints(1),
            false)
        .torch("torch.max_pool3d_with_indices(a, [2], [], [1])")
        .check();
  }

  @Test
  void avgPool() {
    Tensor x = randn(2, 3, 7, 6);
    op("aten::avg_pool2d", x, ints(2, 2), ints(), ints(0), false, true, null)
        .torch("torch.avg_pool2d(a, [2, 2])")
        .check();
    op("aten::avg_pool2d", x, ints(3), ints(2), ints(1), true, true, null)
        .torch("torch.avg_pool2d(a, [3], [2], [1], True, True)")
        .check();
    op("aten::avg_pool2d", x, ints(3), ints(2), ints(1), true, false, null)
        .torch("torch.avg_pool2d(a, [3], [2], [1], True, False)")
        .check();
    op("aten::avg_pool2d", randn(3, 7, 5), ints(3, 2), ints(2, 1), ints(1, 1), false, true, 5L)
        .torch("torch.avg_pool2d(a, [3, 2], [2, 1], [1, 1], False, True, 5)")
        .check();
    op("aten::avg_pool2d", f64(x), ints(2), ints(3), ints(1), true, false, null)
        .torch("torch.avg_pool2d(a, [2], [3], [1], True, False)")
        .check();
    op("aten::avg_pool1d", randn(2, 3, 9), ints(3), ints(2), ints(1), true, false)
        .torch("torch.avg_pool1d(a, [3], [2], [1], True, False)")
        .check();
    op("aten::avg_pool1d", randn(3, 8), ints(2), ints(), ints(0), false, true)
        .torch("torch.avg_pool1d(a, [2])")
        .check();
    op("aten::avg_pool3d", randn(1, 2, 5, 4, 5), ints(2), ints(2), ints(1), true, true, null)
        .torch("torch.avg_pool3d(a, [2], [2], [1], True, True)")
        .check();
  }

  @Test
  void adaptivePool() {
    op("aten::adaptive_avg_pool2d", randn(2, 3, 7, 6), ints(3, 4))
        .torch("torch.adaptive_avg_pool2d(a, [3, 4])")
        .check();
    op("aten::adaptive_avg_pool2d", randn(2, 3, 7, 6), ints(1, 1))
        .torch("torch.adaptive_avg_pool2d(a, [1, 1])")
        .check();
    // Even windows on both axes: the reshape-and-sum path.
    op("aten::adaptive_avg_pool2d", randn(2, 3, 8, 6), ints(4, 3))
        .torch("torch.adaptive_avg_pool2d(a, [4, 3])")
        .check();
    op("aten::_adaptive_avg_pool2d", randn(3, 5, 5), ints(5, 2))
        .torch("torch._adaptive_avg_pool2d(a, [5, 2])")
        .check();
    op("aten::adaptive_avg_pool1d", randn(2, 3, 10), ints(4))
        .torch("torch.adaptive_avg_pool1d(a, [4])")
        .check();
    op("aten::adaptive_avg_pool3d", randn(1, 2, 5, 4, 3), ints(2, 3, 2))
        .torch("torch.adaptive_avg_pool3d(a, [2, 3, 2])")
        .check();
    op("aten::adaptive_max_pool2d", randn(2, 3, 7, 6), ints(3, 4))
        .torch("torch.adaptive_max_pool2d(a, [3, 4])")
        .check();
    op("aten::adaptive_max_pool2d", randn(3, 5, 9), ints(1, 2))
        .torch("torch.adaptive_max_pool2d(a, [1, 2])")
        .check();
    op("aten::adaptive_max_pool1d", randn(2, 3, 10), ints(3))
        .torch("torch.adaptive_max_pool1d(a, [3])")
        .check();
  }

  @Test
  void embedding() {
    Tensor w = randn(10, 4);
    Tensor idx = longs(new long[] {1, 3, 3, 0, 9, 1}, 2, 3);
    op("aten::embedding", w, idx, -1L, false, false).torch("torch.embedding(a, b)").check();
    op("aten::embedding", w, idx, -1L, false, false).torch("torch.embedding(a, b)").check();
    op("aten::embedding", w, idx, 3L, false, false).torch("torch.embedding(a, b, 3)").check();
    op("aten::embedding", w, idx, -1L, true, false)
        .torch("torch.embedding(a, b, -1, True)")
        .check();
    op("aten::embedding", f64(w), i32(longs(new long[] {4, 2}, 2)), -1L, false, false)
        .torch("torch.embedding(a, b)")
        .check();
    op("aten::embedding", w, longs(new long[] {7}), -1L, false, false)
        .torch("torch.embedding(a, b.reshape([]))")
        .check();
  }

  @Test
  void embeddingBag() {
    Tensor w = randn(10, 3);
    Tensor idx = longs(new long[] {1, 2, 4, 5, 4, 3, 2, 9}, 8);
    Tensor offsets = longs(new long[] {0, 4, 4}, 3);
    for (long mode = 0; mode < 3; mode++) {
      op("aten::embedding_bag", w, idx, offsets, false, mode, false, null, false)
          .torch("torch.embedding_bag(a, b, c, False, " + mode + ")")
          .outputs(0)
          .check();
    }
    op(
            "aten::embedding_bag",
            w,
            idx,
            longs(new long[] {0, 2, 8}, 3),
            false,
            0L,
            false,
            uniform(0, 1, 8),
            true)
        .torch("torch.embedding_bag(a, b, c, False, 0, False, d, True)")
        .outputs(0)
        .check();
    op("aten::embedding_bag.padding_idx", w, idx, offsets, false, 1L, false, null, false, 4L)
        .torch("torch.embedding_bag(a, b, c, False, 1, False, None, False, 4)")
        .outputs(0)
        .check();
    op("aten::_embedding_bag", w, idx, offsets, false, 0L, false, null, false, -1L)
        .torch("torch._embedding_bag(a, b, c)")
        .outputs(0)
        .check();
  }

  @Test
  void dropoutInEval() {
    Tensor x = randn(3, 4);
    Array a = t(x);
    assertSame(a, NnTesting.call("aten::dropout", a, 0.5, false));
    assertSame(a, NnTesting.call("aten::dropout_", a, 0.5, false));
    assertSame(a, NnTesting.call("aten::feature_dropout", a, 0.2, false));
    assertSame(a, NnTesting.call("aten::alpha_dropout", a, 0.2, false));
    assertSame(a, NnTesting.call("aten::dropout", a, 0.0, true));
    op("aten::native_dropout", x, 0.5, false).torch("torch.native_dropout(a, 0.5, False)").check();
    // Training dropout draws from the thread's RandomState key: each element is 0 or x / (1 - p).
    float[] in = a.toFloatArray();
    float[] out = ((Array) NnTesting.call("aten::dropout", a, 0.5, true)).toFloatArray();
    for (int i = 0; i < in.length; i++) {
      assertTrue(out[i] == 0 || Math.abs(out[i] - 2 * in[i]) < 1e-6, out[i] + " vs " + in[i]);
    }
    List<Array> nd = NnTesting.asList(NnTesting.call("aten::native_dropout", a, 0.1, false));
    assertArrayEquals(a.shape(), nd.get(1).shape());
  }

  private static Array t(Tensor x) {
    return T2J.t2j(x);
  }
}
