package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.doubles;
import static dev.torch2jax.aten.NnTesting.ints;
import static dev.torch2jax.aten.NnTesting.op;
import static dev.torch2jax.aten.NnTesting.randint;
import static dev.torch2jax.aten.NnTesting.randn;
import static dev.torch2jax.aten.NnTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.torch.T2J;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** The remaining overload variants of the family, forward only, against libtorch. */
class NnVariantsTest {
  @Test
  void inPlaceAndDtypeVariants() {
    op("aten::baddbmm_", randn(2, 3, 5), randn(2, 3, 4), randn(2, 4, 5), 0.5, 1L)
        .torch("a.baddbmm_(b, c, beta=0.5)")
        .check();
    op("aten::addmv_", randn(3), randn(3, 4), randn(4), 1L, 2L)
        .torch("a.addmv_(b, c, alpha=2)")
        .check();
    op("aten::norm.ScalarOpt_dtype", randn(3, 4), 2L, DType.F64)
        .torch("torch.norm(a, 2, dtype=7)")
        .check();
    Array x = T2J.t2j(randn(2, 3));
    for (String d :
        new String[] {
          "aten::alpha_dropout_",
          "aten::feature_dropout_",
          "aten::feature_alpha_dropout",
          "aten::feature_alpha_dropout_"
        }) {
      assertSame(x, NnTesting.call(d, x, 0.3, false));
    }
  }

  @Test
  void batchNormLegitAndPoolingVariants() {
    Tensor x = randn(2, 3, 4);
    op(
            "aten::_native_batch_norm_legit",
            x,
            randn(3),
            randn(3),
            randn(3),
            uniform(0.5, 2, 3),
            false,
            0.1,
            1e-5)
        .torch("torch._native_batch_norm_legit(a, b, c, d, e, False, 0.1, 1e-5)")
        .tol(1e-4)
        .outputs(0)
        .check();
    op("aten::_adaptive_avg_pool3d", randn(1, 2, 4, 3, 5), ints(2, 2, 3))
        .torch("torch._adaptive_avg_pool3d(a, [2, 2, 3])")
        .check();
    op("aten::adaptive_max_pool3d", randn(1, 2, 4, 3, 5), ints(3, 2, 2))
        .torch("torch.adaptive_max_pool3d(a, [3, 2, 2])")
        .check();
    op("aten::nll_loss2d_forward", randn(2, 3, 4, 2), randint(0, 3, 2, 4, 2), null, 2L, -100L)
        .torch("torch.nll_loss2d_forward(a, b, None, 2, -100)")
        .check();
  }

  @Test
  void upsampleVariants() {
    Tensor x = randn(1, 2, 3, 4);
    op("aten::upsample_nearest1d.vec", randn(1, 2, 5), null, doubles(1.7))
        .torch("torch.upsample_nearest1d(a, None, [1.7])")
        .check();
    op("aten::upsample_nearest3d", randn(1, 1, 2, 3, 2), ints(3, 5, 4), null, null, null)
        .torch("torch.upsample_nearest3d(a, [3, 5, 4])")
        .check();
    op("aten::upsample_nearest3d.vec", randn(1, 1, 2, 3, 2), null, doubles(2.0, 1.5, 2.0))
        .torch("torch.upsample_nearest3d(a, None, [2.0, 1.5, 2.0])")
        .check();
    op("aten::_upsample_nearest_exact1d", randn(1, 2, 5), ints(3), null)
        .torch("torch._upsample_nearest_exact1d(a, [3])")
        .check();
    op("aten::_upsample_nearest_exact1d.vec", randn(1, 2, 5), ints(8), null)
        .torch("torch._upsample_nearest_exact1d(a, [8], None)")
        .check();
    op("aten::_upsample_nearest_exact2d.vec", x, null, doubles(1.5, 0.5))
        .torch("torch._upsample_nearest_exact2d(a, None, [1.5, 0.5])")
        .check();
    op("aten::upsample_linear1d.vec", randn(1, 2, 5), null, true, doubles(1.5))
        .torch("torch.upsample_linear1d(a, None, True, [1.5])")
        .check();
    op("aten::upsample_trilinear3d.vec", randn(1, 1, 2, 3, 2), null, true, doubles(2.0, 1.5, 2.0))
        .torch("torch.upsample_trilinear3d(a, None, True, [2.0, 1.5, 2.0])")
        .check();
  }
}
