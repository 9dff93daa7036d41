package dev.torch2jax.core;

import dev.torch2jax.Array;
import java.util.ArrayList;
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
    List<Var> binders = jaxpr.allInputs();
    if (binders.size() != constsAndArgs.size()) {
      throw new IllegalArgumentException(
          "jaxpr takes " + binders.size() + " inputs, got " + constsAndArgs.size());
    }
    Map<Var, Array> env = new IdentityHashMap<>();
    for (int i = 0; i < binders.size(); i++) {
      env.put(binders.get(i), constsAndArgs.get(i));
    }
    for (JaxprEqn e : jaxpr.eqns()) {
      List<Array> in = new ArrayList<>(e.inputs().size());
      for (Var v : e.inputs()) {
        in.add(env.get(v));
      }
      List<Array> out = e.primitive().bind(e.params(), in);
      for (int i = 0; i < out.size(); i++) {
        env.put(e.outputs().get(i), out.get(i));
      }
    }
    return jaxpr.outvars().stream().map(env::get).toList();
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
