package dev.torch2jax.export;

import dev.torch2jax.DType;

/**
 * The export schema's enum numbering (not c10's): {@code ScalarType} FLOAT=7, LONG=5, BOOL=12, ...;
 * {@code Layout} Strided=7; {@code MemoryFormat} ContiguousFormat=1, ...
 */
final class ExportEnums {
  private ExportEnums() {}

  /**
   * The dtype of export {@code ScalarType} {@code code}.
   *
   * @throws IllegalArgumentException for codes torch2jax has no dtype for (complex32, float8, ...)
   */
  static DType dtype(long code) {
    return switch ((int) code) {
      case 1 -> DType.U8;
      case 2 -> DType.I8;
      case 3 -> DType.I16;
      case 4 -> DType.I32;
      case 5 -> DType.I64;
      case 6 -> DType.F16;
      case 7 -> DType.F32;
      case 8 -> DType.F64;
      case 10 -> DType.C64;
      case 11 -> DType.C128;
      case 12 -> DType.BOOL;
      case 13 -> DType.BF16;
      case 28 -> DType.U16;
      default ->
          throw new IllegalArgumentException(
              "export ScalarType %d (complex32, float8 or unknown) has no torch2jax dtype"
                  .formatted(code));
    };
  }

  /**
   * The layout argument as the ATen ops take it: {@code "strided"} for Strided (7).
   *
   * @throws IllegalArgumentException for sparse and mkldnn layouts
   */
  static String layout(long code) {
    if (code == 7) {
      return "strided";
    }
    throw new IllegalArgumentException(
        "export Layout %d is sparse or mkldnn; only torch.strided is supported".formatted(code));
  }

  /**
   * The memory format argument as the ATen ops take it. XLA arrays have no strides, so
   * channels-last formats read as {@code contiguous_format}: the values are the same.
   */
  static String memoryFormat(long code) {
    return switch ((int) code) {
      case 1, 2, 3 -> "contiguous_format";
      case 4 -> "preserve_format";
      default ->
          throw new IllegalArgumentException("unknown export MemoryFormat %d".formatted(code));
    };
  }
}
