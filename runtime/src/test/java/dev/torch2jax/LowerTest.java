package dev.torch2jax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.core.ShapedArray;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Jax#lower}: the module jit compiles, runnable by the plugin on its own. */
class LowerTest {
  private static final Array CLOSED_OVER = Array.of(new float[] {0.5f, -1f, 2f}, 3);

  /** x @ (w["a"] + w["b"]) * scale + a closed-over vector; {@code scale} is static. */
  private static final Fn F =
      args -> {
        Array x = (Array) args[0];
        @SuppressWarnings("unchecked")
        Map<String, Array> w = (Map<String, Array>) args[1];
        double scale = ((Number) args[2]).doubleValue();
        Array y = Jnp.matmul(x, Jnp.add(w.get("a"), w.get("b")));
        return List.of(
            Jnp.add(Jnp.multiply(y, Array.scalar((float) scale)), CLOSED_OVER), Jnp.tanh(x));
      };

  private static Object[] args(float shift) {
    Array x = Array.of(new float[] {1, 2, 3, 4, 5 + shift, 6, 7, 8}, 2, 4);
    Array a = Array.of(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1, 1}, 4, 3);
    Array b = Array.of(new float[] {0, 2, 0, 0, 0, 2, 2, 0, 0, -1, 0, 1}, 4, 3);
    return new Object[] {x, Map.of("b", b, "a", a), 1.5};
  }

  @Test
  void moduleRunByThePluginEqualsJit() {
    Lowered lowered = Jax.lower(F, args(0));
    Object[] call = args(0.25f);
    List<Array> direct = PluginRunner.run(lowered.asText(), lowered.arguments(call));
    List<?> jitted = (List<?>) Jax.jit(F).apply(call);
    assertEquals(2, direct.size());
    for (int i = 0; i < 2; i++) {
      Array j = (Array) jitted.get(i);
      assertArrayEquals(j.shape(), direct.get(i).shape());
      assertArrayEquals(j.toFloatArray(), direct.get(i).toFloatArray(), 0f);
    }
    // Eager reference for the first output's first element: row 0 of x times (a + b), column 0.
    float expected = (1 * 1 + 2 * 0 + 3 * 2 + 4 * 0) * 1.5f + 0.5f;
    assertEquals(expected, direct.get(0).toFloatArray()[0], 1e-6f);
  }

  @Test
  void signatureListsConstantsThenSortedArgumentLeaves() {
    Lowered lowered = Jax.lower(F, args(0));
    // The closed-over vector is a constant argument; the scalar made while tracing is written
    // into the program.
    List<Array> constants = lowered.constants();
    assertEquals(List.of(CLOSED_OVER), constants, constants.toString());
    List<String> inputs = lowered.inputTypes().stream().map(ShapedArray::toString).toList();
    assertEquals(List.of("f32[2,4]", "f32[4,3]", "f32[4,3]"), inputs.subList(1, inputs.size()));
    assertTrue(
        lowered.asText().contains("\"stablehlo.constant\"() {value = dense<1.500000e+00>"),
        lowered.asText());
    assertEquals(
        List.of("f32[2,3]", "f32[2,4]"),
        lowered.outputTypes().stream().map(ShapedArray::toString).toList());
    String text = lowered.asText();
    StringBuilder signature = new StringBuilder("@main(");
    for (int i = 0; i < inputs.size(); i++) {
      signature
          .append(i == 0 ? "" : ", ")
          .append("%arg")
          .append(i)
          .append(": ")
          .append(lowered.inputTypes().get(i).tensorType());
    }
    signature.append(") -> (tensor<2x3xf32>, tensor<2x4xf32>)");
    assertTrue(text.contains(signature), text);
    // Map leaves come in sorted key order: the "a" weight comes before the "b" weight.
    List<Array> passed = lowered.arguments(args(0));
    assertArrayEquals(((Array) args(0)[0]).toFloatArray(), passed.get(1).toFloatArray());
    assertEquals(1f, passed.get(2).toFloatArray()[0]);
    assertEquals(0f, passed.get(3).toFloatArray()[0]);
  }

  @Test
  void argumentsOfAnotherSignatureAreRefused() {
    Lowered lowered = Jax.lower(F, args(0));
    Object[] otherStatic = args(0);
    otherStatic[2] = 2.0;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> lowered.arguments(otherStatic));
    assertTrue(e.getMessage().contains("lower the function again"), e.getMessage());
    Object[] otherShape = args(0);
    otherShape[0] = Array.of(new float[4], 1, 4);
    assertThrows(IllegalArgumentException.class, () -> lowered.arguments(otherShape));
  }
}
