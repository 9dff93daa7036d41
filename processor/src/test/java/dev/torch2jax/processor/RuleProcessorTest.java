package dev.torch2jax.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.torch2jax.processor.diagnostics.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** Primitive rules and custom ATen rules: tables, completeness, signatures. */
class RuleProcessorTest {

  /** {@code test.prims.Prims} with the rule annotations imported, and its lines. */
  static OpsProcessorNegativeTest.Source prims(String... body) {
    List<String> lines = new ArrayList<>();
    lines.add("package test.prims;");
    lines.add("");
    lines.add("import dev.torch2jax.Array;");
    lines.add("import dev.torch2jax.annotations.*;");
    lines.add("import java.util.List;");
    lines.add("import java.util.Map;");
    lines.add("");
    lines.add("public final class Prims {");
    lines.add("  private Prims() {}");
    lines.addAll(List.of(body));
    lines.add("}");
    return new OpsProcessorNegativeTest.Source(
        JavaFileObjects.forSourceLines("test.prims.Prims", lines), lines);
  }

  static final String[] COMPLETE = {
    "  @AbstractEval({\"add\", \"mul\"})",
    "  public static List<Object> eval(List<Object> in, Map<String, Object> params) {",
    "    return in;",
    "  }",
    "  @Lowering({\"add\", \"mul\"})",
    "  public static List<String> lower(Object ctx, List<String> in, Map<String, Object> p) {",
    "    return in;",
    "  }",
    "  @VjpRule(\"add\")",
    "  public static List<Object> addVjp(List<Object> ct, List<Object> x, Map<String, Object> p) {",
    "    return ct;",
    "  }",
    "  @VjpRule(\"mul\")",
    "  public static List<Object> mulVjp(List<Object> ct, List<Object> x, Map<String, Object> p) {",
    "    return ct;",
    "  }",
    "  @BatchRule({\"add\", \"mul\"})",
    "  public static Object batch(List<Object> args, int[] dims, Map<String, Object> params) {",
    "    return args;",
    "  }",
    "  @AbstractEval(\"argmax\")",
    "  @NotDifferentiable(\"integer output\")",
    "  public static List<Object> argmaxEval(List<Object> in, Map<String, Object> params) {",
    "    return in;",
    "  }",
    "  @Lowering(\"argmax\")",
    "  public static List<String> argmaxLower(Object c, List<String> in, Map<String, Object> p) {",
    "    return in;",
    "  }",
    "  @BatchRule(\"argmax\")",
    "  public static Object argmaxBatch(List<Object> a, int[] d, Map<String, Object> p) {",
    "    return a;",
    "  }",
  };

  static Compilation compile(OpsProcessorNegativeTest.Source s) {
    return TestSources.javac().compile(TestSources.with(s.file()));
  }

  @Test
  void completeRulesGenerateTheRuleTable() throws Exception {
    Compilation c = compile(prims(COMPLETE));
    assertThat(c).succeededWithoutWarnings();
    TestSources.maybeRewriteGolden(
        c, "test.prims.GeneratedPrimitiveRules", "expected/GeneratedPrimitiveRules.java");
    assertThat(c)
        .generatedSourceFile("test.prims.GeneratedPrimitiveRules")
        .hasSourceEquivalentTo(
            JavaFileObjects.forResource("expected/GeneratedPrimitiveRules.java"));
    assertThat(c)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT,
            "META-INF/services/dev.torch2jax.core.rules.PrimitiveRuleTable")
        .contentsAsUtf8String()
        .isEqualTo("test.prims.GeneratedPrimitiveRules\n");
    // Rules only: no dispatch table.
    assertEquals(
        List.of("/SOURCE_OUTPUT/test/prims/GeneratedPrimitiveRules.java"),
        c.generatedSourceFiles().stream().map(JavaFileObject::getName).toList());

    ClassLoader loader = TestSources.classLoader(c);
    Class<?> table = loader.loadClass("test.prims.GeneratedPrimitiveRules");
    Object t = table.getConstructor().newInstance();
    assertEquals(
        List.of("add", "argmax", "mul"),
        List.copyOf(((Map<?, ?>) table.getMethod("abstractEvalRules").invoke(t)).keySet()));
    assertEquals(
        List.of("add", "mul"),
        List.copyOf(((Map<?, ?>) table.getMethod("vjpRules").invoke(t)).keySet()));
    assertEquals(
        Map.of("argmax", "integer output"), table.getMethod("notDifferentiable").invoke(t));
  }

  @Test
  void oneStringMayListAFamilyOfPrimitives() throws Exception {
    List<String> body = new ArrayList<>();
    body.add("  static final String FAMILY = \"add  mul\";");
    for (String line : COMPLETE) {
      body.add(line.replace("{\"add\", \"mul\"}", "FAMILY"));
    }
    Compilation c = compile(prims(body.toArray(String[]::new)));
    assertThat(c).succeededWithoutWarnings();
    Class<?> table = TestSources.classLoader(c).loadClass("test.prims.GeneratedPrimitiveRules");
    Object t = table.getConstructor().newInstance();
    assertEquals(
        List.of("add", "argmax", "mul"),
        List.copyOf(((Map<?, ?>) table.getMethod("loweringRules").invoke(t)).keySet()));
    assertEquals(
        List.of("add", "argmax", "mul"),
        List.copyOf(((Map<?, ?>) table.getMethod("batchRules").invoke(t)).keySet()));
  }

  @Test
  void missingRuleIsAnErrorAtEveryMention() {
    OpsProcessorNegativeTest.Source s =
        prims(
            "  @AbstractEval(\"sin\")",
            "  public static List<Object> eval(List<Object> in, Map<String, Object> params) {",
            "    return in;",
            "  }",
            "  @Lowering({\"cos\", \"sin\"})",
            "  public static List<String> lower(Object ctx, List<String> in, Map<String, Object> p) {",
            "    return in;",
            "  }");
    Compilation c = compile(s);
    assertThat(c).failed();
    String sin = Messages.PRIMITIVE_RULE_MISSING + ": primitive 'sin' has no @VjpRule, @BatchRule";
    assertThat(c).hadErrorContaining(sin).inFile(s.file()).onLine(s.line("@AbstractEval"));
    assertThat(c).hadErrorContaining(sin).inFile(s.file()).onLine(s.line("@Lowering"));
    assertThat(c)
        .hadErrorContaining(
            Messages.PRIMITIVE_RULE_MISSING
                + ": primitive 'cos' has no @AbstractEval, @VjpRule, @BatchRule")
        .inFile(s.file())
        .onLine(s.line("@Lowering"));
    assertThat(c)
        .hadErrorContaining("(or put @NotDifferentiable(\"why\") on its @AbstractEval method)");
  }

  @Test
  void duplicateRuleNamesBothMethods() {
    List<String> body = new ArrayList<>(List.of(COMPLETE));
    body.addAll(
        List.of(
            "  @BatchRule(\"mul\")",
            "  public static Object mulBatch(List<Object> args, int[] dims, Map<String, Object> p) {",
            "    return args;",
            "  }"));
    OpsProcessorNegativeTest.Source s = prims(body.toArray(new String[0]));
    Compilation c = compile(s);
    assertThat(c)
        .hadErrorContaining(
            Messages.PRIMITIVE_RULE_DUPLICATE
                + ": @BatchRule for 'mul' by test.prims.Prims#mulBatch and by test.prims.Prims#batch")
        .inFile(s.file())
        .onLine(s.line("@BatchRule(\"mul\")"));
    assertThat(c)
        .hadErrorContaining("by test.prims.Prims#batch and by test.prims.Prims#mulBatch")
        .inFile(s.file())
        .onLine(s.line("@BatchRule({\"add\", \"mul\"})"));
  }

  @Test
  void ruleSignatureMustFitTheInterface() {
    List<String> body = new ArrayList<>(List.of(COMPLETE));
    // Replace the add VJP with one taking too few parameters, and the mul VJP with a wrong type.
    int addVjp = body.indexOf("  @VjpRule(\"add\")");
    body.set(addVjp + 1, "  public static List<Object> addVjp(List<Object> ct, List<Object> x) {");
    int mulVjp = body.indexOf("  @VjpRule(\"mul\")");
    body.set(
        mulVjp + 1,
        "  public static List<Object> mulVjp(List<Object> ct, List<Object> x, String p) {");
    OpsProcessorNegativeTest.Source s = prims(body.toArray(new String[0]));
    Compilation c = compile(s);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            Messages.RULE_SIGNATURE
                + ": @VjpRule method test.prims.Prims#addVjp must fit dev.torch2jax.core.rules.VjpRule.vjp(")
        .inFile(s.file())
        .onLine(s.line("@VjpRule(\"add\")"));
    assertThat(c).hadErrorContaining("it takes 2 parameters, the interface passes 3");
    assertThat(c)
        .hadErrorContaining(
            "parameter 3 'p' is java.lang.String, which cannot take the interface's"
                + " java.util.Map<java.lang.String,java.lang.Object>")
        .inFile(s.file())
        .onLine(s.line("@VjpRule(\"mul\")"));
  }

  @Test
  void ruleInterfacesMustBeOnTheClasspath() {
    OpsProcessorNegativeTest.Source s =
        prims(
            "  @AbstractEval(\"sin\")",
            "  @NotDifferentiable(\"test\")",
            "  public static List<Object> eval(List<Object> in, Map<String, Object> params) {",
            "    return in;",
            "  }");
    JavaFileObject array = JavaFileObjects.forResource("stubs/dev/torch2jax/Array.java");
    JavaFileObject dtype = JavaFileObjects.forResource("stubs/dev/torch2jax/DType.java");
    Compilation c = TestSources.javac().compile(s.file(), array, dtype);
    assertThat(c)
        .hadErrorContaining(
            Messages.RUNTIME_TYPE_MISSING + ": dev.torch2jax.core.rules.AbstractEvalRule")
        .inFile(s.file())
        .onLine(s.line("@AbstractEval"));
  }

  @Test
  void notDifferentiableRules() {
    OpsProcessorNegativeTest.Source s =
        prims(
            "  @Lowering(\"floor\")",
            "  @NotDifferentiable(\"misplaced\")",
            "  public static List<String> lower(Object ctx, List<String> in, Map<String, Object> p) {",
            "    return in;",
            "  }",
            "  @AbstractEval(\"floor\")",
            "  @NotDifferentiable(\"piecewise constant\")",
            "  public static List<Object> eval(List<Object> in, Map<String, Object> params) {",
            "    return in;",
            "  }",
            "  @VjpRule(\"floor\")",
            "  public static List<Object> vjp(List<Object> ct, List<Object> x, Map<String, Object> p) {",
            "    return ct;",
            "  }",
            "  @BatchRule(\"floor\")",
            "  public static Object batch(List<Object> args, int[] dims, Map<String, Object> p) {",
            "    return args;",
            "  }",
            "  @AbstractEval(\"Bad-Name\")",
            "  @NotDifferentiable(\"x\")",
            "  public static List<Object> eval2(List<Object> in, Map<String, Object> params) {",
            "    return in;",
            "  }");
    Compilation c = compile(s);
    assertThat(c)
        .hadErrorContaining(Messages.NOT_DIFFERENTIABLE_PLACEMENT)
        .inFile(s.file())
        .onLine(s.line("@NotDifferentiable(\"misplaced\")"));
    assertThat(c)
        .hadErrorContaining(Messages.NOT_DIFFERENTIABLE_WITH_VJP + ": 'floor' (piecewise constant)")
        .inFile(s.file())
        .onLine(s.line("@VjpRule(\"floor\")"));
    assertThat(c)
        .hadErrorContaining(Messages.PRIMITIVE_NAME_MALFORMED + ": 'Bad-Name'")
        .inFile(s.file())
        .onLine(s.line("Bad-Name"));
  }

  // ---------------------------------------------------------------------- custom ATen rules

  static final String[] CUSTOM = {
    "  @Implements(\"aten::_log_softmax\")",
    "  public static Array logSoftmax(Array self, long dim, boolean halfToFloat) {",
    "    return self;",
    "  }",
    "  @CustomVjp(\"aten::_log_softmax\")",
    "  public static List<Object> logSoftmaxVjp(List<Object> ct, List<Object> args, Object out) {",
    "    return ct;",
    "  }",
    "  @CustomBatching({\"aten::_log_softmax\", \"aten::convolution\"})",
    "  public static Object batch(List<Object> args, int[] dims) {",
    "    return args;",
    "  }",
  };

  @Test
  void customAtenRulesAreWiredIntoTheDispatchTable() throws Exception {
    Compilation c = compile(prims(CUSTOM));
    assertThat(c).succeededWithoutWarnings();
    ClassLoader loader = TestSources.classLoader(c);
    Class<?> table = loader.loadClass("test.prims.GeneratedOpTable");
    Object t = table.getConstructor().newInstance();
    assertEquals(
        List.of("aten::_log_softmax"),
        List.copyOf(((Map<?, ?>) table.getMethod("customVjpRules").invoke(t)).keySet()));
    assertEquals(
        List.of("aten::_log_softmax", "aten::convolution"),
        List.copyOf(((Map<?, ?>) table.getMethod("customBatchRules").invoke(t)).keySet()));
    String tsv = TestSources.resource(c, OpsProcessor.COVERAGE_RESOURCE);
    assertEquals(
        true,
        tsv.contains(
            "aten::_log_softmax\ttest.prims.Prims#logSoftmax\ttest.prims.Prims#logSoftmaxVjp"
                + "\ttest.prims.Prims#batch\tyes\n"));
    assertEquals(
        true, tsv.contains("aten::convolution\t\t\ttest.prims.Prims#batch\tyes\n"), "convolution");
  }

  @Test
  void customRuleErrors() {
    List<String> body = new ArrayList<>(List.of(CUSTOM));
    body.addAll(
        List.of(
            "  @CustomVjp({\"aten::_log_softmax\", \"aten::log_softmaxx\"})",
            "  public static List<Object> again(List<Object> ct, List<Object> args, Object out) {",
            "    return ct;",
            "  }",
            "  @CustomBatching(\"aten::relu\")",
            "  public static Object wrong(List<Object> args) {",
            "    return args;",
            "  }"));
    OpsProcessorNegativeTest.Source s = prims(body.toArray(new String[0]));
    Compilation c = compile(s);
    assertThat(c)
        .hadErrorContaining(
            Messages.CUSTOM_RULE_DUPLICATE
                + ": @CustomVjp for aten::_log_softmax by test.prims.Prims#again and by"
                + " test.prims.Prims#logSoftmaxVjp")
        .inFile(s.file())
        .onLine(s.line("aten::log_softmaxx"));
    assertThat(c)
        .hadErrorContaining(Messages.OP_UNKNOWN + ": 'aten::log_softmaxx'")
        .inFile(s.file())
        .onLine(s.line("aten::log_softmaxx"));
    assertThat(c)
        .hadErrorContaining(
            Messages.RULE_SIGNATURE + ": @CustomBatching method test.prims.Prims#wrong")
        .inFile(s.file())
        .onLine(s.line("@CustomBatching(\"aten::relu\")"));
    assertEquals(
        4, c.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).count());
  }
}
