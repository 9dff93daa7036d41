package dev.torch2jax.processor.base;

/** The kinds of primitive rule, with their annotation and runtime interface. */
public enum RuleKind {
  /** {@code @AbstractEval}: result shapes and dtypes. */
  ABSTRACT_EVAL("AbstractEval", "dev.torch2jax.core.rules.AbstractEvalRule", "abstractEvalRules"),
  /** {@code @Lowering}: StableHLO emission. */
  LOWERING("Lowering", "dev.torch2jax.core.rules.LoweringRule", "loweringRules"),
  /** {@code @VjpRule}: reverse-mode derivative. */
  VJP("VjpRule", "dev.torch2jax.core.rules.VjpRule", "vjpRules"),
  /** {@code @BatchRule}: vmap. */
  BATCH("BatchRule", "dev.torch2jax.core.rules.BatchRule", "batchRules");

  private final String annotation;
  private final String ruleInterface;
  private final String tableMethod;

  RuleKind(String simpleName, String ruleInterface, String tableMethod) {
    this.annotation = Annotations.PACKAGE + simpleName;
    this.ruleInterface = ruleInterface;
    this.tableMethod = tableMethod;
  }

  /** The annotation's qualified name. */
  public String annotation() {
    return annotation;
  }

  /** The qualified name of the runtime functional interface its methods must fit. */
  public String ruleInterface() {
    return ruleInterface;
  }

  /** The method of {@code PrimitiveRuleTable} that returns this kind's rules. */
  public String tableMethod() {
    return tableMethod;
  }

  /** {@code @AbstractEval}, as messages write it. */
  public String simpleAnnotation() {
    return Annotations.simpleName(annotation);
  }
}
