package dev.torch2jax.aten;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.opinfo.Comparison;
import dev.torch2jax.opinfo.OpInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.bytedeco.pytorch.Tensor;

/**
 * The pointwise families' OpInfo-style harness. The oracle is libtorch itself: a TorchScript
 * function calling the op (compiled by libtorch's TorchScript compiler, so Python-number arguments
 * are wrapped numbers exactly as in scripted models) runs eagerly in libtorch; our side calls the
 * overload through {@link OpRegistry} with arguments in schema order, as the interpreter does.
 *
 * <p>Arguments are given once, in schema order: a {@link T} for a tensor, Long/Double for int,
 * float and Scalar, Boolean, String, {@link DType} (passed to TorchScript as its ScalarType code)
 * and null for None. The TorchScript expression names the non-null arguments {@code a0, a1, ...} by
 * schema position.
 */
final class PointwiseOracle {
  private static final OpRegistry OPS = OpRegistry.global();

  private PointwiseOracle() {}

  /** How sample values are drawn. */
  enum Dist {
    /** floats in [-2, 2), ints in [-5, 5), bools either. */
    DEFAULT,
    /** floats in [0.1, 3), ints in [1, 6). */
    POSITIVE,
    /** floats in [-3, -0.5) and [0.5, 3), ints in [-5, 5) without 0. */
    NONZERO,
    /** floats in (-0.95, 0.95). */
    UNIT,
    /** DEFAULT with NaN, +inf, -inf, 0.0 and -0.0 among the floats. */
    SPECIAL,
    /** ints in [0, 8) (shift amounts). */
    SMALL,
    /** floats in [1.1, 4) (acosh). */
    ABOVE_ONE,
    /** floats in [-8, 8) with some exact halves and integers, ints in [-20, 20). */
    WIDE
  }

  /** A sample tensor, the same data for libtorch and for torch2jax. */
  record T(Tensor torch, Array jax, DType dtype, Dist dist, long[] shape) {
    @Override
    public String toString() {
      return dtype.torchName() + Arrays.toString(shape);
    }
  }

  /** A random sample of {@code dtype} and {@code shape}. */
  static T sample(Random rng, DType dtype, Dist dist, long... shape) {
    int n = Math.toIntExact(dev.torch2jax.core.Shapes.size(shape));
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = draw(rng, dtype, dist, i);
    }
    return of(dtype, dist, d, shape);
  }

  /** A sample with the given values. */
  static T of(DType dtype, Dist dist, double[] d, long... shape) {
    int n = d.length;
    Tensor t;
    Array a;
    switch (dtype) {
      case F64 -> {
        t = Tensor.create(d.clone(), shape);
        a = Array.of(d.clone(), shape);
      }
      case F32 -> {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
          f[i] = (float) d[i];
        }
        t = Tensor.create(f, shape);
        a = Array.of(f, shape);
      }
      case I32 -> {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
          v[i] = (int) d[i];
        }
        t = Tensor.create(v, shape);
        a = Array.of(v, shape);
      }
      case I64 -> {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
          v[i] = (long) d[i];
        }
        t = Tensor.create(v, shape);
        a = Array.of(v, shape);
      }
      case BOOL -> {
        boolean[] v = new boolean[n];
        for (int i = 0; i < n; i++) {
          v[i] = d[i] != 0;
        }
        t = Tensor.create(v, shape);
        a = Array.of(v, shape);
      }
      default -> throw new IllegalArgumentException("no samples of " + dtype);
    }
    if (shape.length == 0) {
      a = Jnp.reshape(a);
    }
    return new T(t, a, dtype, dist, shape.clone());
  }

  private static double draw(Random rng, DType dtype, Dist dist, int i) {
    if (dtype == DType.BOOL) {
      return rng.nextBoolean() ? 1 : 0;
    }
    if (!dtype.isFloatingPoint()) {
      return switch (dist) {
        case POSITIVE -> 1 + rng.nextInt(5);
        case NONZERO -> {
          int v = rng.nextInt(9) - 4;
          yield v >= 0 ? v + 1 : v;
        }
        case SMALL -> rng.nextInt(8);
        case WIDE -> rng.nextInt(40) - 20;
        default -> rng.nextInt(10) - 5;
      };
    }
    return switch (dist) {
      case POSITIVE -> 0.1 + rng.nextDouble() * 2.9;
      case NONZERO -> (0.5 + rng.nextDouble() * 2.5) * (rng.nextBoolean() ? 1 : -1);
      case UNIT -> rng.nextDouble() * 1.9 - 0.95;
      case ABOVE_ONE -> 1.1 + rng.nextDouble() * 2.9;
      case SPECIAL -> {
        double[] special = {
          Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0
        };
        yield i % 3 == 1 ? special[rng.nextInt(special.length)] : rng.nextDouble() * 4 - 2;
      }
      case WIDE ->
          switch (rng.nextInt(4)) {
            case 0 -> rng.nextInt(16) - 8 + 0.5;
            case 1 -> rng.nextInt(16) - 8;
            default -> rng.nextDouble() * 16 - 8;
          };
      default -> rng.nextDouble() * 4 - 2;
    };
  }

  // ---- running both sides ------------------------------------------------------------------

  /** Our side: the overload through the registry, tensors as Arrays. */
  static Object ours(String overload, Object... args) {
    AtenOp op =
        OPS.lookup(overload).orElseThrow(() -> new AssertionError(overload + " not registered"));
    List<Object> in = new ArrayList<>(args.length);
    for (Object a : args) {
      in.add(a instanceof T t ? t.jax() : a);
    }
    return op.call(in);
  }

  /** True when the registry implements {@code overload}. */
  static boolean isRegistered(String overload) {
    return OPS.lookup(overload).isPresent();
  }

  /** A sample as OpInfo takes it: the TorchScript parameters and the non-null arguments. */
  private record Script(String params, Object[] inputs) {
    /** Tensors as libtorch tensors, dtypes as their ScalarType codes, ints as Long. */
    static Script of(Object[] args) {
      StringBuilder sig = new StringBuilder();
      List<Object> inputs = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        Object a = args[i];
        if (a == null) {
          continue;
        }
        String type =
            switch (a) {
              case T t -> "Tensor";
              case Long l -> "int";
              case Integer l -> "int";
              case Double d -> "float";
              case Boolean b -> "bool";
              case String str -> "str";
              case DType d -> "int";
              default -> throw new IllegalArgumentException("argument " + a);
            };
        sig.append(sig.isEmpty() ? "" : ", ").append('a').append(i).append(": ").append(type);
        inputs.add(
            switch (a) {
              case T t -> t.torch();
              case Integer l -> (long) l;
              case DType d -> scalarTypeCode(d);
              default -> a;
            });
      }
      return new Script(sig.toString(), inputs.toArray());
    }
  }

  /** libtorch's side: {@code expr} over the non-null arguments {@code a<i>}. */
  static Tensor theirs(String expr, Object... args) {
    Script script = Script.of(args);
    String src = OpInfo.source(script.params(), expr);
    Object[] inputs = script.inputs().clone();
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] instanceof Tensor t) {
        inputs[i] = t.clone();
      }
    }
    try {
      return OpInfo.libtorch(src, inputs).getFirst();
    } catch (RuntimeException e) {
      throw new IllegalStateException("libtorch failed on\n" + src + e.getMessage(), e);
    }
  }

  // ---- checks ------------------------------------------------------------------------------

  /** Forward: dtype, shape and values (exact for integers and bools; NaNs in the same places). */
  static void check(String overload, String expr, Object... args) {
    checkTol(overload, expr, -1, args);
  }

  /** {@link #check} with a relative tolerance for floats ({@code tol < 0}: per-dtype default). */
  static void checkTol(String overload, String expr, double tol, Object... args) {
    Tensor expected = theirs(expr, args);
    Array actual = (Array) ours(overload, args);
    Comparison.assertClose(overload + " " + Arrays.toString(args), expected, actual, tol);
    // The same TorchScript function through t2j: forward, jit, vmap and vjp, each once.
    Script script = Script.of(args);
    OpInfo.run(
        List.of(overload),
        OpInfo.source(script.params(), expr),
        script.inputs(),
        OpInfo.ALL,
        tol,
        null);
  }

  /** Both libtorch and we reject the arguments. */
  static void checkBothThrow(String overload, String expr, Object... args) {
    assertThrows(RuntimeException.class, () -> theirs(expr, args), "libtorch accepted " + expr);
    assertThrows(
        RuntimeException.class, () -> ours(overload, args), "torch2jax accepted " + overload);
  }

  static long scalarTypeCode(DType d) {
    return switch (d) {
      case U8 -> 0;
      case I8 -> 1;
      case I16 -> 2;
      case I32 -> 3;
      case I64 -> 4;
      case F16 -> 5;
      case F32 -> 6;
      case F64 -> 7;
      case BOOL -> 11;
      case BF16 -> 15;
      default -> throw new IllegalArgumentException(d.toString());
    };
  }
}
