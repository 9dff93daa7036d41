package dev.torch2jax.hlo;

import java.util.Arrays;

/**
 * The dimension numbers of {@code stablehlo.scatter} (and of the {@code scatter} primitives), as in
 * the StableHLO spec.
 *
 * @param updateWindowDims update dimensions that index within a window (sorted)
 * @param insertedWindowDims operand dimensions of window size 1 absent from the updates (sorted)
 * @param inputBatchingDims operand dimensions paired with {@code scatterIndicesBatchingDims}
 *     (sorted)
 * @param scatterIndicesBatchingDims index dimensions paired with {@code inputBatchingDims}
 * @param scatterDimsToOperandDims operand dimension of each component of an index vector
 * @param indexVectorDim the dimension of the indices holding index vectors; equal to the indices'
 *     rank for an implicit trailing dimension of size 1
 */
public record ScatterDimensionNumbers(
    long[] updateWindowDims,
    long[] insertedWindowDims,
    long[] inputBatchingDims,
    long[] scatterIndicesBatchingDims,
    long[] scatterDimsToOperandDims,
    long indexVectorDim) {

  /** Copies the arrays. */
  public ScatterDimensionNumbers {
    updateWindowDims = updateWindowDims.clone();
    insertedWindowDims = insertedWindowDims.clone();
    inputBatchingDims = inputBatchingDims.clone();
    scatterIndicesBatchingDims = scatterIndicesBatchingDims.clone();
    scatterDimsToOperandDims = scatterDimsToOperandDims.clone();
  }

  /** Dimension numbers without batching dimensions. */
  public static ScatterDimensionNumbers of(
      long[] updateWindowDims,
      long[] insertedWindowDims,
      long[] scatterDimsToOperandDims,
      long indexVectorDim) {
    return new ScatterDimensionNumbers(
        updateWindowDims,
        insertedWindowDims,
        new long[0],
        new long[0],
        scatterDimsToOperandDims,
        indexVectorDim);
  }

  @Override
  public long[] updateWindowDims() {
    return updateWindowDims.clone();
  }

  @Override
  public long[] insertedWindowDims() {
    return insertedWindowDims.clone();
  }

  @Override
  public long[] inputBatchingDims() {
    return inputBatchingDims.clone();
  }

  @Override
  public long[] scatterIndicesBatchingDims() {
    return scatterIndicesBatchingDims.clone();
  }

  @Override
  public long[] scatterDimsToOperandDims() {
    return scatterDimsToOperandDims.clone();
  }

  /**
   * The window size along each operand dimension for updates of shape {@code updates}: the update
   * window dimensions' sizes, 1 at inserted and batching dimensions.
   */
  public long[] windowSizes(int operandRank, long[] updates) {
    long[] sizes = new long[operandRank];
    int w = 0;
    for (int d = 0; d < operandRank; d++) {
      boolean inserted =
          DimChecks.contains(insertedWindowDims, d) || DimChecks.contains(inputBatchingDims, d);
      sizes[d] = inserted ? 1 : updates[(int) updateWindowDims[w++]];
    }
    return sizes;
  }

  /**
   * Checks every constraint of the spec for a scatter into {@code operand} at {@code indices} of
   * {@code updates}.
   *
   * @throws IllegalArgumentException saying which constraint fails
   */
  public void check(long[] operand, long[] indices, long[] updates) {
    int opRank = operand.length;
    int idxRank = indices.length;
    if (indexVectorDim < 0 || indexVectorDim > idxRank) {
      throw new IllegalArgumentException(
          "index_vector_dim " + indexVectorDim + " is out of range for indices of rank " + idxRank);
    }
    long vectorSize = indexVectorDim < idxRank ? indices[(int) indexVectorDim] : 1;
    if (scatterDimsToOperandDims.length != vectorSize) {
      throw new IllegalArgumentException(
          "scatter_dims_to_operand_dims "
              + Arrays.toString(scatterDimsToOperandDims)
              + " needs one entry per index vector component ("
              + vectorSize
              + ")");
    }
    DimChecks.sortedDistinct("update_window_dims", updateWindowDims, updates.length);
    DimChecks.sortedDistinct("inserted_window_dims", insertedWindowDims, opRank);
    DimChecks.sortedDistinct("input_batching_dims", inputBatchingDims, opRank);
    DimChecks.disjoint(
        "inserted_window_dims", insertedWindowDims, "input_batching_dims", inputBatchingDims);
    if (opRank != updateWindowDims.length + insertedWindowDims.length + inputBatchingDims.length) {
      throw new IllegalArgumentException(
          "operand rank "
              + opRank
              + " must equal the number of update_window_dims, inserted_window_dims and"
              + " input_batching_dims");
    }
    DimChecks.batching(
        "input_batching_dims",
        inputBatchingDims,
        operand,
        "scatter_indices_batching_dims",
        scatterIndicesBatchingDims,
        indices,
        indexVectorDim);
    DimChecks.distinctInRange("scatter_dims_to_operand_dims", scatterDimsToOperandDims, opRank);
    DimChecks.disjoint(
        "scatter_dims_to_operand_dims",
        scatterDimsToOperandDims,
        "input_batching_dims",
        inputBatchingDims);
    int scatterCount = idxRank - (indexVectorDim < idxRank ? 1 : 0);
    if (updates.length != scatterCount + updateWindowDims.length) {
      throw new IllegalArgumentException(
          "updates "
              + Arrays.toString(updates)
              + " need rank "
              + (scatterCount + updateWindowDims.length)
              + ": the indices' "
              + scatterCount
              + " scatter dimensions and "
              + updateWindowDims.length
              + " window dimensions");
    }
    int nextIdx = 0;
    int nextOp = 0;
    for (int d = 0; d < updates.length; d++) {
      long limit;
      if (DimChecks.contains(updateWindowDims, d)) {
        while (DimChecks.contains(insertedWindowDims, nextOp)
            || DimChecks.contains(inputBatchingDims, nextOp)) {
          nextOp++;
        }
        limit = operand[nextOp++];
        if (updates[d] > limit) {
          throw new IllegalArgumentException(
              "update window dimension "
                  + d
                  + " of updates "
                  + Arrays.toString(updates)
                  + " is larger than operand "
                  + Arrays.toString(operand));
        }
      } else {
        if (nextIdx == indexVectorDim) {
          nextIdx++;
        }
        limit = indices[nextIdx++];
        if (updates[d] != limit) {
          throw new IllegalArgumentException(
              "update scatter dimension "
                  + d
                  + " of updates "
                  + Arrays.toString(updates)
                  + " must match the indices "
                  + Arrays.toString(indices));
        }
      }
    }
  }

  /** The attribute text: {@code #stablehlo.scatter<...>}, empty lists left out. */
  String attribute() {
    StringBuilder sb = new StringBuilder();
    DimChecks.appendField(sb, "update_window_dims", updateWindowDims);
    DimChecks.appendField(sb, "inserted_window_dims", insertedWindowDims);
    DimChecks.appendField(sb, "input_batching_dims", inputBatchingDims);
    DimChecks.appendField(sb, "scatter_indices_batching_dims", scatterIndicesBatchingDims);
    DimChecks.appendField(sb, "scatter_dims_to_operand_dims", scatterDimsToOperandDims);
    if (!sb.isEmpty()) {
      sb.append(", ");
    }
    sb.append("index_vector_dim = ").append(indexVectorDim);
    return "#stablehlo.scatter<" + sb + ">";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScatterDimensionNumbers s
        && Arrays.equals(updateWindowDims, s.updateWindowDims)
        && Arrays.equals(insertedWindowDims, s.insertedWindowDims)
        && Arrays.equals(inputBatchingDims, s.inputBatchingDims)
        && Arrays.equals(scatterIndicesBatchingDims, s.scatterIndicesBatchingDims)
        && Arrays.equals(scatterDimsToOperandDims, s.scatterDimsToOperandDims)
        && indexVectorDim == s.indexVectorDim;
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(
        new Object[] {
          updateWindowDims,
          insertedWindowDims,
          inputBatchingDims,
          scatterIndicesBatchingDims,
          scatterDimsToOperandDims,
          indexVectorDim
        });
  }

  @Override
  public String toString() {
    return attribute();
  }
}
