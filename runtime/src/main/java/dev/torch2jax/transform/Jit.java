package dev.torch2jax.transform;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.core.LruCache;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.Timings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A function compiled by XLA as a whole: traced once per argument structure, shapes and dtypes
 * (static values included), then run as one program. Under another transformation it is applied as
 * the {@code pjit} primitive, so {@code grad(jit(f))} and {@code vmap(jit(f))} stay compiled.
 *
 * <p>Each jitted function keeps the traces of its 256 most recently used signatures ({@code
 * -Dtorch2jax.jit.signatures=N}, read when the function is made); a signature dropped from there is
 * traced again when it comes back, and finds its executable in the bounded executable cache while
 * that still holds it ({@code -Dtorch2jax.executables}).
 */
public final class Jit implements Fn {
  static final Primitive PJIT = Primitive.of("pjit");

  private record Key(TreeDef argsDef, List<ShapedArray> avals) {}

  private final Fn f;
  private final String name;

  /** The system property bounding each jitted function's traces. */
  public static final String SIGNATURES_PROPERTY = "torch2jax.jit.signatures";

  private final LruCache<Key, Staging.Staged> cache =
      new LruCache<>(Integer.getInteger(SIGNATURES_PROPERTY, 256));
  private final AtomicInteger traces = new AtomicInteger();

  /** Wraps {@code f}; {@code name} labels its jaxprs and modules. */
  public Jit(Fn f, String name) {
    this.f = f;
    this.name = name;
  }

  @Override
  public Object apply(Object... args) {
    TreeDef.Flat in = TreeDef.flatten(Arrays.asList(args));
    Key key = new Key(in.def(), Staging.avals(in.leaves()));
    Staging.Staged staged = cache.get(key);
    if (staged == null) {
      traces.incrementAndGet();
      long start = System.nanoTime();
      staged = Staging.stage(f, in.def(), key.avals());
      if (Timings.enabled()) {
        Timings.log("trace", "%s %s".formatted(name, key.avals()), start);
      }
      // A jaxpr that captured a tracer of an enclosing transformation belongs to this call only.
      if (!staged.closed().capturesTracers()) {
        staged = cache.putIfAbsent(key, staged);
      }
    }
    List<Array> operands = new ArrayList<>(staged.closed().consts());
    operands.addAll(in.leaves());
    List<Array> outs =
        PJIT.bind(Params.of("jaxpr", staged.closed().jaxpr(), "name", name), operands);
    return staged.outDef().unflatten(outs);
  }

  /** How many times the function was traced (once per new argument signature). */
  public int traceCount() {
    return traces.get();
  }

  /** How many signatures' traces are cached now (at most the bound). */
  public int cachedSignatures() {
    return cache.size();
  }
}
