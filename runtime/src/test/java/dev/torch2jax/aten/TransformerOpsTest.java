package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.bool;
import static dev.torch2jax.aten.NnTesting.longs;
import static dev.torch2jax.aten.NnTesting.op;
import static dev.torch2jax.aten.NnTesting.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.torch.T2J;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The evaluation-mode fast paths of {@code nn.MultiheadAttention} and {@code
 * nn.TransformerEncoderLayer}, and the variants of scaled dot-product attention, against libtorch
 * (libtorch has no derivative for the two fused ops: their gradients are not compared).
 */
class TransformerOpsTest {
  private static final String MHA = "aten::_native_multi_head_attention";
  private static final String LAYER = "aten::_transformer_encoder_layer_fwd";

  /** Embedding 4 in 2 heads: q, k and v (2, 3, 4), and the projections. */
  private static Tensor[] mhaInputs() {
    return new Tensor[] {
      randn(2, 3, 4), randn(2, 3, 4), randn(2, 3, 4), randn(12, 4), randn(12), randn(4, 4), randn(4)
    };
  }

  private static Object[] mhaArgs(Tensor[] t, Object mask, boolean need, boolean avg, Long type) {
    return new Object[] {t[0], t[1], t[2], 4L, 2L, t[3], t[4], t[5], t[6], mask, need, avg, type};
  }

  @Test
  void multiHeadAttentionWithoutMask() {
    Tensor[] t = mhaInputs();
    op(MHA, mhaArgs(t, null, true, true, null))
        .torch("torch._native_multi_head_attention(a, b, c, 4, 2, d, e, f, g, None, True, True)")
        .tol(1e-4)
        .check();
    op(MHA, mhaArgs(t, null, true, false, null))
        .torch("torch._native_multi_head_attention(a, b, c, 4, 2, d, e, f, g, None, True, False)")
        .tol(1e-4)
        .check();
    op(MHA, mhaArgs(t, null, false, true, null))
        .torch("torch._native_multi_head_attention(a, b, c, 4, 2, d, e, f, g, None, False)")
        .outputs(0)
        .tol(1e-4)
        .check();
  }

  @Test
  void multiHeadAttentionMasks() {
    Tensor[] t = mhaInputs();
    Tensor padding = bool(longs(new long[] {0, 0, 1, 1, 0, 0}, 2, 3));
    op(MHA, mhaArgs(t, padding, true, true, 1L))
        .torch("torch._native_multi_head_attention(a, b, c, 4, 2, d, e, f, g, h, True, True, 1)")
        .tol(1e-4)
        .check();
    // A general (B, H, L, S) mask; no row is masked whole (libtorch gives NaN rows there).
    long[] pattern = new long[36];
    for (int i = 0; i < pattern.length; i++) {
      pattern[i] = (i * 7 + i / 3) % 3 == 0 ? 1 : 0;
    }
    Tensor general = bool(longs(pattern, 2, 2, 3, 3));
    op(MHA, mhaArgs(t, general, true, false, 2L))
        .torch("torch._native_multi_head_attention(a, b, c, 4, 2, d, e, f, g, h, True, False, 2)")
        .tol(1e-4)
        .check();
    // Self-attention with an (L, L) mask, boolean and float (non-zero means masked).
    Tensor x = randn(2, 3, 4);
    Tensor causal = bool(longs(new long[] {0, 1, 1, 0, 0, 1, 0, 0, 0}, 3, 3));
    Tensor[] s = {x, x, x, t[3], t[4], t[5], t[6]};
    op(MHA, mhaArgs(s, causal, true, true, 0L))
        .torch("torch._native_multi_head_attention(a, b, c, 4, 2, d, e, f, g, h, True, True, 0)")
        .tol(1e-4)
        .check();
    Tensor floatMask = NnTesting.floats(new float[] {0, 2, 0, 0, 0, -1, 0, 0, 0}, 3, 3);
    op(MHA, mhaArgs(s, floatMask, true, true, 0L))
        .torch("torch._native_multi_head_attention(a, b, c, 4, 2, d, e, f, g, h, True, True, 0)")
        .tol(1e-4)
        .diff(0, 1, 2, 3, 4, 5, 6)
        .check();
    // One tensor as query, key and value: the packed projection (one product with the whole
    // weight), with its gradients.
    op(MHA, mhaArgs(s, causal, true, true, 0L))
        .torch("torch._native_multi_head_attention(a, a, a, 4, 2, d, e, f, g, h, True, True, 0)")
        .tol(1e-4)
        .diff(0, 3, 4, 5, 6)
        .check();
  }

  @Test
  void multiHeadAttentionRejectsBadShapes() {
    Tensor[] t = mhaInputs();
    Object[] args = mhaArgs(t, null, true, true, null);
    args[3] = 6L;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NnTesting.call(MHA, arrays(args)));
    assertTrue(e.getMessage().contains("embed_dim 6"), e.getMessage());
  }

  @Test
  void transformerEncoderLayer() {
    for (boolean gelu : new boolean[] {false, true}) {
      for (boolean normFirst : new boolean[] {false, true}) {
        String expr =
            "torch._transformer_encoder_layer_fwd(a, 4, 2, b, c, d, e, %s, %s, 1e-5, f, g, h, i,"
                + " j, k, l, m%s)";
        Tensor[] w = layerWeights();
        op(LAYER, layerArgs(randn(2, 3, 4), w, gelu, normFirst, null, null))
            .torch(expr.formatted(py(gelu), py(normFirst), ""))
            .tol(1e-4)
            .check();
        Tensor padding = bool(longs(new long[] {0, 0, 1, 0, 1, 0}, 2, 3));
        op(LAYER, layerArgs(randn(2, 3, 4), w, gelu, normFirst, padding, 1L))
            .torch(expr.formatted(py(gelu), py(normFirst), ", n, 1"))
            .tol(1e-4)
            .check();
      }
    }
  }

  @Test
  void scaledDotProductAttentionVariants() {
    Tensor q = randn(2, 2, 3, 4);
    Tensor k = randn(2, 2, 5, 4);
    Tensor v = randn(2, 2, 5, 4);
    Tensor mask = randn(3, 5);
    op("aten::_scaled_dot_product_attention_math", q, k, v, null, 0.0, false, null, null, false)
        .torch("torch._scaled_dot_product_attention_math(a, b, c)")
        .tol(1e-4)
        .check();
    op("aten::_scaled_dot_product_attention_math", q, k, v, mask, 0.0, false, null, 0.5, false)
        .torch("torch._scaled_dot_product_attention_math(a, b, c, d, scale=0.5)")
        .tol(1e-4)
        .check();
    op("aten::_scaled_dot_product_flash_attention_for_cpu", q, k, v, 0.0, true, null, null)
        .torch("torch._scaled_dot_product_flash_attention_for_cpu(a, b, c, 0.0, True)")
        .tol(1e-4)
        .check();
    op("aten::_scaled_dot_product_flash_attention_for_cpu", q, k, v, 0.0, false, mask, 0.3)
        .torch(
            "torch._scaled_dot_product_flash_attention_for_cpu(a, b, c, 0.0, False,"
                + " attn_mask=d, scale=0.3)")
        .tol(1e-4)
        .check();
    assertEquals(
        0L,
        NnTesting.call(
            "aten::_fused_sdp_choice",
            T2J.t2j(q),
            T2J.t2j(k),
            T2J.t2j(v),
            null,
            0.0,
            false,
            null,
            false));
  }

  @Test
  void trainingDropoutIsAClearError() {
    Array q = T2J.t2j(randn(2, 3, 4));
    UnsupportedOperationException e =
        assertThrows(
            UnsupportedOperationException.class,
            () ->
                NnTesting.call(
                    "aten::scaled_dot_product_attention", q, q, q, null, 0.1, false, null, false));
    assertTrue(e.getMessage().contains("dropout_p=0.1"), e.getMessage());
  }

  private static Tensor[] layerWeights() {
    return new Tensor[] {
      randn(12, 4),
      randn(12),
      randn(4, 4),
      randn(4),
      randn(4),
      randn(4),
      randn(4),
      randn(4),
      randn(6, 4),
      randn(6),
      randn(4, 6),
      randn(4)
    };
  }

  private static Object[] layerArgs(
      Tensor src, Tensor[] w, boolean gelu, boolean normFirst, Tensor mask, Long type) {
    return new Object[] {
      src, 4L, 2L, w[0], w[1], w[2], w[3], gelu, normFirst, 1e-5, w[4], w[5], w[6], w[7], w[8],
      w[9], w[10], w[11], mask, type
    };
  }

  private static String py(boolean b) {
    return b ? "True" : "False";
  }

  private static Object[] arrays(Object[] args) {
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof Tensor t) {
        out[i] = T2J.t2j(t);
      }
    }
    return out;
  }
}
