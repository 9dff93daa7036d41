package dev.torch2jax.optim;

/**
 * A gradient-based optimizer as a pair of pure functions over pytrees, in the shape of optax's
 * {@code GradientTransformation}, with the new parameters computed by the optimizer as {@code
 * torch.optim} does.
 *
 * <p>{@code params} and {@code grads} are pytrees of one structure (typically {@code Map<String,
 * Array>} state dicts) whose leaves are floating-point arrays; each gradient has its parameter's
 * shape and dtype. The optimizer state is a {@code Map<String, ?>} pytree holding the step count
 * (an int32 0-d array, so that one jitted step serves every step) and per-parameter trees that
 * mirror {@code params}. Nothing is mutated: every call returns new arrays, so {@code update} can
 * be jitted, differentiated and vmapped with the loss.
 */
public interface Optimizer {
  /** The result of {@link #update}: the new parameters and the new optimizer state. */
  record Update(Object params, Object state) {}

  /**
   * The state before the first step for {@code params}.
   *
   * @throws IllegalArgumentException when {@code params} is not a pytree of floating-point arrays,
   *     naming the offending leaf
   */
  Object init(Object params);

  /**
   * One optimization step: the parameters after applying {@code grads} to {@code params}, and the
   * state for the next step.
   *
   * @param grads gradients, the same tree structure, shapes and dtypes as {@code params}
   * @param state what {@link #init} or the previous {@code update} of this optimizer returned
   * @param params the current parameters
   * @throws IllegalArgumentException when the trees do not match (naming the key and both shapes)
   *     or {@code state} is not this optimizer's state
   */
  Update update(Object grads, Object state, Object params);
}
