package dev.torch2jax.core;

import dev.torch2jax.Array;
import dev.torch2jax.pjrt.PjrtBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs primitives one at a time on concrete arrays: each (primitive, parameters, input shapes and
 * dtypes) is lowered to a one-op StableHLO module, compiled once, and the executable is cached (the
 * 4096 most recently used; {@code -Dtorch2jax.executables=N} sets how many). A primitive carrying a
 * jaxpr ({@code pjit}, control flow) is cached by its module text instead, so that two traces of
 * the same program (e.g. {@code jit(f)} created twice) share one executable.
 */
public final class Eager {
  private record PrimitiveKey(Primitive primitive, Params params, List<ShapedArray> inputs) {}

  /** A whole program: its StableHLO text and the XLA options it is compiled with. */
  private record ProgramKey(String stablehlo, String xlaOptions) {}

  /** How many executables stay compiled; the system property {@code torch2jax.executables}. */
  private static final int CAPACITY = Integer.getInteger("torch2jax.executables", 4096);

  /** The system property holding XLA's compile options (read by the PJRT client per compile). */
  private static final String XLA_OPTIONS = "torch2jax.xla.options";

  private static final ExecutableCache<Object> EXECUTABLES = new ExecutableCache<>(CAPACITY);

  /**
   * Module text of the jaxpr-carrying applications seen recently: lowering a large jaxpr on every
   * call would cost more than the cache saves. Jaxprs compare by identity, so this is keyed by the
   * traced object and bounded like the executables.
   */
  private static final Map<PrimitiveKey, String> PROGRAM_TEXT =
      Collections.synchronizedMap(
          new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<PrimitiveKey, String> eldest) {
              return size() > CAPACITY;
            }
          });

  private Eager() {}

  /**
   * Applies {@code p} to concrete arrays: its lowering rule makes a one-op module (a whole jaxpr
   * for {@code pjit}), compiled once per (primitive, parameters, input shapes and dtypes), or once
   * per module text for a primitive carrying a jaxpr.
   */
  public static List<Array> apply(Primitive p, Params params, List<Array> inputs) {
    List<ShapedArray> avals = new ArrayList<>(inputs.size());
    PjrtBuffer[] buffers = new PjrtBuffer[inputs.size()];
    for (int i = 0; i < inputs.size(); i++) {
      DeviceArray a = concrete(p.name(), inputs.get(i));
      avals.add(a.aval());
      buffers[i] = a.buffer();
    }
    PrimitiveKey primitive = new PrimitiveKey(p, params, List.copyOf(avals));
    ExecutableCache.Lease lease = EXECUTABLES.acquire(cacheKey(primitive), Eager::compile);
    PjrtBuffer[] out;
    try {
      out = lease.executable().execute(buffers);
    } finally {
      EXECUTABLES.release(lease);
    }
    List<Array> results = new ArrayList<>(out.length);
    for (PjrtBuffer b : out) {
      results.add(new DeviceArray(b));
    }
    return results;
  }

  /** How many executables are cached (for tests and benchmarks). */
  public static int cacheSize() {
    return EXECUTABLES.size();
  }

  private static Object cacheKey(PrimitiveKey k) {
    if (k.params().asMap().values().stream().noneMatch(v -> v instanceof Jaxpr)) {
      return k;
    }
    String text = PROGRAM_TEXT.computeIfAbsent(k, Eager::lower);
    return new ProgramKey(text, System.getProperty(XLA_OPTIONS, ""));
  }

  private static dev.torch2jax.pjrt.PjrtExecutable compile(Object key) {
    String text =
        switch (key) {
          case PrimitiveKey k -> lower(k);
          case ProgramKey k -> k.stablehlo();
          default -> throw new IllegalStateException("unknown executable key " + key);
        };
    return Backend.client().compile(text);
  }

  private static String lower(PrimitiveKey k) {
    return Lowerer.module("eager_" + k.primitive().name(), k.primitive(), k.params(), k.inputs());
  }

  private static DeviceArray concrete(String op, Array a) {
    if (a instanceof DeviceArray d) {
      return d;
    }
    if (a instanceof ShardedArray s) {
      return s.onDefaultDevice();
    }
    throw new IllegalArgumentException(
        op + ": expected a concrete array, got " + a.getClass().getSimpleName());
  }
}
