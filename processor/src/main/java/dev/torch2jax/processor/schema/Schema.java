package dev.torch2jax.processor.schema;

import java.util.List;

/**
 * A parsed ATen operator schema, e.g. {@code aten::add.Tensor(Tensor self, Tensor other, *, Scalar
 * alpha=1) -> Tensor}.
 *
 * @param name the qualified operator name, e.g. {@code aten::add}
 * @param overload the overload name, empty for the default overload
 * @param arguments the arguments in schema order
 * @param returns the returns; empty for {@code ()}
 * @param varargs whether the arguments end with {@code ...}
 * @param varret whether the returns are {@code ...}
 * @param text the schema as written
 */
public record Schema(
    String name,
    String overload,
    List<Argument> arguments,
    List<Return> returns,
    boolean varargs,
    boolean varret,
    String text) {

  /**
   * One argument.
   *
   * @param name its name
   * @param type its type, without alias annotation
   * @param alias the alias annotation ({@code a!}, {@code a -> *}), or null
   * @param defaultValue the default value, or null when there is none
   * @param kwargOnly whether it follows the {@code *} marker
   */
  public record Argument(
      String name, SchemaType type, String alias, DefaultValue defaultValue, boolean kwargOnly) {
    /** The argument as the schema writes it, without alias annotation or default. */
    @Override
    public String toString() {
      return type + " " + name;
    }
  }

  /**
   * One return.
   *
   * @param type its type, without alias annotation
   * @param name its name, or null
   */
  public record Return(SchemaType type, String name) {}

  /**
   * The overload name as the dispatch table keys it: {@code aten::add.Tensor}, {@code aten::relu}.
   */
  public String fullName() {
    return overload.isEmpty() ? name : name + "." + overload;
  }

  /** The number of leading arguments that have no default after them (the required prefix). */
  public int requiredCount() {
    int required = 0;
    for (int i = 0; i < arguments.size(); i++) {
      if (arguments.get(i).defaultValue() == null) {
        required = i + 1;
      }
    }
    return required;
  }

  @Override
  public String toString() {
    return text;
  }
}
