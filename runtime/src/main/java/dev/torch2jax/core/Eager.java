package dev.torch2jax.core;

import dev.torch2jax.Array;
import dev.torch2jax.pjrt.PjrtBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs primitives one at a time on concrete arrays: each (primitive, parameters, input shapes and
 * dtypes) is lowered to a one-op StableHLO module, compiled once, and the executable is cached (the
 * 4096 most recently used; {@code -Dtorch2jax.executables=N} sets how many).
 */
public final class Eager {
  private record PrimitiveKey(Primitive primitive, Params params, List<ShapedArray> inputs) {}

  /** How many executables stay compiled; the system property {@code torch2jax.executables}. */
  private static final int CAPACITY = Integer.getInteger("torch2jax.executables", 4096);

  private static final ExecutableCache<PrimitiveKey> PRIMITIVES = new ExecutableCache<>(CAPACITY);

  private Eager() {}

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
    ExecutableCache.Lease lease =
        PRIMITIVES.acquire(
            new PrimitiveKey(p, params, List.copyOf(avals)),
            k ->
                Backend.client()
                    .compile(Lowerer.module("eager_" + p.name(), p, params, k.inputs())));
    PjrtBuffer[] out;
    try {
      out = lease.executable().execute(buffers);
    } finally {
      PRIMITIVES.release(lease);
    }
    List<Array> results = new ArrayList<>(out.length);
    for (PjrtBuffer b : out) {
      results.add(new DeviceArray(b));
    }
    return results;
  }

  /** How many one-op executables are cached (for tests and benchmarks). */
  public static int cacheSize() {
    return PRIMITIVES.size();
  }

  private static DeviceArray concrete(String op, Array a) {
    if (a instanceof DeviceArray d) {
      return d;
    }
    throw new IllegalArgumentException(
        op + ": expected a concrete array, got " + a.getClass().getSimpleName());
  }
}
