package dev.torch2jax.processor.diagnostics;

/**
 * The texts of the processor's diagnostics. Each starts with a stable bracketed tag; the processor
 * appends the details (names, types, places), so tests match on these constants with {@code
 * hadErrorContaining}.
 */
public final class Messages {
  private Messages() {}

  /** An overload name that is not {@code namespace::op} or {@code namespace::op.overload}. */
  public static final String OP_NAME_MALFORMED = "[OpNameMalformed] malformed ATen overload name";

  /** An overload name libtorch does not know. */
  public static final String OP_UNKNOWN = "[OpUnknown] unknown ATen overload";

  /** The same overload implemented by two methods. */
  public static final String OP_DUPLICATE = "[OpDuplicate] ATen overload implemented twice";

  /** A parameter count that differs from the schema's argument count. */
  public static final String OP_ARITY = "[OpArity] parameter count differs from the schema";

  /** A method with one parameter more than its schema whose first parameter is not a String. */
  public static final String OP_OVERLOAD_PARAMETER =
      "[OpOverloadParameter] an extra leading parameter must be the String overload name";

  /** An {@code ignores} name that none of the annotation's overloads has as an argument. */
  public static final String OP_IGNORED_ARGUMENT =
      "[OpIgnoredArgument] an ignored name must be an argument of the overloads";

  /** A parameter whose Java type does not match its schema argument. */
  public static final String OP_PARAMETER_TYPE =
      "[OpParameterType] parameter type does not match the schema";

  /** A return type that does not match the schema's returns. */
  public static final String OP_RETURN_TYPE =
      "[OpReturnType] return type does not match the schema";

  /** A schema argument or return type the dispatch table cannot convert yet. */
  public static final String OP_UNSUPPORTED_TYPE =
      "[OpUnsupportedType] schema type has no Java mapping";

  /** An annotated method that is not static. */
  public static final String METHOD_NOT_STATIC =
      "[MethodNotStatic] annotated method must be static";

  /** An annotated method that is not public, or inside a class that is not. */
  public static final String METHOD_NOT_PUBLIC =
      "[MethodNotPublic] annotated method and its enclosing classes must be public";

  /** A custom ATen VJP or batching rule declared twice for one overload. */
  public static final String CUSTOM_RULE_DUPLICATE =
      "[CustomRuleDuplicate] custom rule declared twice for an ATen overload";

  /** A primitive name that is not lower_snake_case. */
  public static final String PRIMITIVE_NAME_MALFORMED =
      "[PrimitiveNameMalformed] malformed primitive name";

  /** A primitive named in some rule annotation but lacking another rule. */
  public static final String PRIMITIVE_RULE_MISSING =
      "[PrimitiveRuleMissing] primitive lacks a rule";

  /** Two methods declaring the same kind of rule for one primitive. */
  public static final String PRIMITIVE_RULE_DUPLICATE =
      "[PrimitiveRuleDuplicate] primitive rule declared twice";

  /** {@code @NotDifferentiable} on a method without {@code @AbstractEval}. */
  public static final String NOT_DIFFERENTIABLE_PLACEMENT =
      "[NotDifferentiablePlacement] @NotDifferentiable belongs on an @AbstractEval method";

  /** A primitive declared not differentiable that also has a VJP rule. */
  public static final String NOT_DIFFERENTIABLE_WITH_VJP =
      "[NotDifferentiableWithVjp] primitive is declared @NotDifferentiable but has a @VjpRule";

  /** A rule method whose signature does not fit its runtime functional interface. */
  public static final String RULE_SIGNATURE =
      "[RuleSignature] method is not compatible with its rule interface";

  /** A rule interface or runtime type the generated code needs is not on the classpath. */
  public static final String RUNTIME_TYPE_MISSING =
      "[RuntimeTypeMissing] a torch2jax runtime type is not on the classpath";

  /**
   * Overloads of one ATen base name ({@code add.Tensor}, {@code add.Scalar}, {@code add_.Tensor},
   * {@code add.out}) implemented in different classes; checked only with {@code
   * -Atorch2jax.oneClassPerBaseName=true}.
   */
  public static final String BASE_NAME_SPLIT =
      "[BaseNameSplit] overloads of one ATen base name are implemented in different classes";

  /** Core ATen coverage below {@code -Atorch2jax.minCoreCoverage}. */
  public static final String COVERAGE_BELOW_MINIMUM =
      "[CoverageBelowMinimum] Core ATen coverage is below the minimum";

  /** An invalid {@code -Atorch2jax.*} option. */
  public static final String BAD_OPTION = "[BadOption] invalid torch2jax processor option";

  /** An unexpected exception inside the processor. */
  public static final String PROCESSOR_CRASH = "[ProcessorCrash] the torch2jax processor failed";

  /** The one-line coverage note's prefix. */
  public static final String COVERAGE_NOTE = "torch2jax: ";
}
