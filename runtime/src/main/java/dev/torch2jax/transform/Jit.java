package dev.torch2jax.transform;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.core.Eager;
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

  /**
   * The module a top-level call on arguments shaped like {@code args} compiles, with the values of
   * its leading inputs.
   *
   * @param text the StableHLO module; {@code @main} takes {@code constants} then the arrays of the
   *     arguments (depth first, map entries by sorted key) and returns the flat outputs
   * @param constants the values the function closed over, passed before the arguments
   * @param inputs the types of all of {@code @main}'s parameters, constants first
   * @param outputs the types of its results
   * @param argsDef the structure of the arguments (with their static values)
   */
  public record Lowering(
      String text,
      List<Array> constants,
      List<ShapedArray> inputs,
      List<ShapedArray> outputs,
      TreeDef argsDef) {}

  @Override
  public Object apply(Object... args) {
    TreeDef.Flat in = TreeDef.flatten(Arrays.asList(args));
    Staging.Staged staged = staged(in);
    List<Array> operands = new ArrayList<>(staged.closed().consts());
    operands.addAll(in.leaves());
    List<Array> outs = PJIT.bind(params(staged), operands);
    return staged.outDef().unflatten(outs);
  }

  /**
   * The StableHLO module that {@link #apply} compiles for arguments shaped like {@code args}
   * (values are not read; static values are part of the program).
   *
   * @throws IllegalStateException when the function closes over a value traced by an enclosing
   *     transformation: such a module has no concrete constants
   */
  public Lowering lower(Object... args) {
    TreeDef.Flat in = TreeDef.flatten(Arrays.asList(args));
    Staging.Staged staged = staged(in);
    if (staged.closed().capturesTracers()) {
      throw new IllegalStateException(
          "%s closes over a value traced by an enclosing transformation; lower it outside grad, vmap or jit"
              .formatted(name));
    }
    List<Array> constants = staged.closed().consts();
    List<ShapedArray> inputs = new ArrayList<>(Staging.avals(constants));
    inputs.addAll(Staging.avals(in.leaves()));
    String text = Eager.moduleText(PJIT, params(staged), inputs);
    return new Lowering(
        text, constants, List.copyOf(inputs), staged.closed().jaxpr().outAvals(), in.def());
  }

  private Staging.Staged staged(TreeDef.Flat in) {
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
    return staged;
  }

  private Params params(Staging.Staged staged) {
    return Params.of("jaxpr", staged.closed().jaxpr(), "name", name);
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
