package dev.torch2jax.hlo;

import dev.torch2jax.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ops of a {@link FunctionBuilder} that move elements: broadcast, reshape, transpose, static
 * and dynamic slices, concatenate, pad, reverse, gather, scatter and sort. Result types come from
 * {@link TypeRules}, shared with the primitives' abstract evaluation.
 */
abstract sealed class ShapeBuilder extends ElementwiseBuilder permits FunctionBuilder {

  ShapeBuilder(
      String name, boolean isPublic, boolean isRegion, Names names, List<TensorType> argTypes) {
    super(name, isPublic, isRegion, names, argTypes);
  }

  // ---------------------------------------------------------------------------------------------
  // Shape ops

  /**
   * {@code stablehlo.broadcast_in_dim}: operand dimension {@code i} becomes result dimension {@code
   * broadcastDimensions[i]}, where it must be 1 or equal to the result's size.
   */
  public Value broadcastInDim(Value operand, long[] resultShape, long[] broadcastDimensions) {
    String op = "stablehlo.broadcast_in_dim";
    use(op, List.of(operand));
    TensorType result = new TensorType(resultShape, operand.dtype());
    TypeRules.broadcastInDim(op, operand.type(), result, broadcastDimensions);
    return emit(
        op,
        List.of(operand),
        "broadcast_dimensions = " + Syntax.i64Array(broadcastDimensions),
        result);
  }

  /** {@code stablehlo.reshape} to {@code shape}, which must hold as many elements. */
  public Value reshape(Value operand, long[] shape) {
    String op = "stablehlo.reshape";
    use(op, List.of(operand));
    TensorType result = new TensorType(shape, operand.dtype());
    if (result.elementCount() != operand.type().elementCount()) {
      throw fail(
          op, "cannot reshape " + operand.type() + " to " + result + ": element counts differ");
    }
    return emit(op, List.of(operand), "", result);
  }

  /** {@code stablehlo.transpose}: result dimension {@code i} is operand dimension {@code p[i]}. */
  public Value transpose(Value operand, long[] permutation) {
    String op = "stablehlo.transpose";
    use(op, List.of(operand));
    TensorType t = operand.type();
    long[] shape = TypeRules.transpose(op, t, permutation);
    return emit(
        op,
        List.of(operand),
        "permutation = " + Syntax.i64Array(permutation),
        new TensorType(shape, t.dtype()));
  }

  /**
   * {@code stablehlo.slice}: elements {@code start[d] <= i < limit[d]} taken every {@code
   * strides[d]} along each dimension {@code d}.
   */
  public Value slice(Value operand, long[] start, long[] limit, long[] strides) {
    String op = "stablehlo.slice";
    use(op, List.of(operand));
    TensorType t = operand.type();
    long[] shape = TypeRules.slice(op, t, start, limit, strides);
    String attrs =
        "start_indices = "
            + Syntax.i64Array(start)
            + ", limit_indices = "
            + Syntax.i64Array(limit)
            + ", strides = "
            + Syntax.i64Array(strides);
    return emit(op, List.of(operand), attrs, new TensorType(shape, t.dtype()));
  }

  /**
   * {@code stablehlo.concatenate} along {@code dimension}; the inputs agree in element type and in
   * every other dimension.
   */
  public Value concatenate(List<Value> inputs, long dimension) {
    String op = "stablehlo.concatenate";
    use(op, inputs);
    long[] shape = TypeRules.concatenate(op, types(inputs), dimension);
    return emit(
        op,
        inputs,
        "dimension = " + dimension + " : i64",
        new TensorType(shape, inputs.getFirst().dtype()));
  }

  /**
   * {@code stablehlo.pad} with the scalar {@code paddingValue}: {@code low} and {@code high}
   * elements (negative values cut) at the edges of each dimension and {@code interior} elements (at
   * least 0) between neighbours.
   */
  public Value pad(Value operand, Value paddingValue, long[] low, long[] high, long[] interior) {
    String op = "stablehlo.pad";
    use(op, List.of(operand, paddingValue));
    TensorType t = operand.type();
    long[] shape = TypeRules.pad(op, t, paddingValue.type(), low, high, interior);
    String attrs =
        "edge_padding_low = "
            + Syntax.i64Array(low)
            + ", edge_padding_high = "
            + Syntax.i64Array(high)
            + ", interior_padding = "
            + Syntax.i64Array(interior);
    return emit(op, List.of(operand, paddingValue), attrs, new TensorType(shape, t.dtype()));
  }

  /** {@code stablehlo.reverse} of the elements along each of {@code dimensions}. */
  public Value reverse(Value operand, long[] dimensions) {
    String op = "stablehlo.reverse";
    use(op, List.of(operand));
    TypeRules.checkAxes(op, "dimensions", dimensions, operand.type());
    return emit(
        op, List.of(operand), "dimensions = " + Syntax.i64Array(dimensions), operand.type());
  }

  /**
   * {@code stablehlo.dynamic_slice}: a block of {@code sliceSizes} starting at the scalar integer
   * {@code startIndices} (one per dimension, of one type; XLA clamps them into range).
   */
  public Value dynamicSlice(Value operand, List<Value> startIndices, long[] sliceSizes) {
    String op = "stablehlo.dynamic_slice";
    use(op, List.of(operand));
    use(op, startIndices);
    TensorType t = operand.type();
    TypeRules.dynamicSlice(op, t, types(startIndices), sliceSizes);
    List<Value> operands = new ArrayList<>();
    operands.add(operand);
    operands.addAll(startIndices);
    return emit(
        op,
        operands,
        "slice_sizes = " + Syntax.i64Array(sliceSizes),
        new TensorType(sliceSizes, t.dtype()));
  }

  /**
   * {@code stablehlo.dynamic_update_slice}: {@code operand} with {@code update} written at the
   * scalar integer {@code startIndices} (one per dimension, of one type; XLA clamps them).
   */
  public Value dynamicUpdateSlice(Value operand, Value update, List<Value> startIndices) {
    String op = "stablehlo.dynamic_update_slice";
    use(op, List.of(operand, update));
    use(op, startIndices);
    TensorType t = operand.type();
    TypeRules.dynamicUpdateSlice(op, t, update.type(), types(startIndices));
    List<Value> operands = new ArrayList<>();
    operands.add(operand);
    operands.add(update);
    operands.addAll(startIndices);
    return emit(op, operands, "", t);
  }

  /**
   * {@code stablehlo.gather}: slices of {@code sliceSizes} of {@code operand} starting at the index
   * vectors of {@code startIndices} (an integer tensor), arranged by {@code dimensionNumbers}.
   * Start indices are clamped so that each slice lies within the operand.
   */
  public Value gather(
      Value operand,
      Value startIndices,
      GatherDimensionNumbers dimensionNumbers,
      long[] sliceSizes,
      boolean indicesAreSorted) {
    String op = "stablehlo.gather";
    use(op, List.of(operand, startIndices));
    TensorType t = operand.type();
    TensorType idx = startIndices.type();
    if (!idx.dtype().isInteger()) {
      throw fail(op, "start indices must be integers, got " + idx);
    }
    long[] shape;
    try {
      shape = dimensionNumbers.resultShape(t.shape(), idx.shape(), sliceSizes);
    } catch (IllegalArgumentException e) {
      throw fail(op, e.getMessage() + " (operand " + t + ", start indices " + idx + ")");
    }
    String attrs =
        "dimension_numbers = "
            + dimensionNumbers.attribute()
            + ", indices_are_sorted = "
            + indicesAreSorted
            + ", slice_sizes = "
            + Syntax.i64Array(sliceSizes);
    return emit(op, List.of(operand, startIndices), attrs, new TensorType(shape, t.dtype()));
  }

  /**
   * {@code stablehlo.scatter}: {@code inputs} (one shape) with the windows of {@code updates} (one
   * per input, one shape) combined in at the index vectors of {@code scatterIndices}, arranged by
   * {@code dimensionNumbers}. {@code body} gets the current values then the update values (scalar
   * block arguments, one per input each) and returns the new values. Windows that would not lie
   * within the inputs are skipped.
   *
   * @return one result per input, of its type
   */
  public List<Value> scatter(
      List<Value> inputs,
      Value scatterIndices,
      List<Value> updates,
      ScatterDimensionNumbers dimensionNumbers,
      boolean indicesAreSorted,
      boolean uniqueIndices,
      RegionBody body) {
    String op = "stablehlo.scatter";
    use(op, inputs);
    use(op, List.of(scatterIndices));
    use(op, updates);
    requireOnePerInput(op, inputs, updates, "update");
    TensorType first = inputs.get(0).type();
    TensorType firstUpdate = updates.get(0).type();
    for (int i = 0; i < inputs.size(); i++) {
      TensorType in = inputs.get(i).type();
      TensorType up = updates.get(i).type();
      if (!Arrays.equals(in.shape(), first.shape())
          || !Arrays.equals(up.shape(), firstUpdate.shape())
          || in.dtype() != up.dtype()) {
        throw fail(
            op,
            "inputs must share one shape, updates another, each update the element type of its"
                + " input: input "
                + in
                + ", update "
                + up);
      }
    }
    TensorType idx = scatterIndices.type();
    if (!idx.dtype().isInteger()) {
      throw fail(op, "scatter indices must be integers, got " + idx);
    }
    try {
      dimensionNumbers.check(first.shape(), idx.shape(), firstUpdate.shape());
    } catch (IllegalArgumentException e) {
      throw fail(
          op,
          e.getMessage()
              + " (input "
              + first
              + ", scatter indices "
              + idx
              + ", updates "
              + firstUpdate
              + ")");
    }
    List<Value> operands = new ArrayList<>(inputs);
    operands.add(scatterIndices);
    operands.addAll(updates);
    String attrs =
        "indices_are_sorted = "
            + indicesAreSorted
            + ", scatter_dimension_numbers = "
            + dimensionNumbers.attribute()
            + ", unique_indices = "
            + uniqueIndices;
    List<TensorType> resultTypes = inputs.stream().map(Value::type).toList();
    return emitWithReducer(op, inputs, operands, body, attrs, resultTypes);
  }

  /**
   * {@code stablehlo.sort} of {@code inputs} (one shape, rank at least 1) together along {@code
   * dimension}. {@code comparator} gets, for each input in turn, the left then the right element as
   * scalar block arguments and returns an {@code i1} scalar: whether left goes before right.
   *
   * @return the sorted inputs, one per input, of its type
   */
  public List<Value> sort(
      List<Value> inputs, long dimension, boolean isStable, RegionBody comparator) {
    String op = "stablehlo.sort";
    use(op, inputs);
    if (inputs.isEmpty()) {
      throw fail(op, "needs at least one input");
    }
    TensorType first = inputs.get(0).type();
    for (Value v : inputs) {
      if (!Arrays.equals(v.shape(), first.shape())) {
        throw fail(op, "input shapes differ: " + first + " vs " + v.type());
      }
    }
    if (dimension < 0 || dimension >= first.rank()) {
      throw fail(op, "dimension " + dimension + " is out of range for " + first);
    }
    List<TensorType> argTypes = new ArrayList<>();
    for (Value v : inputs) {
      argTypes.add(TensorType.scalar(v.dtype()));
      argTypes.add(TensorType.scalar(v.dtype()));
    }
    String attrs = "dimension = " + dimension + " : i64, is_stable = " + isStable;
    List<TensorType> resultTypes = inputs.stream().map(Value::type).toList();
    return emitWithRegion(
        op,
        inputs,
        argTypes,
        List.of(TensorType.scalar(DType.BOOL)),
        comparator,
        attrs,
        resultTypes);
  }
}
