package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.aten.RnnCells.Mode;
import dev.torch2jax.control.ScanOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * PyTorch's multi-layer recurrent layers ({@code aten::lstm}, {@code gru}, {@code rnn_tanh}, {@code
 * rnn_relu}), as {@code nn.LSTM}, {@code nn.GRU} and {@code nn.RNN} call them.
 *
 * <p>The input is {@code [T, B, in]} ({@code [B, T, in]} with {@code batch_first}); the initial
 * state {@code h0} is {@code [layers * directions, B, H_out]} (and an LSTM's {@code c0} {@code
 * [layers * directions, B, H]}). {@code params} is PyTorch's flat weight list: per layer, per
 * direction, {@code w_ih, w_hh}, then {@code b_ih, b_hh} with biases, then an LSTM's projection
 * {@code w_hr} when {@code proj_size > 0} (then {@code H_out = proj_size}, otherwise {@code H}).
 * Each layer feeds the next the concatenation of its directions' outputs; the backward direction
 * reads the sequence last to first. The result is the last layer's output {@code [T, B, directions
 * * H_out]} and the final states of every layer and direction.
 *
 * <p>The time loop is one {@link ScanOps#scan} per layer and direction (the input projection of all
 * steps is one matrix product before it), so programs stay small for long sequences. Dropout
 * between layers applies only in training; training with {@code dropout > 0} is refused (convert
 * the model in eval mode). The {@code .data} overloads take packed sequences, which {@link
 * RnnPackedLayers} pads, runs and packs again.
 */
public final class RnnLayers {
  private RnnLayers() {}

  /** {@code (output, h_n, c_n)} of a multi-layer LSTM; {@code hx = [h0, c0]}. */
  @Implements("aten::lstm.input")
  public static List<Array> lstm(
      Array input,
      List<Array> hx,
      List<Array> params,
      boolean hasBiases,
      long numLayers,
      double dropout,
      boolean train,
      boolean bidirectional,
      boolean batchFirst) {
    if (hx.size() != 2) {
      throw new IllegalArgumentException(
          "lstm: hx must hold two tensors (h0, c0), got %d".formatted(hx.size()));
    }
    return run(
        new Config("lstm", Mode.LSTM, hasBiases, numLayers, dropout, train, bidirectional),
        input,
        hx.get(0),
        hx.get(1),
        params,
        batchFirst);
  }

  /** {@code (output, h_n)} of a multi-layer GRU or Elman RNN (tanh or relu), as the name says. */
  @Implements("aten::gru.input aten::rnn_tanh.input aten::rnn_relu.input")
  public static List<Array> gruOrRnn(
      String overload,
      Array input,
      Array hx,
      List<Array> params,
      boolean hasBiases,
      long numLayers,
      double dropout,
      boolean train,
      boolean bidirectional,
      boolean batchFirst) {
    Config cfg = Config.of(overload, hasBiases, numLayers, dropout, train, bidirectional);
    return run(cfg, input, hx, null, params, batchFirst);
  }

  /** {@code (output, h_n, c_n)} of a multi-layer LSTM over a packed sequence. */
  @Implements("aten::lstm.data")
  public static List<Array> lstmPacked(
      Array data,
      Array batchSizes,
      List<Array> hx,
      List<Array> params,
      boolean hasBiases,
      long numLayers,
      double dropout,
      boolean train,
      boolean bidirectional) {
    if (hx.size() != 2) {
      throw new IllegalArgumentException(
          "lstm: hx must hold two tensors (h0, c0), got %d".formatted(hx.size()));
    }
    return RnnPackedLayers.run(
        new RnnLayers.Config(
            "lstm", Mode.LSTM, hasBiases, numLayers, dropout, train, bidirectional),
        data,
        batchSizes,
        hx.get(0),
        hx.get(1),
        params);
  }

  /** {@link #gruOrRnn} over a packed sequence. */
  @Implements("aten::gru.data aten::rnn_tanh.data aten::rnn_relu.data")
  public static List<Array> gruOrRnnPacked(
      String overload,
      Array data,
      Array batchSizes,
      Array hx,
      List<Array> params,
      boolean hasBiases,
      long numLayers,
      double dropout,
      boolean train,
      boolean bidirectional) {
    Config cfg = Config.of(overload, hasBiases, numLayers, dropout, train, bidirectional);
    return RnnPackedLayers.run(cfg, data, batchSizes, hx, null, params);
  }

  /** The arguments every layer overload shares. */
  record Config(
      String op,
      Mode mode,
      boolean hasBiases,
      long numLayers,
      double dropout,
      boolean train,
      boolean bidirectional) {
    /** The configuration of the layer op an overload such as {@code aten::rnn_tanh.data} names. */
    static Config of(
        String overload,
        boolean hasBiases,
        long numLayers,
        double dropout,
        boolean train,
        boolean bidirectional) {
      String op = OverloadNames.operator(overload);
      Mode mode = Mode.valueOf(op.toUpperCase(Locale.ROOT));
      return new Config(op, mode, hasBiases, numLayers, dropout, train, bidirectional);
    }

    int directions() {
      return bidirectional ? 2 : 1;
    }
  }

  /** One layer and direction's weights ({@code bIh, bHh, wHr} may be null). */
  record Weights(Array wIh, Array wHh, Array bIh, Array bHh, Array wHr) {}

  private static List<Array> run(
      Config cfg, Array input, Array h0, Array c0, List<Array> params, boolean batchFirst) {
    check(cfg, input, 3, "[T, B, in] (or [B, T, in] with batch_first)");
    Array x = batchFirst ? Jnp.transpose(input, 1, 0, 2) : input;
    List<Array> result = layers(cfg, x, null, h0, c0, weights(cfg, params));
    if (batchFirst) {
      result.set(0, Jnp.transpose(result.getFirst(), 1, 0, 2));
    }
    return result;
  }

  /**
   * {@code [output, h_n, (c_n)]} of the layer stack over time-major {@code x}; where {@code mask}
   * ({@code [T, B, 1]}, or null) is false a sequence has ended (or not begun, going backward) and
   * its state is carried through unchanged.
   */
  static List<Array> layers(
      Config cfg, Array x, Array mask, Array h0, Array c0, List<Weights> weights) {
    Array wHh = weights.getFirst().wHh();
    checkState(cfg, c0 == null ? "hx" : "h0", h0, x, wHh.shape()[1]);
    if (c0 != null) {
      checkState(cfg, "c0", c0, x, wHh.shape()[0] / 4);
    }
    List<Array> hN = new ArrayList<>();
    List<Array> cN = new ArrayList<>();
    for (int layer = 0; layer < cfg.numLayers(); layer++) {
      List<Array> outputs = new ArrayList<>();
      for (int d = 0; d < cfg.directions(); d++) {
        int k = layer * cfg.directions() + d;
        List<Array> r = direction(cfg.mode(), x, mask, h0, c0, k, weights.get(k), d == 1);
        outputs.add(r.get(0));
        hN.add(r.get(1));
        if (c0 != null) {
          cN.add(r.get(2));
        }
      }
      x = Jnp.concatenate(outputs, 2);
    }
    List<Array> result = new ArrayList<>();
    result.add(x);
    result.add(Jnp.stack(hN, 0));
    if (c0 != null) {
      result.add(Jnp.stack(cN, 0));
    }
    return result;
  }

  /** {@code [ys, h_n, (c_n)]} of one layer and direction over {@code x} ({@code [T, B, in]}). */
  private static List<Array> direction(
      Mode mode, Array x, Array mask, Array h0, Array c0, int k, Weights w, boolean reverse) {
    Array gi = RnnCells.linear(x, w.wIh(), w.bIh());
    List<Array> init = new ArrayList<>();
    init.add(slot(h0, k));
    if (c0 != null) {
      init.add(slot(c0, k));
    }
    ScanOps.Result r =
        ScanOps.scan(
            a -> {
              List<?> carry = (List<?>) a[0];
              List<?> step = (List<?>) a[1];
              Array c = carry.size() > 1 ? (Array) carry.get(1) : null;
              List<Array> next =
                  RnnCells.step(
                      mode,
                      (Array) step.get(0),
                      (Array) carry.get(0),
                      c,
                      w.wHh(),
                      w.bHh(),
                      w.wHr());
              if (step.size() > 1) {
                Array live = (Array) step.get(1);
                List<Array> kept = new ArrayList<>();
                for (int i = 0; i < next.size(); i++) {
                  kept.add(Jnp.where(live, next.get(i), (Array) carry.get(i)));
                }
                next = kept;
              }
              return List.of(next, next.getFirst());
            },
            init,
            mask == null ? List.of(gi) : List.of(gi, mask),
            -1,
            reverse);
    List<Array> out = new ArrayList<>();
    out.add((Array) r.ys());
    for (Object o : (List<?>) r.carry()) {
      out.add((Array) o);
    }
    return out;
  }

  /** {@code state[k]}. */
  private static Array slot(Array state, int k) {
    long[] s = state.shape();
    long[] start = new long[s.length];
    long[] limit = s.clone();
    start[0] = k;
    limit[0] = k + 1;
    return Jnp.reshape(
        dev.torch2jax.lax.ShapeOps.slice(state, start, limit), Arrays.copyOfRange(s, 1, s.length));
  }

  static void check(Config cfg, Array input, int rank, String layout) {
    if (cfg.numLayers() < 1) {
      throw new IllegalArgumentException(
          "%s: num_layers must be at least 1, got %d".formatted(cfg.op(), cfg.numLayers()));
    }
    if (cfg.train() && cfg.dropout() > 0 && cfg.numLayers() > 1) {
      throw new UnsupportedOperationException(
          ("%s: training-mode dropout between layers (dropout=%s) is not supported; call"
                  + " model.eval() before converting, or pass train=False")
              .formatted(cfg.op(), cfg.dropout()));
    }
    if (input.ndim() != rank || !input.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "%s: input must be a %d-D floating-point tensor %s, got %s %s"
              .formatted(cfg.op(), rank, layout, input.dtype(), Arrays.toString(input.shape())));
    }
  }

  /** The flat parameter list split per layer and direction, with its shapes checked. */
  static List<Weights> weights(Config cfg, List<Array> params) {
    int groups = (int) cfg.numLayers() * cfg.directions();
    int base = cfg.hasBiases() ? 4 : 2;
    int per = params.size() / groups;
    boolean projected = cfg.mode() == Mode.LSTM && per == base + 1;
    if (params.size() % groups != 0 || (per != base && !projected)) {
      throw new IllegalArgumentException(
          ("%s: expected %d tensors in params (per layer and direction: w_ih, w_hh%s%s), got %d")
              .formatted(
                  cfg.op(),
                  groups * base,
                  cfg.hasBiases() ? ", b_ih, b_hh" : "",
                  cfg.mode() == Mode.LSTM ? ", and w_hr with proj_size" : "",
                  params.size()));
    }
    List<Weights> out = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      List<Array> p = params.subList(g * per, (g + 1) * per);
      Array bIh = cfg.hasBiases() ? p.get(2) : null;
      Array bHh = cfg.hasBiases() ? p.get(3) : null;
      out.add(new Weights(p.get(0), p.get(1), bIh, bHh, projected ? p.get(base) : null));
    }
    return out;
  }

  private static void checkState(Config cfg, String name, Array state, Array x, long size) {
    long layers = cfg.numLayers() * cfg.directions();
    long[] s = state.shape();
    if (s.length != 3 || s[0] != layers || s[1] != x.shape()[1] || s[2] != size) {
      throw new IllegalArgumentException(
          "%s: %s must be [%d, %d, %d], got %s"
              .formatted(cfg.op(), name, layers, x.shape()[1], size, Arrays.toString(s)));
    }
  }
}
