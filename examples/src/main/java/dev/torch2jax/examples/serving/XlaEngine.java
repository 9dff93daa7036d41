package dev.torch2jax.examples.serving;

import dev.torch2jax.Array;
import dev.torch2jax.Buckets;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.torch.TorchFunction;
import java.util.Map;
import org.bytedeco.pytorch.JitModule;

/**
 * The model jitted on XLA with batch buckets (powers of two up to the maximum batch), so a server
 * compiles a handful of programs whatever batch sizes its traffic makes.
 */
final class XlaEngine implements InferenceEngine {
  private final Map<String, Array> params;
  private final Fn forward;
  private final long[] rowShape;

  XlaEngine(JitModule module, long[] rowShape, int maxBatch) {
    TorchFunction model = T2J.t2j(module);
    this.params = T2J.stateDict(module);
    this.rowShape = rowShape.clone();
    this.forward =
        Jax.jitBucketed(
            a -> {
              @SuppressWarnings("unchecked") // the state dict passed in run
              Map<String, Array> p = (Map<String, Array>) a[0];
              return model.call(p, (Array) a[1]);
            },
            Buckets.powersOfTwo(maxBatch <= 1 ? 1 : Integer.highestOneBit(maxBatch - 1) << 1)
                .pad(1, 0));
  }

  @Override
  public float[][] run(float[][] rows) {
    int width = rows[0].length;
    float[] flat = new float[rows.length * width];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(rows[r], 0, flat, r * width, width);
    }
    long[] shape = new long[rowShape.length + 1];
    shape[0] = rows.length;
    System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
    try (Array x = Array.of(flat, shape);
        Array y = (Array) forward.apply(params, x)) {
      return Rows.split(y.toFloatArray(), rows.length);
    }
  }

  @Override
  public String name() {
    return "t2j jit on XLA, batch buckets";
  }
}
