package dev.torch2jax.aten;

/**
 * Parts of an ATen overload name such as {@code "aten::add_.Tensor"}, for methods that serve
 * several overloads and receive the dispatched one's name.
 */
final class OverloadNames {
  private OverloadNames() {}

  /** The name without its overload suffix: {@code "aten::add_"}. */
  static String opName(String overload) {
    int dot = overload.indexOf('.', Math.max(0, overload.indexOf("::") + 2));
    return dot < 0 ? overload : overload.substring(0, dot);
  }

  /** The operator without namespace or overload suffix: {@code "add_"}. */
  static String operator(String overload) {
    String op = opName(overload);
    int namespace = op.indexOf("::");
    return namespace < 0 ? op : op.substring(namespace + 2);
  }

  /** The spatial rank a name such as {@code "aten::max_pool2d_with_indices"} ends its op in. */
  static int spatialRank(String overload) {
    String op = operator(overload);
    for (int i = op.length() - 2; i >= 0; i--) {
      if (Character.isDigit(op.charAt(i)) && op.charAt(i + 1) == 'd') {
        return op.charAt(i) - '0';
      }
    }
    throw new IllegalArgumentException("%s names no spatial rank".formatted(overload));
  }
}
