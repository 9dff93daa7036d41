package dev.torch2jax.hlo;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds a StableHLO module: {@code module @name { func.func ... }}, in the generic op form that
 * PJRT plugins parse (compile format {@code "mlir"}).
 *
 * <pre>{@code
 * ModuleBuilder m = ModuleBuilder.create("jit_add");
 * TensorType t = TensorType.of(DType.F32, 2, 3);
 * FunctionBuilder f = m.function("main", List.of(t, t));
 * f.returns(f.add(f.params().get(0), f.params().get(1)));
 * String text = m.toText();
 * }</pre>
 */
public final class ModuleBuilder {
  private final String name;
  private final List<FunctionBuilder> functions = new ArrayList<>();

  private ModuleBuilder(String name) {
    this.name = name;
  }

  /** An empty module named {@code moduleName} (an MLIR bare identifier such as {@code jit_f}). */
  public static ModuleBuilder create(String moduleName) {
    checkIdentifier("module", moduleName);
    return new ModuleBuilder(moduleName);
  }

  /**
   * Adds a function with parameters of {@code params}; {@code main}, the entry point PJRT runs, is
   * public, other functions are private. Names must be distinct identifiers.
   */
  public FunctionBuilder function(String name, List<TensorType> params) {
    checkIdentifier("function", name);
    for (FunctionBuilder f : functions) {
      if (f.name().equals(name)) {
        throw new IllegalArgumentException("module @" + this.name + " already has @" + name);
      }
    }
    FunctionBuilder f = new FunctionBuilder(name, name.equals("main"), List.copyOf(params));
    functions.add(f);
    return f;
  }

  /**
   * The module's text.
   *
   * @throws IllegalStateException if a function has not called {@code returns(...)}
   */
  public String toText() {
    StringBuilder sb = new StringBuilder("module @").append(name).append(" {\n");
    for (FunctionBuilder f : functions) {
      sb.append(f.toText());
    }
    return sb.append("}\n").toString();
  }

  private static void checkIdentifier(String what, String name) {
    if (!Syntax.isBareIdentifier(name)) {
      throw new IllegalArgumentException(
          what + " name '" + name + "' is not an MLIR identifier ([A-Za-z_][A-Za-z0-9_$.]*)");
    }
  }
}
