package dev.torch2jax.hlo;

/** The elementwise binary ops of StableHLO; both operands and the result have one type. */
public enum BinaryOp {
  /** Sum (logical or on bools). */
  ADD("add", ElementClass.ANY),
  /** Difference. */
  SUBTRACT("subtract", ElementClass.NUMBER),
  /** Product (logical and on bools). */
  MULTIPLY("multiply", ElementClass.ANY),
  /** Quotient; integer division truncates toward zero. */
  DIVIDE("divide", ElementClass.NUMBER),
  /** Remainder with the sign of the dividend (C's {@code fmod}). */
  REMAINDER("remainder", ElementClass.INTEGER_OR_FLOAT),
  /** Larger of the two (NaN propagates). */
  MAXIMUM("maximum", ElementClass.ANY),
  /** Smaller of the two (NaN propagates). */
  MINIMUM("minimum", ElementClass.ANY),
  /** {@code lhs ^ rhs}. */
  POWER("power", ElementClass.NUMBER),
  /** {@code atan(lhs / rhs)} in the right quadrant. */
  ATAN2("atan2", ElementClass.FLOAT),
  /** Logical or bitwise and. */
  AND("and", ElementClass.BOOL_OR_INTEGER),
  /** Logical or bitwise or. */
  OR("or", ElementClass.BOOL_OR_INTEGER),
  /** Logical or bitwise exclusive or. */
  XOR("xor", ElementClass.BOOL_OR_INTEGER),
  /** Left shift. */
  SHIFT_LEFT("shift_left", ElementClass.INTEGER),
  /** Right shift copying the sign bit. */
  SHIFT_RIGHT_ARITHMETIC("shift_right_arithmetic", ElementClass.INTEGER),
  /** Right shift filling with zeros. */
  SHIFT_RIGHT_LOGICAL("shift_right_logical", ElementClass.INTEGER);

  private final String opName;
  private final ElementClass operands;

  BinaryOp(String name, ElementClass operands) {
    this.opName = "stablehlo." + name;
    this.operands = operands;
  }

  /** The op's name in the text, e.g. {@code stablehlo.add}. */
  public String opName() {
    return opName;
  }

  ElementClass operands() {
    return operands;
  }
}
