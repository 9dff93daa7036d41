package dev.torch2jax.examples.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Mesh;
import dev.torch2jax.pjrt.PjrtApi;
import dev.torch2jax.pjrt.PjrtClient;
import dev.torch2jax.pjrt.PluginLocator;
import org.junit.jupiter.api.Test;

/** The scaling examples on a 4-device client of their own (the suite's client keeps one). */
class ScaleExamplesTest {
  private static final PjrtClient FOUR = PjrtClient.create(PjrtApi.load(PluginLocator.locate()), 4);

  @Test
  void dataParallelTrainingMatchesOneDevice() {
    DataParallelExample.Result r =
        DataParallelExample.run(Mesh.of(FOUR, new int[] {4}, "data"), 3, false);
    assertTrue(r.maxRelativeDiff() <= DataParallelExample.TOLERANCE, "diff " + r.maxRelativeDiff());
    for (int s = 0; s < 3; s++) {
      assertEquals(r.singleLoss().get(s), r.shardedLoss().get(s), 1e-5);
    }
  }

  @Test
  void tensorParallelBlockMatchesOneDevice() {
    for (int n : new int[] {2, 4}) {
      double rel = TensorParallelExample.run(Mesh.of(FOUR, new int[] {n}, "model"), false);
      assertTrue(rel <= TensorParallelExample.TOLERANCE, n + " devices: " + rel);
    }
  }
}
