package dev.torch2jax.torch;

import dev.torch2jax.DType;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Maps libtorch's {@code ScalarType} to {@link DType} and back. JavaCPP hands back enum instances
 * that are not the canonical constants (their ordinal is 0), so they are compared by their native
 * {@code value}, never with {@code ==} or {@code switch}.
 */
public final class ScalarTypes {
  private static final ScalarType[] TORCH = {
    ScalarType.Bool,
    ScalarType.Byte,
    ScalarType.Char,
    ScalarType.Short,
    ScalarType.Int,
    ScalarType.Long,
    ScalarType.UInt16,
    ScalarType.UInt32,
    ScalarType.UInt64,
    ScalarType.Half,
    ScalarType.BFloat16,
    ScalarType.Float,
    ScalarType.Double,
    ScalarType.ComplexFloat,
    ScalarType.ComplexDouble
  };
  private static final DType[] OURS = {
    DType.BOOL,
    DType.U8,
    DType.I8,
    DType.I16,
    DType.I32,
    DType.I64,
    DType.U16,
    DType.U32,
    DType.U64,
    DType.F16,
    DType.BF16,
    DType.F32,
    DType.F64,
    DType.C64,
    DType.C128
  };

  private ScalarTypes() {}

  /**
   * The DType of a libtorch scalar type.
   *
   * @throws IllegalArgumentException for types XLA lacks (complex32, quantized, float8, ...)
   */
  public static DType toDType(ScalarType type) {
    DType t = toDTypeOrNull(type.value);
    if (t == null) {
      throw new IllegalArgumentException(
          "libtorch dtype "
              + name(type.value)
              + " has no XLA counterpart; convert the tensor to one of "
              + java.util.Arrays.toString(OURS)
              + " first");
    }
    return t;
  }

  /** The DType of a libtorch scalar type code, or null. */
  static DType toDTypeOrNull(int code) {
    for (int i = 0; i < TORCH.length; i++) {
      if (TORCH[i].value == code) {
        return OURS[i];
      }
    }
    return null;
  }

  /** The libtorch scalar type of {@code dtype}. */
  public static ScalarType toScalarType(DType dtype) {
    for (int i = 0; i < OURS.length; i++) {
      if (OURS[i] == dtype) {
        return TORCH[i];
      }
    }
    throw new IllegalArgumentException("no libtorch scalar type for " + dtype);
  }

  private static String name(int code) {
    for (ScalarType s : ScalarType.values()) {
      if (s.value == code) {
        return s.name();
      }
    }
    return "code " + code;
  }
}
