package dev.torch2jax.core;

import dev.torch2jax.DType;
import dev.torch2jax.DType.Kind;

/**
 * PyTorch's type promotion: {@code torch.promote_types} on two dtypes, and {@code
 * torch.result_type} over operands of three priorities (tensors with dimensions, 0-d tensors, and
 * Java numbers, which play Python scalars).
 */
public final class Promotion {
  /** PyTorch's default floating dtype, which integer true division and {@code exp(int)} give. */
  public static final DType DEFAULT_FLOAT = DType.F32;

  private Promotion() {}

  /** {@code torch.promote_types(a, b)}. */
  public static DType promoteTypes(DType a, DType b) {
    if (a == b) {
      return a;
    }
    if (a == DType.BOOL) {
      return b;
    }
    if (b == DType.BOOL) {
      return a;
    }
    if (a.isComplex() || b.isComplex()) {
      // Complex wins, with parts as wide as the widest floating-point operand.
      return promoteTypes(a.realType(), b.realType()).complexType();
    }
    if (a.isFloatingPoint() || b.isFloatingPoint()) {
      if (!a.isFloatingPoint()) {
        return b;
      }
      if (!b.isFloatingPoint()) {
        return a;
      }
      if (a.byteSize() == 2 && b.byteSize() == 2) {
        return DType.F32; // float16 with bfloat16
      }
      return a.byteSize() >= b.byteSize() ? a : b;
    }
    if (a.kind() == b.kind()) {
      return a.byteSize() >= b.byteSize() ? a : b;
    }
    DType unsigned = a.kind() == Kind.UNSIGNED ? a : b;
    DType signed = unsigned == a ? b : a;
    if (unsigned != DType.U8) {
      throw new IllegalArgumentException(
          "PyTorch does not promote "
              + unsigned.torchName()
              + " with "
              + signed.torchName()
              + "; convert one of them first");
    }
    return signed == DType.I8 ? DType.I16 : signed;
  }

  /** Accumulates operands, then answers {@link #result()} as {@code torch.result_type} does. */
  public static final class ResultType {
    private DType dimensioned;
    private DType zeroDim;
    private DType scalar;

    /** Adds a tensor operand of {@code dtype} and {@code rank}. */
    public ResultType tensor(DType dtype, int rank) {
      if (rank > 0) {
        dimensioned = promote(dimensioned, dtype);
      } else {
        zeroDim = promote(zeroDim, dtype);
      }
      return this;
    }

    /** Adds a Java number: Double and Float count as Python floats, Boolean as bool, else int. */
    public ResultType scalar(Object value) {
      DType t =
          switch (value) {
            case Boolean b -> DType.BOOL;
            case Double d -> DEFAULT_FLOAT;
            case Float f -> DEFAULT_FLOAT;
            case Number n -> DType.I64;
            default ->
                throw new IllegalArgumentException(
                    "expected a number or boolean, got " + value.getClass().getName());
          };
      scalar = promote(scalar, t);
      return this;
    }

    /** The promoted dtype; throws when nothing was added. */
    public DType result() {
      DType r = combine(dimensioned, combine(zeroDim, scalar));
      if (r == null) {
        throw new IllegalStateException("no operands");
      }
      return r;
    }

    private static DType promote(DType acc, DType t) {
      return acc == null ? t : promoteTypes(acc, t);
    }

    /**
     * A lower-priority group only wins when it is of a higher category (PyTorch's rule: bool, then
     * integers, then floating point, then complex).
     */
    private static DType combine(DType higher, DType lower) {
      if (higher == null) {
        return lower;
      }
      if (lower == null || category(lower) <= category(higher)) {
        return higher;
      }
      if (lower.isComplex()) {
        // A complex lower group keeps a floating-point higher group's precision.
        return higher.isFloatingPoint() ? higher.complexType() : lower;
      }
      return promoteTypes(higher, lower);
    }

    private static int category(DType t) {
      return switch (t.kind()) {
        case BOOL -> 0;
        case SIGNED, UNSIGNED -> 1;
        case FLOAT -> 2;
        case COMPLEX -> 3;
      };
    }
  }
}
