package dev.torch2jax.core;

import dev.torch2jax.Array;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Evaluating and checking jaxprs. */
public final class Jaxprs {
  private Jaxprs() {}

  /**
   * Runs {@code jaxpr} by binding each equation's primitive in turn, so under an active
   * transformation the equations are transformed (this is how {@code pjit} is batched and
   * differentiated).
   */
  public static List<Array> eval(Jaxpr jaxpr, List<? extends Array> constsAndArgs) {
    return interpret(jaxpr, constsAndArgs, (e, in) -> e.primitive().bind(e.params(), in));
  }

  /** How one interpretation of a jaxpr turns an equation's input values into its output values. */
  @FunctionalInterface
  interface EquationRule<T> {
    List<T> apply(JaxprEqn e, List<T> inputs);
  }

  /**
   * Walks {@code jaxpr}'s equations in order, its input variables (constants first) bound to {@code
   * inputs} and each equation's outputs to what {@code rule} gives; returns the values of the
   * jaxpr's outputs. Evaluation and lowering are both such walks.
   */
  static <T> List<T> interpret(Jaxpr jaxpr, List<? extends T> inputs, EquationRule<T> rule) {
    List<Var> binders = jaxpr.allInputs();
    if (binders.size() != inputs.size()) {
      throw new IllegalArgumentException(
          "jaxpr takes %d inputs, got %d".formatted(binders.size(), inputs.size()));
    }
    Map<Var, T> env = new IdentityHashMap<>();
    for (int i = 0; i < binders.size(); i++) {
      env.put(binders.get(i), inputs.get(i));
    }
    for (JaxprEqn e : jaxpr.eqns()) {
      List<T> out = rule.apply(e, e.inputs().stream().map(v -> lookup(env, v)).toList());
      for (int i = 0; i < out.size(); i++) {
        env.put(e.outputs().get(i), out.get(i));
      }
    }
    return jaxpr.outvars().stream().map(v -> lookup(env, v)).toList();
  }

  private static <T> T lookup(Map<Var, T> env, Var v) {
    T value = env.get(v);
    if (value == null) {
      throw new IllegalStateException("jaxpr uses " + v + " before defining it");
    }
    return value;
  }

  /**
   * Checks that every variable is defined once before use and that each equation's outputs have the
   * avals its primitive's abstract evaluation gives.
   *
   * @throws IllegalStateException describing the first problem
   */
  public static void typecheck(Jaxpr jaxpr) {
    Set<Var> defined = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Var v : jaxpr.allInputs()) {
      define(defined, v, jaxpr);
    }
    for (JaxprEqn e : jaxpr.eqns()) {
      for (Var v : e.inputs()) {
        if (!defined.contains(v)) {
          throw new IllegalStateException(
              "equation " + e.primitive() + " uses an undefined variable in\n" + jaxpr);
        }
      }
      List<ShapedArray> expected =
          PrimitiveRules.outputAvals(
              e.primitive(), e.inputs().stream().map(Var::aval).toList(), e.params());
      List<ShapedArray> actual = e.outputs().stream().map(Var::aval).toList();
      if (!expected.equals(actual)) {
        throw new IllegalStateException(
            "equation "
                + e.primitive()
                + " declares outputs "
                + actual
                + " but its rule gives "
                + expected);
      }
      for (Var v : e.outputs()) {
        define(defined, v, jaxpr);
      }
    }
    for (Var v : jaxpr.outvars()) {
      if (!defined.contains(v)) {
        throw new IllegalStateException("jaxpr returns an undefined variable:\n" + jaxpr);
      }
    }
  }

  private static void define(Set<Var> defined, Var v, Jaxpr jaxpr) {
    if (!defined.add(v)) {
      throw new IllegalStateException("variable defined twice in\n" + jaxpr);
    }
  }
}
