package dev.torch2jax.processor;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.torch2jax.processor.diagnostics.Messages;
import dev.torch2jax.processor.schema.SchemaCatalog;
import dev.torch2jax.processor.writing.CoverageReport;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

class OpsProcessorTest {

  static final JavaFileObject OPS =
      JavaFileObjects.forSourceLines(
          "test.ops.Ops",
          "package test.ops;",
          "",
          "import dev.torch2jax.Array;",
          "import dev.torch2jax.DType;",
          "import dev.torch2jax.annotations.Implements;",
          "import java.util.Arrays;",
          "import java.util.List;",
          "",
          "public final class Ops {",
          "  private Ops() {}",
          "",
          "  public static List<Object> last;",
          "",
          "  @Implements({\"aten::add.Tensor\", \"aten::sub.Tensor\"})",
          "  public static Array add(Array self, Array other, Number alpha) {",
          "    last = Arrays.asList(self, other, alpha);",
          "    return self;",
          "  }",
          "",
          "  @Implements(\"aten::add_.Tensor\")",
          "  public static Array addInPlace(Array self, Array other, Number alpha) {",
          "    last = Arrays.asList(self, other, alpha);",
          "    return self;",
          "  }",
          "",
          "  @Implements(\"aten::sum.dim_IntList\")",
          "  public static Array sum(Array self, long[] dim, boolean keepdim, DType dtype) {",
          "    last = Arrays.asList(self, dim, keepdim, dtype);",
          "    return self;",
          "  }",
          "",
          "  @Implements(\"aten::max_pool2d\")",
          "  public static Array maxPool2d(",
          "      Array self, long[] kernel, long[] stride, long[] padding, long[] dilation,",
          "      boolean ceilMode) {",
          "    last = Arrays.asList(self, kernel, stride, padding, dilation, ceilMode);",
          "    return self;",
          "  }",
          "",
          "  @Implements(\"aten::native_batch_norm\")",
          "  public static List<Array> batchNorm(Array input, Array weight, Array bias,",
          "      Array runningMean, Array runningVar, boolean training, double momentum,",
          "      double eps) {",
          "    last = Arrays.asList(input, weight, bias, runningMean, runningVar, training,",
          "        momentum, eps);",
          "    return List.of(input, input, input);",
          "  }",
          "",
          "  @Implements(\"aten::_to_copy\")",
          "  public static Array toCopy(Array self, DType dtype, Object layout, Object device,",
          "      Boolean pinMemory, boolean nonBlocking, Object memoryFormat) {",
          "    last = Arrays.asList(self, dtype, layout, device, pinMemory, nonBlocking,",
          "        memoryFormat);",
          "    return self;",
          "  }",
          "",
          "  @Implements(\"aten::sym_size.int\")",
          "  public static long symSize(Array self, long dim) {",
          "    return self.shape()[(int) dim];",
          "  }",
          "",
          "  @Implements(\"aten::exp aten::log\")",
          "  public static Array expOrLog(String overload, Array self) {",
          "    last = Arrays.asList(overload, self);",
          "    return self;",
          "  }",
          "",
          "  @Implements(",
          "      value = \"aten::randint aten::randint.generator\",",
          "      ignores = {\"generator\", \"layout device pin_memory\"})",
          "  public static Array randint(long high, long[] size, DType dtype) {",
          "    last = Arrays.asList(high, size, dtype);",
          "    return null;",
          "  }",
          "",
          "  @Implements(\"aten::_test_string_default\")",
          "  public static Array stringDefault(Array dummy, String a, String b) {",
          "    last = Arrays.asList(dummy, a, b);",
          "    return dummy;",
          "  }",
          "}");

  static final JavaFileObject NN_OPS =
      JavaFileObjects.forSourceLines(
          "test.ops.nn.NnOps",
          "package test.ops.nn;",
          "",
          "import dev.torch2jax.Array;",
          "import dev.torch2jax.annotations.Implements;",
          "",
          "public final class NnOps {",
          "  private NnOps() {}",
          "",
          "  /** Nested classes work when public and static. */",
          "  public static final class Activations {",
          "    private Activations() {}",
          "",
          "    @Implements(\"aten::relu\")",
          "    public static Array relu(Array self) {",
          "      return self;",
          "    }",
          "  }",
          "}");

  static final JavaFileObject FAKE_ARRAY =
      JavaFileObjects.forSourceLines(
          "test.ops.FakeArray",
          "package test.ops;",
          "",
          "import dev.torch2jax.Array;",
          "import dev.torch2jax.DType;",
          "",
          "public final class FakeArray extends Array {",
          "  private final long[] shape;",
          "",
          "  public FakeArray(long[] shape) {",
          "    this.shape = shape.clone();",
          "  }",
          "",
          "  @Override",
          "  public long[] shape() {",
          "    return shape.clone();",
          "  }",
          "",
          "  @Override",
          "  public DType dtype() {",
          "    return DType.F32;",
          "  }",
          "}");

  static Compilation compileOps(String... options) {
    return TestSources.javac(options).compile(TestSources.with(OPS, NN_OPS, FAKE_ARRAY));
  }

  @Test
  void generatesGoldenDispatchTableWithoutWarnings() {
    Compilation c = compileOps();
    assertThat(c).succeededWithoutWarnings();
    TestSources.maybeRewriteGolden(
        c, "test.ops.GeneratedOpTable", "expected/GeneratedOpTable.java");
    assertThat(c)
        .generatedSourceFile("test.ops.GeneratedOpTable")
        .hasSourceEquivalentTo(JavaFileObjects.forResource("expected/GeneratedOpTable.java"));
  }

  @Test
  void registersTheTableWithServiceLoader() {
    Compilation c = compileOps();
    assertThat(c)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT, "META-INF/services/dev.torch2jax.aten.OpTable")
        .contentsAsUtf8String()
        .isEqualTo("test.ops.GeneratedOpTable\n");
    // No primitive rules in this compilation: no rule table, no rule service file.
    assertNull(TestSources.resource(c, "META-INF/services/" + OpsProcessor.PRIMITIVE_RULE_TABLE));
    assertThat(c.generatedSourceFiles().stream().map(JavaFileObject::getName).toList())
        .doesNotContain("/SOURCE_OUTPUT/test/ops/GeneratedPrimitiveRules.java");
  }

  @Test
  void packageOptionMovesTheTable() {
    Compilation c = compileOps("-Atorch2jax.package=com.example.tables");
    assertThat(c).succeededWithoutWarnings();
    assertThat(c).generatedSourceFile("com.example.tables.GeneratedOpTable");
    assertThat(c)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT, "META-INF/services/dev.torch2jax.aten.OpTable")
        .contentsAsUtf8String()
        .isEqualTo("com.example.tables.GeneratedOpTable\n");
  }

  @Test
  void writesCoverageReportAndNote() {
    Compilation c = compileOps();
    String tsv = TestSources.resource(c, OpsProcessor.COVERAGE_RESOURCE);
    List<String> lines = tsv.lines().toList();
    SchemaCatalog catalog = SchemaCatalog.bundled();
    assertEquals(CoverageReport.HEADER, lines.get(0));
    assertEquals(catalog.names().size() + 1, lines.size());
    assertThat(lines.subList(1, lines.size())).isInStrictOrder();
    assertThat(lines).contains("aten::add.Tensor\ttest.ops.Ops#add\t\t\tyes");
    assertThat(lines).contains("aten::sub.Tensor\ttest.ops.Ops#add\t\t\tyes");
    assertThat(lines).contains("aten::relu\ttest.ops.nn.NnOps.Activations#relu\t\t\tyes");
    assertThat(lines).contains("aten::add_.Tensor\ttest.ops.Ops#addInPlace\t\t\tno");
    assertThat(lines).contains("aten::log\ttest.ops.Ops#expOrLog\t\t\tyes");
    assertThat(lines).contains("aten::mul.Tensor\t\t\t\tyes");
    assertThat(lines).contains("aten::mul_.Tensor\t\t\t\tno");
    // 14 overloads; Core ATen among them: add.Tensor, sub.Tensor, sum.dim_IntList, relu,
    // _to_copy, sym_size.int, native_batch_norm, exp, log (max_pool2d is not, its
    // _with_indices twin is).
    long core =
        List.of(
                "aten::add.Tensor",
                "aten::sub.Tensor",
                "aten::sum.dim_IntList",
                "aten::relu",
                "aten::_to_copy",
                "aten::sym_size.int",
                "aten::native_batch_norm",
                "aten::exp",
                "aten::log",
                "aten::max_pool2d")
            .stream()
            .filter(catalog.core()::contains)
            .count();
    assertThat(c)
        .hadNoteContaining("torch2jax: " + core + "/193 Core ATen overloads, 14 overloads in all");
    assertEquals(193, catalog.core().size());
  }

  @Test
  void minCoreCoverageFailsBelowAndPassesAtTheMinimum() {
    Compilation below = compileOps("-Atorch2jax.minCoreCoverage=150");
    assertThat(below).failed();
    assertThat(below).hadErrorContaining(Messages.COVERAGE_BELOW_MINIMUM);
    assertThat(below).hadErrorContaining("asks for 150");

    Compilation at = compileOps("-Atorch2jax.minCoreCoverage=3");
    assertThat(at).succeededWithoutWarnings();

    Compilation bad = compileOps("-Atorch2jax.minCoreCoverage=lots");
    assertThat(bad).hadErrorContaining(Messages.BAD_OPTION);
  }

  @Test
  void compilationWithoutAnnotatedMethodsGeneratesNothing() {
    JavaFileObject plain =
        JavaFileObjects.forSourceLines(
            "test.Plain",
            "package test;",
            "",
            "public final class Plain {",
            "  private Plain() {}",
            "}");
    Compilation c = TestSources.javac().compile(TestSources.with(plain));
    assertThat(c).succeededWithoutWarnings();
    assertThat(c.generatedSourceFiles()).isEmpty();
    assertNull(TestSources.resource(c, OpsProcessor.COVERAGE_RESOURCE));
    assertNull(TestSources.resource(c, "META-INF/services/dev.torch2jax.aten.OpTable"));
  }

  // ------------------------------------------------------------- the dispatch, run for real

  /** The compiled table, its ops and helpers, loaded from the compilation's class files. */
  static final class Loaded {
    final ClassLoader loader;
    final Map<?, ?> ops;
    final Method call;

    Loaded(Compilation c) throws ReflectiveOperationException {
      loader = TestSources.classLoader(c);
      Class<?> table = loader.loadClass("test.ops.GeneratedOpTable");
      Object instance = table.getConstructor().newInstance();
      ops = (Map<?, ?>) table.getMethod("ops").invoke(instance);
      call = loader.loadClass("dev.torch2jax.aten.AtenOp").getMethod("call", List.class);
    }

    Object array(long... shape) throws ReflectiveOperationException {
      return loader.loadClass("test.ops.FakeArray").getConstructor(long[].class).newInstance(shape);
    }

    Object dtype(String name) throws ReflectiveOperationException {
      Class<?> cls = loader.loadClass("dev.torch2jax.DType");
      for (Object constant : cls.getEnumConstants()) {
        if (constant.toString().equals(name)) {
          return constant;
        }
      }
      throw new AssertionError(name);
    }

    Object call(String overload, Object... args) throws Throwable {
      Object op = ops.get(overload);
      if (op == null) {
        throw new AssertionError("no op " + overload + " in " + ops.keySet());
      }
      try {
        return call.invoke(op, Arrays.asList(args));
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    List<?> last() throws ReflectiveOperationException {
      return (List<?>) loader.loadClass("test.ops.Ops").getField("last").get(null);
    }
  }

  @Test
  void dispatchConvertsArgumentsAndFillsDefaults() throws Throwable {
    Compilation c = compileOps();
    assertThat(c).succeeded();
    Loaded t = new Loaded(c);
    Object x = t.array(2, 3);
    Object y = t.array(2, 3);

    assertThat(t.ops.keySet())
        .containsExactly(
            "aten::_test_string_default",
            "aten::_to_copy",
            "aten::add.Tensor",
            "aten::add_.Tensor",
            "aten::exp",
            "aten::log",
            "aten::max_pool2d",
            "aten::native_batch_norm",
            "aten::randint",
            "aten::randint.generator",
            "aten::relu",
            "aten::sub.Tensor",
            "aten::sum.dim_IntList",
            "aten::sym_size.int")
        .inOrder();

    // Scalar alpha=1 filled from the schema; the same method serves add and sub.
    assertThat(t.call("aten::add.Tensor", x, y)).isSameInstanceAs(x);
    assertEquals(Arrays.asList(x, y, 1L), t.last());
    t.call("aten::sub.Tensor", x, y, 2.5);
    assertEquals(Arrays.asList(x, y, 2.5), t.last());

    // int[1]? from a List<Long>; bool and ScalarType? defaults; ScalarType code 6 is float32.
    t.call("aten::sum.dim_IntList", x, List.of(0L, 1L));
    assertArrayEquals(new long[] {0, 1}, (long[]) t.last().get(1));
    assertEquals(false, t.last().get(2));
    assertNull(t.last().get(3));
    t.call("aten::sum.dim_IntList", x, 1L, true, 6L);
    assertArrayEquals(new long[] {1}, (long[]) t.last().get(1));
    assertEquals(true, t.last().get(2));
    assertEquals(t.dtype("F32"), t.last().get(3));
    t.call("aten::sum.dim_IntList", x, null, false, t.dtype("F64"));
    assertNull(t.last().get(1));

    // int[2] defaults: stride=[] stays empty, padding=0 and dilation=1 broadcast to two.
    t.call("aten::max_pool2d", x, List.of(3L, 3L));
    assertArrayEquals(new long[] {3, 3}, (long[]) t.last().get(1));
    assertArrayEquals(new long[] {}, (long[]) t.last().get(2));
    assertArrayEquals(new long[] {0, 0}, (long[]) t.last().get(3));
    assertArrayEquals(new long[] {1, 1}, (long[]) t.last().get(4));
    assertEquals(false, t.last().get(5));
    t.call("aten::max_pool2d", x, 2L, new long[] {1, 2}, 1, List.of(1, 1), true);
    assertArrayEquals(new long[] {2, 2}, (long[]) t.last().get(1));
    assertArrayEquals(new long[] {1, 2}, (long[]) t.last().get(2));
    assertArrayEquals(new long[] {1, 1}, (long[]) t.last().get(3));

    // Tensor? accepts null; tuple returns are List<Array>; float accepts an int.
    Object out = t.call("aten::native_batch_norm", x, null, null, y, y, false, 0.1, 1L);
    assertThat((List<?>) out).hasSize(3);
    assertEquals(Arrays.asList(x, null, null, y, y, false, 0.1, 1.0), t.last());

    // Keyword-only defaults, Device/Layout/MemoryFormat accepted when default or cpu.
    t.call("aten::_to_copy", x);
    assertEquals(Arrays.asList(x, null, null, null, null, false, null), t.last());
    t.call("aten::_to_copy", x, t.dtype("BF16"), null, "cpu", null, false, 0L);
    assertEquals(Arrays.asList(x, t.dtype("BF16"), null, "cpu", null, false, 0L), t.last());

    // Returns of int are boxed longs; string defaults keep their escapes.
    assertEquals(3L, t.call("aten::sym_size.int", x, 1L));
    t.call("aten::_test_string_default", x);
    assertEquals(Arrays.asList(x, "\"'\\", "\"'\\"), t.last());

    // A leading String parameter receives the name of the overload dispatched.
    t.call("aten::exp", x);
    assertEquals(Arrays.asList("aten::exp", x), t.last());
    t.call("aten::log", y);
    assertEquals(Arrays.asList("aten::log", y), t.last());

    // Ignored arguments have no parameter; both overloads reach one method.
    long[] size = {2L, 3L};
    t.call("aten::randint", 5L, List.of(2L, 3L));
    assertEquals(5L, t.last().get(0));
    assertThat((long[]) t.last().get(1)).isEqualTo(size);
    assertEquals(3, t.last().size());
    t.call("aten::randint.generator", 7L, List.of(2L, 3L), null, t.dtype("I32"));
    assertEquals(Arrays.asList(7L, t.last().get(1), t.dtype("I32")), t.last());

    // Nested class methods are called directly too.
    assertThat(t.call("aten::relu", y)).isSameInstanceAs(y);
  }

  @Test
  void dispatchRejectsWrongArgumentsNamingOverloadAndArgument() throws Throwable {
    Compilation c = compileOps();
    Loaded t = new Loaded(c);
    Object x = t.array(2, 3);

    Throwable wrongTensor =
        assertThrows(IllegalArgumentException.class, () -> t.call("aten::add.Tensor", x, "y"));
    assertEquals("dev.torch2jax.aten.OpArgumentException", wrongTensor.getClass().getName());
    assertEquals(
        "aten::add.Tensor: argument 'other': expected Tensor (an Array), got String \"y\"",
        wrongTensor.getMessage());

    Throwable wrongInt =
        assertThrows(IllegalArgumentException.class, () -> t.call("aten::sym_size.int", x, 1.5));
    assertEquals(
        "aten::sym_size.int: argument 'dim': expected int (a Long), got Double 1.5",
        wrongInt.getMessage());

    Throwable wrongList =
        assertThrows(
            IllegalArgumentException.class,
            () -> t.call("aten::sum.dim_IntList", x, List.of(0L, "1")));
    assertThat(wrongList).hasMessageThat().contains("argument 'dim'");
    assertThat(wrongList).hasMessageThat().contains("element 1");

    Throwable arity =
        assertThrows(IllegalArgumentException.class, () -> t.call("aten::add.Tensor", x));
    assertEquals("aten::add.Tensor: expected 2 to 3 arguments, got 1", arity.getMessage());

    Throwable device =
        assertThrows(
            IllegalArgumentException.class,
            () -> t.call("aten::_to_copy", x, null, null, "cuda:0", null, false, null));
    assertThat(device)
        .hasMessageThat()
        .startsWith("aten::_to_copy: argument 'device': expected Device");
    assertThat(device).hasMessageThat().contains("got String \"cuda:0\"");

    Throwable generator =
        assertThrows(
            IllegalArgumentException.class,
            () -> t.call("aten::randint.generator", 7L, List.of(2L), "gen"));
    assertThat(generator)
        .hasMessageThat()
        .startsWith("aten::randint.generator: argument 'generator': expected Generator");

    Throwable nullTensor =
        assertThrows(IllegalArgumentException.class, () -> t.call("aten::relu", (Object) null));
    assertThat(nullTensor).hasMessageThat().contains("got None (null)");
  }
}
