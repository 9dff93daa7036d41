package dev.torch2jax.torch;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Python arithmetic and comparisons on numbers read from traced data ({@link TracedScalar}s) under
 * jit or vmap: computed on their 0-d arrays, so the result is again a traced number, as a JAX
 * tracer stays one ({@code 1.0 / float(self.num_batches_tracked)} in batch norm with {@code
 * momentum=None}). Using the result where a Java number is needed still fails clearly.
 */
final class TracedArithmetic {
  private TracedArithmetic() {}

  /** {@code op} on {@code in} when an input is traced and the op is arithmetic; else UNHANDLED. */
  static Object eval(String op, List<Object> in) {
    if (in.stream().noneMatch(o -> o instanceof TracedScalar)) {
      return ScalarOps.UNHANDLED;
    }
    List<Array> xs = new ArrayList<>();
    for (Object o : in) {
      Array a = asArray(o);
      if (a == null) {
        return ScalarOps.UNHANDLED;
      }
      xs.add(a);
    }
    String from =
        in.stream()
                .filter(o -> o instanceof TracedScalar)
                .map(o -> ((TracedScalar) o).from())
                .findFirst()
                .orElseThrow()
            + ", then "
            + op;
    if (xs.size() == 1) {
      return op.equals("aten::neg")
          ? new TracedScalar(Jnp.negative(xs.getFirst()), from)
          : ScalarOps.UNHANDLED;
    }
    BinaryOperator<Array> f =
        switch (op) {
          case "aten::add" -> Jnp::add;
          case "aten::sub" -> Jnp::subtract;
          case "aten::mul" -> Jnp::multiply;
          case "aten::div" -> (a, b) -> Jnp.divide(asFloat(a), asFloat(b));
          case "aten::pow" -> Jnp::power;
          case "aten::lt" -> Jnp::less;
          case "aten::le" -> Jnp::lessEqual;
          case "aten::gt" -> Jnp::greater;
          case "aten::ge" -> Jnp::greaterEqual;
          case "aten::eq" -> Jnp::equal;
          case "aten::ne" -> Jnp::notEqual;
          default -> null;
        };
    if (f == null || xs.size() != 2) {
      return ScalarOps.UNHANDLED;
    }
    return new TracedScalar(f.apply(xs.get(0), xs.get(1)), from);
  }

  /** The number as a 0-d array: Python ints int64, floats float64, bools bool. */
  private static Array asArray(Object o) {
    return switch (o) {
      case TracedScalar t -> t.value().ndim() == 0 ? t.value() : Jnp.reshape(t.value());
      case Long l -> Array.scalar(l);
      case Double d -> Array.scalar(d);
      case Boolean b -> Array.of(new boolean[] {b}, new long[0]);
      case null, default -> null;
    };
  }

  /** Python's true division gives a float. */
  private static Array asFloat(Array a) {
    return a.dtype().isFloatingPoint() ? a : Jnp.astype(a, DType.F64);
  }
}
