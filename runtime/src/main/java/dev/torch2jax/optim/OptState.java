package dev.torch2jax.optim;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.Shapes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The optimizer state as a {@code Map<String, ?>} pytree: the step count under {@code "step"} and
 * per-parameter trees under PyTorch's state names ({@code "momentum_buffer"}, {@code "exp_avg"},
 * ...). Checks that a state handed to {@code update} is the one its optimizer's {@code init} made.
 */
final class OptState {
  /** The key of the step count: steps taken so far, an int32 0-d array. */
  static final String STEP = "step";

  private OptState() {}

  /** The step count before the first step. */
  static Array firstStep() {
    return Jnp.scalarOf(0, DType.I32);
  }

  /** A state of {@code step} and the named trees. */
  static Map<String, Object> of(Array step, Map<String, Object> trees) {
    Map<String, Object> state = new TreeMap<>(trees);
    state.put(STEP, step);
    return state;
  }

  /**
   * {@code state} as a map, checked to hold exactly {@code STEP} and {@code treeKeys} with an int32
   * 0-d step count.
   *
   * @throws IllegalArgumentException saying what the state should be
   */
  static Map<?, ?> check(String context, Object state, List<String> treeKeys) {
    Set<String> expected = new TreeSet<>(treeKeys);
    expected.add(STEP);
    if (!(state instanceof Map<?, ?> m) || !m.keySet().equals(expected)) {
      throw new IllegalArgumentException(
          "%s: the optimizer state must be the Map with keys %s that this optimizer's init(params) or update returned, got %s"
              .formatted(context, expected, describe(state)));
    }
    if (!(m.get(STEP) instanceof Array step) || step.ndim() != 0 || step.dtype() != DType.I32) {
      throw new IllegalArgumentException(
          "%s: the state's \"step\" must be an int32 0-d array (the steps taken so far), got %s"
              .formatted(context, describe(m.get(STEP))));
    }
    return m;
  }

  /** {@code value} as a 0-d array of {@code like}'s dtype, so it does not promote the leaf. */
  static Array constant(double value, Array like) {
    return Jnp.scalarOf(value, like.dtype());
  }

  private static String describe(Object o) {
    return switch (o) {
      case null -> "null";
      case Map<?, ?> m -> "a Map with keys " + m.keySet();
      case Array a -> "%s%s".formatted(a.dtype().torchName(), Shapes.str(a.shape()));
      default -> "a " + o.getClass().getName();
    };
  }
}
