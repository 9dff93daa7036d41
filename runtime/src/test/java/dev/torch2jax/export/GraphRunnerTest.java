package dev.torch2jax.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.aten.OpRegistry;
import dev.torch2jax.export.ExportSchema.Node;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Graph nodes as Hugging Face models' exports write them, run one at a time. */
class GraphRunnerTest {

  @Test
  void boolFillValueMakesABoolTensor() {
    for (String dtype :
        new String[] {
          "", ", {\"name\": \"dtype\", \"arg\": {\"as_scalar_type\": 12}, \"kind\": 2}"
        }) {
      Map<String, Object> values =
          run(
              """
              {"target": "torch.ops.aten.full.default",
               "inputs": [{"name": "size", "arg": {"as_ints": [2]}, "kind": 1},
                          {"name": "fill_value", "arg": {"as_bool": true}, "kind": 1}%s],
               "outputs": [{"as_tensor": {"name": "mask"}}]}
              """
                  .formatted(dtype),
              Map.of());
      Array mask = (Array) values.get("mask");
      assertEquals(DType.BOOL, mask.dtype(), "dtype given: " + !dtype.isEmpty());
      assertArrayEquals(new boolean[] {true, true}, mask.toBooleanArray());
    }
  }

  @Test
  void nodeWithoutOutputsRuns() {
    Array x = Array.scalar(1f);
    Map<String, Object> values =
        run(
            """
            {"target": "torch.ops.aten._assert_tensor_metadata.default",
             "inputs": [{"name": "a", "arg": {"as_tensor": {"name": "x"}}, "kind": 1},
                        {"name": "dtype", "arg": {"as_scalar_type": 7}, "kind": 2}],
             "outputs": []}
            """,
            Map.of("x", x));
    assertEquals(Map.of("x", x), values);
  }

  private static Map<String, Object> run(String nodeJson, Map<String, Object> inputs) {
    Node node;
    try {
      node = Pt2Archive.convert(new ObjectMapper().readTree(nodeJson), Node.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
    Map<String, Object> values = new HashMap<>(inputs);
    new GraphRunner("test.pt2", List.of(node), OpRegistry.global()).run(values);
    return values;
  }
}
