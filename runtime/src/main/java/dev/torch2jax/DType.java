package dev.torch2jax;

/**
 * Element types shared by PyTorch and XLA.
 *
 * <p>Each constant knows its PyTorch name (as {@code torch.float32} prints it, without the {@code
 * torch.} prefix), its StableHLO element type, its PJRT buffer type code and its size in bytes.
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
  F64("float64", "f64", 12, 8, Kind.FLOAT);

  /** The families PyTorch's type promotion distinguishes. */
  public enum Kind {
    BOOL,
    UNSIGNED,
    SIGNED,
    FLOAT
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

  /** The promotion family: bool, unsigned, signed integer or floating point. */
  public Kind kind() {
    return kind;
  }

  /** True for the floating-point types. */
  public boolean isFloatingPoint() {
    return kind == Kind.FLOAT;
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
