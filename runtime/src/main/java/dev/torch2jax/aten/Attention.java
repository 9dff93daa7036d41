package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ReductionOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;
import java.util.List;

/** Scaled dot-product attention, written out as PyTorch's math reference does. */
public final class Attention {
  private Attention() {}

  /**
   * {@code softmax(q @ k^T * scale + mask) @ v}: a bool mask keeps where true, a float mask is
   * added, {@code is_causal} keeps the lower-left triangle; rows with every position masked give
   * zeros. Dropout must be 0 (evaluation).
   */
  @Implements("aten::scaled_dot_product_attention")
  public static Array scaledDotProductAttention(
      Array query,
      Array key,
      Array value,
      Array attnMask,
      double dropoutP,
      boolean isCausal,
      Double scale,
      boolean enableGqa) {
    return attend(
            "scaled_dot_product_attention",
            query,
            key,
            value,
            attnMask,
            dropoutP,
            isCausal,
            scale,
            enableGqa)
        .output();
  }

  /**
   * PyTorch's math reference: {@code (output, attention weights)}, the weights being the softmax
   * (batch..., L, S). {@code dropout_mask} is not read: dropout must be 0.
   */
  @Implements("aten::_scaled_dot_product_attention_math")
  public static List<Array> scaledDotProductAttentionMath(
      Array query,
      Array key,
      Array value,
      Array attnMask,
      double dropoutP,
      boolean isCausal,
      Array dropoutMask,
      Double scale,
      boolean enableGqa) {
    Attended a =
        attend(
            "_scaled_dot_product_attention_math",
            query,
            key,
            value,
            attnMask,
            dropoutP,
            isCausal,
            scale,
            enableGqa);
    return List.of(a.output(), a.weights());
  }

  /**
   * The CPU flash kernel: {@code (output, logsumexp)}, the log-sum-exp of the scaled, masked scores
   * over the keys, float32 of shape (batch..., L) ({@code -inf} for a fully masked row).
   */
  @Implements("aten::_scaled_dot_product_flash_attention_for_cpu")
  public static List<Array> scaledDotProductFlashAttentionForCpu(
      Array query,
      Array key,
      Array value,
      double dropoutP,
      boolean isCausal,
      Array attnMask,
      Double scale) {
    Attended a =
        attend(
            "_scaled_dot_product_flash_attention_for_cpu",
            query,
            key,
            value,
            attnMask,
            dropoutP,
            isCausal,
            scale,
            false);
    Array logits = a.logits();
    DType wide = logits.dtype() == DType.F64 ? DType.F64 : DType.F32;
    return List.of(a.output(), logSumExp(Jnp.astype(logits, wide)));
  }

  /**
   * The backend {@code scaled_dot_product_attention} would pick: always 0, PyTorch's {@code
   * SDPBackend.math}, the one written out here (every backend computes the same function).
   */
  @Implements(
      value = "aten::_fused_sdp_choice",
      ignores = "query key value attn_mask dropout_p is_causal scale enable_gqa")
  public static long fusedSdpChoice() {
    return 0;
  }

  /** One attention call's output, softmax weights and the masked, scaled scores they came from. */
  record Attended(Array output, Array weights, Array logits) {}

  /**
   * Attention as PyTorch's math path computes it; {@code attnMask} a bool mask (true keeps) or a
   * float mask (added).
   */
  static Attended attend(
      String op,
      Array query,
      Array key,
      Array value,
      Array attnMask,
      double dropoutP,
      boolean isCausal,
      Double scale,
      boolean enableGqa) {
    if (dropoutP != 0) {
      throw new UnsupportedOperationException(
          ("%s: dropout_p=%s is not supported (training-mode dropout); pass dropout_p=0.0 in"
                  + " evaluation, or call eval() on the module")
              .formatted(op, dropoutP));
    }
    if (isCausal && attnMask != null) {
      throw new IllegalArgumentException(
          "%s: Explicit attn_mask should not be set when is_causal=True".formatted(op));
    }
    if (query.ndim() < 2 || key.ndim() < 2 || value.ndim() < 2) {
      throw new IllegalArgumentException(
          "%s: query, key and value need at least 2 dimensions".formatted(op));
    }
    DTypeChecks.requireFloat(op, query);
    long e = query.shape()[query.ndim() - 1];
    long l = query.shape()[query.ndim() - 2];
    long s = key.shape()[key.ndim() - 2];
    if (enableGqa && query.ndim() >= 3) {
      key = repeatHeads(query, key);
      value = repeatHeads(query, value);
    }
    DType t = query.dtype();
    double sc = scale == null ? 1 / Math.sqrt(e) : scale;
    // PyTorch's math path scales q and k by sqrt(scale) each.
    double root = Math.sqrt(sc);
    Array q = Constants.times(query, root);
    Array kt = Constants.times(swapLast(key), root);
    Array attn = Jnp.matmul(q, kt);
    long[] as = attn.shape();
    Array keep = null;
    if (isCausal) {
      keep =
          Jnp.greaterEqual(
              Constants.iota(DType.I64, new long[] {l, s}, 0),
              Constants.iota(DType.I64, new long[] {l, s}, 1));
    } else if (attnMask != null && attnMask.dtype() == DType.BOOL) {
      keep = attnMask;
    } else if (attnMask != null) {
      attn = Jnp.add(attn, Jnp.astype(attnMask, t));
      as = attn.shape();
    }
    if (keep != null) {
      long[] shape = dev.torch2jax.core.Shapes.broadcast(op, as, keep.shape());
      attn =
          ElementwiseOps.select(
              Jnp.broadcastTo(keep, shape),
              Jnp.broadcastTo(attn, shape),
              Jnp.broadcastTo(Constants.scalar(Double.NEGATIVE_INFINITY, t), shape));
    }
    Array weights = safeSoftmax(attn);
    return new Attended(Jnp.matmul(weights, value), weights, attn);
  }

  /** {@code log(sum(exp(x)))} over the last axis, {@code -inf} for a row of only {@code -inf}. */
  private static Array logSumExp(Array x) {
    int last = x.ndim() - 1;
    long[] ax = {last};
    Array m = ReductionOps.reduceMax(x, ax);
    Array finite = ElementwiseOps.isFinite(m);
    Array shift = ElementwiseOps.select(finite, m, Jnp.zerosLike(m));
    Array mk = ShapeOps.broadcastInDim(shift, x.shape(), range(last));
    Array sum = ReductionOps.reduceSum(ElementwiseOps.exp(ElementwiseOps.sub(x, mk)), ax);
    return ElementwiseOps.add(ElementwiseOps.log(sum), shift);
  }

  /** Softmax over the last axis; a row of only {@code -inf} gives zeros (no NaN gradients). */
  static Array safeSoftmax(Array x) {
    int last = x.ndim() - 1;
    long[] ax = {last};
    Array m = ReductionOps.reduceMax(x, ax);
    m = ElementwiseOps.select(ElementwiseOps.isFinite(m), m, Jnp.zerosLike(m));
    Array mk = ShapeOps.broadcastInDim(m, x.shape(), range(last));
    Array ex = ElementwiseOps.exp(ElementwiseOps.sub(x, mk));
    Array sum = ReductionOps.reduceSum(ex, ax);
    Array zero = Jnp.equal(sum, Jnp.zerosLike(sum));
    Array safe = ElementwiseOps.select(zero, Jnp.onesLike(sum), sum);
    return ElementwiseOps.div(ex, ShapeOps.broadcastInDim(safe, x.shape(), range(last)));
  }

  private static long[] range(int n) {
    long[] r = new long[n];
    Arrays.setAll(r, i -> i);
    return r;
  }

  private static Array swapLast(Array x) {
    long[] perm = range(x.ndim());
    perm[x.ndim() - 1] = x.ndim() - 2;
    perm[x.ndim() - 2] = x.ndim() - 1;
    return ShapeOps.transpose(x, perm);
  }

  /** Grouped-query attention: each key/value head repeated for its group of query heads. */
  private static Array repeatHeads(Array query, Array kv) {
    int h = kv.ndim() - 3;
    long hq = query.shape()[query.ndim() - 3];
    long hk = kv.shape()[h];
    if (hq == hk) {
      return kv;
    }
    if (hq % hk != 0) {
      throw new IllegalArgumentException(
          "scaled_dot_product_attention: number of query heads %d must be a multiple of key/value heads %d"
              .formatted(hq, hk));
    }
    long g = hq / hk;
    long[] s = kv.shape();
    long[] expanded = new long[s.length + 1];
    long[] dims = new long[s.length];
    for (int i = 0, j = 0; i < expanded.length; i++) {
      if (i == h + 1) {
        expanded[i] = g;
      } else {
        expanded[i] = s[j];
        dims[j] = i;
        j++;
      }
    }
    long[] out = s.clone();
    out[h] = hq;
    return ShapeOps.reshape(ShapeOps.broadcastInDim(kv, expanded, dims), out);
  }
}
