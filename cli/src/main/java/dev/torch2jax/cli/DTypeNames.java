package dev.torch2jax.cli;

import dev.torch2jax.DType;
import java.util.LinkedHashMap;
import java.util.Map;

/** The dtype names an {@code --input} may carry ({@code f32}, {@code int64}, {@code bool}, ...). */
final class DTypeNames {
  private static final Map<String, DType> NAMES = new LinkedHashMap<>();

  static {
    for (DType t : DType.values()) {
      if (!t.isComplex()) {
        NAMES.put(t.name().toLowerCase(java.util.Locale.ROOT), t); // f32, i64, bf16, u8, bool
        NAMES.put(t.torchName(), t); // float32, int64, bfloat16, uint8, bool
      }
    }
    NAMES.put("float", DType.F32);
    NAMES.put("double", DType.F64);
    NAMES.put("half", DType.F16);
    NAMES.put("long", DType.I64);
    NAMES.put("int", DType.I32);
  }

  private DTypeNames() {}

  /**
   * The dtype called {@code name}.
   *
   * @throws IllegalArgumentException naming the accepted names
   */
  static DType parse(String name) {
    DType t = NAMES.get(name.toLowerCase(java.util.Locale.ROOT));
    if (t == null) {
      throw new IllegalArgumentException(
          "unknown dtype '%s'; use one of %s".formatted(name, String.join(", ", NAMES.keySet())));
    }
    return t;
  }
}
