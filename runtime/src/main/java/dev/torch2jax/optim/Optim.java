package dev.torch2jax.optim;

/**
 * The optimizers with {@code torch.optim}'s default hyper-parameters; refine them with the {@code
 * with...} methods of {@link Sgd} and {@link Adam}, e.g. {@code
 * Optim.sgd(0.1).withMomentum(0.9).withNesterov(true)}.
 */
public final class Optim {
  private Optim() {}

  /** Plain SGD: no momentum, dampening or weight decay. */
  public static Sgd sgd(double lr) {
    return new Sgd(lr, 0, 0, false, 0);
  }

  /** Adam with betas (0.9, 0.999), eps 1e-8, no weight decay, no amsgrad. */
  public static Adam adam(double lr) {
    return new Adam(lr, 0.9, 0.999, 1e-8, 0, false, false);
  }

  /** AdamW with betas (0.9, 0.999), eps 1e-8, decoupled weight decay 0.01, no amsgrad. */
  public static Adam adamw(double lr) {
    return new Adam(lr, 0.9, 0.999, 1e-8, 1e-2, false, true);
  }
}
