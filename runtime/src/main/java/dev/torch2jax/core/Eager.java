package dev.torch2jax.core;

import dev.torch2jax.Array;
import dev.torch2jax.pjrt.PjrtBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs primitives one at a time on concrete arrays: each (primitive, parameters, input shapes and
 * dtypes) is lowered to a one-op StableHLO module, compiled once, and the executable is cached (the
 * 4096 most recently used; {@code -Dtorch2jax.executables=N} sets how many). A primitive carrying a
 * jaxpr ({@code pjit}, control flow) is cached by its module text instead, so that two traces of
 * the same program (e.g. {@code jit(f)} created twice) share one executable. Compiles go through
 * the persistent cache of {@link Backend#compiler()}, so a new process loads what an earlier one
 * compiled.
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
  private static final LruCache<PrimitiveKey, String> PROGRAM_TEXT = new LruCache<>(CAPACITY);

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

  /**
   * The StableHLO module {@link #apply} compiles for {@code p} on inputs of types {@code inputs}
   * (for a {@code pjit}: the jaxpr's constants then its arguments).
   */
  public static String moduleText(Primitive p, Params params, List<ShapedArray> inputs) {
    PrimitiveKey k = new PrimitiveKey(p, params, List.copyOf(inputs));
    return carriesJaxpr(k) ? programText(k) : lower(k);
  }

  /** How many executables are cached (for tests and benchmarks). */
  public static int cacheSize() {
    return EXECUTABLES.size();
  }

  /** How many program texts are cached (for tests). */
  static int programTextCacheSize() {
    return PROGRAM_TEXT.size();
  }

  /** Changes how many executables and program texts stay cached (for tests). */
  static void resizeCaches(int capacity) {
    EXECUTABLES.resize(capacity);
    PROGRAM_TEXT.resize(capacity);
  }

  private static Object cacheKey(PrimitiveKey k) {
    if (!carriesJaxpr(k)) {
      return k;
    }
    return new ProgramKey(programText(k), System.getProperty(XLA_OPTIONS, ""));
  }

  /** The lowered text of a program-carrying primitive, cached by its key. */
  private static String programText(PrimitiveKey k) {
    String text = PROGRAM_TEXT.get(k);
    if (text == null) {
      long start = System.nanoTime();
      text = PROGRAM_TEXT.putIfAbsent(k, lower(k));
      if (Timings.enabled()) {
        Timings.log("lowering", programName(k), start);
      }
    }
    return text;
  }

  private static boolean carriesJaxpr(PrimitiveKey k) {
    return k.params().asMap().values().stream().anyMatch(v -> v instanceof Jaxpr);
  }

  private static dev.torch2jax.pjrt.PjrtExecutable compile(Object key) {
    String text =
        switch (key) {
          case PrimitiveKey k -> lower(k);
          case ProgramKey k -> k.stablehlo();
          default -> throw new IllegalStateException("unknown executable key " + key);
        };
    long start = System.nanoTime();
    dev.torch2jax.pjrt.PjrtExecutable executable = Backend.compiler().compile(text);
    if (Timings.enabled()) {
      Timings.log("XLA compile", text.lines().findFirst().orElse(""), start);
    }
    return executable;
  }

  private static String programName(PrimitiveKey k) {
    return "%s %s"
        .formatted(k.params().asMap().getOrDefault("name", k.primitive().name()), k.inputs());
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
