package dev.torch2jax.hlo;

import java.util.Arrays;

/**
 * The dimension numbers of {@code stablehlo.gather} (and of the {@code gather} primitive), as in
 * the StableHLO spec: which result dimensions are slice offsets ({@code offset_dims}, here {@link
 * #windowDims()}), which operand dimensions are collapsed ({@code collapsed_slice_dims}) or
 * batching, how an index vector maps onto operand dimensions ({@code start_index_map}, here {@link
 * #indexMap()}).
 */
public final class GatherDimensionNumbers extends IndexDimensionNumbers {
  private static final SpecNames NAMES =
      new SpecNames(
          "gather",
          "offset_dims",
          "collapsed_slice_dims",
          "operand_batching_dims",
          "start_indices_batching_dims",
          "start_index_map");

  /**
   * Dimension numbers under the spec's names.
   *
   * @param offsetDims result dimensions that index within a slice (sorted)
   * @param collapsedSliceDims operand dimensions of slice size 1 left out of the result (sorted)
   * @param operandBatchingDims operand dimensions paired with {@code startIndicesBatchingDims}
   *     (sorted)
   * @param startIndicesBatchingDims index dimensions paired with {@code operandBatchingDims}
   * @param startIndexMap operand dimension of each component of an index vector
   * @param indexVectorDim the dimension of the indices holding index vectors; equal to the indices'
   *     rank for an implicit trailing dimension of size 1
   */
  public GatherDimensionNumbers(
      long[] offsetDims,
      long[] collapsedSliceDims,
      long[] operandBatchingDims,
      long[] startIndicesBatchingDims,
      long[] startIndexMap,
      long indexVectorDim) {
    super(
        NAMES,
        offsetDims,
        collapsedSliceDims,
        operandBatchingDims,
        startIndicesBatchingDims,
        startIndexMap,
        indexVectorDim);
  }

  /** Dimension numbers without batching dimensions. */
  public static GatherDimensionNumbers of(
      long[] offsetDims, long[] collapsedSliceDims, long[] startIndexMap, long indexVectorDim) {
    return new GatherDimensionNumbers(
        offsetDims, collapsedSliceDims, new long[0], new long[0], startIndexMap, indexVectorDim);
  }

  /**
   * The result shape of a gather of {@code operand} at {@code indices} with {@code sliceSizes},
   * after checking every constraint of the spec.
   *
   * @throws IllegalArgumentException saying which constraint fails
   */
  public long[] resultShape(long[] operand, long[] indices, long[] sliceSizes) {
    checkOperandAndIndices(operand, indices);
    if (sliceSizes.length != operand.length) {
      throw new IllegalArgumentException(
          "slice_sizes %s needs %d entries".formatted(Arrays.toString(sliceSizes), operand.length));
    }
    for (int d = 0; d < operand.length; d++) {
      if (sliceSizes[d] < 0 || sliceSizes[d] > operand[d]) {
        throw new IllegalArgumentException(
            "slice_sizes %s do not fit in operand %s"
                .formatted(Arrays.toString(sliceSizes), Arrays.toString(operand)));
      }
    }
    for (long d : DimChecks.concat(collapsedDims(), operandBatchingDims())) {
      if (sliceSizes[(int) d] > 1) {
        throw new IllegalArgumentException(
            "collapsed and batching dimensions need slice size 0 or 1, got slice_sizes "
                + Arrays.toString(sliceSizes));
      }
    }
    int batchCount = indices.length - (indexVectorDim() < indices.length ? 1 : 0);
    int resultRank = batchCount + windowDims().length;
    DimChecks.sortedDistinct("offset_dims", windowDims(), resultRank);
    return resultSizes(resultRank, sliceSizes, indices);
  }
}
