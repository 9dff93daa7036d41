package dev.torch2jax.optim;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Adam, and AdamW when the weight decay is decoupled, with {@code torch.optim.Adam}'s semantics
 * ({@code torch.optim.AdamW} is Adam with {@code decoupled_weight_decay=True}). With gradient
 * {@code g}, parameter {@code p}, step {@code t} (counting from 1), first and second moments {@code
 * m} and {@code v} (zero before the first step):
 *
 * <pre>
 * p  = p * (1 - lr * weightDecay)                  (AdamW: decoupled decay)
 * g  = g + weightDecay * p                         (Adam: L2 penalty in the gradient)
 * m  = beta1 * m + (1 - beta1) * g
 * v  = beta2 * v + (1 - beta2) * g * g
 * vmax = max(vmax, v)                              (amsgrad; v below means vmax)
 * denom = sqrt(v) / sqrt(1 - beta2^t) + eps        (= sqrt(v_hat) + eps)
 * p' = p - lr / (1 - beta1^t) * m / denom
 * </pre>
 *
 * <p>eps is added after the bias correction of {@code sqrt(v)}, where PyTorch adds it. The bias
 * corrections {@code 1 - beta^t} are computed as {@code -expm1(t * log(beta))} in the parameter's
 * dtype: the direct difference cancels in float32 (0.999 is stored with an error of 1.3e-8, so
 * {@code 1 - 0.999} is off by 1.3e-5 relative), while PyTorch computes them on the host in double.
 * The state is {@code {"step": int32[], "exp_avg": tree, "exp_avg_sq": tree}}, plus {@code
 * "max_exp_avg_sq"} with amsgrad, the trees shaped like the parameters.
 *
 * @param lr the learning rate, {@code >= 0}
 * @param beta1 the decay of the first moment, in {@code [0, 1)}
 * @param beta2 the decay of the second moment, in {@code [0, 1)}
 * @param eps added to the denominator, {@code >= 0}
 * @param weightDecay the weight decay, {@code >= 0}
 * @param amsgrad whether to divide by the running maximum of the second moment
 * @param decoupledWeightDecay AdamW's decay of the parameters instead of Adam's L2 penalty
 */
public record Adam(
    double lr,
    double beta1,
    double beta2,
    double eps,
    double weightDecay,
    boolean amsgrad,
    boolean decoupledWeightDecay)
    implements Optimizer {
  private static final String EXP_AVG = "exp_avg";
  private static final String EXP_AVG_SQ = "exp_avg_sq";
  private static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";

  /**
   * Checks the hyper-parameters as {@code torch.optim.Adam} does.
   *
   * @throws IllegalArgumentException for a negative or NaN rate, eps or weight decay, or a beta
   *     outside {@code [0, 1)}
   */
  public Adam {
    String name = decoupledWeightDecay ? "AdamW" : "Adam";
    Hyper.nonNegative(name, "lr", lr);
    Hyper.beta(name, "beta1", beta1);
    Hyper.beta(name, "beta2", beta2);
    Hyper.nonNegative(name, "eps", eps);
    Hyper.nonNegative(name, "weight decay", weightDecay);
  }

  /** This optimizer with the moment decays {@code beta1} and {@code beta2}. */
  public Adam withBetas(double beta1, double beta2) {
    return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, decoupledWeightDecay);
  }

  /** This optimizer with {@code eps}. */
  public Adam withEps(double eps) {
    return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, decoupledWeightDecay);
  }

  /** This optimizer with weight decay {@code weightDecay} (L2 for Adam, decoupled for AdamW). */
  public Adam withWeightDecay(double weightDecay) {
    return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, decoupledWeightDecay);
  }

  /** This optimizer with amsgrad on or off. */
  public Adam withAmsgrad(boolean amsgrad) {
    return new Adam(lr, beta1, beta2, eps, weightDecay, amsgrad, decoupledWeightDecay);
  }

  private String name() {
    return decoupledWeightDecay ? "AdamW" : "Adam";
  }

  private List<String> treeKeys() {
    return amsgrad ? List.of(EXP_AVG, EXP_AVG_SQ, MAX_EXP_AVG_SQ) : List.of(EXP_AVG, EXP_AVG_SQ);
  }

  @Override
  public Object init(Object params) {
    TreeZip z = TreeZip.of(name() + ".init", List.of("params"), Arrays.asList(params));
    Map<String, Object> trees = new TreeMap<>();
    for (String key : treeKeys()) {
      List<Array> zeros = new ArrayList<>();
      for (Array[] row : z.rows()) {
        zeros.add(Jnp.zerosLike(row[0]));
      }
      trees.put(key, z.rebuild(zeros));
    }
    return OptState.of(OptState.firstStep(), trees);
  }

  @Override
  public Update update(Object grads, Object state, Object params) {
    String context = name() + ".update";
    Map<?, ?> s = OptState.check(context, state, treeKeys());
    List<String> names = new ArrayList<>(List.of("params", "grads"));
    List<Object> trees = new ArrayList<>(Arrays.asList(params, grads));
    for (String key : treeKeys()) {
      names.add("state[\"%s\"]".formatted(key));
      trees.add(s.get(key));
    }
    TreeZip z = TreeZip.of(context, names, trees);
    Array next = Jnp.add((Array) s.get(OptState.STEP), Jnp.onesLike((Array) s.get(OptState.STEP)));
    Map<DType, BiasCorrections> corrections = new EnumMap<>(DType.class);
    List<List<Array>> out = new ArrayList<>();
    for (int i = 0; i < 2 + treeKeys().size(); i++) {
      out.add(new ArrayList<>());
    }
    for (Array[] row : z.rows()) {
      BiasCorrections bc =
          corrections.computeIfAbsent(row[0].dtype(), d -> biasCorrections(next, row[0]));
      Array[] updated = step(row, bc);
      for (int i = 0; i < updated.length; i++) {
        out.get(i).add(updated[i]);
      }
    }
    Map<String, Object> newTrees = new TreeMap<>();
    for (int i = 0; i < treeKeys().size(); i++) {
      newTrees.put(treeKeys().get(i), z.rebuild(out.get(i + 1)));
    }
    return new Update(z.rebuild(out.get(0)), OptState.of(next, newTrees));
  }

  /** The new parameter and moments ({@code p, m, v[, vmax]}) of one leaf. */
  private Array[] step(Array[] row, BiasCorrections bc) {
    Array p = row[0];
    Array g = row[1];
    if (weightDecay != 0 && decoupledWeightDecay) {
      p = Jnp.multiply(p, OptState.constant(1 - lr * weightDecay, p));
    } else if (weightDecay != 0) {
      g = Jnp.add(g, Jnp.multiply(OptState.constant(weightDecay, p), p));
    }
    Array m =
        Jnp.add(
            Jnp.multiply(OptState.constant(beta1, p), row[2]),
            Jnp.multiply(OptState.constant(1 - beta1, p), g));
    Array v =
        Jnp.add(
            Jnp.multiply(OptState.constant(beta2, p), row[3]),
            Jnp.multiply(OptState.constant(1 - beta2, p), Jnp.multiply(g, g)));
    Array vmax = amsgrad ? Jnp.maximum(row[4], v) : v;
    Array denom =
        Jnp.add(Jnp.divide(Jnp.sqrt(vmax), Jnp.sqrt(bc.second())), OptState.constant(eps, p));
    Array stepSize = Jnp.divide(OptState.constant(lr, p), bc.first());
    Array newP = Jnp.subtract(p, Jnp.multiply(stepSize, Jnp.divide(m, denom)));
    return amsgrad ? new Array[] {newP, m, v, vmax} : new Array[] {newP, m, v};
  }

  /** {@code 1 - beta1^t} and {@code 1 - beta2^t} as 0-d arrays of one dtype. */
  private record BiasCorrections(Array first, Array second) {}

  /** The bias corrections at step {@code step} in {@code like}'s dtype. */
  private BiasCorrections biasCorrections(Array step, Array like) {
    Array t = Jnp.astype(step, like.dtype());
    return new BiasCorrections(oneMinusPower(beta1, t, like), oneMinusPower(beta2, t, like));
  }

  /** {@code 1 - beta^t} without cancellation: {@code -expm1(t * log(beta))}; 1 when beta is 0. */
  private static Array oneMinusPower(double beta, Array t, Array like) {
    return Jnp.negative(Jnp.expm1(Jnp.multiply(t, OptState.constant(Math.log(beta), like))));
  }
}
