package dev.torch2jax.core;

import dev.torch2jax.Array;
import dev.torch2jax.hlo.FunctionBuilder;
import dev.torch2jax.hlo.ModuleBuilder;
import dev.torch2jax.hlo.TensorType;
import dev.torch2jax.hlo.Value;
import dev.torch2jax.pjrt.PjrtBuffer;
import dev.torch2jax.pjrt.PjrtExecutable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs one op at a time on concrete arrays: each (op, parameters, input shapes and dtypes) is
 * lowered to a one-op StableHLO module, compiled once, and the executable is cached.
 */
public final class Eager {
  /** Builds the op's body from the module's parameters; returns its results. */
  @FunctionalInterface
  public interface Lowering {
    List<Value> lower(FunctionBuilder f, List<Value> inputs);
  }

  private record Key(String op, List<ShapedArray> inputs) {}

  private record PrimitiveKey(Primitive primitive, Params params, List<ShapedArray> inputs) {}

  private static final Map<Key, PjrtExecutable> CACHE = new ConcurrentHashMap<>();
  private static final Map<PrimitiveKey, PjrtExecutable> PRIMITIVES = new ConcurrentHashMap<>();

  private Eager() {}

  /**
   * Runs {@code op} on {@code inputs}. {@code op} must identify the computation with all of its
   * parameters (e.g. {@code "reduce_sum[axes=[1]]"}): it is the cache key together with the input
   * types.
   */
  public static List<Array> run(String op, List<Array> inputs, Lowering lowering) {
    List<ShapedArray> avals = new ArrayList<>(inputs.size());
    PjrtBuffer[] buffers = new PjrtBuffer[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      DeviceArray a = concrete(op, inputs.get(i));
      avals.add(a.aval());
      buffers[i] = a.buffer();
    }
    PjrtExecutable exe =
        CACHE.computeIfAbsent(new Key(op, List.copyOf(avals)), k -> compile(k, lowering));
    PjrtBuffer[] out = exe.execute(buffers);
    List<Array> results = new ArrayList<>(out.length);
    for (PjrtBuffer b : out) {
      results.add(new DeviceArray(b));
    }
    return results;
  }

  /**
   * Applies {@code p} to concrete arrays: its lowering rule makes a one-op module (a whole jaxpr
   * for {@code pjit}), compiled once per (primitive, parameters, input shapes and dtypes).
   */
  public static List<Array> apply(Primitive p, Params params, List<Array> inputs) {
    List<ShapedArray> avals = new ArrayList<>(inputs.size());
    PjrtBuffer[] buffers = new PjrtBuffer[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      DeviceArray a = concrete(p.name(), inputs.get(i));
      avals.add(a.aval());
      buffers[i] = a.buffer();
    }
    PjrtExecutable exe =
        PRIMITIVES.computeIfAbsent(
            new PrimitiveKey(p, params, List.copyOf(avals)),
            k ->
                Backend.client()
                    .compile(Lowerer.module("eager_" + p.name(), p, params, k.inputs())));
    PjrtBuffer[] out = exe.execute(buffers);
    List<Array> results = new ArrayList<>(out.length);
    for (PjrtBuffer b : out) {
      results.add(new DeviceArray(b));
    }
    return results;
  }

  /** Runs a single-result op. */
  public static Array run1(String op, List<Array> inputs, Lowering lowering) {
    return run(op, inputs, lowering).getFirst();
  }

  /** How many one-op executables are cached (for tests and benchmarks). */
  public static int cacheSize() {
    return CACHE.size() + PRIMITIVES.size();
  }

  private static PjrtExecutable compile(Key key, Lowering lowering) {
    ModuleBuilder m = ModuleBuilder.create("eager_op");
    List<TensorType> types = new ArrayList<>();
    for (ShapedArray a : key.inputs()) {
      types.add(new TensorType(a.shape(), a.dtype()));
    }
    FunctionBuilder f = m.function("main", types);
    List<Value> results = lowering.lower(f, f.params());
    f.returns(results.toArray(Value[]::new));
    return Backend.client().compile(m.toText());
  }

  private static DeviceArray concrete(String op, Array a) {
    if (a instanceof DeviceArray d) {
      return d;
    }
    throw new IllegalArgumentException(
        op + ": expected a concrete array, got " + a.getClass().getSimpleName());
  }
}
