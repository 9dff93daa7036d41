package dev.torch2jax;

import dev.torch2jax.transform.Grad;
import dev.torch2jax.transform.Jit;
import dev.torch2jax.transform.Staging;
import dev.torch2jax.transform.Vjp;
import dev.torch2jax.transform.Vmap;
import java.util.List;

/**
 * JAX's transformations for Java functions over pytrees of arrays. They compose in any order and
 * depth: {@code jit(grad(f))}, {@code grad(grad(f))}, {@code vmap(grad(f))}, {@code jit(vmap(f))},
 * ...
 */
public final class Jax {
  /** The name jitted functions' programs carry. */
  private static final String JIT_NAME = "jit_fn";

  private Jax() {}

  /**
   * {@code f} compiled by XLA as a whole: traced once per argument structure, shapes, dtypes and
   * static values, and cached; later calls with the same signature run the compiled program.
   */
  public static Jit jit(Fn f) {
    return new Jit(f, JIT_NAME);
  }

  /**
   * The StableHLO module {@link #jit} would compile for arguments shaped like {@code exampleArgs}
   * (their values are not read; static values are part of the program). See {@link Lowered} for the
   * module's parameters.
   *
   * @throws IllegalStateException when called inside a transformation on a function that closes
   *     over one of its traced values
   */
  public static Lowered lower(Fn f, Object... exampleArgs) {
    return new Lowered(new Jit(f, JIT_NAME).lower(exampleArgs));
  }

  /**
   * {@code f} jitted with shape buckets: one dimension of the padded arguments is padded up to a
   * bucket size and the outputs are sliced back, so few programs are compiled (see {@link Buckets}
   * for what is padded and sliced, and which functions are safe).
   */
  public static Fn jitBucketed(Fn f, Buckets buckets) {
    return buckets.jit(f);
  }

  /**
   * The gradient of {@code f} (which returns a scalar float Array) with respect to argument 0,
   * shaped like that argument (a map of parameters gives a map with the same keys).
   */
  public static Fn grad(Fn f) {
    return Grad.grad(f, "grad", false, 0);
  }

  /**
   * The gradient with respect to the arguments {@code argnums}: one argnum gives its gradient,
   * several give a List of gradients in argnums order.
   */
  public static Fn grad(Fn f, int... argnums) {
    return Grad.grad(f, "grad", false, argnums);
  }

  /** A function returning {@code List.of(value, gradient with respect to argument 0)}. */
  public static Fn valueAndGrad(Fn f) {
    return Grad.grad(f, "valueAndGrad", true, 0);
  }

  /**
   * For {@code f} returning {@code List.of(value, aux)} (a scalar loss and anything else, e.g. a
   * model's new batch-norm state): a function returning {@code List.of(List.of(value, aux),
   * gradient of value with respect to argument 0)}, as JAX's {@code value_and_grad(f,
   * has_aux=True)}; {@code aux} is not differentiated.
   */
  public static Fn valueAndGradWithAux(Fn f) {
    return Grad.grad(f, "valueAndGradWithAux", true, true, 0);
  }

  /**
   * Runs {@code f} on {@code primals}; returns {@code List.of(outputs, pullback)} where {@code
   * pullback.apply(cotangents)} returns a List with one cotangent per primal.
   */
  public static List<Object> vjp(Fn f, Object... primals) {
    return Vjp.vjp(f, primals);
  }

  /** {@code f} mapped over axis 0 of every argument; outputs get the batch axis in front. */
  public static Fn vmap(Fn f) {
    return Vmap.vmap(f);
  }

  /** {@code f} mapped over axis {@code inAxes[i]} of argument i ({@code null}: not mapped). */
  public static Fn vmap(Fn f, Integer... inAxes) {
    return Vmap.vmap(f, inAxes);
  }

  /** The jaxpr of {@code f} traced on arguments shaped like {@code exampleArgs}, as text. */
  public static String makeJaxpr(Fn f, Object... exampleArgs) {
    return Staging.makeJaxpr(f, exampleArgs).toString();
  }
}
