package dev.torch2jax.hlo;

/**
 * The elementwise unary ops of StableHLO on real numbers ({@code negate} takes complex numbers too;
 * the CHLO ops such as {@code erf} or {@code asin} are not StableHLO and are not here).
 */
public enum UnaryOp {
  /** {@code |x|}. */
  ABS("abs", ElementClass.SIGNED_OR_FLOAT),
  /** Cube root. */
  CBRT("cbrt", ElementClass.FLOAT),
  /** Round toward positive infinity. */
  CEIL("ceil", ElementClass.FLOAT),
  /** Number of leading zero bits. */
  COUNT_LEADING_ZEROS("count_leading_zeros", ElementClass.INTEGER),
  /** Cosine. */
  COSINE("cosine", ElementClass.FLOAT),
  /** {@code e^x}. */
  EXPONENTIAL("exponential", ElementClass.FLOAT),
  /** {@code e^x - 1}. */
  EXPONENTIAL_MINUS_ONE("exponential_minus_one", ElementClass.FLOAT),
  /** Round toward negative infinity. */
  FLOOR("floor", ElementClass.FLOAT),
  /** True where the value is neither infinite nor NaN; the result is {@code i1}. */
  IS_FINITE("is_finite", ElementClass.FLOAT),
  /** Natural logarithm. */
  LOG("log", ElementClass.FLOAT),
  /** {@code log(1 + x)}. */
  LOG_PLUS_ONE("log_plus_one", ElementClass.FLOAT),
  /** {@code 1 / (1 + e^-x)}. */
  LOGISTIC("logistic", ElementClass.FLOAT),
  /** {@code -x}. */
  NEGATE("negate", ElementClass.NUMBER),
  /** Logical not of bools, bitwise not of integers. */
  NOT("not", ElementClass.BOOL_OR_INTEGER),
  /** Number of set bits. */
  POPCNT("popcnt", ElementClass.INTEGER),
  /** Round to nearest, ties away from zero. */
  ROUND_NEAREST_AFZ("round_nearest_afz", ElementClass.FLOAT),
  /** Round to nearest, ties to even. */
  ROUND_NEAREST_EVEN("round_nearest_even", ElementClass.FLOAT),
  /** {@code 1 / sqrt(x)}. */
  RSQRT("rsqrt", ElementClass.FLOAT),
  /** -1, 0 or 1 by sign (NaN stays NaN, -0.0 stays -0.0). */
  SIGN("sign", ElementClass.SIGNED_OR_FLOAT),
  /** Sine. */
  SINE("sine", ElementClass.FLOAT),
  /** Square root. */
  SQRT("sqrt", ElementClass.FLOAT),
  /** Tangent. */
  TAN("tan", ElementClass.FLOAT),
  /** Hyperbolic tangent. */
  TANH("tanh", ElementClass.FLOAT);

  private final String opName;
  private final ElementClass operands;

  UnaryOp(String name, ElementClass operands) {
    this.opName = "stablehlo." + name;
    this.operands = operands;
  }

  /** The op's name in the text, e.g. {@code stablehlo.sqrt}. */
  public String opName() {
    return opName;
  }

  ElementClass operands() {
    return operands;
  }
}
