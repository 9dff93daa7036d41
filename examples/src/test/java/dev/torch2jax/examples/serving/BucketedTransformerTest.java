package dev.torch2jax.examples.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.torch2jax.Array;
import dev.torch2jax.Buckets;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.torch.TorchFunction;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/**
 * A transformer encoder saved from Python (the zoo's, batch first, width 16) with its sequence
 * length padded to a bucket and a key-padding mask: equal to libtorch on the unpadded sequence.
 */
class BucketedTransformerTest {
  @Test
  @SuppressWarnings({"try", "unchecked"}) // the guard only needs to be open; the state dict arg
  void sequenceBucketsWithAPaddingMaskMatchLibtorchUnpadded() throws Exception {
    String file =
        Path.of(getClass().getResource("/zoo/transformer_encoder.script.pt").toURI()).toString();
    JitModule module = torch.load(file);
    module.eval();
    TorchFunction model = T2J.t2j(module);
    Map<String, Array> params = T2J.stateDict(module);
    Fn bucketed =
        Jax.jitBucketed(
            a -> model.call((Map<String, Array>) a[0], (Array) a[1], null, (Array) a[2]),
            Buckets.of(4, 8).alongAxis(1).pad(1, 0).pad(2, 1));
    torch.manual_seed(5);
    for (int length : new int[] {3, 4, 5, 7}) {
      Tensor src = torch.randn(2, length, 16);
      // Example 1's last position is padding of the caller's own; the bucket adds more.
      boolean[] maskValues = new boolean[2 * length];
      maskValues[2 * length - 1] = true;
      Tensor mask = Tensor.create(maskValues).reshape(2, length);
      Tensor expected;
      try (NoGradGuard guard = new NoGradGuard()) {
        IValueVector args = new IValueVector();
        args.push_back(new IValue(src));
        args.push_back(new IValue());
        args.push_back(new IValue(mask));
        expected = module.forward(args).toTensor().contiguous();
      }
      Array got = (Array) bucketed.apply(params, T2J.t2j(src), T2J.t2j(mask));
      assertArrayEquals(new long[] {2, length, 16}, got.shape());
      float[] want = T2J.t2j(expected).toFloatArray();
      float[] have = got.toFloatArray();
      // Positions the caller masked are not compared: libtorch's eval fast path may zero them.
      for (int p = 0; p < 2 * length; p++) {
        if (!maskValues[p]) {
          for (int c = 0; c < 16; c++) {
            assertEquals(want[p * 16 + c], have[p * 16 + c], 1e-4, "length %d".formatted(length));
          }
        }
      }
    }
  }
}
