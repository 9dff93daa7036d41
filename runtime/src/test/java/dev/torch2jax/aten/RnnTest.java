package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.op;
import static dev.torch2jax.aten.NnTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.ConcretizationException;
import dev.torch2jax.core.Lowerer;
import dev.torch2jax.opinfo.Comparison;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.transform.ClosedJaxpr;
import dev.torch2jax.transform.Staging;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Recurrent layers and cells against libtorch: each case runs the overload directly and the same
 * TorchScript call through {@code T2J.t2j}, eagerly, under jit, vmap (over the input) and grad
 * (input, states and weights against libtorch autograd).
 */
class RnnTest {
  private static final double TOL = 1e-4;

  /** PyTorch's flat weights of a layer stack: per layer, per direction. */
  private static List<Tensor> params(
      int gates,
      long in,
      long hidden,
      long layers,
      boolean bidirectional,
      boolean bias,
      long proj) {
    int dirs = bidirectional ? 2 : 1;
    long out = proj > 0 ? proj : hidden;
    List<Tensor> p = new ArrayList<>();
    for (int l = 0; l < layers; l++) {
      for (int d = 0; d < dirs; d++) {
        p.add(uniform(-0.5, 0.5, gates * hidden, l == 0 ? in : dirs * out));
        p.add(uniform(-0.5, 0.5, gates * hidden, out));
        if (bias) {
          p.add(uniform(-0.5, 0.5, gates * hidden));
          p.add(uniform(-0.5, 0.5, gates * hidden));
        }
        if (proj > 0) {
          p.add(uniform(-0.5, 0.5, proj, hidden));
        }
      }
    }
    return p;
  }

  /** The TorchScript names ({@code a, b, ...}) of tensors {@code from .. from + n - 1}. */
  private static String names(int from, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i < from + n; i++) {
      b.append(i > from ? ", " : "").append(i < 26 ? String.valueOf((char) ('a' + i)) : "t" + i);
    }
    return b.toString();
  }

  private static String py(boolean b) {
    return b ? "True" : "False";
  }

  /** An LSTM layer stack through {@code aten::lstm.input}. */
  private static void lstmCase(
      long layers, boolean bidirectional, boolean batchFirst, boolean bias, long proj) {
    long t = 5;
    long b = 3;
    long in = 4;
    long hidden = 6;
    long dirs = bidirectional ? 2 : 1;
    long out = proj > 0 ? proj : hidden;
    Tensor x = batchFirst ? uniform(-1, 1, b, t, in) : uniform(-1, 1, t, b, in);
    List<Tensor> hx =
        List.of(uniform(-1, 1, layers * dirs, b, out), uniform(-1, 1, layers * dirs, b, hidden));
    List<Tensor> p = params(4, in, hidden, layers, bidirectional, bias, proj);
    String expr =
        "torch.lstm(a, [b, c], [%s], %s, %d, 0.0, False, %s, %s)"
            .formatted(names(3, p.size()), py(bias), layers, py(bidirectional), py(batchFirst));
    op("aten::lstm.input", x, hx, p, bias, layers, 0.0, false, bidirectional, batchFirst)
        .torch(expr)
        .tol(TOL)
        .check();
  }

  /** A GRU or Elman layer stack through its {@code .input} overload. */
  private static void singleStateCase(
      String name,
      int gates,
      long layers,
      boolean bidirectional,
      boolean batchFirst,
      boolean bias) {
    long t = 4;
    long b = 2;
    long in = 3;
    long hidden = 5;
    long dirs = bidirectional ? 2 : 1;
    Tensor x = batchFirst ? uniform(-1, 1, b, t, in) : uniform(-1, 1, t, b, in);
    Tensor h0 = uniform(-1, 1, layers * dirs, b, hidden);
    List<Tensor> p = params(gates, in, hidden, layers, bidirectional, bias, 0);
    String expr =
        "torch.%s(a, b, [%s], %s, %d, 0.0, False, %s, %s)"
            .formatted(
                name, names(2, p.size()), py(bias), layers, py(bidirectional), py(batchFirst));
    op("aten::" + name + ".input", x, h0, p, bias, layers, 0.0, false, bidirectional, batchFirst)
        .torch(expr)
        .tol(TOL)
        .check();
  }

  @Test
  void lstmMultiLayerBidirectionalBatchFirst() {
    lstmCase(2, true, true, true, 0);
  }

  @Test
  void lstmSingleLayerWithoutBias() {
    lstmCase(1, false, false, false, 0);
  }

  @Test
  void lstmWithProjection() {
    lstmCase(2, true, false, true, 2);
  }

  @Test
  void lstmFromZeroStatesAsNnLstmPassesThem() {
    Tensor x = uniform(-1, 1, 6, 2, 3);
    List<Tensor> hx =
        List.of(
            NnTesting.floats(new float[2 * 4], 1, 2, 4),
            NnTesting.floats(new float[2 * 4], 1, 2, 4));
    List<Tensor> p = params(4, 3, 4, 1, false, true, 0);
    op("aten::lstm.input", x, hx, p, true, 1L, 0.5, false, false, false)
        .torch("torch.lstm(a, [b, c], [d, e, f, g], True, 1, 0.5, False, False, False)")
        .tol(TOL)
        .check();
  }

  @Test
  void gruLayers() {
    singleStateCase("gru", 3, 2, true, true, true);
    singleStateCase("gru", 3, 1, false, false, false);
  }

  @Test
  void elmanLayers() {
    singleStateCase("rnn_tanh", 1, 2, true, false, true);
    singleStateCase("rnn_relu", 1, 2, false, true, true);
    singleStateCase("rnn_relu", 1, 1, true, false, false);
  }

  @Test
  void cells() {
    Tensor x = uniform(-1, 1, 3, 4);
    Tensor h = uniform(-1, 1, 3, 5);
    Tensor c = uniform(-1, 1, 3, 5);
    op(
            "aten::lstm_cell",
            x,
            List.of(h, c),
            uniform(-.5, .5, 20, 4),
            uniform(-.5, .5, 20, 5),
            uniform(-.5, .5, 20),
            uniform(-.5, .5, 20))
        .torch("torch.lstm_cell(a, [b, c], d, e, f, g)")
        .tol(TOL)
        .check();
    op(
            "aten::lstm_cell",
            x,
            List.of(h, c),
            uniform(-.5, .5, 20, 4),
            uniform(-.5, .5, 20, 5),
            null,
            null)
        .torch("torch.lstm_cell(a, [b, c], d, e)")
        .tol(TOL)
        .check();
    op(
            "aten::gru_cell",
            x,
            h,
            uniform(-.5, .5, 15, 4),
            uniform(-.5, .5, 15, 5),
            uniform(-.5, .5, 15),
            uniform(-.5, .5, 15))
        .torch("torch.gru_cell(a, b, c, d, e, f)")
        .tol(TOL)
        .check();
    op(
            "aten::gru_cell",
            uniform(-1, 1, 2, 4),
            uniform(-1, 1, 2, 5),
            uniform(-.5, .5, 15, 4),
            uniform(-.5, .5, 15, 5),
            null,
            null)
        .torch("torch.gru_cell(a, b, c, d)")
        .tol(TOL)
        .check();
    op(
            "aten::rnn_tanh_cell",
            x,
            h,
            uniform(-.5, .5, 5, 4),
            uniform(-.5, .5, 5, 5),
            uniform(-.5, .5, 5),
            uniform(-.5, .5, 5))
        .torch("torch.rnn_tanh_cell(a, b, c, d, e, f)")
        .tol(TOL)
        .check();
    op(
            "aten::rnn_relu_cell",
            x,
            h,
            uniform(-.5, .5, 5, 4),
            uniform(-.5, .5, 5, 5),
            uniform(-.5, .5, 5),
            null)
        .torch("torch.rnn_relu_cell(a, b, c, d, e)")
        .tol(TOL)
        .check();
  }

  @Test
  void packedSequencesMatchLibtorchEagerJittedAndDifferentiated() {
    Tensor data = uniform(-1, 1, 9, 4);
    Tensor sizes = NnTesting.longs(new long[] {3, 3, 2, 1}, 4);
    Tensor h0 = uniform(-1, 1, 4, 3, 5);
    Tensor c0 = uniform(-1, 1, 4, 3, 5);
    List<Tensor> p = params(4, 4, 5, 2, true, true, 0);
    List<Tensor> all = new ArrayList<>(List.of(data, sizes, h0, c0));
    all.addAll(p);
    String call =
        "torch.lstm(a, b, [c, d], [%s], True, 2, 0.0, False, True)".formatted(names(4, 16));
    List<Array> weights = new ArrayList<>();
    for (Tensor t : p) {
      weights.add(T2J.t2j(t));
    }
    Array sizesArray = T2J.t2j(sizes);
    List<Array> hx = List.of(T2J.t2j(h0), T2J.t2j(c0));
    Fn lstm =
        a -> RnnLayers.lstmPacked((Array) a[0], (Array) a[1], hx, weights, true, 2, 0, false, true);
    List<?> eager = (List<?>) lstm.apply(T2J.t2j(data), sizesArray);
    // Batch sizes closed over stay concrete under jit.
    List<?> jitted = (List<?>) Jax.jit(a -> lstm.apply(a[0], sizesArray)).apply(T2J.t2j(data));
    for (int o = 0; o < 3; o++) {
      Tensor expected = NnTesting.torchEval(call + "[" + o + "]", all.toArray(Tensor[]::new));
      Comparison.assertClose("lstm.data output " + o, expected, (Array) eager.get(o), TOL);
      Comparison.assertClose("jitted lstm.data output " + o, expected, (Array) jitted.get(o), TOL);
    }
    // The gradient of a weighted sum of the packed output with respect to the packed input.
    Tensor d = data.detach().clone();
    d.requires_grad_(true);
    List<Tensor> withGrad = new ArrayList<>(all);
    withGrad.set(0, d);
    Tensor w = uniform(-1, 1, 9, 10);
    NnTesting.torchEval(call + "[0]", withGrad.toArray(Tensor[]::new)).mul(w).sum().backward();
    Array wa = T2J.t2j(w);
    // Under jit: one compile instead of one per backward op.
    Array grad =
        (Array)
            Jax.jit(
                    Jax.grad(
                        a ->
                            Jnp.sum(
                                Jnp.multiply(
                                    (Array) ((List<?>) lstm.apply(a[0], sizesArray)).get(0), wa))))
                .apply(T2J.t2j(data));
    Comparison.assertClose("lstm.data gradient", d.grad(), grad, 1e-3);
    // Traced batch sizes cannot set the padded shape.
    ConcretizationException e =
        assertThrows(
            ConcretizationException.class, () -> Jax.jit(lstm).apply(T2J.t2j(data), sizesArray));
    assertTrue(e.getMessage().contains("batch_sizes"), e.getMessage());
  }

  @Test
  void trainingDropoutAndBadShapesAreRefused() {
    List<Array> p = new ArrayList<>();
    for (Tensor t : params(4, 3, 4, 2, false, true, 0)) {
      p.add(T2J.t2j(t));
    }
    Array x = T2J.t2j(uniform(-1, 1, 5, 2, 3));
    List<Array> hx = List.of(T2J.t2j(uniform(-1, 1, 2, 2, 4)), T2J.t2j(uniform(-1, 1, 2, 2, 4)));
    UnsupportedOperationException e =
        assertThrows(
            UnsupportedOperationException.class,
            () -> RnnLayers.lstm(x, hx, p, true, 2, 0.3, true, false, false));
    assertTrue(e.getMessage().contains("model.eval()"), e.getMessage());
    // Training without dropout is the same computation as evaluation.
    assertEquals(3, RnnLayers.lstm(x, hx, p, true, 2, 0.0, true, false, false).size());
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> RnnLayers.lstm(x, hx, p.subList(0, 7), true, 2, 0, false, false, false));
    assertTrue(bad.getMessage().contains("expected 8 tensors in params"), bad.getMessage());
    bad =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RnnLayers.lstm(
                    x,
                    List.of(hx.get(0), dev.torch2jax.Jnp.reshape(hx.get(0), 2, 4, 2)),
                    p,
                    true,
                    2,
                    0,
                    false,
                    false,
                    false));
    assertTrue(bad.getMessage().contains("c0 must be [2, 2, 4]"), bad.getMessage());
    Array w = T2J.t2j(uniform(-1, 1, 12, 3));
    bad =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                RnnCells.gruCell(
                    T2J.t2j(uniform(-1, 1, 3)), T2J.t2j(uniform(-1, 1, 4)), w, w, null, null));
    assertTrue(bad.getMessage().contains("gru_cell: shapes do not fit"), bad.getMessage());
  }

  @Test
  void aLongSequenceStaysOneLoopUnderJit() {
    List<Array> p = new ArrayList<>();
    for (Tensor t : params(4, 3, 4, 1, true, true, 0)) {
      p.add(T2J.t2j(t));
    }
    Array h = T2J.t2j(uniform(-1, 1, 2, 2, 4));
    Fn f = a -> RnnLayers.lstm((Array) a[0], List.of(h, h), p, true, 1, 0, false, true, false);
    ClosedJaxpr shortJaxpr = Staging.makeJaxpr(f, T2J.t2j(uniform(-1, 1, 5, 2, 3)));
    ClosedJaxpr longJaxpr = Staging.makeJaxpr(f, T2J.t2j(uniform(-1, 1, 500, 2, 3)));
    String shortHlo = Lowerer.module("short", shortJaxpr.jaxpr());
    String longHlo = Lowerer.module("long", longJaxpr.jaxpr());
    assertEquals(shortHlo.lines().count(), longHlo.lines().count(), longHlo);
    assertEquals(2, longHlo.split("stablehlo.while", -1).length - 1, longHlo);
    List<?> out = (List<?>) dev.torch2jax.Jax.jit(f).apply(T2J.t2j(uniform(-1, 1, 500, 2, 3)));
    assertEquals(500, ((Array) out.getFirst()).shape()[0]);
  }
}
