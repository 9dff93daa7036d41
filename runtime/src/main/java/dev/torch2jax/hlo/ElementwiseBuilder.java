package dev.torch2jax.hlo;

import dev.torch2jax.DType;
import java.util.Arrays;
import java.util.List;

/**
 * The elementwise ops of a {@link FunctionBuilder}: constants and iota, unary and binary
 * arithmetic, comparison, select, clamp, conversions, complex numbers and the FFT.
 */
abstract sealed class ElementwiseBuilder extends OpWriter permits ShapeBuilder {

  ElementwiseBuilder(
      String name, boolean isPublic, boolean isRegion, Names names, List<TensorType> argTypes) {
    super(name, isPublic, isRegion, names, argTypes);
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
    TensorType result = TypeRules.fft(op, operand.type(), type, fftLength);
    String attrs =
        "fft_type = #stablehlo<fft_type "
            + type.name()
            + ">, fft_length = "
            + Syntax.i64Array(fftLength);
    return emit(op, List.of(operand), attrs, result);
  }
}
