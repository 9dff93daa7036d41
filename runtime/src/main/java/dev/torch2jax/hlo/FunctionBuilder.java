package dev.torch2jax.hlo;

import dev.torch2jax.DType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

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
public final class FunctionBuilder {

  /** Name counters shared by a function and its regions, so that names are unique in it. */
  private static final class Names {
    int nextValue;
    int nextArg;
  }

  private final String name;
  private final boolean isPublic;
  private final boolean isRegion;
  private final Names names;
  private final List<Value> params;
  private final List<String> lines = new ArrayList<>();
  private List<TensorType> resultTypes;

  /** For a region that may use values of enclosing builders (case branches): the enclosing one. */
  private FunctionBuilder enclosing;

  /** A function named {@code name} with parameters {@code %arg0...}. */
  FunctionBuilder(String name, boolean isPublic, List<TensorType> paramTypes) {
    this(name, isPublic, false, new Names(), paramTypes);
  }

  private FunctionBuilder(
      String name, boolean isPublic, boolean isRegion, Names names, List<TensorType> argTypes) {
    this.name = name;
    this.isPublic = isPublic;
    this.isRegion = isRegion;
    this.names = names;
    List<Value> args = new ArrayList<>(argTypes.size());
    for (TensorType t : argTypes) {
      args.add(new Value("%arg" + names.nextArg++, Objects.requireNonNull(t, "type"), this));
    }
    this.params = Collections.unmodifiableList(args);
  }

  /** The function's name (without {@code @}); for a region, the name of the op that holds it. */
  public String name() {
    return name;
  }

  /** The parameters ({@code %arg0}, {@code %arg1}, ...), or a region's block arguments. */
  public List<Value> params() {
    return params;
  }

  /**
   * Ends the function with {@code "func.return"} (a region with {@code "stablehlo.return"}); the
   * function's result types are the types of {@code results}.
   */
  public void returns(Value... results) {
    String op = isRegion ? "stablehlo.return" : "func.return";
    List<Value> operands = List.of(results);
    use(op, operands);
    List<TensorType> types = operands.stream().map(Value::type).toList();
    lines.add(
        "\"" + op + "\"(" + operandNames(operands) + ") : " + Syntax.typeTuple(types) + " -> ()");
    resultTypes = types;
  }

  // ---------------------------------------------------------------------------------------------
  // Constants and iota

  /**
   * A floating-point constant: one value is a splat, otherwise the values fill the tensor in
   * row-major order. Each value is rounded to the element type; NaN and infinities are allowed. For
   * a tensor with no elements pass {@code new double[0]} (a bare {@code constant(type)} is
   * ambiguous between the overloads).
   */
  public Value constant(TensorType type, double... values) {
    return emitConstant(type, DenseLiteral.ofDoubles(type, values));
  }

  /**
   * A constant of any element type from integers: bools take 0 and 1, floating-point types the
   * nearest value, integer types a value in range (for {@code ui64} a negative long stands for its
   * unsigned reading). One value is a splat, otherwise the values fill the tensor row-major.
   */
  public Value constant(TensorType type, long... values) {
    return emitConstant(type, DenseLiteral.ofLongs(type, values));
  }

  /** A bool ({@code i1}) constant: one value is a splat, otherwise row-major values. */
  public Value constant(TensorType type, boolean... values) {
    return emitConstant(type, DenseLiteral.ofBooleans(type, values));
  }

  private Value emitConstant(TensorType type, String dense) {
    return emit("stablehlo.constant", List.of(), "value = " + dense, type);
  }

  /** A tensor whose elements count up from 0 along {@code dimension} ({@code stablehlo.iota}). */
  public Value iota(TensorType type, long dimension) {
    String op = "stablehlo.iota";
    checkOpen(op);
    if (!ElementClass.INTEGER_OR_FLOAT.accepts(type.dtype())) {
      throw fail(op, "needs an integer or floating-point result, got " + type);
    }
    if (dimension < 0 || dimension >= type.rank()) {
      throw fail(op, "iota_dimension " + dimension + " is out of range for " + type);
    }
    return emit(op, List.of(), "iota_dimension = " + dimension + " : i64", type);
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
      FunctionBuilder region = new FunctionBuilder(op, false, true, names, List.of());
      region.enclosing = this;
      branches.get(i).build(region, List.of());
      if (!resultTypes.equals(region.resultTypes)) {
        throw fail(
            op,
            "branch "
                + i
                + " must return "
                + Syntax.typeTuple(resultTypes)
                + ", returned "
                + (region.resultTypes == null ? "nothing" : Syntax.typeTuple(region.resultTypes)));
      }
      regions.add(region.lines);
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
    FunctionBuilder c = new FunctionBuilder(op, false, true, names, types);
    cond.build(c, c.params());
    if (!List.of(TensorType.scalar(DType.BOOL)).equals(c.resultTypes)) {
      throw fail(op, "cond must return tensor<i1>, returned " + c.resultTypes);
    }
    FunctionBuilder b = new FunctionBuilder(op, false, true, names, types);
    body.build(b, b.params());
    if (!types.equals(b.resultTypes)) {
      throw fail(
          op,
          "body must return the carried types "
              + Syntax.typeTuple(types)
              + ", returned "
              + (b.resultTypes == null ? "nothing" : Syntax.typeTuple(b.resultTypes)));
    }
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

  private static String resultName(int id, int count) {
    return count == 1 ? "%" + id : "%" + id + ":" + count;
  }

  private List<Value> results(int id, List<TensorType> types) {
    List<Value> out = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      out.add(new Value(types.size() == 1 ? "%" + id : "%" + id + "#" + i, types.get(i), this));
    }
    return Collections.unmodifiableList(out);
  }

  // ---------------------------------------------------------------------------------------------
  // Elementwise

  /** The elementwise unary op {@code op} ({@code is_finite} gives {@code i1}). */
  public Value unary(UnaryOp op, Value operand) {
    String n = op.opName();
    use(n, List.of(operand));
    if (!op.operands().accepts(operand.dtype())) {
      throw fail(n, "needs a " + op.operands().description() + " operand, got " + operand.type());
    }
    TensorType result =
        op == UnaryOp.IS_FINITE ? operand.type().withDType(DType.BOOL) : operand.type();
    return emit(n, List.of(operand), "", result);
  }

  /** The elementwise binary op {@code op}; both operands must have the same type. */
  public Value binary(BinaryOp op, Value lhs, Value rhs) {
    String n = op.opName();
    use(n, List.of(lhs, rhs));
    if (!lhs.type().equals(rhs.type())) {
      throw fail(n, "operand types differ: " + lhs.type() + " vs " + rhs.type());
    }
    if (!op.operands().accepts(lhs.dtype())) {
      throw fail(
          n,
          "needs "
              + op.operands().description()
              + " operands, got "
              + lhs.type()
              + " and "
              + rhs.type());
    }
    return emit(n, List.of(lhs, rhs), "", lhs.type());
  }

  /** {@code stablehlo.add}. */
  public Value add(Value lhs, Value rhs) {
    return binary(BinaryOp.ADD, lhs, rhs);
  }

  /** {@code stablehlo.subtract}. */
  public Value subtract(Value lhs, Value rhs) {
    return binary(BinaryOp.SUBTRACT, lhs, rhs);
  }

  /** {@code stablehlo.multiply}. */
  public Value multiply(Value lhs, Value rhs) {
    return binary(BinaryOp.MULTIPLY, lhs, rhs);
  }

  /** {@code stablehlo.divide}. */
  public Value divide(Value lhs, Value rhs) {
    return binary(BinaryOp.DIVIDE, lhs, rhs);
  }

  /** {@code stablehlo.remainder}. */
  public Value remainder(Value lhs, Value rhs) {
    return binary(BinaryOp.REMAINDER, lhs, rhs);
  }

  /** {@code stablehlo.maximum}. */
  public Value maximum(Value lhs, Value rhs) {
    return binary(BinaryOp.MAXIMUM, lhs, rhs);
  }

  /** {@code stablehlo.minimum}. */
  public Value minimum(Value lhs, Value rhs) {
    return binary(BinaryOp.MINIMUM, lhs, rhs);
  }

  /** {@code stablehlo.power}. */
  public Value power(Value lhs, Value rhs) {
    return binary(BinaryOp.POWER, lhs, rhs);
  }

  /** {@code stablehlo.atan2}. */
  public Value atan2(Value lhs, Value rhs) {
    return binary(BinaryOp.ATAN2, lhs, rhs);
  }

  /** {@code stablehlo.and}. */
  public Value and(Value lhs, Value rhs) {
    return binary(BinaryOp.AND, lhs, rhs);
  }

  /** {@code stablehlo.or}. */
  public Value or(Value lhs, Value rhs) {
    return binary(BinaryOp.OR, lhs, rhs);
  }

  /** {@code stablehlo.xor}. */
  public Value xor(Value lhs, Value rhs) {
    return binary(BinaryOp.XOR, lhs, rhs);
  }

  /** {@code stablehlo.shift_left}. */
  public Value shiftLeft(Value lhs, Value rhs) {
    return binary(BinaryOp.SHIFT_LEFT, lhs, rhs);
  }

  /** {@code stablehlo.shift_right_arithmetic}. */
  public Value shiftRightArithmetic(Value lhs, Value rhs) {
    return binary(BinaryOp.SHIFT_RIGHT_ARITHMETIC, lhs, rhs);
  }

  /** {@code stablehlo.shift_right_logical}. */
  public Value shiftRightLogical(Value lhs, Value rhs) {
    return binary(BinaryOp.SHIFT_RIGHT_LOGICAL, lhs, rhs);
  }

  /** {@code stablehlo.abs}. */
  public Value abs(Value x) {
    return unary(UnaryOp.ABS, x);
  }

  /** {@code stablehlo.cbrt}. */
  public Value cbrt(Value x) {
    return unary(UnaryOp.CBRT, x);
  }

  /** {@code stablehlo.ceil}. */
  public Value ceil(Value x) {
    return unary(UnaryOp.CEIL, x);
  }

  /** {@code stablehlo.count_leading_zeros}. */
  public Value countLeadingZeros(Value x) {
    return unary(UnaryOp.COUNT_LEADING_ZEROS, x);
  }

  /** {@code stablehlo.cosine}. */
  public Value cosine(Value x) {
    return unary(UnaryOp.COSINE, x);
  }

  /** {@code stablehlo.exponential}. */
  public Value exponential(Value x) {
    return unary(UnaryOp.EXPONENTIAL, x);
  }

  /** {@code stablehlo.exponential_minus_one}. */
  public Value exponentialMinusOne(Value x) {
    return unary(UnaryOp.EXPONENTIAL_MINUS_ONE, x);
  }

  /** {@code stablehlo.floor}. */
  public Value floor(Value x) {
    return unary(UnaryOp.FLOOR, x);
  }

  /** {@code stablehlo.is_finite}; the result is {@code i1}. */
  public Value isFinite(Value x) {
    return unary(UnaryOp.IS_FINITE, x);
  }

  /** {@code stablehlo.log}. */
  public Value log(Value x) {
    return unary(UnaryOp.LOG, x);
  }

  /** {@code stablehlo.log_plus_one}. */
  public Value logPlusOne(Value x) {
    return unary(UnaryOp.LOG_PLUS_ONE, x);
  }

  /** {@code stablehlo.logistic}. */
  public Value logistic(Value x) {
    return unary(UnaryOp.LOGISTIC, x);
  }

  /** {@code stablehlo.negate}. */
  public Value negate(Value x) {
    return unary(UnaryOp.NEGATE, x);
  }

  /** {@code stablehlo.not}. */
  public Value not(Value x) {
    return unary(UnaryOp.NOT, x);
  }

  /** {@code stablehlo.popcnt}. */
  public Value popcnt(Value x) {
    return unary(UnaryOp.POPCNT, x);
  }

  /** {@code stablehlo.round_nearest_afz}. */
  public Value roundNearestAfz(Value x) {
    return unary(UnaryOp.ROUND_NEAREST_AFZ, x);
  }

  /** {@code stablehlo.round_nearest_even}. */
  public Value roundNearestEven(Value x) {
    return unary(UnaryOp.ROUND_NEAREST_EVEN, x);
  }

  /** {@code stablehlo.rsqrt}. */
  public Value rsqrt(Value x) {
    return unary(UnaryOp.RSQRT, x);
  }

  /** {@code stablehlo.sign}. */
  public Value sign(Value x) {
    return unary(UnaryOp.SIGN, x);
  }

  /** {@code stablehlo.sine}. */
  public Value sine(Value x) {
    return unary(UnaryOp.SINE, x);
  }

  /** {@code stablehlo.sqrt}. */
  public Value sqrt(Value x) {
    return unary(UnaryOp.SQRT, x);
  }

  /** {@code stablehlo.tan}. */
  public Value tan(Value x) {
    return unary(UnaryOp.TAN, x);
  }

  /** {@code stablehlo.tanh}. */
  public Value tanh(Value x) {
    return unary(UnaryOp.TANH, x);
  }

  /**
   * {@code stablehlo.compare} of two operands of one type, giving {@code i1} of their shape. The
   * {@code compare_type} follows the element type: FLOAT for floats, SIGNED for signed integers,
   * UNSIGNED for unsigned integers and bools.
   */
  public Value compare(ComparisonDirection direction, Value lhs, Value rhs) {
    String op = "stablehlo.compare";
    use(op, List.of(lhs, rhs));
    if (!lhs.type().equals(rhs.type())) {
      throw fail(op, "operand types differ: " + lhs.type() + " vs " + rhs.type());
    }
    String compareType =
        switch (lhs.dtype().kind()) {
          case FLOAT, COMPLEX -> "FLOAT";
          case SIGNED -> "SIGNED";
          case UNSIGNED, BOOL -> "UNSIGNED";
        };
    String attrs =
        "comparison_direction = #stablehlo<comparison_direction "
            + direction.name()
            + ">, compare_type = #stablehlo<comparison_type "
            + compareType
            + ">";
    return emit(op, List.of(lhs, rhs), attrs, lhs.type().withDType(DType.BOOL));
  }

  /**
   * {@code stablehlo.select}: {@code onTrue} where {@code pred} holds, else {@code onFalse}. The
   * predicate is {@code i1}, either a scalar or of the operands' shape.
   */
  public Value select(Value pred, Value onTrue, Value onFalse) {
    String op = "stablehlo.select";
    use(op, List.of(pred, onTrue, onFalse));
    if (!onTrue.type().equals(onFalse.type())) {
      throw fail(op, "operand types differ: " + onTrue.type() + " vs " + onFalse.type());
    }
    if (pred.dtype() != DType.BOOL) {
      throw fail(op, "predicate must be i1, got " + pred.type());
    }
    if (pred.rank() != 0 && !Arrays.equals(pred.shape(), onTrue.shape())) {
      throw fail(
          op,
          "predicate shape must be scalar or match the operands: "
              + pred.type()
              + " vs "
              + onTrue.type());
    }
    return emit(op, List.of(pred, onTrue, onFalse), "", onTrue.type());
  }

  /**
   * {@code stablehlo.clamp}: {@code operand} limited to {@code [min, max]}; the bounds are scalars
   * or of the operand's shape, all of one element type.
   */
  public Value clamp(Value min, Value operand, Value max) {
    String op = "stablehlo.clamp";
    use(op, List.of(min, operand, max));
    for (Value bound : List.of(min, max)) {
      if (bound.dtype() != operand.dtype()
          || (bound.rank() != 0 && !Arrays.equals(bound.shape(), operand.shape()))) {
        throw fail(
            op,
            "bound "
                + bound.type()
                + " must be a scalar or match the operand "
                + operand.type()
                + " in shape, and match its element type");
      }
    }
    return emit(op, List.of(min, operand, max), "", operand.type());
  }

  /** {@code stablehlo.convert}: the same shape with element type {@code to}. */
  public Value convert(Value operand, DType to) {
    String op = "stablehlo.convert";
    use(op, List.of(operand));
    return emit(op, List.of(operand), "", operand.type().withDType(to));
  }

  /**
   * {@code stablehlo.bitcast_convert}: the same bits read as {@code to}. With a narrower {@code to}
   * the result gains a last dimension of the width ratio; with a wider one the operand's last
   * dimension must be that ratio and is dropped. Bool operands and results are not allowed.
   */
  public Value bitcastConvert(Value operand, DType to) {
    String op = "stablehlo.bitcast_convert";
    use(op, List.of(operand));
    if (operand.dtype() == DType.BOOL || to == DType.BOOL) {
      throw fail(
          op, "bool has no bit width to reinterpret: " + operand.type() + " to " + to.xlaName());
    }
    int from = operand.dtype().byteSize();
    int into = to.byteSize();
    long[] shape = operand.shape();
    long[] result;
    if (from == into) {
      result = shape;
    } else if (from > into) {
      result = Arrays.copyOf(shape, shape.length + 1);
      result[shape.length] = from / into;
    } else {
      if (shape.length == 0 || shape[shape.length - 1] != into / from) {
        throw fail(
            op,
            "operand "
                + operand.type()
                + " needs a last dimension of "
                + (into / from)
                + " for "
                + to);
      }
      result = Arrays.copyOf(shape, shape.length - 1);
    }
    return emit(op, List.of(operand), "", new TensorType(result, to));
  }

  // ---------------------------------------------------------------------------------------------
  // Complex numbers

  /** {@code stablehlo.real}: the real parts of a complex operand. */
  public Value real(Value operand) {
    return complexPart("stablehlo.real", operand);
  }

  /** {@code stablehlo.imag}: the imaginary parts of a complex operand. */
  public Value imag(Value operand) {
    return complexPart("stablehlo.imag", operand);
  }

  private Value complexPart(String op, Value operand) {
    use(op, List.of(operand));
    if (!operand.dtype().isComplex()) {
      throw fail(op, "needs a complex operand, got " + operand.type());
    }
    return emit(op, List.of(operand), "", operand.type().withDType(operand.dtype().realType()));
  }

  /**
   * {@code stablehlo.complex}: the complex numbers {@code real + i imag} from two float32 or two
   * float64 operands of one type.
   */
  public Value complex(Value real, Value imag) {
    String op = "stablehlo.complex";
    use(op, List.of(real, imag));
    if (!real.type().equals(imag.type())
        || (real.dtype() != DType.F32 && real.dtype() != DType.F64)) {
      throw fail(
          op,
          "needs two float32 or two float64 operands of one shape, got "
              + real.type()
              + " and "
              + imag.type());
    }
    return emit(op, List.of(real, imag), "", real.type().withDType(real.dtype().complexType()));
  }

  /**
   * {@code stablehlo.fft} of {@code type} over the trailing {@code fftLength.length} (1 to 3)
   * dimensions. FFT and IFFT map complex to complex of the same shape; RFFT maps reals whose
   * trailing dimensions are {@code fftLength} to complex numbers with a last dimension of {@code
   * fftLength[last] / 2 + 1}; IRFFT maps such complex numbers back to reals.
   */
  public Value fft(Value operand, FftType type, long[] fftLength) {
    String op = "stablehlo.fft";
    use(op, List.of(operand));
    int k = fftLength.length;
    if (k < 1 || k > 3 || k > operand.rank()) {
      throw fail(
          op,
          "fft_length "
              + Syntax.show(fftLength)
              + " must name 1 to 3 trailing dimensions of "
              + operand.type());
    }
    DType t = operand.dtype();
    boolean real = type == FftType.RFFT;
    if (real ? !(t == DType.F32 || t == DType.F64) : !t.isComplex()) {
      throw fail(
          op,
          type
              + " needs a "
              + (real ? "float32 or float64" : "complex")
              + " operand, got "
              + operand.type());
    }
    long[] shape = operand.shape();
    int first = shape.length - k;
    long last = fftLength[k - 1];
    long[] expected = Arrays.copyOfRange(fftLength, 0, k);
    if (type == FftType.IRFFT) {
      expected[k - 1] = last / 2 + 1;
    }
    if (!Arrays.equals(Arrays.copyOfRange(shape, first, shape.length), expected)) {
      throw fail(
          op,
          type
              + " with fft_length "
              + Syntax.show(fftLength)
              + " needs trailing dimensions "
              + Syntax.show(expected)
              + ", got "
              + operand.type());
    }
    long[] result = shape.clone();
    DType resultType =
        switch (type) {
          case FFT, IFFT -> t;
          case RFFT -> t.complexType();
          case IRFFT -> t.realType();
        };
    if (type == FftType.RFFT) {
      result[shape.length - 1] = last / 2 + 1;
    } else if (type == FftType.IRFFT) {
      result[shape.length - 1] = last;
    }
    String attrs =
        "fft_type = #stablehlo<fft_type "
            + type.name()
            + ">, fft_length = "
            + Syntax.i64Array(fftLength);
    return emit(op, List.of(operand), attrs, new TensorType(result, resultType));
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
    if (broadcastDimensions.length != operand.rank()) {
      throw fail(
          op,
          "broadcast_dimensions "
              + Syntax.show(broadcastDimensions)
              + " needs one entry per operand dimension: "
              + operand.type()
              + " to "
              + result);
    }
    TypeRules.checkAxes(
        op,
        "broadcast_dimensions",
        broadcastDimensions,
        result.rank(),
        operand.type() + " to " + result);
    for (int i = 0; i < broadcastDimensions.length; i++) {
      long size = operand.type().dim(i);
      if (size != 1 && size != resultShape[(int) broadcastDimensions[i]]) {
        throw fail(
            op,
            "operand dimension "
                + i
                + " of size "
                + size
                + " cannot broadcast to result dimension "
                + broadcastDimensions[i]
                + ": "
                + operand.type()
                + " to "
                + result);
      }
    }
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
    List<TensorType> scalars = new ArrayList<>();
    for (Value v : inputs) {
      scalars.add(TensorType.scalar(v.dtype()));
    }
    List<TensorType> argTypes = new ArrayList<>(scalars);
    argTypes.addAll(scalars);
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
    return emitWithRegion(op, operands, argTypes, scalars, body, attrs, resultTypes);
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

  /**
   * Emits an op with one region built by {@code body} from block arguments of {@code argTypes},
   * which must return {@code regionResults}; checked before anything is written.
   */
  private List<Value> emitWithRegion(
      String op,
      List<Value> operands,
      List<TensorType> argTypes,
      List<TensorType> regionResults,
      RegionBody body,
      String attrs,
      List<TensorType> resultTypes) {
    checkOpen(op);
    int id = names.nextValue++;
    FunctionBuilder region = new FunctionBuilder(op, false, true, names, argTypes);
    body.build(region, region.params());
    if (!regionResults.equals(region.resultTypes)) {
      throw fail(
          op,
          "region must return "
              + Syntax.typeTuple(regionResults)
              + ", returned "
              + (region.resultTypes == null ? "nothing" : Syntax.typeTuple(region.resultTypes)));
    }
    String result = resultTypes.size() == 1 ? "%" + id : "%" + id + ":" + resultTypes.size();
    lines.add(result + " = " + quoted(op) + "(" + operandNames(operands) + ") ({");
    lines.add("^bb0(" + blockArgs(region.params) + "):");
    for (String line : region.lines) {
      lines.add("  " + line);
    }
    lines.add("}) {" + attrs + "} : " + signature(operands, resultTypes));
    List<Value> results = new ArrayList<>();
    for (int i = 0; i < resultTypes.size(); i++) {
      String n = resultTypes.size() == 1 ? "%" + id : "%" + id + "#" + i;
      results.add(new Value(n, resultTypes.get(i), this));
    }
    return Collections.unmodifiableList(results);
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
    List<TensorType> resultTypes = reduceResultTypes(inputs, initValues, dimensions);
    List<TensorType> scalars = new ArrayList<>();
    for (Value v : inputs) {
      scalars.add(TensorType.scalar(v.dtype()));
    }
    int id = names.nextValue++;
    List<TensorType> argTypes = new ArrayList<>(scalars);
    argTypes.addAll(scalars);
    FunctionBuilder region = new FunctionBuilder(op, false, true, names, argTypes);
    body.build(region, region.params());
    if (!scalars.equals(region.resultTypes)) {
      throw fail(
          op,
          "body must return "
              + Syntax.typeTuple(scalars)
              + ", returned "
              + (region.resultTypes == null ? "nothing" : Syntax.typeTuple(region.resultTypes)));
    }
    List<Value> operands = new ArrayList<>(inputs);
    operands.addAll(initValues);
    String result = resultTypes.size() == 1 ? "%" + id : "%" + id + ":" + resultTypes.size();
    lines.add(result + " = " + quoted(op) + "(" + operandNames(operands) + ") ({");
    lines.add("^bb0(" + blockArgs(region.params) + "):");
    for (String line : region.lines) {
      lines.add("  " + line);
    }
    lines.add(
        "}) {dimensions = "
            + Syntax.i64Array(dimensions)
            + "} : "
            + signature(operands, resultTypes));
    List<Value> results = new ArrayList<>();
    for (int i = 0; i < resultTypes.size(); i++) {
      String n = resultTypes.size() == 1 ? "%" + id : "%" + id + "#" + i;
      results.add(new Value(n, resultTypes.get(i), this));
    }
    return Collections.unmodifiableList(results);
  }

  private List<TensorType> reduceResultTypes(
      List<Value> inputs, List<Value> initValues, long[] dimensions) {
    String op = "stablehlo.reduce";
    checkOpen(op);
    requireOnePerInput(op, inputs, initValues, "init value");
    TensorType first = inputs.get(0).type();
    long[] shape = TypeRules.reduce(op, "dimensions", first, dimensions);
    List<TensorType> results = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      TensorType in = inputs.get(i).type();
      TensorType init = initValues.get(i).type();
      if (!Arrays.equals(in.shape(), first.shape())) {
        throw fail(op, "input shapes differ: " + first + " vs " + in);
      }
      if (!init.equals(TensorType.scalar(in.dtype()))) {
        throw fail(op, "init value " + init + " must be a scalar of input " + in);
      }
      results.add(new TensorType(shape, in.dtype()));
    }
    return results;
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
    requireOnePerInput(op, inputs, initValues, "init value");
    TensorType first = inputs.get(0).type();
    List<TensorType> scalars = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      TensorType in = inputs.get(i).type();
      if (!Arrays.equals(in.shape(), first.shape())) {
        throw fail(op, "input shapes differ: " + first + " vs " + in);
      }
      if (!initValues.get(i).type().equals(TensorType.scalar(in.dtype()))) {
        throw fail(
            op, "init value " + initValues.get(i).type() + " must be a scalar of input " + in);
      }
      scalars.add(TensorType.scalar(in.dtype()));
    }
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
    List<TensorType> resultTypes = new ArrayList<>();
    for (TensorType s : scalars) {
      resultTypes.add(new TensorType(shape, s.dtype()));
    }
    List<TensorType> argTypes = new ArrayList<>(scalars);
    argTypes.addAll(scalars);
    int id = names.nextValue++;
    List<String> region = region(op, argTypes, scalars, body);
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
    return emitWithRegions(op, id, operands, List.of(region), attrs, resultTypes);
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
   * Builds a region of {@code op} with block arguments {@code argTypes} that must return {@code
   * resultTypes}; returns its lines (block header and ops).
   */
  private List<String> region(
      String op, List<TensorType> argTypes, List<TensorType> resultTypes, RegionBody body) {
    FunctionBuilder region = new FunctionBuilder(op, false, true, names, argTypes);
    body.build(region, region.params());
    if (!resultTypes.equals(region.resultTypes)) {
      throw fail(
          op,
          "body must return "
              + Syntax.typeTuple(resultTypes)
              + ", returned "
              + (region.resultTypes == null ? "nothing" : Syntax.typeTuple(region.resultTypes)));
    }
    List<String> out = new ArrayList<>();
    out.add("^bb0(" + blockArgs(region.params) + "):");
    for (String line : region.lines) {
      out.add("  " + line);
    }
    return out;
  }

  /** Writes an op with regions, its result named {@code %id} (or {@code %id:n}). */
  private List<Value> emitWithRegions(
      String op,
      int id,
      List<Value> operands,
      List<List<String>> regions,
      String attrs,
      List<TensorType> resultTypes) {
    String result = resultTypes.size() == 1 ? "%" + id : "%" + id + ":" + resultTypes.size();
    lines.add(result + " = " + quoted(op) + "(" + operandNames(operands) + ") ({");
    for (int i = 0; i < regions.size(); i++) {
      if (i > 0) {
        lines.add("}, {");
      }
      lines.addAll(regions.get(i));
    }
    lines.add("}) {" + attrs + "} : " + signature(operands, resultTypes));
    List<Value> results = new ArrayList<>();
    for (int i = 0; i < resultTypes.size(); i++) {
      String n = resultTypes.size() == 1 ? "%" + id : "%" + id + "#" + i;
      results.add(new Value(n, resultTypes.get(i), this));
    }
    return Collections.unmodifiableList(results);
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

  // ---------------------------------------------------------------------------------------------
  // Text

  /** The function's text, indented to sit inside a module. */
  String toText() {
    if (resultTypes == null) {
      throw new IllegalStateException("function @" + name + " has no returns(...)");
    }
    StringBuilder sb = new StringBuilder();
    sb.append("  func.func ")
        .append(isPublic ? "public" : "private")
        .append(" @")
        .append(name)
        .append('(')
        .append(blockArgs(params))
        .append(") -> ")
        .append(Syntax.typeTuple(resultTypes))
        .append(" {\n");
    for (String line : lines) {
      sb.append("    ").append(line).append('\n');
    }
    return sb.append("  }\n").toString();
  }

  private Value emit(String op, List<Value> operands, String attrs, TensorType result) {
    checkOpen(op);
    String n = "%" + names.nextValue++;
    String attrText = attrs.isEmpty() ? "" : " {" + attrs + "}";
    lines.add(
        n
            + " = "
            + quoted(op)
            + "("
            + operandNames(operands)
            + ")"
            + attrText
            + " : "
            + signature(operands, List.of(result)));
    return new Value(n, result, this);
  }

  private static String signature(List<Value> operands, List<TensorType> results) {
    return Syntax.typeTuple(operands.stream().map(Value::type).toList())
        + " -> "
        + Syntax.resultTypes(results);
  }

  private static List<TensorType> types(List<Value> values) {
    return values.stream().map(Value::type).toList();
  }

  private static String quoted(String op) {
    return "\"" + op + "\"";
  }

  private static String operandNames(List<Value> operands) {
    return String.join(", ", operands.stream().map(Value::name).toList());
  }

  private static String blockArgs(List<Value> args) {
    return String.join(", ", args.stream().map(Value::toString).toList());
  }

  /** Checks that the builder is still open and that {@code operands} are its own values. */
  private void use(String op, List<Value> operands) {
    checkOpen(op);
    for (Value v : operands) {
      Objects.requireNonNull(v, op + ": null operand");
      if (v.owner() != this && !encloses(v.owner())) {
        throw fail(
            op,
            "operand "
                + v.name()
                + " of type "
                + v.type()
                + " belongs to "
                + describe(v.owner())
                + ", not to "
                + describe(this));
      }
    }
  }

  /** Ops pairing each input with another operand (init value, update) need equal counts. */
  private static void requireOnePerInput(
      String op, List<Value> inputs, List<Value> partners, String partner) {
    if (inputs.isEmpty() || inputs.size() != partners.size()) {
      throw fail(
          op,
          "needs one "
              + partner
              + " per input, got inputs "
              + inputs.stream().map(v -> v.type().toString()).toList()
              + " and "
              + partner
              + "s "
              + partners.stream().map(v -> v.type().toString()).toList());
    }
  }

  private boolean encloses(FunctionBuilder b) {
    for (FunctionBuilder e = enclosing; e != null; e = e.enclosing) {
      if (e == b) {
        return true;
      }
    }
    return false;
  }

  private void checkOpen(String op) {
    if (resultTypes != null) {
      throw new IllegalStateException(op + ": " + describe(this) + " has already returned");
    }
  }

  private static String describe(FunctionBuilder b) {
    return b.isRegion ? "a region of " + b.name : "function @" + b.name;
  }

  private static long[] concat(long[] a, long[] b) {
    long[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static IllegalArgumentException fail(String op, String message) {
    return new IllegalArgumentException(op + ": " + message);
  }
}
