package dev.torch2jax.core;

import dev.torch2jax.DType;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The static parameters of one primitive application ({@code axes}, {@code dtype}, {@code shape}, a
 * sub-jaxpr, ...), sorted by name, compared by content (arrays element by element) so that they can
 * key compilation caches.
 */
public final class Params {
  /** No parameters. */
  public static final Params EMPTY = new Params(new TreeMap<>());

  private final TreeMap<String, Object> values;
  private final int hash;

  private Params(TreeMap<String, Object> values) {
    this.values = values;
    int h = 1;
    for (Map.Entry<String, Object> e : values.entrySet()) {
      h = 31 * h + e.getKey().hashCode();
      h = 31 * h + Arrays.deepHashCode(new Object[] {e.getValue()});
    }
    this.hash = h;
  }

  /** Parameters from alternating names and values; {@code int[]} is stored as {@code long[]}. */
  public static Params of(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("Params.of needs name, value pairs");
    }
    TreeMap<String, Object> m = new TreeMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      m.put((String) namesAndValues[i], normalize(namesAndValues[i + 1]));
    }
    return new Params(m);
  }

  /** A copy with {@code name} set to {@code value}. */
  public Params with(String name, Object value) {
    TreeMap<String, Object> m = new TreeMap<>(values);
    m.put(name, normalize(value));
    return new Params(m);
  }

  private static Object normalize(Object v) {
    if (v instanceof int[] ints) {
      return Arrays.stream(ints).asLongStream().toArray();
    }
    if (v instanceof long[] longs) {
      return longs.clone();
    }
    return v;
  }

  /** The value of {@code name}; throws when absent. */
  public Object get(String name) {
    Object v = values.get(name);
    if (v == null && !values.containsKey(name)) {
      throw new IllegalArgumentException("missing parameter '" + name + "' in " + this);
    }
    return v;
  }

  /** True when {@code name} is set. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** A {@code long[]} parameter (a copy). */
  public long[] longs(String name) {
    return ((long[]) get(name)).clone();
  }

  /** A whole-number parameter. */
  public long longValue(String name) {
    return ((Number) get(name)).longValue();
  }

  /** An int parameter such as an axis. */
  public int intValue(String name) {
    return Math.toIntExact(longValue(name));
  }

  /** A floating-point parameter. */
  public double doubleValue(String name) {
    return ((Number) get(name)).doubleValue();
  }

  /** A boolean parameter. */
  public boolean bool(String name) {
    return (Boolean) get(name);
  }

  /** A dtype parameter. */
  public DType dtype(String name) {
    return (DType) get(name);
  }

  /** A parameter of type {@code type}. */
  public <T> T get(String name, Class<T> type) {
    return type.cast(get(name));
  }

  /** The parameters, by name. */
  public Map<String, Object> asMap() {
    return Collections.unmodifiableMap(values);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Params p) || p.hash != hash || !p.values.keySet().equals(values.keySet())) {
      return false;
    }
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (!Objects.deepEquals(e.getValue(), p.values.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** Like {@code axes=(0, 1) dtype=f32}, as jaxprs print them. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (!b.isEmpty()) {
        b.append(' ');
      }
      b.append(e.getKey()).append('=').append(format(e.getValue()));
    }
    return b.toString();
  }

  private static String format(Object v) {
    if (v instanceof long[] l) {
      StringBuilder b = new StringBuilder("(");
      for (int i = 0; i < l.length; i++) {
        b.append(i > 0 ? ", " : "").append(l[i]);
      }
      return b.append(l.length == 1 ? ",)" : ")").toString();
    }
    if (v instanceof DType t) {
      return t.xlaName();
    }
    return String.valueOf(v);
  }
}
