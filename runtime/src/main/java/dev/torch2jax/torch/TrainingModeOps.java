package dev.torch2jax.torch;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.aten.AtenOp;
import dev.torch2jax.torch.ScriptGraph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Training-mode batch norm and instance norm with running statistics: libtorch updates the
 * running-mean and running-variance buffers in place although the schemas do not mark them as
 * written. Here {@code _native_batch_norm_legit_functional} computes the new statistics and they
 * are written into the tensors passed (the module's buffers), so a call with state returns them.
 */
final class TrainingModeOps {
  private static final String FUNCTIONAL = "aten::_native_batch_norm_legit_functional";

  /** Overloads with (input, weight, bias, running_mean, running_var, training, momentum, eps). */
  private static final Set<String> BATCH_NORMS =
      Set.of("aten::batch_norm", "aten::native_batch_norm", "aten::_native_batch_norm_legit");

  private static final String INSTANCE_NORM = "aten::instance_norm";

  private final Interpreter interpreter;
  private final Functionalization functionalization;

  TrainingModeOps(Interpreter interpreter, Functionalization functionalization) {
    this.interpreter = interpreter;
    this.functionalization = functionalization;
  }

  /** True for a batch or instance norm in training mode that has running statistics to update. */
  static boolean handles(Node n, List<Object> in) {
    String ov = n.overload();
    boolean norm = BATCH_NORMS.contains(ov) || ov.equals(INSTANCE_NORM);
    return norm
        && in.size() > 5
        && Boolean.TRUE.equals(in.get(5))
        && in.get(3) instanceof TensorRef
        && in.get(4) instanceof TensorRef;
  }

  /** The op's outputs, with its running statistics written. */
  List<Object> apply(Node n, List<Object> in) {
    // momentum=None makes the module pass 1 / float(num_batches_tracked): under jit a number read
    // from traced data. The statistics are then blended here with that number as an array.
    Array tracedMomentum = in.get(6) instanceof TracedScalar t ? t.value() : null;
    List<Object> known = new ArrayList<>(in);
    if (tracedMomentum != null) {
      known.set(6, 1.0);
    }
    List<Object> args = interpreter.materialize(known);
    Array input = (Array) args.get(0);
    Array weight = (Array) args.get(1);
    Array bias = (Array) args.get(2);
    Array mean = (Array) args.get(3);
    Array var = (Array) args.get(4);
    double momentum = ScalarOps.num(args.get(6)).doubleValue();
    double eps = ScalarOps.num(args.get(7)).doubleValue();
    boolean instance = n.overload().equals(INSTANCE_NORM);
    long batch = input.shape()[0];
    if (instance) {
      // Instance norm is batch norm of (1, N*C, ...) with the statistics repeated per sample.
      long[] s = input.shape();
      long[] merged = Arrays.copyOfRange(s, 1, s.length);
      merged[0] = s[0] * s[1];
      input = Jnp.reshape(input, prepend(1, merged));
      weight = weight == null ? null : repeat(weight, batch);
      bias = bias == null ? null : repeat(bias, batch);
      mean = repeat(mean, batch);
      var = repeat(var, batch);
    }
    AtenOp op = interpreter.lookup(FUNCTIONAL).orElseThrow(() -> interpreter.unsupported(n, null));
    @SuppressWarnings("unchecked")
    List<Array> r =
        (List<Array>)
            op.call(new ArrayList<>(List.of(input, weight, bias, mean, var, true, momentum, eps)));
    Array out = r.get(0);
    Array newMean = r.get(3);
    Array newVar = r.get(4);
    if (instance) {
      out = Jnp.reshape(out, ((Array) args.get(0)).shape());
      newMean = Jnp.mean(Jnp.reshape(newMean, batch, -1), 0, false);
      newVar = Jnp.mean(Jnp.reshape(newVar, batch, -1), 0, false);
    }
    if (tracedMomentum != null) {
      newMean = blend((Array) args.get(3), newMean, tracedMomentum);
      newVar = blend((Array) args.get(4), newVar, tracedMomentum);
    }
    functionalization.assign((TensorRef) in.get(3), newMean);
    functionalization.assign((TensorRef) in.get(4), newVar);
    if (n.overload().equals("aten::batch_norm") || instance) {
      return InterpreterValues.one(TensorRef.fresh(out));
    }
    return new ArrayList<>(
        List.of(TensorRef.fresh(out), TensorRef.fresh(r.get(1)), TensorRef.fresh(r.get(2))));
  }

  /** {@code (1 - momentum) * running + momentum * batch}, momentum a 0-d array. */
  private static Array blend(Array running, Array batch, Array momentum) {
    Array m = Jnp.astype(Jnp.reshape(momentum), running.dtype());
    return Jnp.add(running, Jnp.multiply(m, Jnp.subtract(batch, running)));
  }

  /** {@code [c]} repeated {@code n} times: {@code [n * c]}. */
  private static Array repeat(Array a, long n) {
    long c = a.shape()[0];
    return Jnp.reshape(Jnp.broadcastTo(Jnp.reshape(a, 1, c), new long[] {n, c}), n * c);
  }

  private static long[] prepend(long first, long[] rest) {
    long[] out = new long[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }
}
