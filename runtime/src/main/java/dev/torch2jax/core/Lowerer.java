package dev.torch2jax.core;

import dev.torch2jax.core.rules.LoweringContext;
import dev.torch2jax.hlo.FunctionBuilder;
import dev.torch2jax.hlo.ModuleBuilder;
import dev.torch2jax.hlo.TensorType;
import dev.torch2jax.hlo.Value;
import java.util.ArrayList;
import java.util.List;

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
    return Jaxprs.interpret(
        jaxpr,
        inputs,
        (e, in) ->
            apply(f, e.primitive(), e.params(), in, e.outputs().stream().map(Var::aval).toList()));
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
