package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.Random;
import dev.torch2jax.core.TraceStack;
import dev.torch2jax.core.Tracer;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where the random ATen ops ({@code rand}, {@code randn}, {@code randint}, {@code bernoulli},
 * {@code normal}, {@code dropout}, ...) get their randomness: a thread-local "current key" of
 * {@link Random}, split on every draw.
 *
 * <p>libtorch's generator (Philox/Mersenne Twister state) cannot be reproduced on XLA, so the
 * numbers differ from libtorch's; the contract is JAX's instead: <b>a fixed key gives the same
 * numbers every time</b>. Each draw replaces the current key {@code k} by {@code split(k)[0]} and
 * uses {@code split(k)[1]}, so a sequence of draws from one starting key is reproducible, and
 * different draws are independent. The key starts at {@code Random.key(0)} on every thread.
 *
 * <pre>{@code
 * Array y = RandomState.withKey(Random.key(42), () -> model.call(params, x)); // reproducible
 * RandomState.seed(7);                                                        // like manual_seed
 * }</pre>
 *
 * <p>Under {@code jit}, pass the key as an argument of the jitted function and install it inside,
 * so that each call can get fresh numbers: {@code Jax.jit(a -> RandomState.withKey((Array) a[0], ()
 * -> f(a[1])))}. A random op traced by {@code jit} while the current key is a concrete value
 * throws: the key would be baked into the compiled program and every call would repeat the same
 * numbers. Under {@code vmap} with an unbatched key every example gets the same numbers, as in JAX.
 * Explicit libtorch {@code Generator} arguments are rejected.
 */
public final class RandomState {
  private static final ThreadLocal<Array> CURRENT = new ThreadLocal<>();

  private RandomState() {}

  /** The current key of this thread (without consuming it). */
  public static Array key() {
    Array k = CURRENT.get();
    if (k == null) {
      k = Random.key(0);
      CURRENT.set(k);
    }
    return k;
  }

  /** Makes {@code key} the current key of this thread. */
  public static void setKey(Array key) {
    CURRENT.set(Objects.requireNonNull(key, "key"));
  }

  /** Makes {@code Random.key(seed)} the current key, like {@code torch.manual_seed}. */
  public static void seed(long seed) {
    setKey(Random.key(seed));
  }

  /**
   * Runs {@code body} with {@code key} as the current key, then restores the previous one (also
   * when {@code body} throws).
   */
  public static <T> T withKey(Array key, Supplier<T> body) {
    Array previous = CURRENT.get();
    CURRENT.set(Objects.requireNonNull(key, "key"));
    try {
      return body.get();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** A fresh key for one draw by {@code op}; advances the current key. */
  public static Array next(String op) {
    Array k = key();
    if (TraceStack.isStaging() && !(k instanceof Tracer)) {
      throw new IllegalStateException(
          op
              + " under jit with a concrete current random key: the numbers would be compiled in"
              + " and repeat on every call. Pass a key into the jitted function and install it"
              + " there: RandomState.withKey((Array) args[0], () -> ...)");
    }
    List<Array> parts = Random.split(k);
    CURRENT.set(parts.get(0));
    return parts.get(1);
  }
}
