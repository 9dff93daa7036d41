package dev.torch2jax.core;

import dev.torch2jax.Array;
import dev.torch2jax.DType;

/**
 * Single-element concrete arrays that a staged program holds as constants instead of taking them as
 * arguments: relu's zero, an epsilon, {@code 1/N}. XLA folds a constant into the loops that use it;
 * an argument it cannot see through, so every such scalar would cost a parameter and block folding.
 */
public final class Literal {
  /** The primitive of an inlined constant; its parameters are {@code value}, dtype and shape. */
  public static final Primitive PRIMITIVE = Primitive.of("literal");

  private Literal() {}

  /**
   * True for a device array of one real, integer or bool element. A tracer never is, even one whose
   * value is known ({@code grad}'s): it carries a derivative that a constant would drop.
   */
  public static boolean inlinable(Array a) {
    return a instanceof DeviceArray && a.size() == 1 && !a.dtype().isComplex();
  }

  /**
   * The parameters that stand for {@code a}: its value (a {@code Boolean}, {@code Long} or {@code
   * Double}, exact for every dtype it can hold), dtype and shape.
   */
  public static Params params(Array a) {
    DType t = a.dtype();
    Object value =
        t == DType.BOOL
            ? (Object) a.toBooleanArray()[0]
            : t.isInexact() ? (Object) a.toDoubleArray()[0] : (Object) a.toLongArray()[0];
    return Params.of("value", value, "dtype", t, "shape", a.shape());
  }
}
