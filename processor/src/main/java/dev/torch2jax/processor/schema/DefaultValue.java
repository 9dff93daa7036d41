package dev.torch2jax.processor.schema;

import java.util.List;

/** A default value in an ATen schema: {@code None}, {@code True}, {@code 1}, {@code 1e-05}, ... */
public sealed interface DefaultValue {

  /** {@code None}. */
  record None() implements DefaultValue {}

  /** {@code True} or {@code False}. */
  record Bool(boolean value) implements DefaultValue {}

  /** An integer literal. */
  record Int(long value) implements DefaultValue {}

  /** A floating-point literal (also {@code inf}, {@code -inf}, {@code nan}). */
  record Float(double value) implements DefaultValue {}

  /** A string literal, unescaped. */
  record Str(String value) implements DefaultValue {}

  /** A list literal, e.g. {@code [1, 1]} or {@code []}. */
  record ListOf(List<DefaultValue> elements) implements DefaultValue {}

  /** A bare identifier libtorch prints for enum values, e.g. {@code contiguous_format}. */
  record Ident(String name) implements DefaultValue {}
}
