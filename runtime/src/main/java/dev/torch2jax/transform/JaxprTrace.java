package dev.torch2jax.transform;

import dev.torch2jax.Array;
import dev.torch2jax.core.Jaxpr;
import dev.torch2jax.core.JaxprEqn;
import dev.torch2jax.core.Literal;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.PrimitiveRules;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.Trace;
import dev.torch2jax.core.Tracer;
import dev.torch2jax.core.Var;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Stages primitives into a jaxpr instead of running them. Values from outside (concrete arrays,
 * tracers of outer transformations) become constant inputs, passed in when the jaxpr runs; a
 * concrete single-element value becomes a {@link Literal} in the program instead.
 */
final class JaxprTrace extends Trace {
  private final List<Var> invars = new ArrayList<>();
  private final List<JaxprEqn> eqns = new ArrayList<>();
  private final List<Var> constvars = new ArrayList<>();
  private final List<Array> consts = new ArrayList<>();
  private final Map<Array, JaxprTracer> constTracers = new IdentityHashMap<>();

  JaxprTrace(int level) {
    super(level, "jit");
  }

  /** A tracer standing for a staged value. */
  static final class JaxprTracer extends Tracer {
    final Var var;

    JaxprTracer(JaxprTrace trace, Var var) {
      super(trace);
      this.var = var;
    }

    @Override
    public ShapedArray aval() {
      return var.aval();
    }
  }

  /** A new input of the jaxpr. */
  JaxprTracer newInput(ShapedArray aval) {
    Var v = new Var(aval);
    invars.add(v);
    return new JaxprTracer(this, v);
  }

  @Override
  public Tracer lift(Array value) {
    return constTracers.computeIfAbsent(
        value, a -> Literal.inlinable(a) ? literal(a) : constant(a));
  }

  /** A single-element concrete value, written into the program as a constant. */
  private JaxprTracer literal(Array a) {
    return (JaxprTracer) process(Literal.PRIMITIVE, Literal.params(a), List.of()).getFirst();
  }

  /** A value passed in as a constant input when the jaxpr runs. */
  private JaxprTracer constant(Array a) {
    Var v = new Var(ShapedArray.of(a));
    constvars.add(v);
    consts.add(a);
    return new JaxprTracer(this, v);
  }

  @Override
  public List<Array> process(Primitive primitive, Params params, List<Tracer> inputs) {
    List<Var> in = new ArrayList<>(inputs.size());
    List<ShapedArray> avals = new ArrayList<>(inputs.size());
    for (Tracer t : inputs) {
      Var v = ((JaxprTracer) t).var;
      in.add(v);
      avals.add(v.aval());
    }
    List<ShapedArray> outAvals = PrimitiveRules.outputAvals(primitive, avals, params);
    List<Var> out = new ArrayList<>(outAvals.size());
    List<Array> tracers = new ArrayList<>(outAvals.size());
    for (ShapedArray a : outAvals) {
      Var v = new Var(a);
      out.add(v);
      tracers.add(new JaxprTracer(this, v));
    }
    eqns.add(new JaxprEqn(primitive, params, in, out));
    return tracers;
  }

  /** The jaxpr returning {@code outputs}, and the constants its constvars stand for. */
  ClosedJaxpr build(List<Array> outputs) {
    List<Var> outvars = new ArrayList<>(outputs.size());
    for (Array o : outputs) {
      JaxprTracer t =
          o instanceof JaxprTracer jt && jt.trace() == this ? jt : (JaxprTracer) lift(o);
      outvars.add(t.var);
    }
    return new ClosedJaxpr(new Jaxpr(constvars, invars, eqns, outvars), List.copyOf(consts));
  }
}
