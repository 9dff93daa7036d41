/**
 * Optimizers as pure functions over pytrees, in the shape of optax, with {@code torch.optim}'s
 * update rules: {@link dev.torch2jax.optim.Sgd} (momentum, dampening, Nesterov, weight decay) and
 * {@link dev.torch2jax.optim.Adam} (bias correction, amsgrad; AdamW's decoupled weight decay), made
 * with PyTorch's defaults by {@link dev.torch2jax.optim.Optim}.
 *
 * <p>An {@link dev.torch2jax.optim.Optimizer} has two functions: {@code init(params)} gives the
 * state before the first step, {@code update(grads, state, params)} gives an {@code Update} with
 * the new parameters and the new state. Parameters and gradients are pytrees of one structure
 * (typically the {@code Map<String, Array>} of the trainable entries of {@code T2J.stateDict}); the
 * state is a {@code Map<String, ?>} of the step count (an int32 0-d array) and trees mirroring the
 * parameters under PyTorch's state names ({@code momentum_buffer}, {@code exp_avg}, {@code
 * exp_avg_sq}, {@code max_exp_avg_sq}). Nothing is mutated, and everything is written with {@code
 * Jnp}, so the update is jitted with the loss and its gradient into one XLA program; since the step
 * count is an array, that program is compiled once and serves every step. Hyper-parameters are Java
 * doubles, constants of the compiled program.
 *
 * <pre>{@code
 * Map<String, Array> params = ...;                   // trainable parameters, float arrays
 * Optimizer opt = Optim.adamw(1e-3).withWeightDecay(1e-4);
 * Object optState = opt.init(params);
 * Fn lossAndGrad = Jax.valueAndGrad(a -> loss((Map<String, Array>) a[0], (Array) a[1], (Array) a[2]));
 * Fn step = Jax.jit(a -> {
 *   List<?> vg = (List<?>) lossAndGrad.apply(a[0], a[2], a[3]);   // loss, d loss / d params
 *   Optimizer.Update u = opt.update(vg.get(1), a[1], a[0]);
 *   return List.of(vg.get(0), u.params(), u.state());
 * });
 * for (Batch b : batches) {
 *   List<?> r = (List<?>) step.apply(params, optState, b.x(), b.y());
 *   params = (Map<String, Array>) r.get(1);
 *   optState = r.get(2);
 * }
 * }</pre>
 *
 * <p>Gradients must have their parameter's shape and dtype, and every tree the same keys; a
 * mismatch is an {@code IllegalArgumentException} naming the key (e.g. {@code grads has no entry
 * "fc.weight"}). Leaves must be floating-point arrays: keep integer buffers such as {@code
 * num_batches_tracked} out of the parameter tree.
 */
package dev.torch2jax.optim;
