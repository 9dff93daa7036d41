package dev.torch2jax.hlo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What every op of a {@link FunctionBuilder} shares: the value names, the block arguments, the
 * lines written so far, ops with regions, the text, and the checks that operands belong to this
 * builder. The ops themselves are written by the subclasses, one family each: {@link
 * ElementwiseBuilder}, {@link ShapeBuilder}, then {@link FunctionBuilder} (control flow,
 * contractions, reductions, windows, random bits), the one class users see.
 */
abstract sealed class OpWriter permits ElementwiseBuilder {

  /** Name counters shared by a function and its regions, so that names are unique in it. */
  static final class Names {
    int nextValue;
    int nextArg;
  }

  final String name;
  final boolean isPublic;
  final boolean isRegion;
  final Names names;
  final List<Value> params;
  final List<String> lines = new ArrayList<>();
  List<TensorType> resultTypes;

  /** For a region that may use values of enclosing builders (case branches): the enclosing one. */
  OpWriter enclosing;

  /** GSPMD shardings of the parameters and results ({@code mhlo.sharding}), or null for none. */
  private List<String> paramShardings;

  private List<String> resultShardings;

  OpWriter(
      String name, boolean isPublic, boolean isRegion, Names names, List<TensorType> argTypes) {
    this.name = name;
    this.isPublic = isPublic;
    this.isRegion = isRegion;
    this.names = names;
    List<Value> args = new ArrayList<>(argTypes.size());
    for (TensorType t : argTypes) {
      args.add(new Value("%arg" + names.nextArg++, Objects.requireNonNull(t, "type"), this));
    }
    this.params = Collections.unmodifiableList(args);
  }

  /** The function's name (without {@code @}); for a region, the name of the op that holds it. */
  public String name() {
    return name;
  }

  /** The parameters ({@code %arg0}, {@code %arg1}, ...), or a region's block arguments. */
  public List<Value> params() {
    return params;
  }

  /**
   * Ends the function with {@code "func.return"} (a region with {@code "stablehlo.return"}); the
   * function's result types are the types of {@code results}.
   */
  public void returns(Value... results) {
    String op = isRegion ? "stablehlo.return" : "func.return";
    List<Value> operands = List.of(results);
    use(op, operands);
    List<TensorType> types = operands.stream().map(Value::type).toList();
    lines.add(
        "\"" + op + "\"(" + operandNames(operands) + ") : " + Syntax.typeTuple(types) + " -> ()");
    resultTypes = types;
  }

  /**
   * Marks the function's parameters and results with GSPMD shardings in XLA's notation (e.g. {@code
   * {devices=[4,1]0,1,2,3}} or {@code {replicated}}), written as {@code mhlo.sharding} attributes
   * that XLA's SPMD partitioner reads; one per parameter and one per result.
   */
  public void shardings(List<String> params, List<String> results) {
    if (isRegion) {
      throw new IllegalStateException("a region of " + name + " has no shardings");
    }
    if (params.size() != this.params.size()) {
      throw new IllegalArgumentException(
          "@%s has %d parameters, got %d shardings"
              .formatted(name, this.params.size(), params.size()));
    }
    paramShardings = List.copyOf(params);
    resultShardings = List.copyOf(results);
  }

  private static String shardingAttribute(List<String> shardings, int i) {
    return shardings == null ? "" : " {mhlo.sharding = \"" + shardings.get(i) + "\"}";
  }

  static String resultName(int id, int count) {
    return count == 1 ? "%" + id : "%" + id + ":" + count;
  }

  List<Value> results(int id, List<TensorType> types) {
    List<Value> out = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      out.add(new Value(types.size() == 1 ? "%" + id : "%" + id + "#" + i, types.get(i), this));
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Emits an op with one region built by {@code body} from block arguments of {@code argTypes},
   * which must return {@code regionResults}; checked before anything is written.
   */
  List<Value> emitWithRegion(
      String op,
      List<Value> operands,
      List<TensorType> argTypes,
      List<TensorType> regionResults,
      RegionBody body,
      String attrs,
      List<TensorType> resultTypes) {
    checkOpen(op);
    int id = names.nextValue++;
    List<String> region = region(op, argTypes, regionResults, body);
    return emitWithRegions(op, id, operands, List.of(region), attrs, resultTypes);
  }

  /**
   * Writes {@code op} with one reducer region over {@code inputs}: {@code body} gets one scalar
   * accumulator per input, then one scalar element per input, and returns one scalar per input.
   */
  List<Value> emitWithReducer(
      String op,
      List<Value> inputs,
      List<Value> operands,
      RegionBody body,
      String attrs,
      List<TensorType> resultTypes) {
    List<TensorType> scalars = inputs.stream().map(v -> TensorType.scalar(v.dtype())).toList();
    List<TensorType> argTypes = new ArrayList<>(scalars);
    argTypes.addAll(scalars);
    return emitWithRegion(op, operands, argTypes, scalars, body, attrs, resultTypes);
  }

  /**
   * Builds a region of {@code op} with block arguments {@code argTypes} that must return {@code
   * resultTypes}; returns its lines (block header and ops).
   */
  List<String> region(
      String op, List<TensorType> argTypes, List<TensorType> resultTypes, RegionBody body) {
    OpWriter region = buildRegion(op, "body", argTypes, resultTypes, body, null);
    List<String> out = new ArrayList<>();
    out.add("^bb0(" + blockArgs(region.params) + "):");
    for (String line : region.lines) {
      out.add("  " + line);
    }
    return out;
  }

  /**
   * Runs {@code body} on a new region builder of {@code op} with block arguments {@code argTypes}
   * and checks that it returned {@code resultTypes}; {@code what} names the region in the error.
   *
   * @param enclosing the builder whose values the region may use, or null when it uses only its
   *     block arguments
   */
  OpWriter buildRegion(
      String op,
      String what,
      List<TensorType> argTypes,
      List<TensorType> resultTypes,
      RegionBody body,
      OpWriter enclosing) {
    FunctionBuilder region = new FunctionBuilder(op, false, true, names, argTypes);
    region.enclosing = enclosing;
    body.build(region, region.params());
    if (!resultTypes.equals(region.resultTypes)) {
      String returned =
          region.resultTypes == null ? "nothing" : Syntax.typeTuple(region.resultTypes);
      throw fail(
          op,
          "%s must return %s, returned %s"
              .formatted(what, Syntax.typeTuple(resultTypes), returned));
    }
    return region;
  }

  /** Writes an op with regions, its result named {@code %id} (or {@code %id:n}). */
  List<Value> emitWithRegions(
      String op,
      int id,
      List<Value> operands,
      List<List<String>> regions,
      String attrs,
      List<TensorType> resultTypes) {
    lines.add(
        resultName(id, resultTypes.size())
            + " = "
            + quoted(op)
            + "("
            + operandNames(operands)
            + ") ({");
    for (int i = 0; i < regions.size(); i++) {
      if (i > 0) {
        lines.add("}, {");
      }
      lines.addAll(regions.get(i));
    }
    lines.add("}) {" + attrs + "} : " + signature(operands, resultTypes));
    return results(id, resultTypes);
  }

  // ---------------------------------------------------------------------------------------------
  // Text

  /** The function's text, indented to sit inside a module. */
  String toText() {
    if (resultTypes == null) {
      throw new IllegalStateException("function @" + name + " has no returns(...)");
    }
    StringBuilder sb = new StringBuilder();
    sb.append("  func.func ")
        .append(isPublic ? "public" : "private")
        .append(" @")
        .append(name)
        .append('(')
        .append(signatureParams())
        .append(") -> ")
        .append(signatureResults())
        .append(" {\n");
    for (String line : lines) {
      sb.append("    ").append(line).append('\n');
    }
    return sb.append("  }\n").toString();
  }

  private String signatureParams() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      out.add(params.get(i) + shardingAttribute(paramShardings, i));
    }
    return String.join(", ", out);
  }

  private String signatureResults() {
    if (resultShardings == null) {
      return Syntax.typeTuple(resultTypes);
    }
    if (resultShardings.size() != resultTypes.size()) {
      throw new IllegalStateException(
          "@%s returns %d results, has %d result shardings"
              .formatted(name, resultTypes.size(), resultShardings.size()));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < resultTypes.size(); i++) {
      out.add(resultTypes.get(i) + shardingAttribute(resultShardings, i));
    }
    return "(" + String.join(", ", out) + ")";
  }

  Value emit(String op, List<Value> operands, String attrs, TensorType result) {
    checkOpen(op);
    String n = "%" + names.nextValue++;
    String attrText = attrs.isEmpty() ? "" : " {" + attrs + "}";
    lines.add(
        n
            + " = "
            + quoted(op)
            + "("
            + operandNames(operands)
            + ")"
            + attrText
            + " : "
            + signature(operands, List.of(result)));
    return new Value(n, result, this);
  }

  static String signature(List<Value> operands, List<TensorType> results) {
    return Syntax.typeTuple(operands.stream().map(Value::type).toList())
        + " -> "
        + Syntax.resultTypes(results);
  }

  static List<TensorType> types(List<Value> values) {
    return values.stream().map(Value::type).toList();
  }

  static String quoted(String op) {
    return "\"" + op + "\"";
  }

  static String operandNames(List<Value> operands) {
    return String.join(", ", operands.stream().map(Value::name).toList());
  }

  static String blockArgs(List<Value> args) {
    return String.join(", ", args.stream().map(Value::toString).toList());
  }

  /** Checks that the builder is still open and that {@code operands} are its own values. */
  void use(String op, List<Value> operands) {
    checkOpen(op);
    for (Value v : operands) {
      Objects.requireNonNull(v, op + ": null operand");
      if (v.owner() != this && !encloses(v.owner())) {
        throw fail(
            op,
            "operand "
                + v.name()
                + " of type "
                + v.type()
                + " belongs to "
                + describe(v.owner())
                + ", not to "
                + describe(this));
      }
    }
  }

  /** Ops pairing each input with another operand (init value, update) need equal counts. */
  static void requireOnePerInput(
      String op, List<Value> inputs, List<Value> partners, String partner) {
    if (inputs.isEmpty() || inputs.size() != partners.size()) {
      throw fail(
          op,
          "needs one "
              + partner
              + " per input, got inputs "
              + inputs.stream().map(v -> v.type().toString()).toList()
              + " and "
              + partner
              + "s "
              + partners.stream().map(v -> v.type().toString()).toList());
    }
  }

  boolean encloses(OpWriter b) {
    for (OpWriter e = enclosing; e != null; e = e.enclosing) {
      if (e == b) {
        return true;
      }
    }
    return false;
  }

  void checkOpen(String op) {
    if (resultTypes != null) {
      throw new IllegalStateException(op + ": " + describe(this) + " has already returned");
    }
  }

  static String describe(OpWriter b) {
    return b.isRegion ? "a region of " + b.name : "function @" + b.name;
  }

  static IllegalArgumentException fail(String op, String message) {
    return new IllegalArgumentException(op + ": " + message);
  }
}
