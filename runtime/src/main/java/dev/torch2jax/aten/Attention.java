package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ReductionOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;

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
    if (dropoutP != 0) {
      throw new UnsupportedOperationException(
          "scaled_dot_product_attention: dropout_p="
              + dropoutP
              + " is not supported (training-mode dropout); pass dropout_p=0.0 in evaluation");
    }
    if (isCausal && attnMask != null) {
      throw new IllegalArgumentException(
          "scaled_dot_product_attention: _scaled_dot_product_attention: Explicit attn_mask should"
              + " not be set when is_causal=True");
    }
    if (query.ndim() < 2 || key.ndim() < 2 || value.ndim() < 2) {
      throw new IllegalArgumentException(
          "scaled_dot_product_attention: query, key and value need at least 2 dimensions");
    }
    NnSupport.requireFloat("scaled_dot_product_attention", query);
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
    Array q = NnSupport.times(query, root);
    Array kt = NnSupport.times(swapLast(key), root);
    Array attn = Jnp.matmul(q, kt);
    long[] as = attn.shape();
    Array keep = null;
    if (isCausal) {
      keep =
          Jnp.greaterEqual(
              NnSupport.iota(new long[] {l, s}, 0), NnSupport.iota(new long[] {l, s}, 1));
    } else if (attnMask != null && attnMask.dtype() == DType.BOOL) {
      keep = attnMask;
    } else if (attnMask != null) {
      attn = Jnp.add(attn, Jnp.astype(attnMask, t));
      as = attn.shape();
    }
    if (keep != null) {
      long[] shape = dev.torch2jax.core.Shapes.broadcast("attention", as, keep.shape());
      attn =
          ElementwiseOps.select(
              Jnp.broadcastTo(keep, shape),
              Jnp.broadcastTo(attn, shape),
              Jnp.broadcastTo(NnSupport.scalar(Double.NEGATIVE_INFINITY, t), shape));
    }
    Array weights = safeSoftmax(attn);
    return Jnp.matmul(weights, value);
  }

  /** Softmax over the last axis; a row of only {@code -inf} gives zeros (no NaN gradients). */
  private static Array safeSoftmax(Array x) {
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
          "scaled_dot_product_attention: number of query heads "
              + hq
              + " must be a multiple of key/value heads "
              + hk);
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
