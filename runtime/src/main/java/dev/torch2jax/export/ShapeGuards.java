package dev.torch2jax.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.export.ExportSchema.RangeConstraint;
import dev.torch2jax.export.ExportSchema.TensorMeta;
import dev.torch2jax.export.ExportSchema.Union;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an exported program assumes of its tensor inputs: each dimension a number, a symbol of a
 * range ({@code Dim("batch", min=2, max=16)} becomes {@code s77} in [2, 16]), or an expression of
 * symbols ({@code 2*s77}). A call binds the symbols from the input shapes and refuses a dimension
 * outside its range or breaking a relation, naming the input, the dimension and the range.
 */
final class ShapeGuards {
  /** One dimension of an input: an expression, or a plain symbol (which binds). */
  private record Dim(SymbolicExpr expr, long hint) {}

  private record Range(long min, long max) {
    @Override
    public String toString() {
      return "[%d, %s]".formatted(min, max == Long.MAX_VALUE ? "inf" : String.valueOf(max));
    }
  }

  private record Expected(DType dtype, List<Dim> dims) {}

  private final Map<String, Expected> inputs = new LinkedHashMap<>();
  private final Map<String, Range> ranges = new HashMap<>();

  ShapeGuards(
      List<String> tensorInputs,
      Map<String, TensorMeta> tensorValues,
      Map<String, RangeConstraint> rangeConstraints) {
    for (String name : tensorInputs) {
      TensorMeta meta = tensorValues.get(name);
      if (meta != null) {
        inputs.put(
            name,
            new Expected(
                ExportEnums.dtype(meta.dtype()),
                meta.sizes().stream().map(ShapeGuards::dim).toList()));
      }
    }
    if (rangeConstraints != null) {
      rangeConstraints.forEach(
          (sym, r) ->
              ranges.put(sym, new Range(bound(r.minVal(), 0), bound(r.maxVal(), Long.MAX_VALUE))));
    }
  }

  private static Dim dim(Union size) {
    return switch (size.kind()) {
      case "as_int" ->
          new Dim(new SymbolicExpr.Constant(size.value().asLong()), size.value().asLong());
      case "as_expr" ->
          new Dim(
              SymbolicExpr.parse(size.value().get("expr_str").asText()),
              size.value().path("hint").path("as_int").asLong(-1));
      default -> throw new IllegalArgumentException("unknown size form %s".formatted(size.kind()));
    };
  }

  private static long bound(JsonNode n, long unbounded) {
    return n == null || !n.isIntegralNumber() || !n.canConvertToLong() ? unbounded : n.asLong();
  }

  /**
   * Checks {@code input}'s dtype and shape against the export and binds its symbols into {@code
   * symbols}.
   *
   * @throws IllegalArgumentException naming the input and dimension that does not fit
   */
  void check(String name, Array input, Map<String, Long> symbols) {
    Expected x = inputs.get(name);
    if (x == null) {
      return;
    }
    long[] shape = input.shape();
    if (shape.length != x.dims().size()) {
      throw new IllegalArgumentException(
          "input %s: expected %d dimensions, got shape %s"
              .formatted(name, x.dims().size(), Arrays.toString(shape)));
    }
    if (input.dtype() != x.dtype()) {
      throw new IllegalArgumentException(
          "input %s: expected dtype %s, got %s"
              .formatted(name, x.dtype().torchName(), input.dtype().torchName()));
    }
    for (int d = 0; d < shape.length; d++) {
      if (x.dims().get(d).expr() instanceof SymbolicExpr.Symbol s
          && !symbols.containsKey(s.name())) {
        Range r = ranges.get(s.name());
        if (r != null && (shape[d] < r.min() || shape[d] > r.max())) {
          throw new IllegalArgumentException(
              "input %s: dimension %d (symbol %s) is %d, outside the exported range %s"
                  .formatted(name, d, s.name(), shape[d], r));
        }
        symbols.put(s.name(), shape[d]);
      }
    }
  }

  /**
   * Checks the dimensions that are numbers or expressions, once every input has bound its symbols.
   */
  void checkRelations(Map<String, Array> given, Map<String, Long> symbols) {
    for (Map.Entry<String, Expected> e : inputs.entrySet()) {
      Array a = given.get(e.getKey());
      if (a == null) {
        continue;
      }
      List<Dim> dims = e.getValue().dims();
      for (int d = 0; d < dims.size(); d++) {
        SymbolicExpr expr = dims.get(d).expr();
        long want = expr.eval(symbols);
        if (a.shape()[d] != want) {
          throw new IllegalArgumentException(
              "input %s: dimension %d is %d, the export requires %s%s (shape %s)"
                  .formatted(
                      e.getKey(),
                      d,
                      a.shape()[d],
                      want,
                      expr instanceof SymbolicExpr.Constant ? "" : " = " + describe(expr),
                      Arrays.toString(a.shape())));
        }
      }
    }
  }

  private static String describe(SymbolicExpr e) {
    return switch (e) {
      case SymbolicExpr.Symbol s -> s.name();
      case SymbolicExpr.Constant c -> String.valueOf(c.value());
      case SymbolicExpr.Call c ->
          "%s(%s)"
              .formatted(
                  c.function(),
                  String.join(", ", c.args().stream().map(ShapeGuards::describe).toList()));
    };
  }
}
