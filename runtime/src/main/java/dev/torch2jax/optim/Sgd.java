package dev.torch2jax.optim;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with {@code torch.optim.SGD}'s semantics. With gradient {@code g},
 * parameter {@code p}, step {@code t} (counting from 1) and momentum buffer {@code b}:
 *
 * <pre>
 * g  = g + weightDecay * p                              (when weightDecay != 0)
 * b  = g                                   at t = 1     (when momentum != 0)
 * b  = momentum * b + (1 - dampening) * g  at t > 1
 * d  = nesterov ? g + momentum * b : b                  (d = g when momentum == 0)
 * p' = p - lr * d
 * </pre>
 *
 * <p>The state is {@code {"step": int32[], "momentum_buffer": tree like params}}, without the
 * buffer when {@code momentum == 0}. The first-step rule (the buffer starts as the gradient, not
 * damped) is applied with a select on the traced step, so a jitted step serves every step.
 *
 * @param lr the learning rate, {@code >= 0}
 * @param momentum the momentum factor, {@code >= 0}
 * @param dampening the dampening of the gradient's share in the buffer
 * @param nesterov Nesterov momentum; needs {@code momentum > 0} and {@code dampening == 0}
 * @param weightDecay the L2 penalty added to the gradient, {@code >= 0}
 */
public record Sgd(
    double lr, double momentum, double dampening, boolean nesterov, double weightDecay)
    implements Optimizer {
  private static final String BUFFER = "momentum_buffer";

  /**
   * Checks the hyper-parameters as {@code torch.optim.SGD} does.
   *
   * @throws IllegalArgumentException for a negative or NaN rate, momentum or weight decay, or
   *     Nesterov without momentum or with dampening
   */
  public Sgd {
    Hyper.nonNegative("SGD", "lr", lr);
    Hyper.nonNegative("SGD", "momentum", momentum);
    Hyper.nonNegative("SGD", "weight decay", weightDecay);
    if (Double.isNaN(dampening)) {
      throw new IllegalArgumentException("SGD: dampening is NaN");
    }
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new IllegalArgumentException(
          "SGD: Nesterov momentum requires a momentum > 0 and zero dampening, got momentum %s and dampening %s (set the momentum with withMomentum before withNesterov)"
              .formatted(momentum, dampening));
    }
  }

  /** This optimizer with {@code momentum}. */
  public Sgd withMomentum(double momentum) {
    return new Sgd(lr, momentum, dampening, nesterov, weightDecay);
  }

  /** This optimizer with {@code dampening}. */
  public Sgd withDampening(double dampening) {
    return new Sgd(lr, momentum, dampening, nesterov, weightDecay);
  }

  /** This optimizer with Nesterov momentum on or off. */
  public Sgd withNesterov(boolean nesterov) {
    return new Sgd(lr, momentum, dampening, nesterov, weightDecay);
  }

  /** This optimizer with L2 weight decay {@code weightDecay}. */
  public Sgd withWeightDecay(double weightDecay) {
    return new Sgd(lr, momentum, dampening, nesterov, weightDecay);
  }

  @Override
  public Object init(Object params) {
    TreeZip z = TreeZip.of("SGD.init", List.of("params"), Arrays.asList(params));
    if (momentum == 0) {
      return OptState.of(OptState.firstStep(), Map.of());
    }
    List<Array> buffers = new ArrayList<>();
    for (Array[] row : z.rows()) {
      buffers.add(Jnp.zerosLike(row[0]));
    }
    return OptState.of(OptState.firstStep(), Map.of(BUFFER, z.rebuild(buffers)));
  }

  @Override
  public Update update(Object grads, Object state, Object params) {
    List<String> treeKeys = momentum == 0 ? List.of() : List.of(BUFFER);
    Map<?, ?> s = OptState.check("SGD.update", state, treeKeys);
    Array step = (Array) s.get(OptState.STEP);
    TreeZip z =
        momentum == 0
            ? TreeZip.of("SGD.update", List.of("params", "grads"), Arrays.asList(params, grads))
            : TreeZip.of(
                "SGD.update",
                List.of("params", "grads", "state[\"%s\"]".formatted(BUFFER)),
                Arrays.asList(params, grads, s.get(BUFFER)));
    Array first = Jnp.equal(step, Jnp.zerosLike(step));
    List<Array> newParams = new ArrayList<>();
    List<Array> newBuffers = new ArrayList<>();
    for (Array[] row : z.rows()) {
      Array p = row[0];
      Array g = row[1];
      if (weightDecay != 0) {
        g = Jnp.add(g, Jnp.multiply(OptState.constant(weightDecay, p), p));
      }
      Array d = g;
      if (momentum != 0) {
        Array mu = OptState.constant(momentum, p);
        Array later =
            Jnp.add(Jnp.multiply(mu, row[2]), Jnp.multiply(OptState.constant(1 - dampening, p), g));
        Array b = Jnp.where(first, g, later);
        newBuffers.add(b);
        d = nesterov ? Jnp.add(g, Jnp.multiply(mu, b)) : b;
      }
      newParams.add(Jnp.subtract(p, Jnp.multiply(OptState.constant(lr, p), d)));
    }
    Array next = Jnp.add(step, Jnp.onesLike(step));
    Map<String, Object> trees = momentum == 0 ? Map.of() : Map.of(BUFFER, z.rebuild(newBuffers));
    return new Update(z.rebuild(newParams), OptState.of(next, trees));
  }
}
