package dev.torch2jax.core.rules;

import java.util.Map;

/**
 * A table of primitive rules, found with {@link java.util.ServiceLoader}. The torch2jax annotation
 * processor generates one per compilation that has {@code @AbstractEval}, {@code @Lowering},
 * {@code @VjpRule} or {@code @BatchRule} methods, registered in {@code
 * META-INF/services/dev.torch2jax.core.rules.PrimitiveRuleTable}.
 *
 * <p>Each map goes from primitive name to a rule; the values implement {@code AbstractEvalRule},
 * {@code LoweringRule}, {@code VjpRule} and {@code BatchRule} of this package (defined with the
 * tracing core). Generated tables declare the precise map types, so these wildcards can be narrowed
 * once those interfaces exist.
 */
public interface PrimitiveRuleTable {
  /** Primitive name to its {@code AbstractEvalRule}. */
  Map<String, ?> abstractEvalRules();

  /** Primitive name to its {@code LoweringRule}. */
  Map<String, ?> loweringRules();

  /** Primitive name to its {@code VjpRule}. */
  Map<String, ?> vjpRules();

  /** Primitive name to its {@code BatchRule}. */
  Map<String, ?> batchRules();

  /** Primitives exempt from a VJP rule, to the reason given with {@code @NotDifferentiable}. */
  Map<String, String> notDifferentiable();
}
