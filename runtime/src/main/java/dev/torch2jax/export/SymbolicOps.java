package dev.torch2jax.export;

import java.util.List;
import java.util.Optional;

/**
 * The Python-level nodes export writes for size arithmetic ({@code _operator.mul}, {@code
 * _operator.floordiv}, {@code torch.sym_max}, {@code math.ceil}, ...) evaluated on Java numbers:
 * under {@code jit} every shape is concrete, so sizes are plain {@code Long}s.
 */
final class SymbolicOps {
  private SymbolicOps() {}

  /**
   * The value of {@code target} on {@code args}, or empty for a target that is not one of these.
   */
  static Optional<Object> apply(String target, List<Object> args) {
    Object r =
        switch (target) {
          case "_operator.add" -> arith(args, Math::addExact, Double::sum);
          case "_operator.sub" -> arith(args, Math::subtractExact, (a, b) -> a - b);
          case "_operator.mul" -> arith(args, Math::multiplyExact, (a, b) -> a * b);
          case "_operator.floordiv" -> arith(args, Math::floorDiv, (a, b) -> Math.floor(a / b));
          case "_operator.mod" -> arith(args, Math::floorMod, (a, b) -> a - Math.floor(a / b) * b);
          case "_operator.truediv" -> num(args, 0) / num(args, 1);
          case "_operator.pow" -> arith(args, (a, b) -> (long) Math.pow(a, b), Math::pow);
          case "_operator.neg" ->
              args.getFirst() instanceof Long l ? (Object) (-l) : (Object) (-num(args, 0));
          case "_operator.eq" -> num(args, 0) == num(args, 1);
          case "_operator.ne" -> num(args, 0) != num(args, 1);
          case "_operator.lt" -> num(args, 0) < num(args, 1);
          case "_operator.le" -> num(args, 0) <= num(args, 1);
          case "_operator.gt" -> num(args, 0) > num(args, 1);
          case "_operator.ge" -> num(args, 0) >= num(args, 1);
          case "_operator.and_" -> bool(args, 0) && bool(args, 1);
          case "_operator.or_" -> bool(args, 0) || bool(args, 1);
          case "_operator.not_", "torch.sym_not" -> !bool(args, 0);
          case "torch.sym_max" -> arith(args, Math::max, Math::max);
          case "torch.sym_min" -> arith(args, Math::min, Math::min);
          case "torch.sym_float" -> num(args, 0);
          case "torch.sym_int", "math.trunc" -> (long) num(args, 0);
          case "math.ceil" -> (long) Math.ceil(num(args, 0));
          case "math.floor" -> (long) Math.floor(num(args, 0));
          case "torch._sym_sqrt", "math.sqrt" -> Math.sqrt(num(args, 0));
          default -> null;
        };
    return Optional.ofNullable(r);
  }

  private static Object arith(
      List<Object> args,
      java.util.function.LongBinaryOperator ints,
      java.util.function.DoubleBinaryOperator floats) {
    if (args.get(0) instanceof Long a && args.get(1) instanceof Long b) {
      return ints.applyAsLong(a, b);
    }
    return floats.applyAsDouble(num(args, 0), num(args, 1));
  }

  private static double num(List<Object> args, int i) {
    return switch (args.get(i)) {
      case Number n -> n.doubleValue();
      case Boolean b -> b ? 1 : 0;
      case Object o ->
          throw new IllegalArgumentException(
              "a size operation got %s, expected a number".formatted(o.getClass().getSimpleName()));
    };
  }

  private static boolean bool(List<Object> args, int i) {
    return args.get(i) instanceof Boolean b ? b : num(args, i) != 0;
  }
}
