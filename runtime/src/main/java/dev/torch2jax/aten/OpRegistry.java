package dev.torch2jax.aten;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every ATen op implementation on the classpath: the {@link OpTable}s that {@link ServiceLoader}
 * finds (one per jar or compilation that has {@code @Implements} methods), merged. An overload
 * implemented in two tables is an error naming both methods.
 */
public final class OpRegistry {
  private static volatile OpRegistry global;

  private final Map<String, AtenOp> ops;
  private final Map<String, String> implementations;
  private final Map<String, Object> customVjpRules;
  private final Map<String, Object> customBatchRules;

  private OpRegistry(
      Map<String, AtenOp> ops,
      Map<String, String> implementations,
      Map<String, Object> customVjpRules,
      Map<String, Object> customBatchRules) {
    this.ops = Collections.unmodifiableMap(ops);
    this.implementations = Collections.unmodifiableMap(implementations);
    this.customVjpRules = Collections.unmodifiableMap(customVjpRules);
    this.customBatchRules = Collections.unmodifiableMap(customBatchRules);
  }

  /** The registry of the tables visible to this class's class loader, loaded once. */
  public static OpRegistry global() {
    OpRegistry r = global;
    if (r == null) {
      synchronized (OpRegistry.class) {
        r = global;
        if (r == null) {
          r = load(OpRegistry.class.getClassLoader());
          global = r;
        }
      }
    }
    return r;
  }

  /**
   * Merges the tables {@link ServiceLoader} finds through {@code loader}.
   *
   * @throws IllegalStateException if two tables implement the same overload
   */
  public static OpRegistry load(ClassLoader loader) {
    List<OpTable> tables = new ArrayList<>();
    ServiceLoader.load(OpTable.class, loader).forEach(tables::add);
    return of(tables);
  }

  /**
   * Merges the given tables.
   *
   * @throws IllegalStateException if two tables implement the same overload or declare the same
   *     custom rule
   */
  public static OpRegistry of(Iterable<? extends OpTable> tables) {
    Map<String, AtenOp> ops = new TreeMap<>();
    Map<String, String> impls = new TreeMap<>();
    Map<String, String> owners = new TreeMap<>();
    Map<String, Object> vjps = new TreeMap<>();
    Map<String, Object> batches = new TreeMap<>();
    Map<String, String> vjpOwners = new TreeMap<>();
    Map<String, String> batchOwners = new TreeMap<>();
    for (OpTable t : tables) {
      String table = t.getClass().getName();
      for (Map.Entry<String, AtenOp> e : t.ops().entrySet()) {
        String name = e.getKey();
        String by = t.implementations().getOrDefault(name, table);
        if (ops.containsKey(name)) {
          throw new IllegalStateException(
              "ATen overload "
                  + name
                  + " is implemented twice: by "
                  + impls.get(name)
                  + " (table "
                  + owners.get(name)
                  + ") and by "
                  + by
                  + " (table "
                  + table
                  + "); remove one of the @Implements");
        }
        ops.put(name, e.getValue());
        impls.put(name, by);
        owners.put(name, table);
      }
      merge("custom VJP rule", table, t.customVjpRules(), vjps, vjpOwners);
      merge("custom batching rule", table, t.customBatchRules(), batches, batchOwners);
    }
    return new OpRegistry(ops, impls, vjps, batches);
  }

  private static void merge(
      String what,
      String table,
      Map<String, ?> rules,
      Map<String, Object> into,
      Map<String, String> owners) {
    for (Map.Entry<String, ?> e : rules.entrySet()) {
      if (into.containsKey(e.getKey())) {
        throw new IllegalStateException(
            e.getKey()
                + " has two "
                + what
                + "s: in "
                + owners.get(e.getKey())
                + " and in "
                + table);
      }
      into.put(e.getKey(), e.getValue());
      owners.put(e.getKey(), table);
    }
  }

  /**
   * The implementation of an overload such as {@code aten::add.Tensor}; one that declares a
   * {@code @CustomVjp} comes back wrapped so that reverse mode uses that rule.
   */
  public Optional<AtenOp> lookup(String overload) {
    AtenOp op = ops.get(overload);
    if (op != null && customVjpRules.get(overload) instanceof AtenVjpRule rule) {
      return Optional.of(
          args -> dev.torch2jax.transform.CustomVjp.call(overload, op::call, rule, args));
    }
    return Optional.ofNullable(op);
  }

  /** The method implementing an overload, {@code pkg.Class#method}. */
  public Optional<String> implementation(String overload) {
    return Optional.ofNullable(implementations.get(overload));
  }

  /** The custom VJP rule of an overload (an {@code AtenVjpRule}), if it declares one. */
  public Optional<Object> customVjpRule(String overload) {
    return Optional.ofNullable(customVjpRules.get(overload));
  }

  /** The custom batching rule of an overload (an {@code AtenBatchRule}), if it declares one. */
  public Optional<Object> customBatchRule(String overload) {
    return Optional.ofNullable(customBatchRules.get(overload));
  }

  /** Every implemented overload, sorted. */
  public Set<String> overloads() {
    return ops.keySet();
  }

  /**
   * Up to {@code max} implemented overloads nearest to {@code name}: the other overloads of the
   * same op (also its in-place or out-of-place twin) first, then by edit distance.
   */
  public List<String> nearest(String name, int max) {
    String base = OverloadNames.opName(name);
    String twin = base.endsWith("_") ? base.substring(0, base.length() - 1) : base + "_";
    Map<String, Integer> rank = new TreeMap<>();
    for (String candidate : ops.keySet()) {
      String cb = OverloadNames.opName(candidate);
      int group = cb.equals(base) ? 0 : cb.equals(twin) ? 1 : 2;
      rank.put(candidate, group * 10_000 + editDistance(name, candidate));
    }
    List<String> sorted = new ArrayList<>(rank.keySet());
    sorted.sort(
        Comparator.<String>comparingInt(rank::get).thenComparing(Comparator.naturalOrder()));
    return List.copyOf(sorted.subList(0, Math.min(Math.max(max, 0), sorted.size())));
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
