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
}
