package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.lax.ShapeOps;
import java.util.List;

/**
 * One time step of PyTorch's recurrent cells ({@code aten::lstm_cell}, {@code gru_cell}, {@code
 * rnn_tanh_cell}, {@code rnn_relu_cell}), also the step that {@link RnnLayers} scans. With {@code
 * gi = x W_ih^T + b_ih} and {@code gh = h W_hh^T + b_hh} (a missing bias counts as zero):
 *
 * <ul>
 *   <li>RNN: {@code h' = tanh(gi + gh)} or {@code relu(gi + gh)};
 *   <li>LSTM: gates {@code i, f, g, o} are the four chunks of {@code gi + gh}; {@code c' =
 *       sigmoid(f) c + sigmoid(i) tanh(g)}, {@code h' = sigmoid(o) tanh(c')}, then {@code h'
 *       W_hr^T} with a projection;
 *   <li>GRU: chunks {@code r, z, n} of {@code gi} and {@code gh}; {@code r = sigmoid(gi_r + gh_r)},
 *       {@code z = sigmoid(gi_z + gh_z)}, {@code n = tanh(gi_n + r gh_n)}, {@code h' = (1 - z) n +
 *       z h}.
 * </ul>
 *
 * Like ATen's cells (and unlike {@code nn.LSTMCell}, which adds the axis in Python), input and
 * states are batched: {@code [batch, features]}.
 */
public final class RnnCells {
  private RnnCells() {}

  /** The kinds of recurrent cell and how many gate blocks their weights stack. */
  enum Mode {
    LSTM(4),
    GRU(3),
    RNN_TANH(1),
    RNN_RELU(1);

    final int gates;

    Mode(int gates) {
      this.gates = gates;
    }
  }

  /** {@code (h', c')} of an LSTM cell from {@code hx = [h, c]}. */
  @Implements("aten::lstm_cell")
  public static List<Array> lstmCell(
      Array input, List<Array> hx, Array wIh, Array wHh, Array bIh, Array bHh) {
    if (hx.size() != 2) {
      throw new IllegalArgumentException(
          "lstm_cell: hx must hold two tensors (h, c), got %d".formatted(hx.size()));
    }
    checkCell("lstm_cell", Mode.LSTM, input, hx.get(0), wIh, wHh);
    return step(Mode.LSTM, linear(input, wIh, bIh), hx.get(0), hx.get(1), wHh, bHh, null);
  }

  /** {@code h'} of a GRU cell. */
  @Implements("aten::gru_cell")
  public static Array gruCell(Array input, Array hx, Array wIh, Array wHh, Array bIh, Array bHh) {
    checkCell("gru_cell", Mode.GRU, input, hx, wIh, wHh);
    return step(Mode.GRU, linear(input, wIh, bIh), hx, null, wHh, bHh, null).getFirst();
  }

  /** {@code h'} of an Elman cell with tanh. */
  @Implements("aten::rnn_tanh_cell")
  public static Array rnnTanhCell(
      Array input, Array hx, Array wIh, Array wHh, Array bIh, Array bHh) {
    checkCell("rnn_tanh_cell", Mode.RNN_TANH, input, hx, wIh, wHh);
    return step(Mode.RNN_TANH, linear(input, wIh, bIh), hx, null, wHh, bHh, null).getFirst();
  }

  /** {@code h'} of an Elman cell with relu. */
  @Implements("aten::rnn_relu_cell")
  public static Array rnnReluCell(
      Array input, Array hx, Array wIh, Array wHh, Array bIh, Array bHh) {
    checkCell("rnn_relu_cell", Mode.RNN_RELU, input, hx, wIh, wHh);
    return step(Mode.RNN_RELU, linear(input, wIh, bIh), hx, null, wHh, bHh, null).getFirst();
  }

  /**
   * One step from the input gates {@code gi} (already {@code x W_ih^T + b_ih}): {@code [h']}, or
   * {@code [h', c']} for an LSTM ({@code wHr} its projection or null).
   */
  static List<Array> step(Mode mode, Array gi, Array h, Array c, Array wHh, Array bHh, Array wHr) {
    Array gh = linear(h, wHh, bHh);
    return switch (mode) {
      case RNN_TANH -> List.of(Jnp.tanh(Jnp.add(gi, gh)));
      case RNN_RELU -> {
        Array pre = Jnp.add(gi, gh);
        yield List.of(Jnp.maximum(pre, DeviceArray.scalar(0, pre.dtype())));
      }
      case LSTM -> {
        Array gates = Jnp.add(gi, gh);
        Array i = Jnp.sigmoid(chunk(gates, 0, 4));
        Array f = Jnp.sigmoid(chunk(gates, 1, 4));
        Array g = Jnp.tanh(chunk(gates, 2, 4));
        Array o = Jnp.sigmoid(chunk(gates, 3, 4));
        Array cNext = Jnp.add(Jnp.multiply(f, c), Jnp.multiply(i, g));
        Array hNext = Jnp.multiply(o, Jnp.tanh(cNext));
        yield List.of(wHr == null ? hNext : linear(hNext, wHr, null), cNext);
      }
      case GRU -> {
        Array r = Jnp.sigmoid(Jnp.add(chunk(gi, 0, 3), chunk(gh, 0, 3)));
        Array z = Jnp.sigmoid(Jnp.add(chunk(gi, 1, 3), chunk(gh, 1, 3)));
        Array n = Jnp.tanh(Jnp.add(chunk(gi, 2, 3), Jnp.multiply(r, chunk(gh, 2, 3))));
        yield List.of(Jnp.add(n, Jnp.multiply(z, Jnp.subtract(h, n))));
      }
    };
  }

  /** {@code x W^T + b} over the last axis ({@code b} may be null). */
  static Array linear(Array x, Array w, Array b) {
    Array y = Jnp.matmul(x, Jnp.transpose(w));
    return b == null ? y : Jnp.add(y, b);
  }

  /** Chunk {@code k} of {@code n} equal chunks of the last axis. */
  private static Array chunk(Array a, int k, int n) {
    long[] shape = a.shape();
    int last = shape.length - 1;
    long size = shape[last] / n;
    long[] start = new long[shape.length];
    long[] limit = shape.clone();
    start[last] = k * size;
    limit[last] = (k + 1) * size;
    return ShapeOps.slice(a, start, limit);
  }

  private static void checkCell(String op, Mode mode, Array input, Array h, Array wIh, Array wHh) {
    boolean ok =
        input.ndim() == 2
            && h.ndim() == 2
            && wIh.ndim() == 2
            && wHh.ndim() == 2
            && input.shape()[input.ndim() - 1] == wIh.shape()[1]
            && wIh.shape()[0] == mode.gates * h.shape()[h.ndim() - 1]
            && wHh.shape()[0] == wIh.shape()[0]
            && wHh.shape()[1] == h.shape()[h.ndim() - 1]
            && input.shape()[0] == h.shape()[0];
    if (!ok) {
      throw new IllegalArgumentException(
          ("%s: shapes do not fit: input %s, hidden %s, w_ih %s, w_hh %s (expected input [batch,"
                  + " in], hidden [batch, H], w_ih [%d*H, in], w_hh"
                  + " [%d*H, H])")
              .formatted(
                  op,
                  java.util.Arrays.toString(input.shape()),
                  java.util.Arrays.toString(h.shape()),
                  java.util.Arrays.toString(wIh.shape()),
                  java.util.Arrays.toString(wHh.shape()),
                  mode.gates,
                  mode.gates));
    }
  }
}
