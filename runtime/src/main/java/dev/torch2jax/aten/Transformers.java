package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;
import java.util.List;

/**
 * The fused transformer ops that {@code nn.MultiheadAttention} and {@code
 * nn.TransformerEncoderLayer} call in evaluation mode ({@code _native_multi_head_attention}, {@code
 * _transformer_encoder_layer_fwd}, {@code _masked_softmax}), written out of linear layers, layer
 * norms and {@link Attention}'s math path, so that grad and vmap go through them.
 */
public final class Transformers {
  private Transformers() {}

  /**
   * Softmax over {@code dim} (default last) with the positions where {@code mask} is true left out;
   * a fully masked row gives zeros. {@code mask_type} 0: an (L, L) mask of a 4-d input, 1: a (B, L)
   * key padding mask of a 4-d input, otherwise the mask broadcasts to the input.
   */
  @Implements("aten::_masked_softmax")
  public static Array maskedSoftmax(Array self, Array mask, Long dim, Long maskType) {
    DTypeChecks.requireFloat("_masked_softmax", self);
    int d = Dims.wrap("_masked_softmax", dim == null ? -1 : dim, self.ndim());
    Array keep =
        Jnp.broadcastTo(Jnp.logicalNot(maskShape(self, asBool(mask), maskType)), self.shape());
    Array x = Jnp.where(keep, self, Constants.scalar(Double.NEGATIVE_INFINITY, self.dtype()));
    long[] perm = range(self.ndim());
    perm[d] = self.ndim() - 1;
    perm[self.ndim() - 1] = d;
    return Jnp.transpose(Attention.safeSoftmax(Jnp.transpose(x, perm)), perm);
  }

  /**
   * Multi-head attention of batch-first (B, L, E) inputs: q, k, v projected by the rows of {@code
   * qkv_weight}, attention per head with {@code mask} true where a position is left out (a float
   * mask counts as true where non-zero), the heads joined and projected. Returns {@code (output,
   * weights)}: the weights (B, L, S) averaged over heads, per head (B, H, L, S), or an empty tensor
   * without {@code need_weights}.
   */
  @Implements("aten::_native_multi_head_attention")
  public static List<Array> nativeMultiHeadAttention(
      Array query,
      Array key,
      Array value,
      long embedDim,
      long numHead,
      Array qkvWeight,
      Array qkvBias,
      Array projWeight,
      Array projBias,
      Array mask,
      boolean needWeights,
      boolean averageAttnWeights,
      Long maskType) {
    String op = "_native_multi_head_attention";
    if (query.ndim() != 3 || key.ndim() != 3 || value.ndim() != 3) {
      throw new IllegalArgumentException(
          "%s: query, key and value must be batch-first (B, L, E), got shapes %s"
              .formatted(op, shapes(query, key, value)));
    }
    if (!Arrays.equals(query.shape(), key.shape())
        || !Arrays.equals(query.shape(), value.shape())) {
      throw new IllegalArgumentException(
          "%s: query, key and value shapes must match, got %s"
              .formatted(op, shapes(query, key, value)));
    }
    if (query.shape()[2] != embedDim || embedDim % numHead != 0) {
      throw new IllegalArgumentException(
          "%s: embed_dim %d must be the query's last dimension (%d) and a multiple of num_head %d"
              .formatted(op, embedDim, query.shape()[2], numHead));
    }
    if (!Arrays.equals(qkvWeight.shape(), new long[] {3 * embedDim, embedDim})) {
      throw new IllegalArgumentException(
          "%s: qkv_weight must have shape [%d, %d], got %s"
              .formatted(op, 3 * embedDim, embedDim, Arrays.toString(qkvWeight.shape())));
    }
    Array[] qkv =
        query == key && key == value
            ? packedProjection(query, qkvWeight, qkvBias, embedDim)
            : new Array[] {
              project(query, qkvWeight, qkvBias, 0, embedDim),
              project(key, qkvWeight, qkvBias, 1, embedDim),
              project(value, qkvWeight, qkvBias, 2, embedDim)
            };
    Array q = heads(qkv[0], numHead);
    Array k = heads(qkv[1], numHead);
    Array v = heads(qkv[2], numHead);
    Array keep = null;
    if (mask != null) {
      long[] scores = {q.shape()[0], numHead, q.shape()[2], k.shape()[2]};
      Array like = Jnp.zeros(scores, query.dtype());
      keep = Jnp.logicalNot(maskShape(like, asBool(mask), maskType));
    }
    double scale = 1 / Math.sqrt((double) (embedDim / numHead));
    Attention.Attended a = Attention.attend(op, q, k, v, keep, 0, false, scale, false);
    long[] qs = query.shape();
    Array joined = Jnp.reshape(Jnp.transpose(a.output(), 0, 2, 1, 3), qs[0], qs[1], embedDim);
    Array out = LinearAlgebra.linear(joined, projWeight, projBias);
    Array weights;
    if (!needWeights) {
      weights = Jnp.zeros(new long[] {0}, out.dtype());
    } else if (averageAttnWeights) {
      weights = Constants.times(Jnp.sum(a.weights(), 1), 1.0 / numHead);
    } else {
      weights = a.weights();
    }
    return List.of(out, weights);
  }

  /**
   * One evaluation-mode {@code nn.TransformerEncoderLayer} on batch-first (B, L, E) {@code src}:
   * self-attention and a two-layer feed-forward block (ReLU, or exact GELU with {@code use_gelu}),
   * each with a residual connection and a layer norm, applied before the block with {@code
   * norm_first} and after the residual otherwise.
   */
  @Implements("aten::_transformer_encoder_layer_fwd")
  public static Array transformerEncoderLayerFwd(
      Array src,
      long embedDim,
      long numHeads,
      Array qkvWeight,
      Array qkvBias,
      Array projWeight,
      Array projBias,
      boolean useGelu,
      boolean normFirst,
      double eps,
      Array normWeight1,
      Array normBias1,
      Array normWeight2,
      Array normBias2,
      Array ffnWeight1,
      Array ffnBias1,
      Array ffnWeight2,
      Array ffnBias2,
      Array mask,
      Long maskType) {
    long[] normalized = {embedDim};
    Array x = normFirst ? norm(src, normalized, normWeight1, normBias1, eps) : src;
    x =
        nativeMultiHeadAttention(
                x,
                x,
                x,
                embedDim,
                numHeads,
                qkvWeight,
                qkvBias,
                projWeight,
                projBias,
                mask,
                false,
                false,
                maskType)
            .get(0);
    x = Jnp.add(x, src);
    if (!normFirst) {
      x = norm(x, normalized, normWeight1, normBias1, eps);
    }
    Array residual = x;
    if (normFirst) {
      x = norm(x, normalized, normWeight2, normBias2, eps);
    }
    Array hidden = LinearAlgebra.linear(x, ffnWeight1, ffnBias1);
    hidden = useGelu ? Activation.gelu(hidden, "none") : Activation.relu(hidden);
    x = Jnp.add(LinearAlgebra.linear(hidden, ffnWeight2, ffnBias2), residual);
    return normFirst ? x : norm(x, normalized, normWeight2, normBias2, eps);
  }

  private static Array norm(Array x, long[] normalized, Array weight, Array bias, double eps) {
    return Normalization.layerNorm(x, normalized, weight, bias, eps);
  }

  /**
   * Self-attention's query, key and value from one product with the whole {@code (3E, E)} weight,
   * as libtorch's kernel does when the three inputs are one tensor: slicing the weight instead
   * would copy it on every call.
   */
  private static Array[] packedProjection(Array x, Array weight, Array bias, long e) {
    Array all = LinearAlgebra.linear(x, weight, bias);
    long[] s = all.shape();
    Array[] parts = new Array[3];
    for (int i = 0; i < 3; i++) {
      long[] start = new long[s.length];
      long[] limit = s.clone();
      start[s.length - 1] = i * e;
      limit[s.length - 1] = (i + 1) * e;
      parts[i] = ShapeOps.slice(all, start, limit);
    }
    return parts;
  }

  /** {@code x @ W[part*E:(part+1)*E]^T + b[part*E:(part+1)*E]}. */
  private static Array project(Array x, Array weight, Array bias, int part, long e) {
    Array w = ShapeOps.slice(weight, new long[] {part * e, 0}, new long[] {(part + 1) * e, e});
    Array b =
        bias == null
            ? null
            : ShapeOps.slice(bias, new long[] {part * e}, new long[] {(part + 1) * e});
    return LinearAlgebra.linear(x, w, b);
  }

  /** (B, L, E) as (B, H, L, E / H). */
  private static Array heads(Array x, long h) {
    long[] s = x.shape();
    return Jnp.transpose(Jnp.reshape(x, s[0], s[1], h, s[2] / h), 0, 2, 1, 3);
  }

  private static Array asBool(Array mask) {
    return mask.dtype() == DType.BOOL ? mask : Jnp.notEqual(mask, Jnp.zerosLike(mask));
  }

  /** The mask as {@code _masked_softmax} reads it against {@code input}, before broadcasting. */
  private static Array maskShape(Array input, Array mask, Long maskType) {
    long[] s = input.shape();
    boolean typed = mask.ndim() == 2 && input.ndim() == 4 && maskType != null;
    if (typed && maskType == 0) {
      return Jnp.reshape(mask, 1, 1, mask.shape()[0], mask.shape()[1]);
    }
    if (typed && maskType == 1) {
      if (mask.shape()[0] != s[0] || mask.shape()[1] != s[3]) {
        throw new IllegalArgumentException(
            "_masked_softmax: a key padding mask (mask_type 1) must have shape [%d, %d], got %s"
                .formatted(s[0], s[3], Arrays.toString(mask.shape())));
      }
      return Jnp.reshape(mask, s[0], 1, 1, s[3]);
    }
    dev.torch2jax.core.Shapes.broadcast("_masked_softmax", s, mask.shape());
    return mask;
  }

  /** The three shapes for a message: {@code "[..], [..] and [..]"}. */
  private static String shapes(Array query, Array key, Array value) {
    return "%s, %s and %s"
        .formatted(
            Arrays.toString(query.shape()),
            Arrays.toString(key.shape()),
            Arrays.toString(value.shape()));
  }

  private static long[] range(int n) {
    long[] r = new long[n];
    Arrays.setAll(r, i -> i);
    return r;
  }
}
