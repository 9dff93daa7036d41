package dev.torch2jax.core;

import dev.torch2jax.core.rules.AbstractEvalRule;
import dev.torch2jax.core.rules.BatchRule;
import dev.torch2jax.core.rules.LoweringRule;
import dev.torch2jax.core.rules.PrimitiveRuleTable;
import dev.torch2jax.core.rules.VjpRule;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The rules of every primitive: the generated {@link PrimitiveRuleTable}s that {@link
 * ServiceLoader} finds, merged once. A primitive defined twice is an error naming it.
 */
public final class PrimitiveRules {
  private static final class Holder {
    static final PrimitiveRules INSTANCE = load();
  }

  private final Map<String, AbstractEvalRule> abstractEval = new HashMap<>();
  private final Map<String, LoweringRule> lowering = new HashMap<>();
  private final Map<String, VjpRule> vjp = new HashMap<>();
  private final Map<String, BatchRule> batch = new HashMap<>();
  private final Map<String, String> notDifferentiable = new HashMap<>();

  private PrimitiveRules() {}

  private static PrimitiveRules load() {
    PrimitiveRules r = new PrimitiveRules();
    for (PrimitiveRuleTable t :
        ServiceLoader.load(PrimitiveRuleTable.class, PrimitiveRules.class.getClassLoader())) {
      merge(r.abstractEval, t.abstractEvalRules(), AbstractEvalRule.class, t);
      merge(r.lowering, t.loweringRules(), LoweringRule.class, t);
      merge(r.vjp, t.vjpRules(), VjpRule.class, t);
      merge(r.batch, t.batchRules(), BatchRule.class, t);
      r.notDifferentiable.putAll(t.notDifferentiable());
    }
    return r;
  }

  // The SPI declares wildcard maps (it must compile without the core); the generated tables hold
  // exactly these rule types, which the cast checks.
  private static <R> void merge(
      Map<String, R> into, Map<String, ?> from, Class<R> type, PrimitiveRuleTable t) {
    for (Map.Entry<String, ?> e : from.entrySet()) {
      if (into.putIfAbsent(e.getKey(), type.cast(e.getValue())) != null) {
        throw new IllegalStateException(
            "primitive '"
                + e.getKey()
                + "' has rules in two tables, one of them "
                + t.getClass().getName());
      }
    }
  }

  private static PrimitiveRules get() {
    return Holder.INSTANCE;
  }

  /** The abstract evaluation rule of {@code p}. */
  public static AbstractEvalRule abstractEval(Primitive p) {
    return require(get().abstractEval.get(p.name()), p, "abstract evaluation");
  }

  /** The lowering rule of {@code p}. */
  public static LoweringRule lowering(Primitive p) {
    return require(get().lowering.get(p.name()), p, "lowering");
  }

  /** The batching rule of {@code p}. */
  public static BatchRule batch(Primitive p) {
    return require(get().batch.get(p.name()), p, "batching");
  }

  /**
   * The VJP rule of {@code p}.
   *
   * @throws UnsupportedOperationException with the declared reason when {@code p} is not
   *     differentiable
   */
  public static VjpRule vjp(Primitive p) {
    VjpRule r = get().vjp.get(p.name());
    if (r == null) {
      String why = get().notDifferentiable.get(p.name());
      throw new UnsupportedOperationException(
          "primitive '" + p + "' is not differentiable" + (why == null ? "" : ": " + why));
    }
    return r;
  }

  /** True when {@code p} declared itself not differentiable. */
  public static boolean isNotDifferentiable(Primitive p) {
    return get().notDifferentiable.containsKey(p.name());
  }

  /** Shape and dtype inference: the output avals of {@code p} on {@code inputs}. */
  public static java.util.List<ShapedArray> outputAvals(
      Primitive p, java.util.List<ShapedArray> inputs, Params params) {
    return abstractEval(p).abstractEval(p, inputs, params);
  }

  private static <R> R require(R rule, Primitive p, String what) {
    if (rule == null) {
      throw new IllegalStateException(
          "no primitive named '"
              + p
              + "' has a "
              + what
              + " rule; known: "
              + new TreeSet<>(get().abstractEval.keySet()));
    }
    return rule;
  }
}
