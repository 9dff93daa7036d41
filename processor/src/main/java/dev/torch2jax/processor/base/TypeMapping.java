package dev.torch2jax.processor.base;

import dev.torch2jax.processor.schema.Schema;
import dev.torch2jax.processor.schema.SchemaType;
import java.util.List;
import java.util.Map;

/**
 * How schema types map to Java types, and which {@code dev.torch2jax.aten.Args} method converts an
 * interpreter value to each.
 *
 * <p>Arguments:
 *
 * <table>
 *   <caption>schema type to Java type</caption>
 *   <tr><th>schema</th><th>Java</th><th>Args method</th></tr>
 *   <tr><td>Tensor / Tensor?</td><td>Array (nullable)</td><td>tensor / optionalTensor</td></tr>
 *   <tr><td>Tensor[] / Tensor?[]</td><td>List&lt;Array&gt;</td><td>tensorList /
 *       optionalTensorList</td></tr>
 *   <tr><td>Scalar / Scalar? / Scalar[]</td><td>Number / Number / List&lt;Number&gt;</td><td></td></tr>
 *   <tr><td>int, SymInt / int?, SymInt?</td><td>long / Long</td><td>int64 / optionalInt64</td></tr>
 *   <tr><td>int[N], SymInt[N] (and ?)</td><td>long[]</td><td>int64List / optionalInt64List</td></tr>
 *   <tr><td>float / float? / float[] (and ?)</td><td>double / Double / double[]</td><td></td></tr>
 *   <tr><td>bool / bool? / bool[N]</td><td>boolean / Boolean / boolean[]</td><td></td></tr>
 *   <tr><td>str / str? / str[] (and ?)</td><td>String / String / List&lt;String&gt;</td><td></td></tr>
 *   <tr><td>ScalarType / ScalarType?</td><td>DType</td><td>scalarType / optionalScalarType</td></tr>
 *   <tr><td>Device, Layout, MemoryFormat, Generator (and ?)</td><td>Object</td><td>device,
 *       layout, memoryFormat, generator</td></tr>
 * </table>
 *
 * <p>Returns: none is {@code void}; {@code Tensor} is {@code Array}; {@code Tensor[]} and tuples of
 * tensors are {@code List<Array>}; other tuples are {@code List<Object>}; {@code int}/{@code
 * SymInt} {@code long}; {@code float} {@code double}; {@code bool}/{@code SymBool} {@code boolean};
 * {@code Scalar} {@code Number}; {@code str} {@code String}; {@code ScalarType} {@code DType};
 * {@code int[]} {@code long[]}. Alias annotations ({@code Tensor(a!)}) are ignored: an in-place
 * overload returns the new value and the interpreter rebinds it.
 */
public final class TypeMapping {
  private TypeMapping() {}

  static final String ARRAY = "dev.torch2jax.Array";
  static final String DTYPE = "dev.torch2jax.DType";
  static final String LIST_OF_ARRAY = "java.util.List<dev.torch2jax.Array>";

  /**
   * An argument's Java type (as {@link JavaTypes} reads it) and its conversion.
   *
   * @param javaType e.g. {@code long[]} or {@code java.util.List<dev.torch2jax.Array>}
   * @param argsMethod the {@code Args} method converting to it
   * @param size the list size the method takes as a last argument, or -1 when it takes none
   */
  public record Param(String javaType, String argsMethod, int size) {}

  private static final Map<String, Param> BY_SCHEMA =
      Map.ofEntries(
          entry("Tensor", ARRAY, "tensor"),
          entry("Tensor?", ARRAY, "optionalTensor"),
          entry("Tensor[]", LIST_OF_ARRAY, "tensorList"),
          entry("Tensor?[]", LIST_OF_ARRAY, "optionalTensorList"),
          entry("Scalar", "java.lang.Number", "scalar"),
          entry("Scalar?", "java.lang.Number", "optionalScalar"),
          entry("Scalar[]", "java.util.List<java.lang.Number>", "scalarList"),
          entry("int", "long", "int64"),
          entry("SymInt", "long", "int64"),
          entry("int?", "java.lang.Long", "optionalInt64"),
          entry("SymInt?", "java.lang.Long", "optionalInt64"),
          entry("float", "double", "float64"),
          entry("float?", "java.lang.Double", "optionalFloat64"),
          entry("float[]", "double[]", "float64List"),
          entry("float[]?", "double[]", "optionalFloat64List"),
          entry("bool", "boolean", "bool"),
          entry("bool?", "java.lang.Boolean", "optionalBool"),
          entry("str", "java.lang.String", "str"),
          entry("str?", "java.lang.String", "optionalStr"),
          entry("str[]", "java.util.List<java.lang.String>", "strList"),
          entry("str[]?", "java.util.List<java.lang.String>", "optionalStrList"),
          entry("ScalarType", DTYPE, "scalarType"),
          entry("ScalarType?", DTYPE, "optionalScalarType"),
          entry("Device", "java.lang.Object", "device"),
          entry("Device?", "java.lang.Object", "device"),
          entry("Layout", "java.lang.Object", "layout"),
          entry("Layout?", "java.lang.Object", "layout"),
          entry("MemoryFormat", "java.lang.Object", "memoryFormat"),
          entry("MemoryFormat?", "java.lang.Object", "memoryFormat"),
          entry("Generator", "java.lang.Object", "generator"),
          entry("Generator?", "java.lang.Object", "generator"));

  private static Map.Entry<String, Param> entry(String schema, String java, String method) {
    return Map.entry(schema, new Param(java, method, -1));
  }

  /** The mapping of an argument type, or null when there is none. */
  public static Param forArgument(SchemaType type) {
    Param p = BY_SCHEMA.get(type.toString());
    if (p != null) {
      return p;
    }
    // Sized and unsized integer and bool lists: int[2] broadcasts a single int, as PyTorch does.
    boolean optional = type instanceof SchemaType.Optional;
    SchemaType inner = optional ? ((SchemaType.Optional) type).element() : type;
    if (inner instanceof SchemaType.ListOf list && list.element() instanceof SchemaType.Named n) {
      int size = Math.max(list.size(), 0);
      switch (n.name()) {
        case "int", "SymInt" -> {
          return new Param("long[]", optional ? "optionalInt64List" : "int64List", size);
        }
        case "bool" -> {
          return optional ? null : new Param("boolean[]", "boolList", size);
        }
        default -> {
          return null;
        }
      }
    }
    return null;
  }

  /** The Java return type of a schema's returns, or null when there is none. */
  public static String forReturns(Schema schema) {
    List<Schema.Return> returns = schema.returns();
    if (schema.varret()) {
      return null;
    }
    if (returns.isEmpty()) {
      return "void";
    }
    if (returns.size() > 1) {
      boolean allTensors = returns.stream().allMatch(r -> r.type().isTensor());
      return allTensors ? LIST_OF_ARRAY : "java.util.List<java.lang.Object>";
    }
    SchemaType t = returns.get(0).type();
    if (t instanceof SchemaType.ListOf l && l.element().isTensor()) {
      return LIST_OF_ARRAY;
    }
    if (t instanceof SchemaType.ListOf l && l.element() instanceof SchemaType.Named n) {
      return switch (n.name()) {
        case "int", "SymInt" -> "long[]";
        default -> null;
      };
    }
    if (t instanceof SchemaType.Named n) {
      return switch (n.name()) {
        case "Tensor" -> ARRAY;
        case "int", "SymInt" -> "long";
        case "float" -> "double";
        case "bool", "SymBool" -> "boolean";
        case "Scalar" -> "java.lang.Number";
        case "str" -> "java.lang.String";
        case "ScalarType" -> DTYPE;
        default -> null;
      };
    }
    return null;
  }
}
