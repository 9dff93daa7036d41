package dev.torch2jax.export;

import java.util.ArrayList;
import java.util.List;

/**
 * One ATen schema as libtorch prints it ({@code aten::add.Tensor(Tensor self, Tensor other, *,
 * Scalar alpha=1) -> Tensor}): what the graph runner needs to place named arguments and fill the
 * ones an archive leaves at their defaults.
 *
 * @param text the schema as printed
 * @param parameters its arguments in order
 */
record OpSchema(String text, List<Parameter> parameters) {

  /** Marks a parameter without a default. */
  static final Object REQUIRED = new Object();

  /**
   * One argument.
   *
   * @param type the type without alias annotations ({@code Tensor}, {@code int[2]})
   * @param name its name
   * @param defaultValue its default as an op argument value, or {@link #REQUIRED}
   * @param mutable whether it is written in place ({@code Tensor(a!)})
   */
  record Parameter(String type, String name, Object defaultValue, boolean mutable) {}

  /** The index of the parameter named {@code name}, or -1. */
  int indexOf(String name) {
    for (int i = 0; i < parameters.size(); i++) {
      if (parameters.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Reads a schema line. */
  static OpSchema parse(String text) {
    List<Parameter> params = new ArrayList<>();
    for (String part : SchemaSyntax.splitTopLevel(SchemaSyntax.argumentList(text))) {
      String p = part.strip();
      if (p.isEmpty() || p.equals("*") || p.equals("...")) {
        continue;
      }
      int eq = SchemaSyntax.topLevelIndex(p, '=');
      String decl = (eq < 0 ? p : p.substring(0, eq)).strip();
      int space = decl.lastIndexOf(' ');
      String annotated = decl.substring(0, space).strip();
      String type = annotated.replaceAll("\\([^)]*\\)", "");
      Object dflt = eq < 0 ? REQUIRED : DefaultValues.parse(p.substring(eq + 1).strip(), type);
      params.add(new Parameter(type, decl.substring(space + 1), dflt, annotated.contains("!")));
    }
    return new OpSchema(text, List.copyOf(params));
  }
}
