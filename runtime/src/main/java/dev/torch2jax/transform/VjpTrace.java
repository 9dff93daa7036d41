package dev.torch2jax.transform;

import dev.torch2jax.Array;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.PrimitiveRules;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.Trace;
import dev.torch2jax.core.Tracer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reverse mode by taping: primitives run on the primal values (through the outer levels) and are
 * recorded when an input depends on a differentiated argument. The backward pass ({@link Backward})
 * walks the tape in reverse with the VJP rules.
 */
final class VjpTrace extends Trace {
  private int nextSequence;

  VjpTrace(int level) {
    super(level, "grad");
  }

  /** A recorded primitive application; {@code primitive} is null for a differentiated input. */
  static final class Node {
    final Primitive primitive;
    final Params params;
    final List<VjpTracer> inputs;
    final List<Array> primals;
    final List<Array> outputs;
    final int sequence;

    Node(
        Primitive primitive,
        Params params,
        List<VjpTracer> inputs,
        List<Array> primals,
        List<Array> outputs,
        int sequence) {
      this.primitive = primitive;
      this.params = params;
      this.inputs = inputs;
      this.primals = primals;
      this.outputs = outputs;
      this.sequence = sequence;
    }

    boolean isInput() {
      return primitive == null;
    }
  }

  /** A value and, when it depends on a differentiated argument, where it came from. */
  static final class VjpTracer extends Tracer {
    final Array primal;
    final Node node;
    final int index;

    VjpTracer(VjpTrace trace, Array primal, Node node, int index) {
      super(trace);
      this.primal = primal;
      this.node = node;
      this.index = index;
    }

    @Override
    public ShapedArray aval() {
      return ShapedArray.of(primal);
    }

    /** Under grad the value is known (when it is known outside), so Java code may branch on it. */
    @Override
    public byte[] toBytes() {
      return primal.toBytes();
    }

    @Override
    public boolean isConcrete() {
      return primal.isConcrete();
    }
  }

  /** A differentiated input whose value is {@code primal}. */
  VjpTracer newInput(Array primal) {
    Node n =
        new Node(null, Params.EMPTY, List.of(), List.of(primal), List.of(primal), nextSequence++);
    return new VjpTracer(this, primal, n, 0);
  }

  @Override
  public Tracer lift(Array value) {
    return new VjpTracer(this, value, null, 0);
  }

  @Override
  public List<Array> process(Primitive primitive, Params params, List<Tracer> inputs) {
    List<VjpTracer> in = new ArrayList<>(inputs.size());
    List<Array> primals = new ArrayList<>(inputs.size());
    boolean tracked = false;
    for (Tracer t : inputs) {
      VjpTracer v = (VjpTracer) t;
      in.add(v);
      primals.add(v.primal);
      tracked |= v.node != null;
    }
    List<Array> outs = primitive.bind(params, primals);
    boolean floatOut = outs.stream().anyMatch(o -> o.dtype().isInexact());
    if (tracked && floatOut && PrimitiveRules.isNotDifferentiable(primitive)) {
      PrimitiveRules.vjp(primitive); // throws, with the primitive's reason
    }
    Node node =
        tracked && floatOut ? new Node(primitive, params, in, primals, outs, nextSequence++) : null;
    List<Array> result = new ArrayList<>(outs.size());
    for (int i = 0; i < outs.size(); i++) {
      result.add(new VjpTracer(this, outs.get(i), node, i));
    }
    return result;
  }
}
