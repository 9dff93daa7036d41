package dev.torch2jax.aten;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.opinfo.OpInfo;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.DynamicTest;

/**
 * One row of an overload table: a TorchScript function that reaches the overload {@code op} and its
 * inputs. A deterministic row goes through the OpInfo harness with every check; a random row (with
 * a {@code contract}) goes through {@link RandomSamples}, whose checks are its contract.
 *
 * @param op the overload the row is for; its graph must hold it
 * @param params the parameters of {@code f}, or null when {@code expr} is a whole source
 * @param expr the expression {@code f} returns, or a whole source defining {@code f}
 * @param inputs {@code f}'s arguments in order
 * @param contract for random rows, what every value must satisfy; null otherwise
 */
record OverloadSample(
    String op, String params, String expr, List<Object> inputs, Consumer<double[]> contract) {

  /** A row whose source is {@code def f(params): return expr}. */
  static OverloadSample sample(String op, String params, String expr, Object... inputs) {
    return new OverloadSample(op, params, expr, Arrays.asList(inputs), null);
  }

  /** A row with its own source (for typed locals TorchScript cannot infer). */
  static OverloadSample script(String op, String src, Object... inputs) {
    return new OverloadSample(op, null, src, Arrays.asList(inputs), null);
  }

  /** A random row over tensor inputs, checked by {@code contract} and libtorch's moments. */
  static OverloadSample random(
      String op, String params, String expr, Consumer<double[]> contract, Tensor... inputs) {
    return new OverloadSample(op, params, expr, Arrays.asList((Object[]) inputs), contract);
  }

  /** The TorchScript source of the row. */
  String src() {
    return params == null ? expr : OpInfo.source(params, expr);
  }

  /** Asserts that the source reaches {@link #op}, then runs the row's checks. */
  void run() {
    if (contract != null) {
      List<Tensor> tensors = inputs.stream().map(Tensor.class::cast).toList();
      RandomSamples.check(op, params, expr, tensors, contract);
      return;
    }
    String src = src();
    assertTrue(OpInfo.graphOps(src).contains(op), src + " reaches " + OpInfo.graphOps(src));
    OpInfo.run(List.of(op), src, inputs.toArray(), OpInfo.ALL, -1, null);
  }

  /** One dynamic test per row, named by its overload and expression. */
  static Stream<DynamicTest> tests(List<OverloadSample> rows) {
    return rows.stream().map(r -> DynamicTest.dynamicTest(r.op + ": " + r.expr.strip(), r::run));
  }
}
