package dev.torch2jax.aten;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.torch.T2J;
import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** Ops with {@code @CustomVjp}: the registry wraps them so that reverse mode uses their rule. */
class CustomVjpTest {
  private static final double[] DATA = {0.3, -1.2, 2.5, 0.7, 1.1, -0.4, 0.0, 3.0};

  private static Array logSoftmax(Object x) {
    return (Array)
        OpRegistry.global()
            .lookup("aten::log_softmax.int")
            .orElseThrow()
            .call(Arrays.asList(x, 1L, null));
  }

  @Test
  void forwardAndGradientMatchLibtorch() {
    Array x = Array.of(DATA, 2, 4);
    Tensor t = Tensor.create(DATA, 2, 4);
    Tensor expected = t.log_softmax(1);
    assertArrayEquals(T2J.t2j(expected).toDoubleArray(), logSoftmax(x).toDoubleArray(), 1e-12);

    Array weights = Array.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
    Fn loss = a -> Jnp.sum(Jnp.multiply(logSoftmax(a[0]), weights));
    Tensor tx = Tensor.create(DATA, 2, 4).requires_grad_(true);
    tx.log_softmax(1).mul(T2J.j2t(weights)).sum().backward();
    double[] torchGrad = T2J.t2j(tx.grad()).toDoubleArray();
    assertArrayEquals(torchGrad, ((Array) Jax.grad(loss).apply(x)).toDoubleArray(), 1e-12);
    assertArrayEquals(torchGrad, ((Array) Jax.jit(Jax.grad(loss)).apply(x)).toDoubleArray(), 1e-12);
  }

  @Test
  void reverseModeUsesTheRuleNotTheMaximumsVjp() {
    Array x = Array.of(DATA, 2, 4);
    Array weights = Array.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 4);
    Fn loss = a -> Jnp.sum(Jnp.multiply(logSoftmax(a[0]), weights));
    String forward = Jax.makeJaxpr(loss, x);
    assertTrue(forward.contains("custom_vjp_call"), forward);
    String backward = Jax.makeJaxpr(Jax.grad(loss), x);
    // Differentiating reduce_max would select among tied maxima; the rule never does.
    assertFalse(backward.contains("select_n"), backward);
  }

  /** A call that leaves the trailing default (dtype) out still gets the rule's gradient. */
  @Test
  void trailingDefaultsLeftOutStillDifferentiate() {
    Array x = Array.of(DATA, 2, 4);
    Fn full = a -> Jnp.sum(Jnp.square(logSoftmax(a[0])));
    Fn shortCall =
        a ->
            Jnp.sum(
                Jnp.square(
                    (Array)
                        OpRegistry.global()
                            .lookup("aten::log_softmax.int")
                            .orElseThrow()
                            .call(Arrays.asList(a[0], 1L))));
    assertArrayEquals(
        ((Array) Jax.grad(full).apply(x)).toDoubleArray(),
        ((Array) Jax.grad(shortCall).apply(x)).toDoubleArray(),
        1e-12);
  }

  @Test
  void underVmapTheOpIsBatchedThroughItsPrimitives() {
    Array batch = Array.of(DATA, 2, 1, 4);
    Array out = (Array) Jax.vmap(a -> logSoftmax(a[0])).apply(batch);
    assertArrayEquals(logSoftmax(Array.of(DATA, 2, 4)).toDoubleArray(), out.toDoubleArray(), 1e-12);
  }
}
