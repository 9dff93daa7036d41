package dev.torch2jax.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.torch2jax.export.ExportSchema.Union;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A node argument of the archive as the value an ATen op takes: tensors looked up by name, {@code
 * Long}, {@code Double} (also the strings {@code "Infinity"}, {@code "-Infinity"}, {@code "NaN"}),
 * {@code Boolean}, {@code String}, lists, {@code DType}, null for None.
 */
final class ArgumentDecoder {
  private ArgumentDecoder() {}

  /**
   * The value of {@code arg}, reading named values (tensors, symbolic ints) from {@code values}.
   *
   * @throws IllegalArgumentException for an argument kind torch2jax cannot pass to an op
   */
  static Object decode(Union arg, Map<String, Object> values) {
    JsonNode v = arg.value();
    return switch (arg.kind()) {
      case "as_none" -> null;
      case "as_tensor" -> named(v.get("name").asText(), values);
      case "as_tensors" -> mapList(v, t -> named(t.get("name").asText(), values));
      case "as_optional_tensors" -> mapList(v, t -> decode(Union.of(fields(t)), values));
      case "as_optional_tensor" -> decode(Union.of(fields(v)), values);
      case "as_int" -> v.asLong();
      case "as_ints" -> mapList(v, JsonNode::asLong);
      case "as_float" -> number(v);
      case "as_floats" -> mapList(v, ArgumentDecoder::number);
      case "as_bool" -> v.asBoolean();
      case "as_bools" -> mapList(v, JsonNode::asBoolean);
      case "as_string" -> v.asText();
      case "as_strings" -> mapList(v, JsonNode::asText);
      case "as_sym_int", "as_sym_float", "as_sym_bool" -> decode(Union.of(fields(v)), values);
      case "as_sym_ints", "as_sym_floats", "as_sym_bools" ->
          mapList(v, s -> decode(Union.of(fields(s)), values));
      case "as_name" -> named(v.asText(), values);
      case "as_scalar_type" -> ExportEnums.dtype(v.asLong());
      case "as_memory_format" -> ExportEnums.memoryFormat(v.asLong());
      case "as_layout" -> ExportEnums.layout(v.asLong());
      // torch2jax places arrays itself: a device argument means the default device
      case "as_device" -> null;
      default ->
          throw new IllegalArgumentException(
              "argument kind %s is not supported by the .pt2 reader".formatted(arg.kind()));
    };
  }

  private static Object named(String name, Map<String, Object> values) {
    if (!values.containsKey(name)) {
      throw new IllegalArgumentException(
          "value %s is used before any node defines it; the graph is malformed".formatted(name));
    }
    return values.get(name);
  }

  private static Double number(JsonNode v) {
    if (v.isTextual()) {
      return switch (v.asText()) {
        case "Infinity" -> Double.POSITIVE_INFINITY;
        case "-Infinity" -> Double.NEGATIVE_INFINITY;
        case "NaN" -> Double.NaN;
        default -> throw new IllegalArgumentException("not a float: \"%s\"".formatted(v.asText()));
      };
    }
    return v.asDouble();
  }

  private static Map<String, JsonNode> fields(JsonNode n) {
    Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
    n.properties().forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  private static List<Object> mapList(
      JsonNode array, java.util.function.Function<JsonNode, Object> f) {
    List<Object> out = new ArrayList<>(array.size());
    array.forEach(e -> out.add(f.apply(e)));
    return out;
  }
}
