package dev.torch2jax.processor.base;

/**
 * Qualified names of the runtime types that annotated methods implement and generated code uses;
 * they come from the compilation's classpath (torch2jax-runtime), not from the processor.
 */
public final class RuntimeTypes {
  private RuntimeTypes() {}

  /** The runtime interface of {@code @CustomVjp} methods. */
  public static final String ATEN_VJP_RULE = "dev.torch2jax.aten.AtenVjpRule";

  /** The runtime interface of {@code @CustomBatching} methods. */
  public static final String ATEN_BATCH_RULE = "dev.torch2jax.aten.AtenBatchRule";

  /** The service interface of generated dispatch tables. */
  public static final String OP_TABLE = "dev.torch2jax.aten.OpTable";

  /** One entry of a dispatch table. */
  public static final String ATEN_OP = "dev.torch2jax.aten.AtenOp";

  /** The argument conversions a dispatch table calls. */
  public static final String ARGS = "dev.torch2jax.aten.Args";

  /** The service interface of generated primitive rule tables. */
  public static final String PRIMITIVE_RULE_TABLE = "dev.torch2jax.core.rules.PrimitiveRuleTable";
}
