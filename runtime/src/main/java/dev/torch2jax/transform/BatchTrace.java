package dev.torch2jax.transform;

import dev.torch2jax.Array;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.PrimitiveRules;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.Trace;
import dev.torch2jax.core.Tracer;
import dev.torch2jax.core.rules.Batched;
import java.util.ArrayList;
import java.util.List;

/** Batching: each value carries an extra axis (or none), and primitives use their batch rules. */
final class BatchTrace extends Trace {
  BatchTrace(int level) {
    super(level, "vmap");
  }

  /** A batched value: {@code value} with the batch axis at {@code batchDim}, or not mapped. */
  static final class BatchTracer extends Tracer {
    final Array value;
    final int batchDim;

    BatchTracer(BatchTrace trace, Array value, int batchDim) {
      super(trace);
      this.value = value;
      this.batchDim = batchDim;
    }

    @Override
    public ShapedArray aval() {
      ShapedArray full = ShapedArray.of(value);
      if (batchDim == Batched.NOT_MAPPED) {
        return full;
      }
      long[] s = full.shape();
      long[] shape = new long[s.length - 1];
      for (int i = 0, j = 0; i < s.length; i++) {
        if (i != batchDim) {
          shape[j++] = s[i];
        }
      }
      return new ShapedArray(shape, full.dtype());
    }
  }

  @Override
  public Tracer lift(Array value) {
    return new BatchTracer(this, value, Batched.NOT_MAPPED);
  }

  @Override
  public List<Array> process(Primitive primitive, Params params, List<Tracer> inputs) {
    List<Array> values = new ArrayList<>(inputs.size());
    int[] dims = new int[inputs.size()];
    boolean mapped = false;
    for (int i = 0; i < inputs.size(); i++) {
      BatchTracer t = (BatchTracer) inputs.get(i);
      values.add(t.value);
      dims[i] = t.batchDim;
      mapped |= t.batchDim != Batched.NOT_MAPPED;
    }
    List<Array> result = new ArrayList<>();
    if (!mapped) {
      for (Array o : primitive.bind(params, values)) {
        result.add(new BatchTracer(this, o, Batched.NOT_MAPPED));
      }
      return result;
    }
    Batched b = PrimitiveRules.batch(primitive).batch(primitive, values, dims, params);
    for (int i = 0; i < b.outputs().size(); i++) {
      result.add(new BatchTracer(this, b.outputs().get(i), b.batchDims()[i]));
    }
    return result;
  }
}
