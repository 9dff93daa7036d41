package dev.torch2jax.transform;

import dev.torch2jax.Array;
import dev.torch2jax.core.PrimitiveRules;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.transform.VjpTrace.Node;
import dev.torch2jax.transform.VjpTrace.VjpTracer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The backward pass over a {@link VjpTrace}'s tape. */
final class Backward {
  private Backward() {}

  /**
   * Cotangents of {@code inputs} given cotangents of {@code outputs} (a null cotangent counts as
   * zero). Inputs that no output depends on get zeros.
   */
  static List<Array> run(List<Array> outputs, List<Array> outputCts, List<VjpTracer> inputs) {
    Map<Node, Array[]> cts = new IdentityHashMap<>();
    List<Node> roots = new ArrayList<>();
    for (int i = 0; i < outputs.size(); i++) {
      if (outputs.get(i) instanceof VjpTracer t && t.node != null && outputCts.get(i) != null) {
        accumulate(cts, t.node, t.index, outputCts.get(i));
        roots.add(t.node);
      }
    }
    for (Node node : reverseTopological(roots)) {
      Array[] nodeCts = cts.remove(node);
      if (node.isInput() || nodeCts == null) {
        if (node.isInput() && nodeCts != null) {
          cts.put(node, nodeCts);
        }
        continue;
      }
      List<Array> outCts = new ArrayList<>(node.outputs.size());
      for (int i = 0; i < node.outputs.size(); i++) {
        outCts.add(
            nodeCts[i] != null ? nodeCts[i] : ElementwiseOps.fullLike(node.outputs.get(i), 0));
      }
      List<Array> inCts =
          PrimitiveRules.vjp(node.primitive)
              .vjp(node.primitive, outCts, node.primals, node.outputs, node.params);
      for (int j = 0; j < node.inputs.size(); j++) {
        VjpTracer in = node.inputs.get(j);
        Array ct = inCts.get(j);
        if (in.node != null && ct != null && in.primal.dtype().isInexact()) {
          accumulate(cts, in.node, in.index, ct);
        }
      }
    }
    List<Array> result = new ArrayList<>(inputs.size());
    for (VjpTracer in : inputs) {
      Array[] c = cts.get(in.node);
      result.add(c != null && c[0] != null ? c[0] : ElementwiseOps.fullLike(in.primal, 0));
    }
    return result;
  }

  private static void accumulate(Map<Node, Array[]> cts, Node node, int index, Array ct) {
    Array[] slot = cts.computeIfAbsent(node, n -> new Array[n.outputs.size()]);
    Array target = node.outputs.get(index);
    if (!Arrays.equals(ct.shape(), target.shape()) || ct.dtype() != target.dtype()) {
      throw new IllegalStateException(
          "cotangent "
              + ct.dtype()
              + Arrays.toString(ct.shape())
              + " does not match its primal "
              + target.dtype()
              + Arrays.toString(target.shape())
              + (node.isInput() ? "" : " (output of " + node.primitive + ")"));
    }
    slot[index] = slot[index] == null ? ct : ElementwiseOps.add(slot[index], ct);
  }

  /** Every node the roots depend on, each after all nodes that consume it. */
  private static List<Node> reverseTopological(List<Node> roots) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> todo = new ArrayDeque<>(roots);
    List<Node> all = new ArrayList<>();
    while (!todo.isEmpty()) {
      Node n = todo.pop();
      if (seen.add(n)) {
        all.add(n);
        for (VjpTracer in : n.inputs) {
          if (in.node != null) {
            todo.push(in.node);
          }
        }
      }
    }
    // Sequence numbers follow creation order, which is a topological order of the tape.
    all.sort((a, b) -> Integer.compare(b.sequence, a.sequence));
    return all;
  }
}
