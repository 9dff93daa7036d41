package dev.torch2jax.hlo;

import java.util.Arrays;

/**
 * The dimension numbers of {@code stablehlo.scatter} (and of the {@code scatter} primitives), as in
 * the StableHLO spec: which update dimensions index within a window ({@code update_window_dims},
 * here {@link #windowDims()}), which operand dimensions are absent from the updates ({@code
 * inserted_window_dims}) or batching, how an index vector maps onto operand dimensions ({@code
 * scatter_dims_to_operand_dims}, here {@link #indexMap()}).
 */
public final class ScatterDimensionNumbers extends IndexDimensionNumbers {
  private static final SpecNames NAMES =
      new SpecNames(
          "scatter",
          "update_window_dims",
          "inserted_window_dims",
          "input_batching_dims",
          "scatter_indices_batching_dims",
          "scatter_dims_to_operand_dims");

  /**
   * Dimension numbers under the spec's names.
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
  public ScatterDimensionNumbers(
      long[] updateWindowDims,
      long[] insertedWindowDims,
      long[] inputBatchingDims,
      long[] scatterIndicesBatchingDims,
      long[] scatterDimsToOperandDims,
      long indexVectorDim) {
    super(
        NAMES,
        updateWindowDims,
        insertedWindowDims,
        inputBatchingDims,
        scatterIndicesBatchingDims,
        scatterDimsToOperandDims,
        indexVectorDim);
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

  /**
   * The window size along each operand dimension for updates of shape {@code updates}: the update
   * window dimensions' sizes, 1 at inserted and batching dimensions.
   */
  public long[] windowSizes(int operandRank, long[] updates) {
    long[] windowDims = windowDims();
    long[] inserted = DimChecks.concat(collapsedDims(), operandBatchingDims());
    long[] sizes = new long[operandRank];
    int w = 0;
    for (int d = 0; d < operandRank; d++) {
      sizes[d] = DimChecks.contains(inserted, d) ? 1 : updates[(int) windowDims[w++]];
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
    long[] windowDims = windowDims();
    checkOperandAndIndices(operand, indices);
    DimChecks.sortedDistinct("update_window_dims", windowDims, updates.length);
    int scatterCount = indices.length - (indexVectorDim() < indices.length ? 1 : 0);
    if (updates.length != scatterCount + windowDims.length) {
      throw new IllegalArgumentException(
          "updates %s need rank %d: the indices' %d scatter dimensions and %d window dimensions"
              .formatted(
                  Arrays.toString(updates),
                  scatterCount + windowDims.length,
                  scatterCount,
                  windowDims.length));
    }
    long[] limits = resultSizes(updates.length, operand, indices);
    for (int d = 0; d < updates.length; d++) {
      if (DimChecks.contains(windowDims, d) && updates[d] > limits[d]) {
        throw new IllegalArgumentException(
            "update window dimension %d of updates %s is larger than operand %s"
                .formatted(d, Arrays.toString(updates), Arrays.toString(operand)));
      }
      if (!DimChecks.contains(windowDims, d) && updates[d] != limits[d]) {
        throw new IllegalArgumentException(
            "update scatter dimension %d of updates %s must match the indices %s"
                .formatted(d, Arrays.toString(updates), Arrays.toString(indices)));
      }
    }
  }
}
