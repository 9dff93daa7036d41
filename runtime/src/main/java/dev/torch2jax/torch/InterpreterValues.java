package dev.torch2jax.torch;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The interpreter's value forms and conversions. Tensors are {@link TensorRef}s; ints, floats and
 * bools are {@code Long}, {@code Double} and {@code Boolean}; lists are mutable {@code ArrayList}s
 * and tuples unmodifiable lists; dicts {@code LinkedHashMap}s; modules and functions {@link
 * ModuleValue} and {@link FunctionValue}; numbers read from traced data {@link TracedScalar}.
 */
final class InterpreterValues {
  private InterpreterValues() {}

  /** Op results (arrays, lists of them, numbers) as interpreter values. */
  static Object wrap(Object r) {
    return switch (r) {
      case Array a -> TensorRef.fresh(a);
      case List<?> l -> mapEach(l, InterpreterValues::wrap);
      case Map<?, ?> m -> mapValues(m, InterpreterValues::wrap);
      case Integer i -> (long) i;
      case Float f -> (double) f;
      case long[] values -> longList(values);
      case null, default -> r;
    };
  }

  /** {@code f} of each of {@code items}, in a new mutable list. */
  static List<Object> mapEach(List<?> items, UnaryOperator<Object> f) {
    List<Object> out = new ArrayList<>(items.size());
    for (Object o : items) {
      out.add(f.apply(o));
    }
    return out;
  }

  /** {@code m} with {@code f} of each value, keys and their order kept. */
  static Map<Object, Object> mapValues(Map<?, ?> m, UnaryOperator<Object> f) {
    Map<Object, Object> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k, f.apply(v)));
    return out;
  }

  /** A tuple: an unmodifiable list. */
  static List<Object> tuple(List<Object> items) {
    return Collections.unmodifiableList(new ArrayList<>(items));
  }

  /** A node's single output, in the mutable list form node results take. */
  static List<Object> one(Object v) {
    List<Object> out = new ArrayList<>(1);
    out.add(v);
    return out;
  }

  /** An {@code int[]} value. */
  static List<Object> longList(long[] values) {
    List<Object> out = new ArrayList<>(values.length);
    for (long v : values) {
      out.add(v);
    }
    return out;
  }

  /** The tensor {@code v}, or a message naming what it is instead. */
  static TensorRef ref(Object v) {
    if (v instanceof TensorRef r) {
      return r;
    }
    throw new IllegalArgumentException("expected a tensor, got " + describe(v));
  }

  /** Argument {@code i}, or {@code dflt} when it is absent or None. */
  @SuppressWarnings("unchecked")
  static <T> T arg(List<Object> in, int i, T dflt) {
    return i < in.size() && in.get(i) != null ? (T) in.get(i) : dflt;
  }

  /** A value for messages. */
  static String describe(Object v) {
    return switch (v) {
      case null -> "None";
      case TensorRef r -> "a tensor";
      case TracedScalar t -> "a number read from traced data by " + t.from();
      case ModuleValue m -> "module " + m.module().type().str().getString();
      default -> v.getClass().getSimpleName() + " " + ScalarOps.str(v);
    };
  }

  /** PyTorch's ScalarType code of a dtype ({@code prim::dtype}, {@code x.dtype}). */
  static long scalarTypeCode(DType t) {
    for (int c = 0; c < 32; c++) {
      if (dev.torch2jax.aten.Args.fromScalarTypeCode(c) == t) {
        return c;
      }
    }
    throw new IllegalArgumentException("no ScalarType code for " + t);
  }
}
