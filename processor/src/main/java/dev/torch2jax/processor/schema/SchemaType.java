package dev.torch2jax.processor.schema;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A type in an ATen schema, without its alias annotation: {@code Tensor}, {@code int[2]}, {@code
 * Tensor?}, {@code (Tensor, Tensor)}, {@code Dict(str, t)}.
 */
public sealed interface SchemaType {

  /** A named type: {@code Tensor}, {@code int}, {@code SymInt}, {@code Scalar}, {@code t}, ... */
  record Named(String name) implements SchemaType {
    @Override
    public String toString() {
      return name;
    }
  }

  /** {@code T?}. */
  record Optional(SchemaType element) implements SchemaType {
    @Override
    public String toString() {
      return element + "?";
    }
  }

  /** {@code T[]} or {@code T[N]}; {@code size} is -1 when the schema gives none. */
  record ListOf(SchemaType element, int size) implements SchemaType {
    @Override
    public String toString() {
      return element + (size < 0 ? "[]" : "[" + size + "]");
    }
  }

  /** {@code (T1, T2 name, ...)}; {@code names} holds null for unnamed elements. */
  record Tuple(List<SchemaType> elements, List<String> names) implements SchemaType {
    @Override
    public String toString() {
      return elements.stream().map(Object::toString).collect(Collectors.joining(", ", "(", ")"));
    }
  }

  /** {@code Dict(K, V)}. */
  record Dict(SchemaType key, SchemaType value) implements SchemaType {
    @Override
    public String toString() {
      return "Dict(" + key + ", " + value + ")";
    }
  }

  /** True for {@code Tensor}, whatever its alias annotation. */
  default boolean isTensor() {
    return this instanceof Named n && n.name().equals("Tensor");
  }
}
