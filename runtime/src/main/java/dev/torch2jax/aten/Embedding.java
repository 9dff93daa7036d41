package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.CustomVjp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.hlo.ScatterDimensionNumbers;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.IndexingOps;
import dev.torch2jax.lax.ReductionOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;
import java.util.List;

/** Embedding lookups and bags. */
public final class Embedding {
  private Embedding() {}

  /**
   * Rows of {@code weight} at {@code indices} (any shape): {@code indices.shape + [dim]}. {@code
   * padding_idx} and {@code scale_grad_by_freq} shape only the gradient ({@link #embeddingVjp}).
   */
  @Implements(value = "aten::embedding", ignores = "padding_idx scale_grad_by_freq sparse")
  public static Array embedding(Array weight, Array indices) {
    if (weight.ndim() != 2) {
      throw new IllegalArgumentException(
          "embedding: weight must be 2-D, got shape " + Arrays.toString(weight.shape()));
    }
    if (indices.dtype() != DType.I64 && indices.dtype() != DType.I32) {
      throw new IllegalArgumentException(
          "embedding: Expected tensor for argument #1 'indices' to have one of the following"
              + " scalar types: Long, Int; but got "
              + indices.dtype().torchName());
    }
    return Gathers.take(weight, 0, indices);
  }

  /**
   * PyTorch's embedding gradient: cotangent rows added into the rows they came from, none into
   * {@code padding_idx}, divided by each index's frequency with {@code scale_grad_by_freq}.
   */
  @CustomVjp("aten::embedding")
  public static List<Object> embeddingVjp(List<Object> args, Object output, Object cotangent) {
    Array weight = (Array) args.get(0);
    Array indices = (Array) args.get(1);
    long pad = args.size() > 2 && args.get(2) != null ? (Long) args.get(2) : -1;
    boolean scale = args.size() > 3 && args.get(3) != null && (Boolean) args.get(3);
    long v = weight.shape()[0];
    long d = weight.shape()[1];
    Array idx = ShapeOps.reshape(Jnp.astype(indices, DType.I64), new long[] {indices.size(), 1});
    Array ct = ShapeOps.reshape((Array) cotangent, new long[] {indices.size(), d});
    Array flat = ShapeOps.reshape(idx, new long[] {indices.size()});
    if (pad >= 0 || pad < -1) {
      long p = pad < 0 ? pad + v : pad;
      Array keep = Jnp.notEqual(flat, Constants.scalar(p, DType.I64));
      ct =
          ElementwiseOps.select(
              ShapeOps.broadcastInDim(keep, ct.shape(), new long[] {0}), ct, Jnp.zerosLike(ct));
    }
    ScatterDimensionNumbers rows =
        ScatterDimensionNumbers.of(new long[] {1}, new long[] {0}, new long[] {0}, 1);
    if (scale) {
      ScatterDimensionNumbers one =
          ScatterDimensionNumbers.of(new long[0], new long[] {0}, new long[] {0}, 1);
      Array counts =
          IndexingOps.scatterAdd(
              Jnp.zeros(new long[] {v}, ct.dtype()),
              idx,
              Jnp.ones(new long[] {indices.size()}, ct.dtype()),
              one);
      Array per = Gathers.take(counts, 0, flat);
      ct = ElementwiseOps.div(ct, ShapeOps.broadcastInDim(per, ct.shape(), new long[] {0}));
    }
    Array grad = IndexingOps.scatterAdd(Jnp.zerosLike(weight), idx, ct, rows);
    Object[] out = new Object[args.size()];
    out[0] = grad;
    return Arrays.asList(out);
  }

  /**
   * {@code embedding_bag}: mode 0 sums, 1 averages, 2 takes the maximum of each bag. {@code
   * scale_grad_by_freq} is not applied: the gradient is the plain transpose of the bag sums.
   */
  @Implements(value = "aten::embedding_bag", ignores = "scale_grad_by_freq sparse")
  public static List<Array> embeddingBag(
      Array weight,
      Array indices,
      Array offsets,
      long mode,
      Array perSampleWeights,
      boolean includeLastOffset) {
    return bag(weight, indices, offsets, mode, perSampleWeights, includeLastOffset, null);
  }

  /** {@code embedding_bag} skipping the entries equal to {@code padding_idx}. */
  @Implements(value = "aten::embedding_bag.padding_idx", ignores = "scale_grad_by_freq sparse")
  public static List<Array> embeddingBagPadding(
      Array weight,
      Array indices,
      Array offsets,
      long mode,
      Array perSampleWeights,
      boolean includeLastOffset,
      Long paddingIdx) {
    return bag(weight, indices, offsets, mode, perSampleWeights, includeLastOffset, paddingIdx);
  }

  /** The core-opset form of {@code embedding_bag} ({@code padding_idx} -1: none). */
  @Implements(value = "aten::_embedding_bag", ignores = "scale_grad_by_freq sparse")
  public static List<Array> embeddingBagCore(
      Array weight,
      Array indices,
      Array offsets,
      long mode,
      Array perSampleWeights,
      boolean includeLastOffset,
      long paddingIdx) {
    return bag(
        weight,
        indices,
        offsets,
        mode,
        perSampleWeights,
        includeLastOffset,
        paddingIdx == -1 ? null : paddingIdx);
  }

  private static List<Array> bag(
      Array weight,
      Array indices,
      Array offsets,
      long mode,
      Array perSampleWeights,
      boolean includeLastOffset,
      Long paddingIdx) {
    if (mode < 0 || mode > 2) {
      throw new IllegalArgumentException("embedding_bag: unknown mode " + mode);
    }
    if (perSampleWeights != null && mode != 0) {
      throw new IllegalArgumentException(
          "embedding_bag: per_sample_weights was not None. per_sample_weights is only supported"
              + " for mode='sum' (got mode='"
              + (mode == 1 ? "mean" : "max")
              + "')");
    }
    Array idx = indices;
    Array offs = offsets;
    if (indices.ndim() == 2) {
      long b = indices.shape()[0];
      long l = indices.shape()[1];
      idx = Jnp.reshape(indices, -1);
      offs = Jnp.arange(0, b * l, l);
      includeLastOffset = false;
      if (perSampleWeights != null) {
        perSampleWeights = Jnp.reshape(perSampleWeights, -1);
      }
    } else if (indices.ndim() != 1 || offsets == null) {
      throw new IllegalArgumentException(
          "embedding_bag: input has to be 1D (with offsets) or 2D, got shape "
              + Arrays.toString(indices.shape()));
    }
    long n = idx.size();
    long bags = offs.size() - (includeLastOffset ? 1 : 0);
    long d = weight.shape()[1];
    Array starts = ShapeOps.slice(Jnp.astype(offs, DType.I64), new long[] {0}, new long[] {bags});
    // bag[j] = (number of bag starts <= j) - 1
    Array pos = Constants.iota(DType.I64, new long[] {bags, n}, 1);
    Array startB = ShapeOps.broadcastInDim(starts, new long[] {bags, n}, new long[] {0});
    Array le = Jnp.astype(Jnp.lessEqual(startB, pos), DType.I64);
    Array bagOf =
        ElementwiseOps.sub(
            ReductionOps.reduceSum(le, new long[] {0}), Jnp.ones(new long[] {n}, DType.I64));
    Array member =
        Jnp.equal(
            ShapeOps.broadcastInDim(bagOf, new long[] {bags, n}, new long[] {1}),
            Constants.iota(DType.I64, new long[] {bags, n}, 0));
    if (includeLastOffset) {
      Array end =
          ShapeOps.slice(Jnp.astype(offs, DType.I64), new long[] {bags}, new long[] {bags + 1});
      Array before =
          Jnp.less(
              pos,
              ShapeOps.broadcastInDim(
                  ShapeOps.reshape(end, new long[0]), new long[] {bags, n}, new long[0]));
      member = ElementwiseOps.and(member, before);
    }
    if (paddingIdx != null) {
      Array notPad =
          Jnp.notEqual(
              ShapeOps.broadcastInDim(
                  Jnp.astype(idx, DType.I64), new long[] {bags, n}, new long[] {1}),
              Jnp.full(new long[] {bags, n}, paddingIdx, DType.I64));
      member = ElementwiseOps.and(member, notPad);
    }
    Array rows = Gathers.take(weight, 0, idx); // (n, d)
    if (perSampleWeights != null) {
      rows =
          Jnp.multiply(
              rows,
              ShapeOps.broadcastInDim(
                  Jnp.astype(perSampleWeights, rows.dtype()), rows.shape(), new long[] {0}));
    }
    long[] bnd = {bags, n, d};
    Array m3 = ShapeOps.broadcastInDim(member, bnd, new long[] {0, 1});
    Array r3 = ShapeOps.broadcastInDim(rows, bnd, new long[] {1, 2});
    Array counts = ReductionOps.reduceSum(Jnp.astype(member, DType.I64), new long[] {1});
    Array out;
    Array maxIdx;
    if (mode == 2) {
      Array masked =
          ElementwiseOps.select(
              m3,
              r3,
              Jnp.broadcastTo(Constants.scalar(Double.NEGATIVE_INFINITY, rows.dtype()), bnd));
      Array mx = ReductionOps.reduceMax(masked, new long[] {1});
      Array empty =
          ShapeOps.broadcastInDim(
              Jnp.equal(counts, Jnp.zerosLike(counts)), new long[] {bags, d}, new long[] {0});
      out = ElementwiseOps.select(empty, Jnp.zerosLike(mx), mx);
      Array arg = ReductionOps.argmax(masked, 1, DType.I64); // position j within the input
      maxIdx =
          ElementwiseOps.select(
              empty,
              Jnp.full(new long[] {bags, d}, -1, DType.I64),
              Gathers.take(Jnp.astype(idx, DType.I64), 0, arg));
    } else {
      out =
          ReductionOps.reduceSum(ElementwiseOps.select(m3, r3, Jnp.zerosLike(r3)), new long[] {1});
      if (mode == 1) {
        Array c = Jnp.astype(ElementwiseOps.max(counts, Jnp.onesLike(counts)), out.dtype());
        out = ElementwiseOps.div(out, ShapeOps.broadcastInDim(c, out.shape(), new long[] {0}));
      }
      maxIdx = Jnp.zeros(new long[] {bags}, DType.I64);
    }
    return List.of(out, bagOf, counts, maxIdx);
  }
}
