package dev.torch2jax.hlo;

import dev.torch2jax.DType;
import java.util.function.Predicate;

/** The element types an op accepts, with the words its error messages use. */
enum ElementClass {
  ANY("any", t -> true),
  INTEGER_OR_FLOAT("integer or floating-point", t -> t.isInteger() || t.isFloatingPoint()),
  NUMBER("integer, floating-point or complex", t -> t.isInteger() || t.isInexact()),
  SIGNED_OR_FLOAT(
      "signed integer or floating-point",
      t -> t.kind() == DType.Kind.SIGNED || t.isFloatingPoint()),
  FLOAT("floating-point", DType::isFloatingPoint),
  COMPLEX("complex", DType::isComplex),
  INTEGER("integer", DType::isInteger),
  BOOL_OR_INTEGER("bool or integer", t -> t == DType.BOOL || t.isInteger());

  private final String description;
  private final Predicate<DType> accepts;

  ElementClass(String description, Predicate<DType> accepts) {
    this.description = description;
    this.accepts = accepts;
  }

  boolean accepts(DType t) {
    return accepts.test(t);
  }

  String description() {
    return description;
  }
}
