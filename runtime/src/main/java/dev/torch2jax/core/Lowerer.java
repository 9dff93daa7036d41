package dev.torch2jax.core;

import dev.torch2jax.core.rules.LoweringContext;
import dev.torch2jax.hlo.FunctionBuilder;
import dev.torch2jax.hlo.ModuleBuilder;
import dev.torch2jax.hlo.TensorType;
import dev.torch2jax.hlo.Value;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Lowers jaxprs to StableHLO with each primitive's lowering rule. */
public final class Lowerer {
  private Lowerer() {}

  /**
   * A module whose {@code @main} takes the jaxpr's constants then inputs, and returns its outputs.
   */
  public static String module(String name, Jaxpr jaxpr) {
    ModuleBuilder m = ModuleBuilder.create(name);
    List<TensorType> types = new ArrayList<>();
    for (Var v : jaxpr.allInputs()) {
      types.add(tensorType(v.aval()));
    }
    FunctionBuilder f = m.function("main", types);
    f.returns(inline(f, jaxpr, f.params()).toArray(Value[]::new));
    return m.toText();
  }

  /** A module applying one primitive to parameters of {@code inputs}' types. */
  public static String module(String name, Primitive p, Params params, List<ShapedArray> inputs) {
    ModuleBuilder m = ModuleBuilder.create(name);
    FunctionBuilder f = m.function("main", inputs.stream().map(Lowerer::tensorType).toList());
    List<ShapedArray> outs = PrimitiveRules.outputAvals(p, inputs, params);
    f.returns(apply(f, p, params, f.params(), outs).toArray(Value[]::new));
    return m.toText();
  }

  /**
   * Emits {@code jaxpr}'s equations into {@code f}, inputs (constants first) bound to {@code
   * inputs}.
   */
  public static List<Value> inline(FunctionBuilder f, Jaxpr jaxpr, List<Value> inputs) {
    List<Var> binders = jaxpr.allInputs();
    if (binders.size() != inputs.size()) {
      throw new IllegalArgumentException(
          "jaxpr takes " + binders.size() + " inputs, lowering got " + inputs.size());
    }
    Map<Var, Value> env = new IdentityHashMap<>();
    for (int i = 0; i < binders.size(); i++) {
      env.put(binders.get(i), inputs.get(i));
    }
    for (JaxprEqn e : jaxpr.eqns()) {
      List<Value> in = e.inputs().stream().map(v -> lookup(env, v)).toList();
      List<ShapedArray> outAvals = e.outputs().stream().map(Var::aval).toList();
      List<Value> out = apply(f, e.primitive(), e.params(), in, outAvals);
      for (int i = 0; i < out.size(); i++) {
        env.put(e.outputs().get(i), out.get(i));
      }
    }
    return jaxpr.outvars().stream().map(v -> lookup(env, v)).toList();
  }

  private static List<Value> apply(
      FunctionBuilder f, Primitive p, Params params, List<Value> in, List<ShapedArray> outAvals) {
    LoweringContext ctx = new Context(f, outAvals);
    List<Value> out = PrimitiveRules.lowering(p).lower(ctx, p, in, params);
    if (out.size() != outAvals.size()) {
      throw new IllegalStateException(
          "lowering of " + p + " gave " + out.size() + " results, expected " + outAvals.size());
    }
    for (int i = 0; i < out.size(); i++) {
      TensorType want = tensorType(outAvals.get(i));
      if (!out.get(i).type().equals(want)) {
        throw new IllegalStateException(
            "lowering of "
                + p
                + " gave "
                + out.get(i).type()
                + " for output "
                + i
                + ", expected "
                + want);
      }
    }
    return out;
  }

  private static Value lookup(Map<Var, Value> env, Var v) {
    Value value = env.get(v);
    if (value == null) {
      throw new IllegalStateException("jaxpr uses " + v + " before defining it");
    }
    return value;
  }

  /** The StableHLO tensor type of {@code aval}. */
  public static TensorType tensorType(ShapedArray aval) {
    return aval.tensorType();
  }

  private record Context(FunctionBuilder builder, List<ShapedArray> outputAvals)
      implements LoweringContext {
    @Override
    public List<Value> lowerJaxpr(FunctionBuilder b, Jaxpr jaxpr, List<Value> inputs) {
      return inline(b, jaxpr, inputs);
    }
  }
}
