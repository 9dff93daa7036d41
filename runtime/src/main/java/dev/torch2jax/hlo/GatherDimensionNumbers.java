package dev.torch2jax.hlo;

import java.util.Arrays;

/**
 * The dimension numbers of {@code stablehlo.gather} (and of the {@code gather} primitive), as in
 * the StableHLO spec: which result dimensions are slice offsets, which operand dimensions are
 * collapsed or batching, how an index vector maps onto operand dimensions.
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
public record GatherDimensionNumbers(
    long[] offsetDims,
    long[] collapsedSliceDims,
    long[] operandBatchingDims,
    long[] startIndicesBatchingDims,
    long[] startIndexMap,
    long indexVectorDim) {

  /** Copies the arrays. */
  public GatherDimensionNumbers {
    offsetDims = offsetDims.clone();
    collapsedSliceDims = collapsedSliceDims.clone();
    operandBatchingDims = operandBatchingDims.clone();
    startIndicesBatchingDims = startIndicesBatchingDims.clone();
    startIndexMap = startIndexMap.clone();
  }

  /** Dimension numbers without batching dimensions. */
  public static GatherDimensionNumbers of(
      long[] offsetDims, long[] collapsedSliceDims, long[] startIndexMap, long indexVectorDim) {
    return new GatherDimensionNumbers(
        offsetDims, collapsedSliceDims, new long[0], new long[0], startIndexMap, indexVectorDim);
  }

  @Override
  public long[] offsetDims() {
    return offsetDims.clone();
  }

  @Override
  public long[] collapsedSliceDims() {
    return collapsedSliceDims.clone();
  }

  @Override
  public long[] operandBatchingDims() {
    return operandBatchingDims.clone();
  }

  @Override
  public long[] startIndicesBatchingDims() {
    return startIndicesBatchingDims.clone();
  }

  @Override
  public long[] startIndexMap() {
    return startIndexMap.clone();
  }

  /**
   * The result shape of a gather of {@code operand} at {@code indices} with {@code sliceSizes},
   * after checking every constraint of the spec.
   *
   * @throws IllegalArgumentException saying which constraint fails
   */
  public long[] resultShape(long[] operand, long[] indices, long[] sliceSizes) {
    int opRank = operand.length;
    int idxRank = indices.length;
    if (indexVectorDim < 0 || indexVectorDim > idxRank) {
      throw new IllegalArgumentException(
          "index_vector_dim " + indexVectorDim + " is out of range for indices of rank " + idxRank);
    }
    long vectorSize = indexVectorDim < idxRank ? indices[(int) indexVectorDim] : 1;
    if (startIndexMap.length != vectorSize) {
      throw new IllegalArgumentException(
          "start_index_map "
              + Arrays.toString(startIndexMap)
              + " needs one entry per index vector component ("
              + vectorSize
              + ")");
    }
    DimChecks.sortedDistinct("collapsed_slice_dims", collapsedSliceDims, opRank);
    DimChecks.sortedDistinct("operand_batching_dims", operandBatchingDims, opRank);
    DimChecks.disjoint(
        "collapsed_slice_dims", collapsedSliceDims, "operand_batching_dims", operandBatchingDims);
    if (opRank != offsetDims.length + collapsedSliceDims.length + operandBatchingDims.length) {
      throw new IllegalArgumentException(
          "operand rank "
              + opRank
              + " must equal the number of offset_dims, collapsed_slice_dims and"
              + " operand_batching_dims");
    }
    if (sliceSizes.length != opRank) {
      throw new IllegalArgumentException(
          "slice_sizes " + Arrays.toString(sliceSizes) + " needs " + opRank + " entries");
    }
    for (int d = 0; d < opRank; d++) {
      if (sliceSizes[d] < 0 || sliceSizes[d] > operand[d]) {
        throw new IllegalArgumentException(
            "slice_sizes "
                + Arrays.toString(sliceSizes)
                + " do not fit in operand "
                + Arrays.toString(operand));
      }
    }
    for (long d : DimChecks.concat(collapsedSliceDims, operandBatchingDims)) {
      if (sliceSizes[(int) d] > 1) {
        throw new IllegalArgumentException(
            "collapsed and batching dimensions need slice size 0 or 1, got slice_sizes "
                + Arrays.toString(sliceSizes));
      }
    }
    DimChecks.batching(
        "operand_batching_dims",
        operandBatchingDims,
        operand,
        "start_indices_batching_dims",
        startIndicesBatchingDims,
        indices,
        indexVectorDim);
    DimChecks.distinctInRange("start_index_map", startIndexMap, opRank);
    DimChecks.disjoint(
        "start_index_map", startIndexMap, "operand_batching_dims", operandBatchingDims);

    int batchCount = idxRank - (indexVectorDim < idxRank ? 1 : 0);
    int resultRank = batchCount + offsetDims.length;
    DimChecks.sortedDistinct("offset_dims", offsetDims, resultRank);
    long[] shape = new long[resultRank];
    int nextBatch = 0;
    int nextOffset = 0;
    int offsetPos = 0;
    for (int d = 0; d < resultRank; d++) {
      if (offsetPos < offsetDims.length && offsetDims[offsetPos] == d) {
        while (DimChecks.contains(collapsedSliceDims, nextOffset)
            || DimChecks.contains(operandBatchingDims, nextOffset)) {
          nextOffset++;
        }
        shape[d] = sliceSizes[nextOffset++];
        offsetPos++;
      } else {
        if (nextBatch == indexVectorDim) {
          nextBatch++;
        }
        shape[d] = indices[nextBatch++];
      }
    }
    return shape;
  }

  /** The attribute text: {@code #stablehlo.gather<...>}, empty lists left out. */
  String attribute() {
    StringBuilder sb = new StringBuilder();
    DimChecks.appendField(sb, "offset_dims", offsetDims);
    DimChecks.appendField(sb, "collapsed_slice_dims", collapsedSliceDims);
    DimChecks.appendField(sb, "operand_batching_dims", operandBatchingDims);
    DimChecks.appendField(sb, "start_indices_batching_dims", startIndicesBatchingDims);
    DimChecks.appendField(sb, "start_index_map", startIndexMap);
    if (!sb.isEmpty()) {
      sb.append(", ");
    }
    sb.append("index_vector_dim = ").append(indexVectorDim);
    return "#stablehlo.gather<" + sb + ">";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GatherDimensionNumbers g
        && Arrays.equals(offsetDims, g.offsetDims)
        && Arrays.equals(collapsedSliceDims, g.collapsedSliceDims)
        && Arrays.equals(operandBatchingDims, g.operandBatchingDims)
        && Arrays.equals(startIndicesBatchingDims, g.startIndicesBatchingDims)
        && Arrays.equals(startIndexMap, g.startIndexMap)
        && indexVectorDim == g.indexVectorDim;
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(
        new Object[] {
          offsetDims,
          collapsedSliceDims,
          operandBatchingDims,
          startIndicesBatchingDims,
          startIndexMap,
          indexVectorDim
        });
  }

  @Override
  public String toString() {
    return attribute();
  }
}
