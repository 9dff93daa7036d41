package dev.torch2jax.torch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * TorchScript's dict methods that change or copy a dict ({@code aten::setdefault.str}, {@code
 * aten::pop.Dict_str}, {@code aten::update.str}, {@code aten::copy.Dict_str}, {@code
 * aten::clear.str}, {@code aten::popitem.str}), mutating the Java map in place as Python does.
 */
final class DictOps {
  private DictOps() {}

  /** Evaluates {@code name} on {@code a} when its first argument is a dict; else UNHANDLED. */
  @SuppressWarnings("unchecked")
  static Object eval(String name, List<Object> a) {
    if (name.equals("aten::dict")) {
      return construct(a);
    }
    if (a.isEmpty() || !(a.get(0) instanceof Map<?, ?> raw)) {
      return ScalarOps.UNHANDLED;
    }
    Map<Object, Object> d = (Map<Object, Object>) raw;
    Object key = a.size() > 1 ? a.get(1) : null;
    return switch (name) {
      case "aten::setdefault" -> {
        if (!d.containsKey(key)) {
          d.put(key, a.get(2));
        }
        yield d.get(key);
      }
      case "aten::pop" -> {
        if (d.containsKey(key)) {
          yield d.remove(key);
        }
        if (a.size() > 2) {
          yield a.get(2);
        }
        throw new IllegalArgumentException("KeyError: %s".formatted(ScalarOps.str(key)));
      }
      case "aten::popitem" -> {
        if (d.isEmpty()) {
          throw new IllegalArgumentException("KeyError: popitem(): dictionary is empty");
        }
        Object last = d.keySet().stream().reduce((p, q) -> q).orElseThrow();
        yield List.of(last, d.remove(last));
      }
      case "aten::update" -> {
        d.putAll((Map<?, ?>) key);
        yield null;
      }
      case "aten::copy" -> new LinkedHashMap<>(d);
      case "aten::clear" -> {
        d.clear();
        yield null;
      }
      default -> ScalarOps.UNHANDLED;
    };
  }

  /** {@code dict()}, {@code dict(d)} (a copy) and {@code dict([(k, v), ...])}. */
  private static Object construct(List<Object> a) {
    Map<Object, Object> out = new LinkedHashMap<>();
    if (a.isEmpty()) {
      return out;
    }
    switch (a.get(0)) {
      case Map<?, ?> m -> out.putAll(m);
      case List<?> pairs -> {
        for (Object p : pairs) {
          if (!(p instanceof List<?> kv) || kv.size() != 2) {
            throw new IllegalArgumentException(
                "dict(): expected (key, value) pairs, got " + InterpreterValues.describe(p));
          }
          out.put(kv.get(0), kv.get(1));
        }
      }
      default -> {
        return ScalarOps.UNHANDLED;
      }
    }
    return out;
  }
}
