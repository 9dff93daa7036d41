package dev.torch2jax.aten;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.opinfo.OpInfo;
import java.util.List;
import org.bytedeco.pytorch.Tensor;

/** OpInfo samples over parameters named a, b, c, ... that must reach a given overload. */
final class GraphSamples {
  private GraphSamples() {}

  /**
   * Runs {@code expr} over parameters a, b, ... typed after {@code inputs} (Tensor, int, float,
   * bool) with every check, after asserting that its graph holds {@code op}.
   */
  static void sample(String op, String expr, Object... inputs) {
    StringBuilder params = new StringBuilder();
    for (int i = 0; i < inputs.length; i++) {
      String type =
          switch (inputs[i]) {
            case Tensor t -> "Tensor";
            case Long l -> "int";
            case Double d -> "float";
            case Boolean b -> "bool";
            default -> throw new IllegalArgumentException("input " + inputs[i]);
          };
      params.append(i > 0 ? ", " : "").append((char) ('a' + i)).append(": ").append(type);
    }
    String src = OpInfo.source(params.toString(), expr);
    assertTrue(OpInfo.graphOps(src).contains(op), op + " not in the graph of " + src);
    OpInfo.run(List.of(op), src, inputs, OpInfo.ALL, -1, null);
  }
}
