package dev.torch2jax.core;

import dev.torch2jax.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The thread's active transformations, outermost first. {@link #bind} sends a primitive to the
 * innermost trace among its inputs (and the innermost staging trace, so that values made inside a
 * jitted function without inputs are staged too); with none, it runs eagerly.
 */
public final class TraceStack {
  private static final ThreadLocal<TraceStack> CURRENT = ThreadLocal.withInitial(TraceStack::new);

  private final List<Trace> traces = new ArrayList<>();
  private Trace staging;

  private TraceStack() {}

  /** A pushed trace; closing it pops the trace. */
  public static final class Pushed<T extends Trace> implements AutoCloseable {
    private final TraceStack stack;
    private final T trace;
    private final Trace previousStaging;

    private Pushed(TraceStack stack, T trace, Trace previousStaging) {
      this.stack = stack;
      this.trace = trace;
      this.previousStaging = previousStaging;
    }

    /** The trace. */
    public T trace() {
      return trace;
    }

    @Override
    public void close() {
      if (stack.traces.getLast() != trace) {
        throw new IllegalStateException("trace stack popped out of order");
      }
      stack.traces.removeLast();
      stack.staging = previousStaging;
    }
  }

  /**
   * Pushes the trace {@code factory} makes for the next level. A staging trace also becomes the
   * target of ops whose inputs are all concrete (or absent) while it is the innermost staging one.
   */
  public static <T extends Trace> Pushed<T> push(IntFunction<T> factory, boolean staging) {
    TraceStack s = CURRENT.get();
    T trace = factory.apply(s.traces.size() + 1);
    Pushed<T> pushed = new Pushed<>(s, trace, s.staging);
    s.traces.add(trace);
    if (staging) {
      s.staging = trace;
    }
    return pushed;
  }

  /** True while a staging trace ({@code jit}) captures operations on concrete values. */
  public static boolean isStaging() {
    return CURRENT.get().staging != null;
  }

  /**
   * Runs {@code f} with operations on concrete values evaluated now instead of staged into the
   * enclosing {@code jit} (JAX's {@code ensure_compile_time_eval}): values computed only from known
   * ones (shapes, constants) stay known while tracing. Operations on tracers are traced as usual.
   */
  public static <T> T withoutStaging(Supplier<T> f) {
    TraceStack s = CURRENT.get();
    Trace saved = s.staging;
    s.staging = null;
    try {
      return f.get();
    } finally {
      s.staging = saved;
    }
  }

  /** True while {@code trace} is on this thread's stack. */
  public static boolean isActive(Trace trace) {
    List<Trace> t = CURRENT.get().traces;
    return trace.level() <= t.size() && t.get(trace.level() - 1) == trace;
  }

  static List<Array> bind(Primitive primitive, Params params, List<Array> args) {
    TraceStack s = CURRENT.get();
    Trace top = s.staging;
    for (Array a : args) {
      if (a instanceof Tracer t) {
        if (!isActive(t.trace())) {
          throw new IllegalStateException(
              "a tracer of a finished "
                  + t.trace().kind()
                  + " transformation was passed to "
                  + primitive
                  + ": it leaked out of the function being transformed (stored in a field or "
                  + "captured by a closure?)");
        }
        if (top == null || t.trace().level() > top.level()) {
          top = t.trace();
        }
      }
    }
    if (top == null) {
      return Eager.apply(primitive, params, args);
    }
    List<Tracer> lifted = new ArrayList<>(args.size());
    for (Array a : args) {
      lifted.add(a instanceof Tracer t && t.trace() == top ? t : top.lift(a));
    }
    return top.process(primitive, params, lifted);
  }
}
