package dev.torch2jax.lax;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.ScalarTypes;
import dev.torch2jax.torch.T2J;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.bytedeco.pytorch.Tensor;

/**
 * Sample data of the elementwise primitive tests (the same data as a libtorch tensor and as an
 * Array) and their float64 forms of the shared {@link PrimitiveChecks}.
 */
final class ElementwiseTesting {
  private ElementwiseTesting() {}

  /** Shapes the forward tests run on: 0-d, empty, 1-D and 2-D. */
  static final long[][] SHAPES = {{}, {0}, {5}, {2, 3}};

  /** The same data for libtorch and for torch2jax. */
  record Pair(Tensor torch, Array jax) {}

  /** How an operand's values are drawn. */
  @FunctionalInterface
  interface Gen {
    double next(Random rng);

    /** Uniform in [lo, hi). */
    static Gen uniform(double lo, double hi) {
      return rng -> lo + (hi - lo) * rng.nextDouble();
    }

    /** Uniform magnitude in [lo, hi), random sign. */
    static Gen signed(double lo, double hi) {
      return rng -> (rng.nextBoolean() ? 1 : -1) * (lo + (hi - lo) * rng.nextDouble());
    }

    /** Whole numbers in [lo, hi). */
    static Gen ints(int lo, int hi) {
      return rng -> lo + rng.nextInt(hi - lo);
    }
  }

  /** {@code n} values of {@code gen}, rounded to {@code dtype} (ints and bools by floor). */
  static double[] values(Random rng, Gen gen, DType dtype, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      double d = gen.next(rng);
      v[i] =
          switch (dtype.kind()) {
            case FLOAT -> dtype == DType.F32 ? (float) d : d;
            case BOOL -> d >= 0.5 || (d < 0 && d > -0.5) ? 1 : 0;
            default -> Math.floor(d);
          };
    }
    return v;
  }

  /** Random data drawn by {@code gen} (bools: fair coin) as a pair. */
  static Pair random(Random rng, Gen gen, DType dtype, long... shape) {
    int n = (int) Shapes.size(shape);
    double[] v =
        dtype == DType.BOOL
            ? values(rng, r -> r.nextBoolean() ? 1 : 0, dtype, n)
            : values(rng, gen, dtype, n);
    return pair(dtype, v, shape);
  }

  /** {@code values} (row-major) of {@code dtype} and {@code shape} as a pair. */
  static Pair pair(DType dtype, double[] values, long... shape) {
    return new Pair(tensor(dtype, values, shape), array(dtype, values, shape));
  }

  /** A device array of any dtype from doubles. */
  static Array array(DType dtype, double[] values, long... shape) {
    return PrimitiveChecks.array(dtype, values, shape);
  }

  /** A libtorch tensor of any dtype from doubles. */
  static Tensor tensor(DType dtype, double[] v, long... shape) {
    return T2J.j2t(array(dtype, v, shape));
  }

  /** The DType of a libtorch tensor (JavaCPP's enum instances are compared by native value). */
  static DType dtypeOf(Tensor t) {
    return ScalarTypes.toDType(t.scalar_type());
  }

  /** The values of {@code t} as doubles, row-major. */
  static double[] values(Tensor t) {
    return OpInfo.values(t);
  }

  // ---- VJP and batching, on the shared checks -------------------------------------------------

  /** Float64 arrays of {@code inputs} with {@code shapes}. */
  static List<Array> f64(List<double[]> inputs, List<long[]> shapes) {
    List<Array> out = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      out.add(array(DType.F64, inputs.get(i), shapes.get(i)));
    }
    return out;
  }

  /** The VJP rule of single-output {@code p} against finite differences at float64 inputs. */
  static void checkVjpByFiniteDifferences(
      Primitive p,
      Params params,
      List<double[]> inputs,
      List<long[]> shapes,
      Random rng,
      double tol) {
    List<Array> primals = f64(inputs, shapes);
    PrimitiveChecks.checkVjpNumerically(
        p, params, primals, PrimitiveChecks.randomCotangents(rng, p, params, primals), tol);
  }

  /**
   * The VJP rule of {@code p} at float64 inputs against libtorch autograd of {@code torchFn}, for
   * the inputs in {@code differentiable}, with a random cotangent.
   */
  static void checkVjpAgainstTorch(
      Primitive p,
      Params params,
      List<double[]> inputs,
      List<long[]> shapes,
      Function<List<Tensor>, Tensor> torchFn,
      Random rng,
      double tol,
      int... differentiable) {
    List<Array> primals = f64(inputs, shapes);
    Array ct = PrimitiveChecks.randomCotangents(rng, p, params, primals).getFirst();
    PrimitiveChecks.checkVjpAgainstTorch(p, params, primals, ct, torchFn, tol, differentiable);
  }

  /** Asserts that the VJP rule gives {@code null} for every input (integer operands). */
  static void assertNoCotangents(Primitive p, Params params, List<Array> primals, Array ct) {
    for (Array g : PrimitiveChecks.vjp(p, params, primals, List.of(ct))) {
      assertNull(g, p + " gives integer operands no cotangent");
    }
  }

  /** The batch rule of single-output {@code p} against a loop; its output must be batched. */
  static void checkBatchRule(Primitive p, Params params, List<Array> operands, int[] bdims) {
    Batched result = PrimitiveChecks.checkBatch(p, params, operands, bdims, 0);
    assertNotEquals(
        Batched.NOT_MAPPED,
        result.batchDims()[0],
        "%s batched along %s: the output must be batched".formatted(p, Arrays.toString(bdims)));
  }
}
