package dev.torch2jax;

/**
 * Element types shared by PyTorch and XLA.
 *
 * <p>Each constant knows its PyTorch name (as {@code torch.float32} prints it, without the {@code
 * torch.} prefix), its StableHLO element type, its PJRT buffer type code and its size in bytes. A
 * complex element is a pair of floats (real part first); its size counts both.
 */
public enum DType {
  BOOL("bool", "i1", 1, 1, Kind.BOOL),
  I8("int8", "i8", 2, 1, Kind.SIGNED),
  I16("int16", "i16", 3, 2, Kind.SIGNED),
  I32("int32", "i32", 4, 4, Kind.SIGNED),
  I64("int64", "i64", 5, 8, Kind.SIGNED),
  U8("uint8", "ui8", 6, 1, Kind.UNSIGNED),
  U16("uint16", "ui16", 7, 2, Kind.UNSIGNED),
  U32("uint32", "ui32", 8, 4, Kind.UNSIGNED),
  U64("uint64", "ui64", 9, 8, Kind.UNSIGNED),
  F16("float16", "f16", 10, 2, Kind.FLOAT),
  BF16("bfloat16", "bf16", 13, 2, Kind.FLOAT),
  F32("float32", "f32", 11, 4, Kind.FLOAT),
  F64("float64", "f64", 12, 8, Kind.FLOAT),
  C64("complex64", "complex<f32>", 14, 8, Kind.COMPLEX),
  C128("complex128", "complex<f64>", 15, 16, Kind.COMPLEX);

  /** The families PyTorch's type promotion distinguishes. */
  public enum Kind {
    BOOL,
    UNSIGNED,
    SIGNED,
    FLOAT,
    COMPLEX
  }

  private final String torchName;
  private final String xlaName;
  private final int pjrtCode;
  private final int byteSize;
  private final Kind kind;

  DType(String torchName, String xlaName, int pjrtCode, int byteSize, Kind kind) {
    this.torchName = torchName;
    this.xlaName = xlaName;
    this.pjrtCode = pjrtCode;
    this.byteSize = byteSize;
    this.kind = kind;
  }

  /** PyTorch's name, e.g. {@code "float32"} for {@code torch.float32}. */
  public String torchName() {
    return torchName;
  }

  /** StableHLO's element type, e.g. {@code "f32"}, {@code "i1"}, {@code "ui8"}. */
  public String xlaName() {
    return xlaName;
  }

  /** The {@code PJRT_Buffer_Type} enum value of the PJRT C API. */
  public int pjrtCode() {
    return pjrtCode;
  }

  /** Size of one element in bytes. */
  public int byteSize() {
    return byteSize;
  }

  /** The promotion family: bool, unsigned, signed integer, floating point or complex. */
  public Kind kind() {
    return kind;
  }

  /**
   * True for the real floating-point types (not complex, as PyTorch's {@code is_floating_point}).
   */
  public boolean isFloatingPoint() {
    return kind == Kind.FLOAT;
  }

  /** True for the complex types. */
  public boolean isComplex() {
    return kind == Kind.COMPLEX;
  }

  /**
   * True for floating-point and complex types: the ones that are differentiated (JAX's {@code
   * inexact}).
   */
  public boolean isInexact() {
    return kind == Kind.FLOAT || kind == Kind.COMPLEX;
  }

  /** The type of a complex type's real and imaginary parts (float32 for complex64); else itself. */
  public DType realType() {
    return switch (this) {
      case C64 -> F32;
      case C128 -> F64;
      default -> this;
    };
  }

  /**
   * The complex type whose parts are of this type: complex64 for float32, complex128 for float64; a
   * complex type is its own.
   *
   * @throws IllegalArgumentException for the other types (XLA has no complex of half precision)
   */
  public DType complexType() {
    return switch (this) {
      case F32, C64 -> C64;
      case F64, C128 -> C128;
      default ->
          throw new IllegalArgumentException(
              "no complex type has " + torchName + " parts; convert to float32 or float64 first");
    };
  }

  /** True for signed and unsigned integer types (not bool). */
  public boolean isInteger() {
    return kind == Kind.SIGNED || kind == Kind.UNSIGNED;
  }

  /** The constant whose PJRT buffer type code is {@code code}. */
  public static DType fromPjrtCode(int code) {
    for (DType t : values()) {
      if (t.pjrtCode == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("PJRT buffer type " + code + " has no torch2jax DType");
  }

  /**
   * The constant PyTorch calls {@code name} (e.g. {@code "float32"}, also accepts "torch.float32").
   */
  public static DType fromTorchName(String name) {
    String bare = name.startsWith("torch.") ? name.substring("torch.".length()) : name;
    for (DType t : values()) {
      if (t.torchName.equals(bare)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown PyTorch dtype '" + name + "'");
  }
}
