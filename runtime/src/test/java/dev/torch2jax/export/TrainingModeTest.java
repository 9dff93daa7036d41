package dev.torch2jax.export;

import static dev.torch2jax.export.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Jax;
import dev.torch2jax.Random;
import dev.torch2jax.torch.T2J;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Programs exported in training mode: batch norm updating its running statistics and a counter
 * bumped in place (buffer mutations, declared in the ATEN dialect, in-place ops in the TRAINING
 * one), and dropout drawing from an explicit key.
 */
class TrainingModeTest {

  @ParameterizedTest
  @ValueSource(strings = {"aten", "training"})
  void callWithStateReturnsPythonsUpdatedBuffers(String dialect) {
    ExportedFunction f = T2J.load(Fixtures.path("train_bn.%s.pt2".formatted(dialect)));
    Array x = Fixtures.io("train_bn", "x");
    @SuppressWarnings("unchecked")
    List<Object> out = (List<Object>) Jax.jit(a -> f.callWithState(f.stateDict(), a[0])).apply(x);
    assertClose(Fixtures.io("train_bn", "y"), out.get(0), 1e-4);
    @SuppressWarnings("unchecked")
    Map<String, Array> state = (Map<String, Array>) out.get(1);
    assertEquals(f.stateDict().keySet(), state.keySet());
    assertClose(Fixtures.io("train_bn", "new_bn_running_mean"), state.get("bn.running_mean"), 1e-4);
    assertClose(Fixtures.io("train_bn", "new_bn_running_var"), state.get("bn.running_var"), 1e-4);
    assertArrayEquals(
        Fixtures.io("train_bn", "new_bn_num_batches_tracked").toLongArray(),
        state.get("bn.num_batches_tracked").toLongArray());
    assertArrayEquals(
        Fixtures.io("train_bn", "new_counter").toLongArray(), state.get("counter").toLongArray());
    // parameters are not buffers: unchanged
    assertArrayEquals(
        f.stateDict().get("conv.weight").toFloatArray(), state.get("conv.weight").toFloatArray());
  }

  @ParameterizedTest
  @ValueSource(strings = {"aten", "training"})
  void dropoutDrawsFromTheGivenKey(String dialect) {
    ExportedFunction f = T2J.load(Fixtures.path("dropout.%s.pt2".formatted(dialect)));
    Array x = Random.normal(Random.key(3), new long[] {64, 32}, dev.torch2jax.DType.F32);
    var run = Jax.jit(a -> f.callWithState((Array) a[0], f.stateDict(), a[1]).getFirst());
    float[] a = ((Array) run.apply(Random.key(1), x)).toFloatArray();
    float[] again = ((Array) run.apply(Random.key(1), x)).toFloatArray();
    float[] other = ((Array) run.apply(Random.key(2), x)).toFloatArray();
    assertArrayEquals(a, again, "same key, same mask");
    assertFalse(Arrays.equals(a, other), "another key, another mask");
    float[] in = x.toFloatArray();
    int zeros = 0;
    for (int i = 0; i < in.length; i++) {
      if (a[i] == 0) {
        zeros++;
      } else {
        assertEquals(2 * in[i], a[i], 1e-5, "kept elements are scaled by 1/(1-p)");
      }
    }
    assertTrue(zeros > 0.4 * in.length && zeros < 0.6 * in.length, "p=0.5, dropped " + zeros);
  }
}
