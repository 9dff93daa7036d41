package dev.torch2jax.transform;

import dev.torch2jax.Array;
import dev.torch2jax.Fn;
import dev.torch2jax.lax.ElementwiseOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code grad} and {@code valueAndGrad}: reverse mode for scalar-valued functions. */
public final class Grad {
  private Grad() {}

  /**
   * The gradient of {@code f} with respect to the arguments {@code argnums}; with {@code withValue}
   * the function returns {@code [value, gradient]}. One argnum gives its gradient (same tree as the
   * argument); several give a list in argnums order.
   */
  public static Fn grad(Fn f, String name, boolean withValue, int... argnums) {
    return grad(f, name, withValue, false, argnums);
  }

  /**
   * {@link #grad(Fn, String, boolean, int...)}; with {@code hasAux}, {@code f} returns {@code
   * List.of(value, aux)} and the function returns {@code [[value, aux], gradient]} (only the value
   * is differentiated).
   */
  public static Fn grad(Fn f, String name, boolean withValue, boolean hasAux, int... argnums) {
    if (argnums.length == 0) {
      throw new IllegalArgumentException(name + ": argnums must name at least one argument");
    }
    return args -> {
      for (int a : argnums) {
        if (a < 0 || a >= args.length) {
          throw new IllegalArgumentException(
              name
                  + ": argnum "
                  + a
                  + " is out of range for a call with "
                  + args.length
                  + " arguments");
        }
      }
      Object[] diff = new Object[argnums.length];
      for (int i = 0; i < argnums.length; i++) {
        diff[i] = args[argnums[i]];
      }
      Fn partial =
          d -> {
            Object[] full = args.clone();
            for (int i = 0; i < argnums.length; i++) {
              full[argnums[i]] = d[i];
            }
            return f.apply(full);
          };
      List<Object> result = hasAux ? Vjp.vjpWithAux(partial, diff) : Vjp.vjp(partial, diff);
      Array value = scalarOutput(name, result.get(0));
      Object grads = ((Fn) result.get(1)).apply(ElementwiseOps.fullLike(value, 1));
      List<?> perArg = (List<?>) grads;
      Object g = argnums.length == 1 ? perArg.getFirst() : new ArrayList<>(perArg);
      Object v = hasAux ? Arrays.asList(value, result.get(2)) : value;
      return withValue ? Arrays.asList(v, g) : g;
    };
  }

  private static Array scalarOutput(String name, Object out) {
    if (!(out instanceof Array a)) {
      throw new IllegalArgumentException(
          name
              + " needs a function returning a scalar Array, but it returned "
              + (out == null ? "null" : out.getClass().getName()));
    }
    if (a.ndim() != 0 || !a.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          name
              + " needs a function returning a scalar (0-d) float Array, but it returned "
              + a.dtype().torchName()
              + Arrays.toString(a.shape())
              + "; use Jax.vjp for other outputs, or reduce the output (e.g. Jnp.sum)");
    }
    return a;
  }
}
