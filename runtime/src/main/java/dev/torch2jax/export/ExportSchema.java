package dev.torch2jax.export;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The parts of torch.export's serialization schema ({@code torch/_export/serde/schema.py}, major
 * version {@value #SUPPORTED_MAJOR}) that running a program needs, as records Jackson reads with
 * snake_case names. Unions (an argument, an input or output spec) are one-key JSON objects, kept as
 * {@link Union} and decoded where their kind matters.
 */
final class ExportSchema {
  private ExportSchema() {}

  /** The schema major version this reader understands (torch 2.8 to 2.10 write 8). */
  static final int SUPPORTED_MAJOR = 8;

  /** {@code models/<name>.json}. */
  record Program(
      GraphModule graphModule,
      Map<String, RangeConstraint> rangeConstraints,
      SchemaVersion schemaVersion,
      List<String> verifiers,
      String torchVersion) {}

  record SchemaVersion(int major, int minor) {}

  /** Bounds of a symbolic size; null or a non-number for an unbounded side. */
  record RangeConstraint(JsonNode minVal, JsonNode maxVal) {}

  record GraphModule(Graph graph, GraphSignature signature) {}

  record Graph(List<Union> inputs, List<Node> nodes, Map<String, TensorMeta> tensorValues) {}

  /**
   * One op call: {@code target} like {@code torch.ops.aten.add.Tensor} or {@code _operator.mul}.
   */
  record Node(
      String target,
      List<NamedArgument> inputs,
      List<Union> outputs,
      Map<String, String> metadata) {
    /** The Python stack trace export recorded for the node, or null. */
    String stackTrace() {
      return metadata == null ? null : metadata.get("stack_trace");
    }
  }

  /** An argument of a node; {@code kind} 1 positional, 2 keyword. */
  record NamedArgument(String name, Union arg, Integer kind) {}

  /** {@code {"name": ...}}: a reference to a tensor value of the graph. */
  record TensorArgument(String name) {}

  /**
   * A tensor's metadata: dtype in the export schema's numbering, sizes as {@code as_int} or {@code
   * as_expr} unions.
   */
  record TensorMeta(int dtype, List<Union> sizes, List<Union> strides, Union storageOffset) {}

  record GraphSignature(List<Union> inputSpecs, List<Union> outputSpecs) {}

  record UserInputSpec(Union arg) {}

  record ParameterSpec(TensorArgument arg, String parameterName) {}

  record BufferSpec(TensorArgument arg, String bufferName) {}

  record ConstantSpec(TensorArgument arg, String tensorConstantName) {}

  record UserOutputSpec(Union arg) {}

  record BufferMutationSpec(TensorArgument arg, String bufferName) {}

  /** {@code <model>_weights_config.json} and {@code <model>_constants_config.json}. */
  record PayloadConfig(Map<String, PayloadMeta> config) {}

  /** Where one stored tensor's bytes are ({@code path_name}) and how to view them. */
  record PayloadMeta(String pathName, Boolean usePickle, TensorMeta tensorMeta) {}

  /**
   * A one-key union of the schema ({@code {"as_int": 3}}, {@code {"buffer": {...}}}).
   *
   * @param kind the key, e.g. {@code as_tensor}
   * @param value its payload
   */
  record Union(String kind, JsonNode value) {
    @JsonCreator
    static Union of(Map<String, JsonNode> fields) {
      if (fields.size() != 1) {
        throw new IllegalArgumentException(
            "expected a union with one field, got fields %s".formatted(fields.keySet()));
      }
      Map.Entry<String, JsonNode> e = fields.entrySet().iterator().next();
      return new Union(e.getKey(), e.getValue());
    }
  }
}
