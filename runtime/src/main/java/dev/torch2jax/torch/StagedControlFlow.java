package dev.torch2jax.torch;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Fn;
import dev.torch2jax.Jnp;
import dev.torch2jax.control.ControlFlowOps;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.torch.ScriptGraph.Body;
import dev.torch2jax.torch.ScriptGraph.Node;
import dev.torch2jax.torch.TensorRef.Storage;
import dev.torch2jax.transform.Staging;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code prim::If} and {@code prim::Loop}: run directly when their condition is known, staged as
 * {@code cond} and {@code while} when it is read from traced data. Writes a staged branch makes to
 * tensors defined outside it become extra outputs of the branch, written back after it.
 */
final class StagedControlFlow {
  private final Interpreter interpreter;

  StagedControlFlow(Interpreter interpreter) {
    this.interpreter = interpreter;
  }

  /** {@code prim::If}. */
  List<Object> runIf(Node n, Object condition, Map<Long, Object> env) {
    Boolean known = knownBool(condition);
    if (known != null) {
      Body b = n.blocks().get(known ? 0 : 1);
      interpreter.runNodes(b, env);
      return Interpreter.outputsOf(b, env);
    }
    Array pred = predicate((TracedScalar) condition);
    Body onTrue = n.blocks().get(0);
    Body onFalse = n.blocks().get(1);
    // Discover the outer tensors each branch writes (staged, then undone).
    boolean[] raises = new boolean[2];
    Set<Storage> written = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < 2; i++) {
      Body b = i == 0 ? onTrue : onFalse;
      WriteScopes.Scope s = interpreter.writes().push();
      try {
        Staging.stageLike(
            args -> {
              interpreter.runNodes(b, env);
              return interpreter.materialize(Interpreter.outputsOf(b, env));
            });
      } catch (ScriptException e) {
        raises[i] = true;
      } finally {
        interpreter.writes().pop(s);
      }
      written.addAll(s.written());
    }
    if (raises[0] || raises[1]) {
      // A branch that raises cannot be a traced branch: the other one is taken (a check on traced
      // data is dropped, as under jax.jit). Both raising: raise.
      Body b = raises[0] ? onFalse : onTrue;
      if (raises[0] && raises[1]) {
        b = onTrue;
      }
      interpreter.runNodes(b, env);
      return Interpreter.outputsOf(b, env);
    }
    List<Storage> order = new ArrayList<>(written);
    order.sort((p, q) -> Long.compare(p.id, q.id));
    @SuppressWarnings("unchecked")
    List<Object> result =
        (List<Object>)
            ControlFlowOps.cond(pred, branch(onTrue, env, order), branch(onFalse, env, order));
    @SuppressWarnings("unchecked")
    List<Array> values = (List<Array>) result.get(1);
    for (int i = 0; i < order.size(); i++) {
      interpreter.writes().set(order.get(i), values.get(i));
    }
    return InterpreterValues.mapEach((List<?>) result.get(0), InterpreterValues::wrap);
  }

  private Fn branch(Body b, Map<Long, Object> env, List<Storage> written) {
    return args -> {
      WriteScopes.Scope s = interpreter.writes().push();
      try {
        interpreter.runNodes(b, env);
        List<Object> outs = interpreter.materialize(Interpreter.outputsOf(b, env));
        List<Array> vals = new ArrayList<>();
        for (Storage st : written) {
          vals.add(st.value());
        }
        return List.of(outs, vals);
      } finally {
        interpreter.writes().pop(s);
      }
    };
  }

  /** {@code prim::Loop}: a static trip count, run step by step until its condition is traced. */
  List<Object> runLoop(Node n, List<Object> in, Map<Long, Object> env) {
    if (!(in.get(0) instanceof Long max)) {
      throw interpreter.unsupported(
          n,
          "a loop whose trip count %s is not a static int"
              .formatted(InterpreterValues.describe(in.get(0))));
    }
    Object cond = in.get(1);
    List<Object> carried = new ArrayList<>(in.subList(2, in.size()));
    Body body = n.blocks().getFirst();
    for (long i = 0; i < max; i++) {
      Boolean go = knownBool(cond);
      if (go == null) {
        return whileLoop(n, i, max, (TracedScalar) cond, carried, env);
      }
      if (!go) {
        break;
      }
      env.put(body.inputs()[0], i);
      for (int k = 0; k < carried.size(); k++) {
        env.put(body.inputs()[k + 1], carried.get(k));
      }
      interpreter.runNodes(body, env);
      List<Object> outs = Interpreter.outputsOf(body, env);
      cond = outs.getFirst();
      carried = new ArrayList<>(outs.subList(1, outs.size()));
    }
    return carried;
  }

  /**
   * The rest of a loop whose condition depends on traced data, as {@code while}: the carry is the
   * counter, the condition, the loop's carried tensors and the outer tensors the body writes.
   */
  private List<Object> whileLoop(
      Node n,
      long start,
      long max,
      TracedScalar cond,
      List<Object> carried,
      Map<Long, Object> env) {
    Body body = n.blocks().getFirst();
    for (Object c : carried) {
      if (!(c instanceof TensorRef)) {
        throw interpreter.unsupported(
            n,
            ("a loop with a condition on traced data that carries a non-tensor value %s (only"
                    + " tensors can be carried through a traced while loop)")
                .formatted(InterpreterValues.describe(c)));
      }
    }
    Fn bodyFn =
        args -> {
          @SuppressWarnings("unchecked")
          List<Object> carry = (List<Object>) args[0];
          env.put(body.inputs()[0], new TracedScalar((Array) carry.get(0), "loop counter"));
          @SuppressWarnings("unchecked")
          List<Object> ts = (List<Object>) carry.get(2);
          for (int k = 0; k < ts.size(); k++) {
            env.put(body.inputs()[k + 1], TensorRef.fresh((Array) ts.get(k)));
          }
          interpreter.runNodes(body, env);
          List<Object> outs = Interpreter.outputsOf(body, env);
          Array next =
              outs.getFirst() instanceof TracedScalar t
                  ? predicate(t)
                  : Array.of(new boolean[] {(Boolean) outs.getFirst()}, new long[0]);
          return List.of(
              Jnp.add((Array) carry.get(0), Array.scalar(1L)),
              next,
              interpreter.materialize(outs.subList(1, outs.size())));
        };
    List<Object> init =
        List.of(Array.scalar(start), predicate(cond), interpreter.materialize(carried));
    // Writes to outer tensors in the body would be lost: refuse them.
    WriteScopes.Scope probe = interpreter.writes().push();
    try {
      Staging.stageLike(bodyFn, init);
    } finally {
      interpreter.writes().pop(probe);
    }
    if (!probe.written().isEmpty()) {
      throw interpreter.unsupported(
          n, "a loop with a condition on traced data whose body writes tensors defined outside it");
    }
    Fn condFn =
        args -> {
          @SuppressWarnings("unchecked")
          List<Object> carry = (List<Object>) args[0];
          Array i = (Array) carry.get(0);
          return Jnp.astype(
              ElementwiseOps.and(
                  Jnp.less(i, Array.scalar(max)), Jnp.astype((Array) carry.get(1), DType.BOOL)),
              DType.BOOL);
        };
    @SuppressWarnings("unchecked")
    List<Object> result = (List<Object>) ControlFlowOps.whileLoop(condFn, bodyFn, init);
    return InterpreterValues.mapEach((List<?>) result.get(2), InterpreterValues::wrap);
  }

  /** The condition's value when known now; null when it was read from traced data. */
  private static Boolean knownBool(Object c) {
    if (c instanceof Boolean b) {
      return b;
    }
    if (c instanceof TracedScalar t) {
      return t.value().isConcrete() ? t.value().bool() : null;
    }
    throw new IllegalArgumentException(
        "expected a bool condition, got " + InterpreterValues.describe(c));
  }

  private static Array predicate(TracedScalar t) {
    Array v = t.value();
    if (v.ndim() != 0) {
      v = Jnp.reshape(v);
    }
    return v.dtype() == DType.BOOL ? v : Jnp.notEqual(v, Jnp.zerosLike(v));
  }
}
