package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.ConcretizationException;
import java.util.Arrays;
import java.util.List;

/**
 * How {@link RnnLayers} runs a layer over a packed sequence ({@code aten::lstm.data}, {@code
 * gru.data}, {@code rnn_tanh.data}, {@code rnn_relu.data}), as {@code nn.LSTM} etc. call them with
 * a {@code PackedSequence}: {@code data} holds the time steps' rows one after another, {@code
 * batch_sizes[t]} of them at step {@code t} (sequences sorted by decreasing length). The sequences
 * are padded to {@code [T, B, in]}, run through {@link RnnLayers} with a mask that freezes a
 * sequence's state outside its length (so {@code h_n} is each sequence's state at its own last
 * step, in both directions), and the output is packed again. {@code batch_sizes} must be concrete:
 * it sets the program's shapes.
 */
final class RnnPackedLayers {
  private RnnPackedLayers() {}

  /**
   * A packed sequence ({@code data} {@code [sum(batch_sizes), in]}, the sequences sorted by
   * decreasing length, {@code batch_sizes[t]} of them still running at step {@code t}) padded to
   * {@code [T, B, in]}, run with a mask, and packed again. {@code batch_sizes} must be concrete.
   */
  static List<Array> run(
      RnnLayers.Config cfg, Array data, Array batchSizes, Array h0, Array c0, List<Array> params) {
    RnnLayers.check(cfg, data, 2, "[sum(batch_sizes), in]");
    long[] sizes = concreteBatchSizes(cfg.op(), batchSizes, data.shape()[0]);
    int steps = sizes.length;
    long batch = sizes[0];
    long[] padded = new long[(int) (steps * batch)];
    boolean[] live = new boolean[padded.length];
    long[] packed = new long[(int) data.shape()[0]];
    long offset = 0;
    for (int t = 0; t < steps; t++) {
      for (int b = 0; b < batch; b++) {
        int at = (int) (t * batch + b);
        live[at] = b < sizes[t];
        padded[at] = live[at] ? offset + b : 0;
        if (live[at]) {
          packed[(int) (offset + b)] = at;
        }
      }
      offset += sizes[t];
    }
    long in = data.shape()[1];
    Array x = Jnp.reshape(Selection.indexSelect(data, 0, Array.of(padded)), steps, batch, in);
    Array mask = Array.of(live, steps, batch, 1);
    List<Array> result = RnnLayers.layers(cfg, x, mask, h0, c0, RnnLayers.weights(cfg, params));
    Array out = result.getFirst();
    long features = out.shape()[2];
    result.set(
        0, Selection.indexSelect(Jnp.reshape(out, steps * batch, features), 0, Array.of(packed)));
    return result;
  }

  private static long[] concreteBatchSizes(String op, Array batchSizes, long total) {
    long[] sizes;
    try {
      sizes = batchSizes.toLongArray();
    } catch (ConcretizationException e) {
      throw new ConcretizationException(
          ("%s: the batch_sizes of a packed sequence set the program's shape and must be known;"
                  + " under jit or vmap pass padded input instead (%s)")
              .formatted(op, e.getMessage()));
    }
    long sum = 0;
    for (int t = 0; t < sizes.length; t++) {
      if (sizes[t] <= 0 || (t > 0 && sizes[t] > sizes[t - 1])) {
        throw new IllegalArgumentException(
            "%s: batch_sizes must be positive and non-increasing, got %s"
                .formatted(op, Arrays.toString(sizes)));
      }
      sum += sizes[t];
    }
    if (batchSizes.ndim() != 1 || sizes.length == 0 || sum != total) {
      throw new IllegalArgumentException(
          "%s: batch_sizes %s must be 1-D and add up to the %d rows of data"
              .formatted(op, Arrays.toString(sizes), total));
    }
    return sizes;
  }
}
