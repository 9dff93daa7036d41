package dev.torch2jax.examples;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.Backend;
import dev.torch2jax.pjrt.PjrtClient;

/** The main example for now: which plugin and device run XLA, and a few computed results. */
public final class HelloXla {
  private HelloXla() {}

  /** Prints the plugin, the device and some results computed on it. */
  public static void main(String[] args) {
    PjrtClient client = Backend.client();
    System.out.println("PJRT plugin:   " + client.api().library());
    System.out.println("PJRT C API:    " + client.api().apiVersion());
    System.out.println("StableHLO:     " + client.api().stablehloVersion());
    System.out.println("platform:      " + client.platformName() + " " + client.platformVersion());
    System.out.println("device:        " + Backend.device());

    Array x = Array.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Array w = Array.of(new float[] {0.5f, -1, 2, 0, 1, 1}, 3, 2);
    Array b = Array.of(new float[] {10, 20});
    Array y = Jnp.add(Jnp.matmul(x, w), b);
    System.out.println("x @ w + b =    " + y);
    System.out.println("tanh(x / 4) =  " + Jnp.tanh(Jnp.divide(x, Array.scalar(4f))));
    System.out.println("sum(x, 1) =    " + Jnp.sum(x, 1));
    System.out.println("int promotion: " + Jnp.add(Array.of(new int[] {1, 2}), Array.scalar(0.5)));

    // The classics: a loss, its gradient compiled by XLA, and per-example gradients.
    Fn loss = a -> Jnp.sum(Jnp.tanh(Jnp.matmul((Array) a[0], (Array) a[1])));
    Fn gradW = Jax.jit(Jax.grad(loss, 1));
    System.out.println("jaxpr of loss: " + Jax.makeJaxpr(loss, x, w));
    System.out.println("d loss / d w = " + gradW.apply(x, w));
    System.out.println("per-row grads: " + Jax.vmap(Jax.grad(loss, 1), 0, null).apply(x, w));
  }
}
