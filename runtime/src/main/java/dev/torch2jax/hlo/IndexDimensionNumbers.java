package dev.torch2jax.hlo;

import java.util.Arrays;
import java.util.stream.LongStream;

/**
 * What the dimension numbers of {@code stablehlo.gather} and {@code stablehlo.scatter} share: the
 * StableHLO spec gives both ops the same five dimension lists and {@code index_vector_dim}, each op
 * under names of its own. This class holds them, checks the constraints common to both and writes
 * the attribute; the subclasses add the op's own shape rule. Compared by content.
 */
public abstract sealed class IndexDimensionNumbers
    permits GatherDimensionNumbers, ScatterDimensionNumbers {

  /**
   * The op's name and its spec names of the five lists, in the order of the constructor.
   *
   * @param op {@code gather} or {@code scatter}
   * @param window the window (offset) dimensions of the result or updates
   * @param collapsed the operand dimensions of size 1 left out of a window
   * @param operandBatching the operand's batching dimensions
   * @param indicesBatching the indices' batching dimensions
   * @param indexMap the operand dimension of each index vector component
   */
  record SpecNames(
      String op,
      String window,
      String collapsed,
      String operandBatching,
      String indicesBatching,
      String indexMap) {}

  /** Builds dimension numbers of one kind from the five lists and {@code index_vector_dim}. */
  @FunctionalInterface
  public interface Factory<T extends IndexDimensionNumbers> {
    /** Dimension numbers from their parts, in the order of {@link IndexDimensionNumbers}. */
    T create(
        long[] windowDims,
        long[] collapsedDims,
        long[] operandBatchingDims,
        long[] indicesBatchingDims,
        long[] indexMap,
        long indexVectorDim);
  }

  private final SpecNames names;
  private final long[] windowDims;
  private final long[] collapsedDims;
  private final long[] operandBatchingDims;
  private final long[] indicesBatchingDims;
  private final long[] indexMap;
  private final long indexVectorDim;

  IndexDimensionNumbers(
      SpecNames names,
      long[] windowDims,
      long[] collapsedDims,
      long[] operandBatchingDims,
      long[] indicesBatchingDims,
      long[] indexMap,
      long indexVectorDim) {
    this.names = names;
    this.windowDims = windowDims.clone();
    this.collapsedDims = collapsedDims.clone();
    this.operandBatchingDims = operandBatchingDims.clone();
    this.indicesBatchingDims = indicesBatchingDims.clone();
    this.indexMap = indexMap.clone();
    this.indexVectorDim = indexVectorDim;
  }

  /** The dimensions of the result (gather) or updates (scatter) that index within a window. */
  public long[] windowDims() {
    return windowDims.clone();
  }

  /** The operand dimensions of window size 1 left out of the windows (sorted). */
  public long[] collapsedDims() {
    return collapsedDims.clone();
  }

  /** The operand dimensions paired with {@link #indicesBatchingDims()} (sorted). */
  public long[] operandBatchingDims() {
    return operandBatchingDims.clone();
  }

  /** The index dimensions paired with {@link #operandBatchingDims()}. */
  public long[] indicesBatchingDims() {
    return indicesBatchingDims.clone();
  }

  /** The operand dimension of each component of an index vector. */
  public long[] indexMap() {
    return indexMap.clone();
  }

  /**
   * The dimension of the indices holding index vectors; equal to the indices' rank for an implicit
   * trailing dimension of size 1.
   */
  public long indexVectorDim() {
    return indexVectorDim;
  }

  /** The same lists as dimension numbers of another kind (gather's for scatter's, or back). */
  public <T extends IndexDimensionNumbers> T as(Factory<T> kind) {
    return kind.create(
        windowDims,
        collapsedDims,
        operandBatchingDims,
        indicesBatchingDims,
        indexMap,
        indexVectorDim);
  }

  /**
   * These dimension numbers for an operand, indices and result (or updates) that each got a new
   * leading dimension, paired as batching dimensions (how {@code vmap} batches both operands).
   */
  public <T extends IndexDimensionNumbers> T withLeadingBatchingPair(Factory<T> kind) {
    return kind.create(
        shift(windowDims),
        shift(collapsedDims),
        LongStream.concat(LongStream.of(0), Arrays.stream(shift(operandBatchingDims))).toArray(),
        LongStream.concat(LongStream.of(0), Arrays.stream(shift(indicesBatchingDims))).toArray(),
        shift(indexMap),
        indexVectorDim + 1);
  }

  private static long[] shift(long[] dims) {
    return Arrays.stream(dims).map(d -> d + 1).toArray();
  }

  /**
   * Checks the constraints on the operand and indices shapes that gather and scatter share.
   *
   * @throws IllegalArgumentException saying which constraint fails
   */
  void checkOperandAndIndices(long[] operand, long[] indices) {
    int opRank = operand.length;
    int idxRank = indices.length;
    if (indexVectorDim < 0 || indexVectorDim > idxRank) {
      throw new IllegalArgumentException(
          "index_vector_dim %d is out of range for indices of rank %d"
              .formatted(indexVectorDim, idxRank));
    }
    long vectorSize = indexVectorDim < idxRank ? indices[(int) indexVectorDim] : 1;
    if (indexMap.length != vectorSize) {
      throw new IllegalArgumentException(
          "%s %s needs one entry per index vector component (%d)"
              .formatted(names.indexMap(), Arrays.toString(indexMap), vectorSize));
    }
    DimChecks.sortedDistinct(names.collapsed(), collapsedDims, opRank);
    DimChecks.sortedDistinct(names.operandBatching(), operandBatchingDims, opRank);
    DimChecks.disjoint(
        names.collapsed(), collapsedDims, names.operandBatching(), operandBatchingDims);
    if (opRank != windowDims.length + collapsedDims.length + operandBatchingDims.length) {
      throw new IllegalArgumentException(
          "operand rank %d must equal the number of %s, %s and %s"
              .formatted(opRank, names.window(), names.collapsed(), names.operandBatching()));
    }
    DimChecks.batching(
        names.operandBatching(),
        operandBatchingDims,
        operand,
        names.indicesBatching(),
        indicesBatchingDims,
        indices,
        indexVectorDim);
    DimChecks.distinctInRange(names.indexMap(), indexMap, opRank);
    DimChecks.disjoint(names.indexMap(), indexMap, names.operandBatching(), operandBatchingDims);
  }

  /**
   * The sizes of a result (gather) or of updates (scatter) of rank {@code rank}: a window dimension
   * has the entry of {@code windowSizes} at the operand dimension it walks (operand dimensions that
   * are neither collapsed nor batching, in order); any other dimension the size of the next indices
   * dimension other than {@code index_vector_dim}.
   */
  long[] resultSizes(int rank, long[] windowSizes, long[] indices) {
    long[] walked =
        LongStream.range(0, windowSizes.length)
            .filter(d -> !DimChecks.contains(collapsedDims, d))
            .filter(d -> !DimChecks.contains(operandBatchingDims, d))
            .toArray();
    long[] batch = LongStream.range(0, indices.length).filter(d -> d != indexVectorDim).toArray();
    long[] sizes = new long[rank];
    int w = 0;
    int b = 0;
    for (int d = 0; d < rank; d++) {
      sizes[d] =
          DimChecks.contains(windowDims, d)
              ? windowSizes[(int) walked[w++]]
              : indices[(int) batch[b++]];
    }
    return sizes;
  }

  /** The attribute text, like {@code #stablehlo.gather<...>}, empty lists left out. */
  String attribute() {
    StringBuilder sb = new StringBuilder();
    DimChecks.appendField(sb, names.window(), windowDims);
    DimChecks.appendField(sb, names.collapsed(), collapsedDims);
    DimChecks.appendField(sb, names.operandBatching(), operandBatchingDims);
    DimChecks.appendField(sb, names.indicesBatching(), indicesBatchingDims);
    DimChecks.appendField(sb, names.indexMap(), indexMap);
    if (!sb.isEmpty()) {
      sb.append(", ");
    }
    sb.append("index_vector_dim = ").append(indexVectorDim);
    return "#stablehlo.%s<%s>".formatted(names.op(), sb);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IndexDimensionNumbers d
        && d.getClass() == getClass()
        && Arrays.equals(windowDims, d.windowDims)
        && Arrays.equals(collapsedDims, d.collapsedDims)
        && Arrays.equals(operandBatchingDims, d.operandBatchingDims)
        && Arrays.equals(indicesBatchingDims, d.indicesBatchingDims)
        && Arrays.equals(indexMap, d.indexMap)
        && indexVectorDim == d.indexVectorDim;
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(
        new Object[] {
          names.op(),
          windowDims,
          collapsedDims,
          operandBatchingDims,
          indicesBatchingDims,
          indexMap,
          indexVectorDim
        });
  }

  /** The attribute text. */
  @Override
  public String toString() {
    return attribute();
  }
}
