package dev.torch2jax.torch;

import dev.torch2jax.aten.TensorMetadata;
import java.util.Arrays;

/**
 * Sizes, strides and storage offset of a tensor as libtorch reports them ({@code x.stride()},
 * {@code x.storage_offset()}, {@code x.is_contiguous()}). XLA arrays have no strides: the
 * interpreter derives a tensor's layout from its view chain, starting from a contiguous base, with
 * libtorch's rules for each view op.
 *
 * @param sizes the shape
 * @param strides elements to step in storage per index of each dimension
 * @param offset the index in storage of the first element
 */
record TensorLayout(long[] sizes, long[] strides, long offset) {
  /** A fresh tensor of {@code sizes}: row-major strides, offset 0. */
  static TensorLayout contiguous(long[] sizes) {
    return new TensorLayout(sizes.clone(), TensorMetadata.contiguousStrides(sizes), 0);
  }

  /** libtorch's {@code is_contiguous(memory_format)} (null: {@code contiguous_format}). */
  boolean isContiguous(Object memoryFormat) {
    return TensorMetadata.isContiguous(sizes, strides, memoryFormat);
  }

  /**
   * The strides of a view of this tensor with shape {@code shape} (libtorch's {@code
   * computeStride}, which decides whether {@code view} is possible and whether {@code reshape}
   * copies), or null when the elements cannot be addressed with strides.
   */
  long[] viewStrides(long[] shape) {
    long n = 1;
    for (long s : sizes) {
      n *= s;
    }
    if (sizes.length == 0) {
      long[] ones = new long[shape.length];
      Arrays.fill(ones, 1);
      return ones;
    }
    if (n == 0) {
      return Arrays.equals(sizes, shape)
          ? strides.clone()
          : TensorMetadata.contiguousStrides(shape);
    }
    long[] out = new long[shape.length];
    int viewD = shape.length - 1;
    long chunkBaseStride = strides[strides.length - 1];
    long tensorNumel = 1;
    long viewNumel = 1;
    for (int d = sizes.length - 1; d >= 0; d--) {
      tensorNumel *= sizes[d];
      boolean chunkEnds =
          d == 0 || (sizes[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBaseStride);
      if (chunkEnds) {
        while (viewD >= 0 && (viewNumel < tensorNumel || shape[viewD] == 1)) {
          out[viewD] = viewNumel * chunkBaseStride;
          viewNumel *= shape[viewD];
          viewD--;
        }
        if (viewNumel != tensorNumel) {
          return null;
        }
        if (d > 0) {
          chunkBaseStride = strides[d - 1];
          tensorNumel = 1;
          viewNumel = 1;
        }
      }
    }
    return viewD == -1 ? out : null;
  }
}
