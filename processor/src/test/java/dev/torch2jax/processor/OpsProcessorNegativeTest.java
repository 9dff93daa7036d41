package dev.torch2jax.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.torch2jax.processor.diagnostics.Messages;
import java.util.ArrayList;
import java.util.List;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Every error the processor reports on {@code @Implements} methods, at the right line. */
class OpsProcessorNegativeTest {

  /** A source file of {@code test.Bad} and the lines it was made of. */
  record Source(JavaFileObject file, List<String> lines) {
    /** The 1-based line of the first line containing {@code marker}. */
    int line(String marker) {
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(marker)) {
          return i + 1;
        }
      }
      throw new AssertionError("no line contains " + marker);
    }
  }

  /** {@code test.Bad}, a public class holding {@code body}, with the usual imports. */
  static Source bad(String... body) {
    List<String> lines = new ArrayList<>();
    lines.add("package test;");
    lines.add("");
    lines.add("import dev.torch2jax.Array;");
    lines.add("import dev.torch2jax.DType;");
    lines.add("import dev.torch2jax.annotations.Implements;");
    lines.add("import java.util.List;");
    lines.add("");
    lines.add("public final class Bad {");
    lines.add("  private Bad() {}");
    lines.addAll(List.of(body));
    lines.add("}");
    return new Source(JavaFileObjects.forSourceLines("test.Bad", lines), lines);
  }

  static Compilation compile(Source s) {
    return TestSources.javac().compile(TestSources.with(s.file()));
  }

  static long errorCount(Compilation c) {
    return c.diagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR).count();
  }

  @Test
  void malformedName() {
    Source s =
        bad(
            "  @Implements(\"aten:add.Tensor\")",
            "  public static Array a(Array self, Array other, Number alpha) { return self; }",
            "  @Implements(\"aten::relu.default\")",
            "  public static Array b(Array self) { return self; }");
    Compilation c = compile(s);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(Messages.OP_NAME_MALFORMED + ": 'aten:add.Tensor'")
        .inFile(s.file())
        .onLine(s.line("aten:add.Tensor"));
    assertThat(c)
        .hadErrorContaining("the default overload has no suffix: 'aten::relu'")
        .inFile(s.file())
        .onLine(s.line("aten::relu.default"));
    assertEquals(2, errorCount(c));
  }

  @Test
  void unknownOverloadSuggestsNearestNames() {
    Source s =
        bad(
            "  @Implements(\"aten::add.Tesnor\")",
            "  public static Array a(Array self, Array other, Number alpha) { return self; }",
            "  @Implements(\"aten::reluu\")",
            "  public static Array b(Array self) { return self; }");
    Compilation c = compile(s);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(Messages.OP_UNKNOWN + ": 'aten::add.Tesnor'")
        .inFile(s.file())
        .onLine(s.line("aten::add.Tesnor"));
    assertThat(c).hadErrorContaining("nearest: aten::add.Tensor,");
    assertThat(c)
        .hadErrorContaining("nearest: aten::relu,")
        .inFile(s.file())
        .onLine(s.line("aten::reluu"));
  }

  @Test
  void caretLandsOnTheOffendingNameOfSeveral() {
    Source s =
        bad(
            "  @Implements({",
            "      \"aten::relu\",",
            "      \"aten::no_such_op\"})",
            "  public static Array a(Array self) { return self; }");
    Compilation c = compile(s);
    assertThat(c)
        .hadErrorContaining(Messages.OP_UNKNOWN + ": 'aten::no_such_op'")
        .inFile(s.file())
        .onLine(s.line("aten::no_such_op"));
    assertEquals(1, errorCount(c));
  }

  @Test
  void parameterTypeMismatchNamesParameterAndExpectedType() {
    Source s =
        bad(
            "  @Implements(\"aten::add.Tensor\")",
            "  public static Array a(Array self, Array other, double alpha) { return self; }",
            "  @Implements(\"aten::sum.dim_IntList\")",
            "  public static Array b(Array self, List<Long> dim, boolean keepdim, DType dtype) {",
            "    return self;",
            "  }");
    Compilation c = compile(s);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            Messages.OP_PARAMETER_TYPE
                + ": parameter 3 'alpha' of test.Bad#a is double, but schema argument"
                + " 'Scalar alpha' of aten::add.Tensor needs java.lang.Number")
        .inFile(s.file())
        .onLine(s.line("aten::add.Tensor"));
    assertThat(c)
        .hadErrorContaining(
            "parameter 2 'dim' of test.Bad#b is java.util.List<java.lang.Long>, but schema argument"
                + " 'int[1]? dim' of aten::sum.dim_IntList needs long[]")
        .inFile(s.file())
        .onLine(s.line("aten::sum.dim_IntList"));
  }

  @Test
  void parameterCountMustMatchTheSchema() {
    Source s =
        bad(
            "  @Implements(\"aten::add.Tensor\")",
            "  public static Array a(Array self, Array other) { return self; }");
    Compilation c = compile(s);
    assertThat(c)
        .hadErrorContaining(
            Messages.OP_ARITY
                + ": aten::add.Tensor takes 3 arguments (Tensor self, Tensor other, Scalar alpha),"
                + " test.Bad#a has 2")
        .inFile(s.file())
        .onLine(s.line("aten::add.Tensor"));
  }

  @Test
  void anExtraLeadingParameterMustBeTheStringOverloadName() {
    Source s =
        bad(
            "  @Implements(\"aten::relu\")",
            "  public static Array a(long mode, Array self) { return self; }");
    Compilation c = compile(s);
    assertThat(c)
        .hadErrorContaining(
            Messages.OP_OVERLOAD_PARAMETER
                + ": test.Bad#a has one parameter more than aten::relu, so its first 'mode' must be"
                + " String, not long")
        .inFile(s.file())
        .onLine(s.line("aten::relu"));
    assertEquals(1, errorCount(c));
  }

  @Test
  void ignoredNamesMustBeArgumentsAndAreNotParameters() {
    Source s =
        bad(
            "  @Implements(value = \"aten::relu\", ignores = \"inplace\")",
            "  public static Array a(Array self) { return self; }",
            "",
            "  @Implements(value = \"aten::add.Tensor\", ignores = \"alpha\")",
            "  public static Array b(Array self) { return self; }");
    Compilation c = compile(s);
    assertThat(c)
        .hadErrorContaining(
            Messages.OP_IGNORED_ARGUMENT
                + ": test.Bad#a ignores 'inplace', but none of its overloads has an argument of"
                + " that name")
        .inFile(s.file())
        .onLine(s.line("aten::relu"));
    assertThat(c)
        .hadErrorContaining(
            Messages.OP_ARITY
                + ": aten::add.Tensor takes 2 arguments (Tensor self, Tensor other) besides those"
                + " ignored, test.Bad#b has 1")
        .inFile(s.file())
        .onLine(s.line("aten::add.Tensor"));
    assertEquals(2, errorCount(c));
  }

  @Test
  void returnTypeMustMatchTheSchema() {
    Source s =
        bad(
            "  @Implements(\"aten::relu\")",
            "  public static List<Array> a(Array self) { return List.of(self); }",
            "  @Implements(\"aten::native_batch_norm\")",
            "  public static Array b(Array input, Array weight, Array bias, Array mean, Array var,",
            "      boolean training, double momentum, double eps) { return input; }",
            "  @Implements(\"aten::sym_size.int\")",
            "  public static int c(Array self, long dim) { return 0; }");
    Compilation c = compile(s);
    assertThat(c)
        .hadErrorContaining(
            Messages.OP_RETURN_TYPE + ": test.Bad#a returns java.util.List<dev.torch2jax.Array>")
        .inFile(s.file())
        .onLine(s.line("aten::relu"));
    assertThat(c)
        .hadErrorContaining("needs java.util.List<dev.torch2jax.Array>")
        .inFile(s.file())
        .onLine(s.line("aten::native_batch_norm"));
    assertThat(c)
        .hadErrorContaining("test.Bad#c returns int")
        .inFile(s.file())
        .onLine(s.line("aten::sym_size.int"));
    assertEquals(3, errorCount(c));
  }

  @Test
  void sameOverloadTwiceNamesBothPlaces() {
    Source s =
        bad(
            "  @Implements(\"aten::relu\")",
            "  public static Array first(Array self) { return self; }",
            "",
            "  @Implements({\"aten::gelu\", \"aten::relu\"})",
            "  public static Array second(Array self, String approximate) { return self; }");
    Compilation c = compile(s);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(
            Messages.OP_DUPLICATE
                + ": aten::relu is implemented by test.Bad#second and by test.Bad#first")
        .inFile(s.file())
        .onLine(s.line("aten::gelu"));
    assertThat(c)
        .hadErrorContaining(
            Messages.OP_DUPLICATE
                + ": aten::relu is implemented by test.Bad#first and by test.Bad#second")
        .inFile(s.file())
        .onLine(s.line("@Implements(\"aten::relu\")"));
  }

  @Test
  void methodMustBeStaticAndPublicInAPublicClass() {
    Source s =
        bad(
            "  @Implements(\"aten::relu\")",
            "  public Array notStatic(Array self) { return self; }",
            "  @Implements(\"aten::relu_\")",
            "  static Array notPublic(Array self) { return self; }",
            "  static final class Hidden {",
            "    @Implements(\"aten::gelu\")",
            "    public static Array inHidden(Array self, String approximate) { return self; }",
            "  }",
            "  public final class Inner {",
            "    @Implements(\"aten::silu\")",
            "    public static Array inInner(Array self) { return self; }",
            "  }");
    Compilation c = compile(s);
    assertThat(c)
        .hadErrorContaining(Messages.METHOD_NOT_STATIC + ": test.Bad#notStatic")
        .inFile(s.file())
        .onLine(s.line("aten::relu\""));
    assertThat(c)
        .hadErrorContaining(Messages.METHOD_NOT_PUBLIC + ": test.Bad#notPublic is not public")
        .inFile(s.file())
        .onLine(s.line("aten::relu_"));
    assertThat(c)
        .hadErrorContaining("test.Bad.Hidden, which is not public")
        .inFile(s.file())
        .onLine(s.line("aten::gelu"));
    assertThat(c)
        .hadErrorContaining("is in the inner class test.Bad.Inner; make it static")
        .inFile(s.file())
        .onLine(s.line("aten::silu"));
  }

  @Test
  void schemaTypesWithoutJavaMapping() {
    Source s =
        bad(
            "  @Implements(\"aten::add.complex\")",
            "  public static Object a(Object x, Object y) { return x; }");
    Compilation c = compile(s);
    assertThat(c)
        .hadErrorContaining(
            Messages.OP_UNSUPPORTED_TYPE + ": argument 1 'a' of aten::add.complex has type complex")
        .inFile(s.file())
        .onLine(s.line("aten::add.complex"));
  }

  @Test
  void runtimeTypesMustBeOnTheClasspath() {
    JavaFileObject alone =
        JavaFileObjects.forSourceLines(
            "test.Alone",
            "package test;",
            "",
            "import dev.torch2jax.annotations.Implements;",
            "",
            "public final class Alone {",
            "  private Alone() {}",
            "",
            "  @Implements(\"aten::sym_size.int\")",
            "  public static long size(Object self, long dim) { return dim; }",
            "}");
    Compilation c = TestSources.javac().compile(alone);
    assertThat(c).failed();
    assertThat(c)
        .hadErrorContaining(Messages.RUNTIME_TYPE_MISSING + ": dev.torch2jax.Array")
        .inFile(alone)
        .onLine(8);
  }

  @Test
  void badPackageOption() {
    Source s =
        bad(
            "  @Implements(\"aten::relu\")",
            "  public static Array a(Array self) { return self; }");
    Compilation c =
        TestSources.javac("-Atorch2jax.package=not a package").compile(TestSources.with(s.file()));
    assertThat(c).hadErrorContaining(Messages.BAD_OPTION + ": -Atorch2jax.package=not a package");
  }

  /** {@code test.<name>}, a public class holding {@code body}, with the usual imports. */
  static Source named(String name, String... body) {
    List<String> lines = new ArrayList<>();
    lines.add("package test;");
    lines.add("");
    lines.add("import dev.torch2jax.Array;");
    lines.add("import dev.torch2jax.annotations.Implements;");
    lines.add("");
    lines.add("public final class %s {".formatted(name));
    lines.add("  private %s() {}".formatted(name));
    lines.addAll(List.of(body));
    lines.add("}");
    return new Source(JavaFileObjects.forSourceLines("test." + name, lines), lines);
  }

  /** add and __and__ in one class; add.Scalar, the out variant and __iand__ in another. */
  static List<Source> splitBaseNames() {
    Source adds =
        named(
            "Adds",
            "  @Implements({\"aten::add.Tensor\", \"aten::add_.Tensor\"})",
            "  public static Array add(Array self, Array other, Number alpha) { return self; }",
            "  @Implements(\"aten::__and__.Tensor\")",
            "  public static Array and(Array self, Array other) { return self; }",
            "  @Implements({\"aten::relu\", \"aten::relu_\"})",
            "  public static Array relu(Array self) { return self; }");
    Source more =
        named(
            "MoreAdds",
            "  @Implements(\"aten::add.out\")",
            "  public static Array addOut(Array self, Array other, Number alpha, Array out) {",
            "    return self;",
            "  }",
            "  @Implements(\"aten::add.Scalar\")",
            "  public static Array addScalar(Array self, Number other, Number alpha) {",
            "    return self;",
            "  }",
            "  @Implements(\"aten::__iand__.Tensor\")",
            "  public static Array iand(Array self, Array other) { return self; }");
    return List.of(adds, more);
  }

  static Compilation compile(List<Source> sources, String... options) {
    return TestSources.javac(options)
        .compile(
            TestSources.with(sources.stream().map(Source::file).toArray(JavaFileObject[]::new)));
  }

  @Test
  void baseNameSplitOverClassesWhenAsked() {
    List<Source> s = splitBaseNames();
    Source adds = s.get(0);
    Source more = s.get(1);
    Compilation c = compile(s, "-Atorch2jax.oneClassPerBaseName=true");
    assertThat(c).failed();
    String add =
        Messages.BASE_NAME_SPLIT
            + ": aten::add is split over 2 classes: test.Adds (aten::add.Tensor, aten::add_.Tensor),"
            + " test.MoreAdds (aten::add.Scalar, aten::add.out); keep every overload of aten::add"
            + " in one class";
    assertThat(c).hadErrorContaining(add).inFile(adds.file()).onLine(adds.line("aten::add.Tensor"));
    assertThat(c).hadErrorContaining(add).inFile(more.file()).onLine(more.line("aten::add.Scalar"));
    String and =
        Messages.BASE_NAME_SPLIT
            + ": aten::__and__ is split over 2 classes: test.Adds (aten::__and__.Tensor),"
            + " test.MoreAdds (aten::__iand__.Tensor)";
    assertThat(c).hadErrorContaining(and).inFile(adds.file()).onLine(adds.line("__and__"));
    assertThat(c).hadErrorContaining(and).inFile(more.file()).onLine(more.line("__iand__"));
    assertEquals(4, errorCount(c));
  }

  @Test
  void baseNameSplitIsAllowedByDefault() {
    assertThat(compile(splitBaseNames())).succeededWithoutWarnings();
    assertThat(compile(splitBaseNames(), "-Atorch2jax.oneClassPerBaseName=false"))
        .succeededWithoutWarnings();
  }

  @Test
  void badOneClassPerBaseNameOption() {
    Compilation c = compile(splitBaseNames(), "-Atorch2jax.oneClassPerBaseName=yes");
    assertThat(c).hadErrorContaining(Messages.BAD_OPTION + ": -Atorch2jax.oneClassPerBaseName=yes");
  }
}
