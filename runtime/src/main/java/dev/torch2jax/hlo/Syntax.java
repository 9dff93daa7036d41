package dev.torch2jax.hlo;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/** Small pieces of MLIR syntax shared by the builders. */
final class Syntax {
  private Syntax() {}

  /** A dense i64 array attribute: {@code array<i64: 1, 0>}, or {@code array<i64>} when empty. */
  static String i64Array(long[] values) {
    return values.length == 0 ? "array<i64>" : "array<i64: " + commaList(values) + ">";
  }

  /** {@code 1, 0} for {@code [1, 0]}. */
  static String commaList(long[] values) {
    return LongStream.of(values).mapToObj(Long::toString).collect(Collectors.joining(", "));
  }

  /** {@code [1, 0]}, as Java messages show arrays. */
  static String show(long[] values) {
    return Arrays.toString(values);
  }

  /** {@code (tensor<2xf32>, tensor<i32>)}. */
  static String typeTuple(List<TensorType> types) {
    return types.stream().map(TensorType::toString).collect(Collectors.joining(", ", "(", ")"));
  }

  /** A single result type bare, other counts in parentheses. */
  static String resultTypes(List<TensorType> types) {
    return types.size() == 1 ? types.get(0).toString() : typeTuple(types);
  }

  /** True for MLIR bare identifiers: a letter or underscore, then letters, digits, {@code _$.}. */
  static boolean isBareIdentifier(String s) {
    return s.matches("[A-Za-z_][A-Za-z0-9_$.]*");
  }
}
