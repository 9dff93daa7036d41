package dev.torch2jax.hlo;

import dev.torch2jax.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Emits the ops of one function, or of one region of an op (such as the reducer of {@code
 * stablehlo.reduce}), in the generic op form.
 *
 * <p>Each op method checks its operands' shapes and element types before writing anything and
 * throws {@link IllegalArgumentException} whose message starts with the op's name (e.g. {@code
 * stablehlo.add: operand types differ: tensor<2x3xf32> vs tensor<3xf32>}); a rejected op leaves the
 * text unchanged. Operands must be values of this builder. After {@link #returns} no more ops can
 * be added.
 */
public final class FunctionBuilder extends ShapeBuilder {

  /** A function named {@code name} with parameters {@code %arg0...}. */
  FunctionBuilder(String name, boolean isPublic, List<TensorType> paramTypes) {
    this(name, isPublic, false, new Names(), paramTypes);
  }

  /** A region of {@code op} (or a function) whose names continue {@code names}. */
  FunctionBuilder(
      String name, boolean isPublic, boolean isRegion, Names names, List<TensorType> argTypes) {
    super(name, isPublic, isRegion, names, argTypes);
  }

  // ---------------------------------------------------------------------------------------------
  // Control flow

  /**
   * {@code stablehlo.case}: runs {@code branches.get(index)} (an out-of-range index runs the last
   * branch, as the spec says) and returns its results. Branch regions have no arguments and may use
   * values of this function.
   */
  public List<Value> caseOp(Value index, List<TensorType> resultTypes, List<RegionBody> branches) {
    String op = "stablehlo.case";
    use(op, List.of(index));
    if (!index.type().equals(TensorType.scalar(DType.I32))) {
      throw fail(op, "index must be tensor<i32>, got " + index.type());
    }
    if (branches.isEmpty()) {
      throw fail(op, "needs at least one branch");
    }
    int id = names.nextValue++;
    List<List<String>> regions = new ArrayList<>();
    for (int i = 0; i < branches.size(); i++) {
      regions.add(
          buildRegion(op, "branch " + i, List.of(), resultTypes, branches.get(i), this).lines);
    }
    lines.add(
        resultName(id, resultTypes.size()) + " = " + quoted(op) + "(" + index.name() + ") ({");
    for (int i = 0; i < regions.size(); i++) {
      regions.get(i).forEach(l -> lines.add("  " + l));
      lines.add(i < regions.size() - 1 ? "}, {" : "}) : " + signature(List.of(index), resultTypes));
    }
    return results(id, resultTypes);
  }

  /**
   * {@code stablehlo.while}: from {@code init}, runs {@code body} on the carried values while
   * {@code cond} (returning a {@code tensor<i1>}) holds. Both regions get the carried values as
   * block arguments and use nothing else.
   */
  public List<Value> whileOp(List<Value> init, RegionBody cond, RegionBody body) {
    String op = "stablehlo.while";
    use(op, init);
    List<TensorType> types = init.stream().map(Value::type).toList();
    int id = names.nextValue++;
    OpWriter c = buildRegion(op, "cond", types, List.of(TensorType.scalar(DType.BOOL)), cond, null);
    OpWriter b = buildRegion(op, "body", types, types, body, null);
    lines.add(
        resultName(id, types.size()) + " = " + quoted(op) + "(" + operandNames(init) + ") ({");
    lines.add("^bb0(" + blockArgs(c.params) + "):");
    c.lines.forEach(l -> lines.add("  " + l));
    lines.add("}, {");
    lines.add("^bb0(" + blockArgs(b.params) + "):");
    b.lines.forEach(l -> lines.add("  " + l));
    lines.add("}) : " + signature(init, types));
    return results(id, types);
  }

  // ---------------------------------------------------------------------------------------------
  // Contractions and reductions

  /**
   * {@code stablehlo.dot_general}: contracts {@code lhsContract} with {@code rhsContract} and pairs
   * {@code lhsBatch} with {@code rhsBatch}. The result's dimensions are the batch dimensions, then
   * the other dimensions of {@code lhs}, then those of {@code rhs}, in order. Both operands have
   * one element type; the precision is DEFAULT.
   */
  public Value dotGeneral(
      Value lhs,
      Value rhs,
      long[] lhsBatch,
      long[] rhsBatch,
      long[] lhsContract,
      long[] rhsContract) {
    String op = "stablehlo.dot_general";
    use(op, List.of(lhs, rhs));
    TensorType l = lhs.type();
    TensorType r = rhs.type();
    String types = l + " and " + r;
    if (l.dtype() != r.dtype()) {
      throw fail(op, "element types differ: " + l + " vs " + r);
    }
    if (lhsBatch.length != rhsBatch.length || lhsContract.length != rhsContract.length) {
      throw fail(
          op,
          "batching "
              + Syntax.show(lhsBatch)
              + "/"
              + Syntax.show(rhsBatch)
              + " or contracting "
              + Syntax.show(lhsContract)
              + "/"
              + Syntax.show(rhsContract)
              + " dimensions differ in count for "
              + types);
    }
    long[] lhsUsed = concat(lhsBatch, lhsContract);
    long[] rhsUsed = concat(rhsBatch, rhsContract);
    TypeRules.checkAxes(op, "lhs batching and contracting dimensions", lhsUsed, l.rank(), types);
    TypeRules.checkAxes(op, "rhs batching and contracting dimensions", rhsUsed, r.rank(), types);
    for (int i = 0; i < lhsUsed.length; i++) {
      if (l.dim((int) lhsUsed[i]) != r.dim((int) rhsUsed[i])) {
        throw fail(
            op,
            "lhs dimension "
                + lhsUsed[i]
                + " and rhs dimension "
                + rhsUsed[i]
                + " differ in size: "
                + types);
      }
    }
    long[] shape =
        TypeRules.dotGeneral(l.shape(), r.shape(), lhsBatch, rhsBatch, lhsContract, rhsContract);
    StringBuilder dims = new StringBuilder();
    appendDimsField(dims, "lhs_batching_dimensions", lhsBatch);
    appendDimsField(dims, "rhs_batching_dimensions", rhsBatch);
    appendDimsField(dims, "lhs_contracting_dimensions", lhsContract);
    appendDimsField(dims, "rhs_contracting_dimensions", rhsContract);
    String attrs =
        "dot_dimension_numbers = #stablehlo.dot<"
            + dims
            + ">, precision_config = [#stablehlo<precision DEFAULT>, #stablehlo<precision"
            + " DEFAULT>]";
    return emit(op, List.of(lhs, rhs), attrs, new TensorType(shape, l.dtype()));
  }

  /** Appends {@code name = [..]} like StableHLO's printer: empty lists are left out. */
  private static void appendDimsField(StringBuilder sb, String name, long[] dims) {
    if (dims.length == 0) {
      return;
    }
    if (!sb.isEmpty()) {
      sb.append(", ");
    }
    sb.append(name).append(" = [").append(Syntax.commaList(dims)).append(']');
  }

  /**
   * {@code stablehlo.reduce} of {@code inputs} (one shape) over {@code dimensions}, starting from
   * the scalar {@code initValues} (one per input, of its element type). {@code body} gets the
   * accumulators then the elements as scalar block arguments and must return one scalar per input.
   *
   * @return one result per input: its shape without {@code dimensions}
   */
  public List<Value> reduce(
      List<Value> inputs, List<Value> initValues, long[] dimensions, RegionBody body) {
    String op = "stablehlo.reduce";
    use(op, inputs);
    use(op, initValues);
    checkOpen(op);
    checkReduceInputs(op, inputs, initValues);
    long[] shape = TypeRules.reduce(op, "dimensions", inputs.get(0).type(), dimensions);
    List<Value> operands = new ArrayList<>(inputs);
    operands.addAll(initValues);
    String attrs = "dimensions = " + Syntax.i64Array(dimensions);
    return emitWithReducer(op, inputs, operands, body, attrs, withShape(shape, inputs));
  }

  /**
   * Checks that {@code inputs} share one shape and that {@code initValues} holds one scalar of each
   * input's element type.
   */
  private void checkReduceInputs(String op, List<Value> inputs, List<Value> initValues) {
    requireOnePerInput(op, inputs, initValues, "init value");
    TensorType first = inputs.get(0).type();
    for (int i = 0; i < inputs.size(); i++) {
      TensorType in = inputs.get(i).type();
      TensorType init = initValues.get(i).type();
      if (!Arrays.equals(in.shape(), first.shape())) {
        throw fail(op, "input shapes differ: " + first + " vs " + in);
      }
      if (!init.equals(TensorType.scalar(in.dtype()))) {
        throw fail(op, "init value " + init + " must be a scalar of input " + in);
      }
    }
  }

  /** One tensor type of {@code shape} per input, of its element type. */
  private static List<TensorType> withShape(long[] shape, List<Value> inputs) {
    return inputs.stream().map(v -> new TensorType(shape, v.dtype())).toList();
  }

  /** Sum over {@code dimensions} (from 0; logical or for bools). */
  public Value reduceSum(Value operand, long... dimensions) {
    return reduceWith(BinaryOp.ADD, 0, operand, dimensions);
  }

  /** Product over {@code dimensions} (from 1; logical and for bools). */
  public Value reduceProd(Value operand, long... dimensions) {
    return reduceWith(BinaryOp.MULTIPLY, 1, operand, dimensions);
  }

  /** Maximum over {@code dimensions}, from -inf, the type's least integer, or false. */
  public Value reduceMax(Value operand, long... dimensions) {
    return reduceWith(BinaryOp.MAXIMUM, -1, operand, dimensions);
  }

  /** Minimum over {@code dimensions}, from +inf, the type's largest integer, or true. */
  public Value reduceMin(Value operand, long... dimensions) {
    return reduceWith(BinaryOp.MINIMUM, +1, operand, dimensions);
  }

  /** Logical or bitwise and over {@code dimensions}, from true or all ones. */
  public Value reduceAnd(Value operand, long... dimensions) {
    return reduceWith(BinaryOp.AND, +1, operand, dimensions);
  }

  /** Logical or bitwise or over {@code dimensions}, from false or zero. */
  public Value reduceOr(Value operand, long... dimensions) {
    return reduceWith(BinaryOp.OR, 0, operand, dimensions);
  }

  /**
   * {@code stablehlo.reduce_window} of {@code inputs} (one shape) from the scalar {@code
   * initValues} (one per input, of its element type): each window of {@code windowDimensions},
   * placed every {@code windowStrides} over the inputs dilated by {@code baseDilations} and padded
   * with the init values by {@code padding} ({@code [rank][2]}: low, high; negative cuts), its
   * elements {@code windowDilations} apart, is reduced with {@code body} (accumulators, then
   * elements, as scalars).
   *
   * @return one result per input, of the number of windows in each dimension
   */
  public List<Value> reduceWindow(
      List<Value> inputs,
      List<Value> initValues,
      long[] windowDimensions,
      long[] windowStrides,
      long[] baseDilations,
      long[] windowDilations,
      long[][] padding,
      RegionBody body) {
    String op = "stablehlo.reduce_window";
    use(op, inputs);
    use(op, initValues);
    checkReduceInputs(op, inputs, initValues);
    TensorType first = inputs.get(0).type();
    long[] shape =
        TypeRules.windowCounts(
            op,
            first.shape(),
            windowDimensions,
            windowStrides,
            flatPadding(op, padding, first),
            baseDilations,
            windowDilations,
            false,
            first);
    List<Value> operands = new ArrayList<>(inputs);
    operands.addAll(initValues);
    String attrs =
        "window_dimensions = "
            + Syntax.i64Array(windowDimensions)
            + ", window_strides = "
            + Syntax.i64Array(windowStrides)
            + ", base_dilations = "
            + Syntax.i64Array(baseDilations)
            + ", window_dilations = "
            + Syntax.i64Array(windowDilations)
            + ", padding = "
            + paddingAttr(padding);
    return emitWithReducer(op, inputs, operands, body, attrs, withShape(shape, inputs));
  }

  /**
   * {@code stablehlo.select_and_scatter}: in each window of {@code operand} ({@code
   * windowDimensions} every {@code windowStrides}, after {@code padding}, {@code [rank][2]}) the
   * element chosen by {@code select} (a scalar predicate: keep the first argument) receives the
   * matching {@code source} element, combined by {@code scatter} starting from {@code initValue}.
   * {@code source} has one element per window; the result has the operand's type.
   */
  public Value selectAndScatter(
      Value operand,
      Value source,
      Value initValue,
      long[] windowDimensions,
      long[] windowStrides,
      long[][] padding,
      RegionBody select,
      RegionBody scatter) {
    String op = "stablehlo.select_and_scatter";
    use(op, List.of(operand, source, initValue));
    TensorType t = operand.type();
    TensorType scalar = TensorType.scalar(t.dtype());
    if (source.dtype() != t.dtype() || !initValue.type().equals(scalar)) {
      throw fail(
          op,
          "source "
              + source.type()
              + " and init value "
              + initValue.type()
              + " must have the element type of operand "
              + t
              + " (the init value as a scalar)");
    }
    long[] ones = new long[t.rank()];
    Arrays.fill(ones, 1);
    long[] windows =
        TypeRules.windowCounts(
            op,
            t.shape(),
            windowDimensions,
            windowStrides,
            flatPadding(op, padding, t),
            ones,
            ones,
            false,
            t);
    if (!Arrays.equals(windows, source.shape())) {
      throw fail(
          op,
          "source "
              + source.type()
              + " must have one element per window of "
              + t
              + ": "
              + Syntax.show(windows));
    }
    int id = names.nextValue++;
    List<String> selectRegion =
        region(op, List.of(scalar, scalar), List.of(TensorType.scalar(DType.BOOL)), select);
    List<String> scatterRegion = region(op, List.of(scalar, scalar), List.of(scalar), scatter);
    String attrs =
        "window_dimensions = "
            + Syntax.i64Array(windowDimensions)
            + ", window_strides = "
            + Syntax.i64Array(windowStrides)
            + ", padding = "
            + paddingAttr(padding);
    return emitWithRegions(
            op,
            id,
            List.of(operand, source, initValue),
            List.of(selectRegion, scatterRegion),
            attrs,
            List.of(t))
        .get(0);
  }

  /**
   * {@code stablehlo.convolution} of {@code lhs} with the kernel {@code rhs}, described like JAX's
   * {@code ConvDimensionNumbers}: {@code lhsSpec} is the input's batch dimension, feature
   * dimension, then spatial dimensions; {@code rhsSpec} the kernel's output feature, input feature,
   * then spatial dimensions; {@code outSpec} the result's batch, feature, then spatial dimensions.
   * Per spatial dimension: {@code windowStrides}, {@code padding} ({@code [n][2]}: low, high;
   * negative cuts), {@code lhsDilation} and {@code rhsDilation}. One of the group counts is 1.
   */
  public Value convolution(
      Value lhs,
      Value rhs,
      long[] windowStrides,
      long[][] padding,
      long[] lhsDilation,
      long[] rhsDilation,
      long[] lhsSpec,
      long[] rhsSpec,
      long[] outSpec,
      long featureGroupCount,
      long batchGroupCount) {
    String op = "stablehlo.convolution";
    use(op, List.of(lhs, rhs));
    TensorType l = lhs.type();
    long[] shape =
        TypeRules.convolution(
            op,
            l,
            rhs.type(),
            lhsSpec,
            rhsSpec,
            outSpec,
            windowStrides,
            flatPadding(op, padding, l + " and " + rhs.type()),
            lhsDilation,
            rhsDilation,
            featureGroupCount,
            batchGroupCount);
    String attrs =
        "window_strides = "
            + Syntax.i64Array(windowStrides)
            + ", padding = "
            + paddingAttr(padding)
            + ", lhs_dilation = "
            + Syntax.i64Array(lhsDilation)
            + ", rhs_dilation = "
            + Syntax.i64Array(rhsDilation)
            + ", dimension_numbers = #stablehlo.conv<"
            + convLayout(lhsSpec, "b", "f")
            + "x"
            + convLayout(rhsSpec, "o", "i")
            + "->"
            + convLayout(outSpec, "b", "f")
            + ">, feature_group_count = "
            + featureGroupCount
            + " : i64, batch_group_count = "
            + batchGroupCount
            + " : i64, precision_config = [#stablehlo<precision DEFAULT>, #stablehlo<precision"
            + " DEFAULT>]";
    return emit(op, List.of(lhs, rhs), attrs, new TensorType(shape, l.dtype()));
  }

  /**
   * {@code stablehlo.rng_bit_generator}: from the {@code ui64} state ({@code [2]} for THREE_FRY and
   * DEFAULT, {@code [2]} or {@code [3]} for PHILOX), the next state and random bits of {@code
   * outputType} (integer or floating-point elements).
   *
   * @return the new state, then the bits
   */
  public List<Value> rngBitGenerator(
      RngAlgorithm algorithm, Value initialState, TensorType outputType) {
    String op = "stablehlo.rng_bit_generator";
    use(op, List.of(initialState));
    TensorType s = initialState.type();
    boolean sizeOk =
        s.rank() == 1 && (s.dim(0) == 2 || (algorithm == RngAlgorithm.PHILOX && s.dim(0) == 3));
    if (s.dtype() != DType.U64 || !sizeOk) {
      throw fail(op, "state must be ui64 of size 2 (or 3 for PHILOX), got " + s);
    }
    if (!ElementClass.INTEGER_OR_FLOAT.accepts(outputType.dtype())) {
      throw fail(op, "needs an integer or floating-point output, got " + outputType);
    }
    int id = names.nextValue++;
    List<TensorType> results = List.of(s, outputType);
    lines.add(
        "%"
            + id
            + ":2 = "
            + quoted(op)
            + "("
            + initialState.name()
            + ") {rng_algorithm = #stablehlo<rng_algorithm "
            + algorithm.name()
            + ">} : "
            + signature(List.of(initialState), results));
    return List.of(
        new Value("%" + id + "#0", s, this), new Value("%" + id + "#1", outputType, this));
  }

  /** {@code padding} as low, high, low, high, ...; each entry must be a pair. */
  private static long[] flatPadding(String op, long[][] padding, Object describe) {
    long[] flat = new long[padding.length * 2];
    for (int i = 0; i < padding.length; i++) {
      if (padding[i].length != 2) {
        throw fail(
            op,
            "padding %s needs low, high pairs for %s"
                .formatted(Arrays.deepToString(padding), describe));
      }
      flat[2 * i] = padding[i][0];
      flat[2 * i + 1] = padding[i][1];
    }
    return flat;
  }

  /** {@code dense<[[lo, hi], ...]> : tensor<nx2xi64>}. */
  private static String paddingAttr(long[][] padding) {
    long[] flat = new long[padding.length * 2];
    for (int i = 0; i < padding.length; i++) {
      flat[2 * i] = padding[i][0];
      flat[2 * i + 1] = padding[i][1];
    }
    TensorType type = TensorType.of(DType.I64, padding.length, 2);
    return DenseLiteral.ofLongs(type, flat.length == 0 ? new long[0] : flat);
  }

  /** The compact layout of conv dimension numbers, e.g. {@code [b, f, 0, 1]}. */
  private static String convLayout(long[] spec, String first, String second) {
    String[] letters = new String[spec.length];
    letters[(int) spec[0]] = first;
    letters[(int) spec[1]] = second;
    for (int i = 2; i < spec.length; i++) {
      letters[(int) spec[i]] = Integer.toString(i - 2);
    }
    return "[" + String.join(", ", letters) + "]";
  }

  /**
   * Reduces with {@code combine}, whose identity is picked by {@code end}: for ADD, MULTIPLY, OR it
   * is the plain 0 or 1; for MAXIMUM (-1) and MINIMUM, AND (+1) it is the lowest or highest value
   * of the element type.
   */
  private Value reduceWith(BinaryOp combine, int end, Value operand, long[] dimensions) {
    String op = "stablehlo.reduce";
    use(op, List.of(operand));
    if (!combine.operands().accepts(operand.dtype())) {
      throw fail(
          op,
          combine.opName()
              + " needs "
              + combine.operands().description()
              + " elements, got "
              + operand.type());
    }
    // Check before emitting the init constant, so that a rejected reduction leaves no trace.
    TypeRules.checkAxes(op, "dimensions", dimensions, operand.type());
    TensorType scalar = TensorType.scalar(operand.dtype());
    Value init =
        switch (combine) {
          case ADD, OR -> constant(scalar, 0L);
          case MULTIPLY -> constant(scalar, 1L);
          default -> extremeConstant(scalar, end);
        };
    return reduce(
            List.of(operand),
            List.of(init),
            dimensions,
            (b, args) -> b.returns(b.binary(combine, args.get(0), args.get(1))))
        .get(0);
  }

  /**
   * A sharding constraint on {@code x}: {@code stablehlo.custom_call @Sharding} with an {@code
   * mhlo.sharding} attribute in XLA's GSPMD notation, which XLA's SPMD partitioner reads as "lay
   * this value out so"; the result is {@code x}'s value.
   */
  public Value shardingConstraint(Value x, String hloSharding) {
    String op = "stablehlo.custom_call";
    use(op, List.of(x));
    return emit(
        op,
        List.of(x),
        "call_target_name = \"Sharding\", mhlo.sharding = \"%s\"".formatted(hloSharding),
        x.type());
  }

  /**
   * {@code stablehlo.optimization_barrier} of one value: {@code x}'s value, which XLA may neither
   * fuse into its consumers nor recompute in them.
   */
  public Value optimizationBarrier(Value x) {
    String op = "stablehlo.optimization_barrier";
    use(op, List.of(x));
    return emit(op, List.of(x), "", x.type());
  }

  /** The lowest ({@code end < 0}) or highest value of a scalar type, infinities for floats. */
  private Value extremeConstant(TensorType scalar, int end) {
    DType t = scalar.dtype();
    if (t.isFloatingPoint()) {
      return constant(scalar, end < 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
    }
    int bits = t == DType.BOOL ? 1 : 8 * t.byteSize();
    if (t.kind() == DType.Kind.SIGNED) {
      long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
      return constant(scalar, end < 0 ? -max - 1 : max);
    }
    long allOnes = bits == 64 ? -1L : (1L << bits) - 1;
    return constant(scalar, end < 0 ? 0L : allOnes);
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
