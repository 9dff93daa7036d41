package dev.torch2jax.export;

import java.util.List;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import java.util.function.LongBinaryOperator;

/**
 * The Python-level nodes export writes for size arithmetic ({@code _operator.mul}, {@code
 * _operator.floordiv}, {@code torch.sym_max}, {@code math.ceil}, ...) evaluated on Java numbers:
 * under {@code jit} every shape is concrete, so sizes are plain {@code Long}s.
 */
final class SymbolicOps {
  private static final Map<String, Function<List<Object>, Object>> OPS =
      Map.ofEntries(
          Map.entry("_operator.add", a -> arith(a, Math::addExact, Double::sum)),
          Map.entry("_operator.sub", a -> arith(a, Math::subtractExact, (x, y) -> x - y)),
          Map.entry("_operator.mul", a -> arith(a, Math::multiplyExact, (x, y) -> x * y)),
          Map.entry(
              "_operator.floordiv", a -> arith(a, Math::floorDiv, (x, y) -> Math.floor(x / y))),
          Map.entry(
              "_operator.mod", a -> arith(a, Math::floorMod, (x, y) -> x - Math.floor(x / y) * y)),
          Map.entry("_operator.truediv", a -> num(a, 0) / num(a, 1)),
          Map.entry("_operator.pow", a -> arith(a, (x, y) -> (long) Math.pow(x, y), Math::pow)),
          Map.entry(
              "_operator.neg", a -> a.getFirst() instanceof Long l ? (Object) (-l) : -num(a, 0)),
          Map.entry("_operator.eq", a -> num(a, 0) == num(a, 1)),
          Map.entry("_operator.ne", a -> num(a, 0) != num(a, 1)),
          Map.entry("_operator.lt", a -> num(a, 0) < num(a, 1)),
          Map.entry("_operator.le", a -> num(a, 0) <= num(a, 1)),
          Map.entry("_operator.gt", a -> num(a, 0) > num(a, 1)),
          Map.entry("_operator.ge", a -> num(a, 0) >= num(a, 1)),
          Map.entry("_operator.and_", a -> bool(a, 0) && bool(a, 1)),
          Map.entry("_operator.or_", a -> bool(a, 0) || bool(a, 1)),
          Map.entry("_operator.not_", a -> !bool(a, 0)),
          Map.entry("torch.sym_not", a -> !bool(a, 0)),
          Map.entry("torch.sym_max", a -> arith(a, Math::max, Math::max)),
          Map.entry("torch.sym_min", a -> arith(a, Math::min, Math::min)),
          Map.entry("torch.sym_float", a -> num(a, 0)),
          Map.entry("torch.sym_int", a -> (long) num(a, 0)),
          Map.entry("math.trunc", a -> (long) num(a, 0)),
          Map.entry("math.ceil", a -> (long) Math.ceil(num(a, 0))),
          Map.entry("math.floor", a -> (long) Math.floor(num(a, 0))),
          Map.entry("math.sqrt", a -> Math.sqrt(num(a, 0))),
          Map.entry("torch._sym_sqrt", a -> Math.sqrt(num(a, 0))));

  private SymbolicOps() {}

  /** Whether {@code target} is one of these. */
  static boolean knows(String target) {
    return OPS.containsKey(target);
  }

  /** The value of {@code target} (one of these) on {@code args}. */
  static Object apply(String target, List<Object> args) {
    return OPS.get(target).apply(args);
  }

  private static Object arith(
      List<Object> args, LongBinaryOperator ints, DoubleBinaryOperator floats) {
    if (args.get(0) instanceof Long a && args.get(1) instanceof Long b) {
      return ints.applyAsLong(a, b);
    }
    return floats.applyAsDouble(num(args, 0), num(args, 1));
  }

  private static double num(List<Object> args, int i) {
    return switch (args.get(i)) {
      case Number n -> n.doubleValue();
      case Boolean b -> b ? 1 : 0;
      case null -> throw new IllegalArgumentException("a size operation got None");
      case Object o ->
          throw new IllegalArgumentException(
              "a size operation got %s, expected a number".formatted(o.getClass().getSimpleName()));
    };
  }

  private static boolean bool(List<Object> args, int i) {
    return args.get(i) instanceof Boolean b ? b : num(args, i) != 0;
  }
}
