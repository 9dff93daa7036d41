package dev.torch2jax.aten;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.opinfo.OpInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Block;
import org.bytedeco.pytorch.GraphFunction;
import org.bytedeco.pytorch.JitNode;
import org.bytedeco.pytorch.Symbol;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.DynamicTest;

/**
 * Table rows for the in-place overloads ({@code a.add_(b)}, {@code a[0].mul_(2.0)}, ...): each row
 * is a TorchScript function that mutates its first input and returns it, the overload its graph
 * must hold, and its inputs; it runs through every check of the OpInfo harness. Random in-place ops
 * ({@code a.normal_()}) are checked by their contract ({@link RandomSamples}).
 *
 * <p>TorchScript's compiler rewrites an alias to its canonical op ({@code a.arccos_()} becomes
 * {@code aten::acos_}), so no source reaches an alias: an alias row compiles the canonical call and
 * renames that node in the compiled graph to the alias before libtorch or t2j sees it.
 */
final class InPlaceSamples {
  private InPlaceSamples() {}

  /** A row: {@code src} defines {@code f}, whose graph holds {@code op}; its inputs in order. */
  record Sample(String op, String src, Object[] inputs, Contract random) {
    @Override
    public String toString() {
      String body = src.substring(src.indexOf('\n') + 1).strip().replace("\n", "; ");
      return op + ": " + body.replaceAll("\\s+", " ");
    }
  }

  /** How a random row is checked: its parameters and expression, and what each value must be. */
  record Contract(String params, String expr, Consumer<double[]> valid) {}

  /** {@code def f(params): return expr}, which reaches {@code op}. */
  static Sample of(String op, String params, String expr, Object... inputs) {
    return new Sample(op, OpInfo.source(params, expr), inputs, null);
  }

  /**
   * {@code def f(params): statement; return a}: an in-place op through a view of {@code a} ({@code
   * a[0].add_(b)}) is seen in {@code a}.
   */
  static Sample through(String op, String params, String statement, Object... inputs) {
    return new Sample(
        op, "def f(" + params + "):\n    " + statement + "\n    return a\n", inputs, null);
  }

  /**
   * The alias {@code op} ({@code aten::arccos_}) of the canonical call {@code expr} ({@code
   * a.acos_()}): the compiled node is renamed to the alias (see the class comment).
   */
  static Sample alias(String op, String params, String expr, Object... inputs) {
    String src = "def f(" + params + "):\n    " + ALIAS_MARK + op + "\n    return " + expr + "\n";
    return new Sample(op, src, inputs, null);
  }

  /** A random in-place op, checked by its contract: each value passes {@code valid}. */
  static Sample random(
      String op, String params, String expr, Consumer<double[]> valid, Tensor... inputs) {
    return new Sample(op, OpInfo.source(params, expr), inputs, new Contract(params, expr, valid));
  }

  /** One dynamic test per row. */
  static Stream<DynamicTest> tests(List<Sample> rows) {
    return rows.stream().map(s -> DynamicTest.dynamicTest(s.toString(), () -> check(s)));
  }

  /** Runs one row: asserts its graph holds its overload, then every check of the harness. */
  static void check(Sample s) {
    if (s.src.contains(ALIAS_MARK)) {
      renameToAlias(s.src, s.op);
    }
    assertTrue(OpInfo.graphOps(s.src).contains(s.op), s.src + " reaches " + OpInfo.graphOps(s.src));
    if (s.random != null) {
      List<Tensor> tensors = Stream.of(s.inputs).map(Tensor.class::cast).toList();
      RandomSamples.check(s.op, s.random.params, s.random.expr, tensors, s.random.valid);
      return;
    }
    OpInfo.run(List.of(s.op), s.src, s.inputs, OpInfo.ALL, -1, null);
  }

  /** TorchScript's normalization of aliases (torch/csrc/jit/passes/normalize_ops.cpp), reversed. */
  private static final Map<String, String> CANONICAL =
      Map.ofEntries(
          Map.entry("absolute_", "abs_"),
          Map.entry("arccos_", "acos_"),
          Map.entry("arccosh_", "acosh_"),
          Map.entry("arcsin_", "asin_"),
          Map.entry("arcsinh_", "asinh_"),
          Map.entry("arctan_", "atan_"),
          Map.entry("arctan2_", "atan2_"),
          Map.entry("arctanh_", "atanh_"),
          Map.entry("clip_", "clamp_"),
          Map.entry("divide_", "div_"),
          Map.entry("true_divide_", "div_"),
          Map.entry("multiply_", "mul_"),
          Map.entry("subtract_", "sub_"),
          Map.entry("negative_", "neg_"),
          Map.entry("fix_", "trunc_"),
          Map.entry("greater_", "gt_"),
          Map.entry("greater_equal_", "ge_"),
          Map.entry("less_", "lt_"),
          Map.entry("less_equal_", "le_"),
          Map.entry("not_equal_", "ne_"));

  /** The comment that marks an alias row's source (and keeps it apart from the canonical row's). */
  private static final String ALIAS_MARK = "# renamed to ";

  private static final Set<String> RENAMED = new HashSet<>();

  /** Renames the canonical node of {@code src}'s compiled graph to the alias {@code op}, once. */
  private static synchronized void renameToAlias(String src, String op) {
    if (!RENAMED.add(src)) {
      return;
    }
    String name = op.substring("aten::".length(), op.contains(".") ? op.indexOf('.') : op.length());
    String canonical = "aten::" + CANONICAL.get(name);
    Block block = new GraphFunction(OpInfo.compile(src)).graph().block();
    JitNode ret = block.return_node();
    int renamed = 0;
    for (JitNode n = block.nodes().front(); !n.equals(ret); ) {
      JitNode next = n.next();
      if (n.kind().toQualString().getString().equals(canonical)) {
        n.replaceWithNewSymbol(Symbol.fromQualString("aten::" + name));
        n.destroy();
        renamed++;
      }
      n = next;
    }
    assertTrue(renamed == 1, src + ": expected one " + canonical + " node to rename");
  }
}
