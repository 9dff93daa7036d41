package dev.torch2jax.aten;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.opinfo.Comparison;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.opinfo.Samples;
import dev.torch2jax.torch.ScalarTypes;
import dev.torch2jax.torch.T2J;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.bytedeco.pytorch.Tensor;

/**
 * The oracle of the shape/indexing/creation family's tests: the op called through the registry the
 * way the interpreter calls it, and the same op in libtorch, run as a TorchScript function compiled
 * by libtorch (so the reference goes through the TorchScript path users take). Checks dtype, shape
 * and values; for float ops also {@code grad} against libtorch autograd, {@code vmap} over a batch
 * of 3 against a loop, and {@code jit} against eager.
 */
final class ShapeOracle {
  private ShapeOracle() {}

  /** The overloads a check's {@code ours} called: the ones its t2j run is for. */
  private static final ThreadLocal<java.util.Set<String>> CALLED =
      ThreadLocal.withInitial(java.util.LinkedHashSet::new);

  /** The same TorchScript function through {@code T2J.t2j}, in the shared OpInfo harness. */
  private static void throughT2j(
      java.util.Set<String> targets,
      String params,
      String expr,
      java.util.Set<OpInfo.Check> checks,
      int[] slots,
      Pair... inputs) {
    OpInfo.run(
        targets,
        OpInfo.source(params, expr),
        Arrays.stream(inputs).map(Pair::torch).toArray(),
        checks,
        -1,
        slots,
        slots);
  }

  /** A registered overload called with schema-ordered arguments (missing trailing = defaults). */
  static Object call(String overload, Object... args) {
    CALLED.get().add(overload);
    return OpRegistry.global().lookup(overload).orElseThrow().call(Arrays.asList(args));
  }

  /** {@link #call} for a single-tensor result. */
  static Array op(String overload, Object... args) {
    return (Array) call(overload, args);
  }

  /** Equal inputs for libtorch and torch2jax. */
  record Pair(Tensor torch, Array jax) {
    static Pair of(Tensor t) {
      return new Pair(t, T2J.t2j(t));
    }
  }

  /** Random data: floats in [-2, 2), integers in [-5, 5), bools; deterministic in {@code seed}. */
  static Pair random(long seed, DType dtype, long... shape) {
    return Pair.of(Samples.random(new java.util.Random(seed), dtype, shape));
  }

  /** An int64 tensor with these values. */
  static Pair longs(long[] data, long... shape) {
    return Pair.of(Tensor.create(data, shape));
  }

  /** A bool tensor with these values. */
  static Pair bools(boolean[] data, long... shape) {
    return Pair.of(Tensor.create(data, shape));
  }

  // ---- libtorch through TorchScript ----------------------------------------------------------

  /**
   * Runs {@code def f(params): return expr} compiled by libtorch's TorchScript compiler on the
   * inputs; a tensor, a list of tensors or a tuple of tensors comes back as a list.
   */
  static List<Tensor> script(String params, String expr, Tensor... inputs) {
    return OpInfo.libtorch(OpInfo.source(params, expr), (Object[]) inputs);
  }

  /** {@link #script} for one tensor. */
  static Tensor script1(String params, String expr, Tensor... inputs) {
    List<Tensor> r = script(params, expr, inputs);
    assertEquals(1, r.size(), "one result expected from " + expr);
    return r.getFirst();
  }

  /** Tensors of the pairs. */
  static Tensor[] torchOf(Pair... ps) {
    return Arrays.stream(ps).map(Pair::torch).toArray(Tensor[]::new);
  }

  /**
   * Checks {@code ours} (arrays of the pairs in) against the TorchScript {@code expr}, then the
   * same function through t2j in the OpInfo harness: forward, jit, vmap over every tensor input and
   * grad with respect to every float input, each once.
   */
  static void check(String params, String expr, Function<Array[], Object> ours, Pair... inputs) {
    List<Tensor> expected = script(params, expr, torchOf(inputs));
    CALLED.get().clear();
    Object actual = ours.apply(Arrays.stream(inputs).map(Pair::jax).toArray(Array[]::new));
    assertSame(expected, actual, expr);
    java.util.Set<String> targets = new java.util.LinkedHashSet<>(CALLED.get());
    throughT2j(targets, params, expr, OpInfo.ALL, null, inputs);
  }

  @SuppressWarnings("unchecked")
  static void assertSame(List<Tensor> expected, Object actual, String what) {
    List<Array> got = actual instanceof Array a ? List.of(a) : (List<Array>) actual;
    assertEquals(expected.size(), got.size(), what + ": number of results");
    for (int i = 0; i < got.size(); i++) {
      assertMatches(expected.get(i), got.get(i), what + " [" + i + "]");
    }
  }

  // ---- comparisons ---------------------------------------------------------------------------

  /** The DType of a libtorch tensor (compared by native value, never by enum identity). */
  static DType dtypeOf(Tensor t) {
    return ScalarTypes.toDType(t.scalar_type());
  }

  /** The values of {@code t} as doubles, row-major. */
  static double[] values(Tensor t) {
    return OpInfo.values(t);
  }

  /** libtorch's dtype and shape, values within the dtype's tolerance, NaNs in the same places. */
  static void assertMatches(Tensor expected, Array actual, String what) {
    Comparison.assertClose(what, expected, actual, -1);
  }
}
