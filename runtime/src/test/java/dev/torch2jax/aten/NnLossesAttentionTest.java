package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.doubles;
import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.i32;
import static dev.torch2jax.aten.NnTesting.ints;
import static dev.torch2jax.aten.NnTesting.longs;
import static dev.torch2jax.aten.NnTesting.op;
import static dev.torch2jax.aten.NnTesting.randbool;
import static dev.torch2jax.aten.NnTesting.randint;
import static dev.torch2jax.aten.NnTesting.randn;
import static dev.torch2jax.aten.NnTesting.uniform;

import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** Losses, attention and upsampling against libtorch. */
class NnLossesAttentionTest {
  @Test
  void regressionLosses() {
    Tensor x = randn(3, 4);
    Tensor y = randn(3, 4);
    for (long r = 0; r < 3; r++) {
      op("aten::mse_loss", x, y, r).torch("torch.mse_loss(a, b, " + r + ")").check();
      op("aten::l1_loss", x, y, r).torch("torch.l1_loss(a, b, " + r + ")").check();
      op("aten::smooth_l1_loss", x, y, r, 0.5)
          .torch("torch.smooth_l1_loss(a, b, " + r + ", 0.5)")
          .check();
      op("aten::huber_loss", x, y, r, 0.7).torch("torch.huber_loss(a, b, " + r + ", 0.7)").check();
    }
    op("aten::mse_loss", x, randn(4), 1L).torch("torch.mse_loss(a, b)").check();
    op("aten::smooth_l1_loss", f64(x), f64(y), 1L, 0.0)
        .torch("torch.smooth_l1_loss(a, b, 1, 0.0)")
        .check();
  }

  @Test
  void binaryLosses() {
    Tensor p = uniform(0.01, 0.99, 3, 4);
    Tensor t = uniform(0, 1, 3, 4);
    for (long r = 0; r < 3; r++) {
      op("aten::binary_cross_entropy", p, t, null, r)
          .torch("torch.binary_cross_entropy(a, b, None, " + r + ")")
          .check();
      op("aten::binary_cross_entropy_with_logits", randn(3, 4), t, null, null, r)
          .torch("torch.binary_cross_entropy_with_logits(a, b, None, None, " + r + ")")
          .check();
    }
    op("aten::binary_cross_entropy", p, t, uniform(0, 2, 4), 1L)
        .torch("torch.binary_cross_entropy(a, b, c)")
        .diff(0)
        .check();
    op(
            "aten::binary_cross_entropy",
            NnTesting.floats(new float[] {0, 1, 0.5f}, 3),
            NnTesting.floats(new float[] {1, 0, 1}, 3),
            null,
            0L)
        .torch("torch.binary_cross_entropy(a, b, None, 0)")
        .check();
    op(
            "aten::binary_cross_entropy_with_logits",
            randn(3, 4).mul(new org.bytedeco.pytorch.Scalar(30.0)),
            t,
            uniform(0, 2, 3, 4),
            uniform(0.5, 3, 4),
            1L)
        .torch("torch.binary_cross_entropy_with_logits(a, b, c, d)")
        .tol(1e-4)
        .diff(0, 1)
        .check();
  }

  @Test
  void klDiv() {
    Tensor logp = randn(3, 4);
    Tensor q = uniform(0, 1, 3, 4);
    op("aten::kl_div", logp, q, 1L, false).torch("torch.kl_div(a, b)").check();
    op(
            "aten::kl_div",
            logp,
            q.mul(randbool(3, 4).to(org.bytedeco.pytorch.global.torch.ScalarType.Float)),
            0L,
            false)
        .torch("torch.kl_div(a, b, 0)")
        .diff(0)
        .check();
    op("aten::kl_div", logp, randn(3, 4), 2L, true)
        .torch("torch.kl_div(a, b, 2, log_target=True)")
        .check();
  }

  @Test
  void nllAndCrossEntropy() {
    Tensor logits = randn(5, 4);
    Tensor target = longs(new long[] {0, 3, 1, -100, 2}, 5);
    Tensor w = uniform(0.5, 2, 4);
    for (long r = 0; r < 3; r++) {
      op("aten::nll_loss", logits, target, null, r, -100L)
          .torch("torch.nll_loss(a, b, None, " + r + ")")
          .check();
      op("aten::nll_loss", logits, target, w, r, -100L)
          .torch("torch.nll_loss(a, b, c, " + r + ")")
          .diff(0)
          .check();
      op("aten::cross_entropy_loss", logits, target, w, r, -100L, 0.0)
          .torch("torch.cross_entropy_loss(a, b, c, " + r + ")")
          .diff(0)
          .check();
      op("aten::cross_entropy_loss", logits, target, w, r, -100L, 0.2)
          .torch("torch.cross_entropy_loss(a, b, c, " + r + ", -100, 0.2)")
          .diff(0)
          .check();
      op("aten::cross_entropy_loss", logits, longs(new long[] {0, 3, 1, 2, 3}, 5), null, r, 3L, 0.1)
          .torch("torch.cross_entropy_loss(a, b, None, " + r + ", 3, 0.1)")
          .check();
      op("aten::cross_entropy_loss", logits, uniform(0, 1, 5, 4), w, r, -100L, 0.1)
          .torch("torch.cross_entropy_loss(a, b, c, " + r + ", -100, 0.1)")
          .diff(0)
          .check();
    }
    op("aten::nll_loss_forward", logits, target, w, 1L, -100L)
        .torch("torch.nll_loss_forward(a, b, c, 1, -100)")
        .check();
    op("aten::nll_loss_forward", randn(4), longs(new long[] {2}, new long[0]), null, 2L, -100L)
        .torch("torch.nll_loss_forward(a, b, None, 2, -100)")
        .check();
    op("aten::nll_loss_nd", randn(2, 3, 4, 2), randint(0, 3, 2, 4, 2), null, 1L, -100L)
        .torch("torch.nll_loss_nd(a, b)")
        .check();
    op("aten::nll_loss2d", randn(2, 3, 4, 2), i32(randint(0, 3, 2, 4, 2)), null, 0L, 1L)
        .torch("torch.nll_loss2d(a, b.long(), None, 0, 1)")
        .check();
    op("aten::cross_entropy_loss", randn(2, 3, 4), randint(0, 3, 2, 4), null, 1L, -100L, 0.0)
        .torch("torch.cross_entropy_loss(a, b)")
        .check();
    op(
            "aten::cross_entropy_loss",
            f64(randn(3)),
            longs(new long[] {1}, new long[0]),
            null,
            1L,
            -100L,
            0.0)
        .torch("torch.cross_entropy_loss(a, b)")
        .check();
  }

  @Test
  void scaledDotProductAttention() {
    Tensor q = randn(2, 2, 3, 4);
    Tensor k = randn(2, 2, 5, 4);
    Tensor v = randn(2, 2, 5, 3);
    op("aten::scaled_dot_product_attention", q, k, v, null, 0.0, false, null, false)
        .torch("torch.scaled_dot_product_attention(a, b, c)")
        .tol(1e-4)
        .check();
    op("aten::scaled_dot_product_attention", q, k, v, null, 0.0, true, 0.3, false)
        .torch("torch.scaled_dot_product_attention(a, b, c, None, 0.0, True, scale=0.3)")
        .tol(1e-4)
        .check();
    op("aten::scaled_dot_product_attention", q, k, v, randn(3, 5), 0.0, false, null, false)
        .torch("torch.scaled_dot_product_attention(a, b, c, d)")
        .tol(1e-4)
        .check();
    Tensor mask =
        NnTesting.bool(longs(new long[] {1, 0, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1}, 3, 5));
    op("aten::scaled_dot_product_attention", q, k, v, mask, 0.0, false, null, false)
        .torch("torch.scaled_dot_product_attention(a, b, c, d)")
        .tol(1e-4)
        .check();
    Tensor fullyMasked =
        NnTesting.bool(longs(new long[] {1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 5));
    op("aten::scaled_dot_product_attention", q, k, v, fullyMasked, 0.0, false, null, false)
        .torch("torch.scaled_dot_product_attention(a, b, c, d)")
        .tol(1e-4)
        .check();
    op(
            "aten::scaled_dot_product_attention",
            f64(randn(3, 4)),
            f64(randn(3, 4)),
            f64(randn(3, 2)),
            null,
            0.0,
            true,
            null,
            false)
        .torch("torch.scaled_dot_product_attention(a, b, c, None, 0.0, True)")
        .check();
    op(
            "aten::scaled_dot_product_attention",
            randn(1, 4, 3, 2),
            randn(1, 2, 3, 2),
            randn(1, 2, 3, 2),
            null,
            0.0,
            false,
            null,
            true)
        .torch("torch.scaled_dot_product_attention(a, b, c, enable_gqa=True)")
        .tol(1e-4)
        .check();
  }

  @Test
  void upsample() {
    Tensor x = randn(1, 2, 3, 4);
    op("aten::upsample_nearest2d", x, ints(6, 8), null, null)
        .torch("torch.upsample_nearest2d(a, [6, 8])")
        .check();
    op("aten::upsample_nearest2d", x, ints(5, 3), null, null)
        .torch("torch.upsample_nearest2d(a, [5, 3])")
        .check();
    op("aten::upsample_nearest2d.vec", x, null, doubles(1.5, 2.5))
        .torch("torch.upsample_nearest2d(a, None, [1.5, 2.5])")
        .check();
    op("aten::upsample_nearest2d.vec", x, ints(7, 7), null)
        .torch("torch.upsample_nearest2d(a, [7, 7], None)")
        .check();
    op("aten::upsample_nearest1d", randn(2, 3, 5), ints(7), null)
        .torch("torch.upsample_nearest1d(a, [7])")
        .check();
    op("aten::_upsample_nearest_exact2d", x, ints(5, 7), null, null)
        .torch("torch._upsample_nearest_exact2d(a, [5, 7])")
        .check();
    for (boolean ac : new boolean[] {false, true}) {
      String acs = ac ? "True" : "False";
      op("aten::upsample_bilinear2d", x, ints(5, 7), ac, null, null)
          .torch("torch.upsample_bilinear2d(a, [5, 7], " + acs + ")")
          .check();
      op("aten::upsample_bilinear2d", f64(x), ints(2, 3), ac, null, null)
          .torch("torch.upsample_bilinear2d(a, [2, 3], " + acs + ")")
          .check();
      op("aten::upsample_bilinear2d.vec", x, null, ac, doubles(2.0, 1.5))
          .torch("torch.upsample_bilinear2d(a, None, " + acs + ", [2.0, 1.5])")
          .check();
      op("aten::upsample_linear1d", randn(2, 3, 4), ints(9), ac, null)
          .torch("torch.upsample_linear1d(a, [9], " + acs + ")")
          .check();
    }
    op("aten::upsample_bilinear2d.vec", x, ints(6, 8), false, null)
        .torch("torch.upsample_bilinear2d(a, [6, 8], False, None)")
        .check();
    op("aten::upsample_trilinear3d", randn(1, 1, 2, 3, 2), ints(3, 4, 4), false, null, null, null)
        .torch("torch.upsample_trilinear3d(a, [3, 4, 4], False)")
        .check();
  }
}
