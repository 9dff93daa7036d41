package dev.torch2jax.transform;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A function compiled by XLA as a whole: traced once per argument structure, shapes and dtypes
 * (static values included), then run as one program. Under another transformation it is applied as
 * the {@code pjit} primitive, so {@code grad(jit(f))} and {@code vmap(jit(f))} stay compiled.
 */
public final class Jit implements Fn {
  static final Primitive PJIT = Primitive.of("pjit");

  private record Key(TreeDef argsDef, List<ShapedArray> avals) {}

  private final Fn f;
  private final String name;
  private final Map<Key, Staging.Staged> cache = new ConcurrentHashMap<>();
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
      staged = Staging.stage(f, in.def(), key.avals());
      // A jaxpr that captured a tracer of an enclosing transformation belongs to this call only.
      if (!staged.closed().capturesTracers()) {
        cache.putIfAbsent(key, staged);
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
}
