package dev.torch2jax;

import dev.torch2jax.core.Backend;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.core.ShardedArray;
import dev.torch2jax.lax.ShardingOps;
import dev.torch2jax.pjrt.PjrtDevice;
import dev.torch2jax.transform.Grad;
import dev.torch2jax.transform.Jit;
import dev.torch2jax.transform.ShardedJit;
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
   * {@code f} compiled once for a mesh of devices by XLA's SPMD partitioner: arguments and results
   * laid out as {@code shardings} says, collectives inserted by XLA, results {@link #devicePut
   * sharded arrays}. Arguments that are not yet on the mesh are placed first.
   */
  public static Fn jit(Fn f, JitShardings shardings) {
    return new ShardedJit(f, "jit_fn", shardings);
  }

  /**
   * The devices of the process-wide client: one by default on CPU; {@code
   * -Dtorch2jax.cpu.devices=N} gives N.
   */
  public static List<PjrtDevice> devices() {
    return Backend.devices();
  }

  /**
   * {@code x} laid out on the mesh devices as {@code sharding} says (each device gets its block,
   * replicated axes get copies), like JAX's {@code device_put}.
   *
   * @throws IllegalArgumentException when a split dimension is not divisible by its mesh axis
   */
  public static Array devicePut(Array x, NamedSharding sharding) {
    if (x instanceof ShardedArray s && s.sharding().equals(sharding)) {
      return s;
    }
    return ShardedArray.place(x, sharding);
  }

  /**
   * Inside a function traced by a sharded {@link #jit(Fn, JitShardings)}: asks XLA to lay {@code x}
   * out as {@code sharding} there, like JAX's {@code with_sharding_constraint}. On concrete arrays,
   * and in programs for one device, it is the identity.
   */
  public static Array withShardingConstraint(Array x, NamedSharding sharding) {
    if (x instanceof DeviceArray || x instanceof ShardedArray) {
      sharding.shardShape(x.shape());
      return x;
    }
    return ShardingOps.withShardingConstraint(x, sharding);
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
