package dev.torch2jax;

import static dev.torch2jax.TorchOracle.assertMatches;
import static dev.torch2jax.TorchOracle.random;
import static dev.torch2jax.opinfo.Tolerances.tolerance;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.TorchOracle.Pair;
import java.util.Random;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every Jnp op against libtorch eager on random inputs, with broadcasting and promotion. */
class JnpTest {
  private static final long[][][] SHAPE_PAIRS = {
    {{2, 3}, {2, 3}},
    {{2, 3}, {3}},
    {{4, 1}, {1, 5}},
    {{}, {2, 2}},
    {{3}, {}},
    {{2, 1, 3}, {4, 1}},
    {{0, 3}, {3}},
  };

  record Binary(String name, BinaryOperator<Array> jnp, BinaryOperator<Tensor> torch) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> binaryCases() {
    Binary[] ops = {
      new Binary("add", Jnp::add, Tensor::add),
      new Binary("subtract", Jnp::subtract, Tensor::sub),
      new Binary("multiply", Jnp::multiply, Tensor::mul),
      new Binary("divide", Jnp::divide, Tensor::div),
      new Binary("maximum", Jnp::maximum, torch::maximum),
    };
    DType[][] dtypes = {
      {DType.F32, DType.F32},
      {DType.F64, DType.F64},
      {DType.I32, DType.I32},
      {DType.I64, DType.I32},
      {DType.I32, DType.F32},
      {DType.F32, DType.F64},
      {DType.BOOL, DType.F32},
      {DType.BOOL, DType.I64},
    };
    return Stream.of(ops)
        .flatMap(
            op ->
                Stream.of(dtypes)
                    .flatMap(
                        d ->
                            Stream.of(SHAPE_PAIRS)
                                .map(s -> Arguments.of(op, d[0], d[1], s[0], s[1]))));
  }

  @ParameterizedTest(name = "{0} {1}{3} {2}{4}")
  @MethodSource("binaryCases")
  void binaryOpsMatchLibtorch(Binary op, DType ta, DType tb, long[] sa, long[] sb) {
    Random rng = new Random(42);
    Pair a = random(rng, ta, sa);
    Pair b = random(rng, tb, sb);
    if (op.name.equals("divide") && !tb.isFloatingPoint()) {
      // Integer division by zero is undefined in XLA; keep divisors away from zero.
      b = nonZero(rng, tb, sb);
    }
    if (op.name.equals("subtract") && (ta == DType.BOOL || tb == DType.BOOL)) {
      Pair x = a;
      Pair y = b;
      assertThrows(RuntimeException.class, () -> op.torch.apply(x.torch(), y.torch()));
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> op.jnp.apply(x.jax(), y.jax()));
      assertTrue(e.getMessage().contains("bool"), e.getMessage());
      return;
    }
    Tensor expected = op.torch.apply(a.torch(), b.torch());
    Array actual = op.jnp.apply(a.jax(), b.jax());
    assertMatches(expected, actual, tolerance(actual.dtype()));
  }

  record Unary(String name, UnaryOperator<Array> jnp, UnaryOperator<Tensor> torch) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> unaryCases() {
    Unary[] ops = {
      new Unary("negative", Jnp::negative, Tensor::neg),
      new Unary("exp", Jnp::exp, Tensor::exp),
      new Unary("log", Jnp::log, Tensor::log),
      new Unary("tanh", Jnp::tanh, Tensor::tanh),
    };
    DType[] dtypes = {DType.F32, DType.F64, DType.I32, DType.I64};
    long[][] shapes = {{}, {5}, {2, 3}, {0, 2}};
    return Stream.of(ops)
        .flatMap(
            op ->
                Stream.of(dtypes).flatMap(d -> Stream.of(shapes).map(s -> Arguments.of(op, d, s))));
  }

  @ParameterizedTest(name = "{0} {1}{2}")
  @MethodSource("unaryCases")
  void unaryOpsMatchLibtorch(Unary op, DType dtype, long[] shape) {
    Pair a = random(new Random(7), dtype, shape);
    Tensor expected = op.torch.apply(a.torch());
    Array actual = op.jnp.apply(a.jax());
    assertMatches(expected, actual, tolerance(actual.dtype()));
  }

  static Stream<Arguments> matmulShapes() {
    long[][][] pairs = {
      {{3}, {3}},
      {{2, 3}, {3}},
      {{3}, {3, 4}},
      {{2, 3}, {3, 4}},
      {{5, 2, 3}, {3, 4}},
      {{3}, {5, 3, 4}},
      {{5, 2, 3}, {3}},
      {{5, 2, 3}, {5, 3, 4}},
      {{2, 1, 2, 3}, {4, 3, 2}},
      {{0, 3}, {3, 2}},
    };
    return Stream.of(DType.F32, DType.F64, DType.I64)
        .flatMap(d -> Stream.of(pairs).map(p -> Arguments.of(d, p[0], p[1])));
  }

  @ParameterizedTest(name = "matmul {0} {1} {2}")
  @MethodSource("matmulShapes")
  void matmulMatchesLibtorch(DType dtype, long[] sa, long[] sb) {
    Random rng = new Random(3);
    Pair a = random(rng, dtype, sa);
    Pair b = random(rng, dtype, sb);
    assertMatches(a.torch().matmul(b.torch()), Jnp.matmul(a.jax(), b.jax()), tolerance(dtype));
  }

  @ParameterizedTest(name = "sum {0}")
  @MethodSource("sumDtypes")
  void sumMatchesLibtorch(DType dtype) {
    Pair a = random(new Random(11), dtype, 3, 4, 5);
    double tol = dtype.isFloatingPoint() ? 1e-5 : 0;
    assertMatches(a.torch().sum(), Jnp.sum(a.jax()), tol);
    assertMatches(a.torch().sum(1), Jnp.sum(a.jax(), 1), tol);
    assertMatches(
        a.torch().sum(new long[] {2}, true, new org.bytedeco.pytorch.ScalarTypeOptional()),
        Jnp.sum(a.jax(), -1, true),
        tol);
    Pair empty = random(new Random(1), dtype, 0, 2);
    assertMatches(empty.torch().sum(0), Jnp.sum(empty.jax(), 0), tol);
  }

  static Stream<DType> sumDtypes() {
    return Stream.of(DType.F32, DType.F64, DType.I32, DType.I64, DType.BOOL);
  }

  @Test
  void shapeOpsMatchLibtorch() {
    Pair a = random(new Random(5), DType.F32, 2, 3, 4);
    assertMatches(a.torch().reshape(4, 6), Jnp.reshape(a.jax(), 4, 6), 0);
    assertMatches(a.torch().reshape(-1, 2), Jnp.reshape(a.jax(), -1, 2), 0);
    assertMatches(a.torch().permute(2, 0, 1), Jnp.transpose(a.jax(), 2, 0, 1), 0);
    assertMatches(a.torch().permute(2, 1, 0), Jnp.transpose(a.jax()), 0);
    assertMatches(a.torch().permute(0, 2, 1), Jnp.transpose(a.jax(), 0, -1, -2), 0);
    Pair b = random(new Random(6), DType.I32, 3, 1);
    assertMatches(b.torch().expand(2, 3, 5), Jnp.broadcastTo(b.jax(), 2, 3, 5), 0);
  }

  @Test
  void shapeMistakesNameBothShapes() {
    Array a = Array.of(new float[6], 2, 3);
    Array b = Array.of(new float[4], 4);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Jnp.add(a, b));
    assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Jnp.matmul(a, Array.of(new float[4], 2, 2)));
    assertTrue(
        e.getMessage().contains("[2, 3]") && e.getMessage().contains("[2, 2]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Jnp.reshape(a, 4, 2));
    assertTrue(
        e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 2]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Jnp.broadcastTo(a, 3, 3));
    assertTrue(
        e.getMessage().contains("[2, 3]") && e.getMessage().contains("[3, 3]"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Jnp.matmul(a, Array.of(new double[3], 3)));
    assertTrue(
        e.getMessage().contains("float32") && e.getMessage().contains("float64"), e.getMessage());
  }

  @Test
  void promotionFollowsTorchResultType() {
    Array i32 = Array.of(new int[] {1, 2}, 2);
    Array f64Scalar = Array.scalar(1.5);
    Array f32 = Array.of(new float[] {1, 2}, 2);
    assertEquals(DType.F64, Jnp.add(i32, f64Scalar).dtype(), "0-d float wins over int tensor");
    assertEquals(DType.F32, Jnp.add(f32, f64Scalar).dtype(), "dimensioned float keeps its width");
    assertEquals(DType.F32, Jnp.divide(i32, i32).dtype(), "integer true division");
    assertArrayEquals(new float[] {1, 1}, Jnp.divide(i32, i32).toFloatArray());
  }

  @Test
  void cachedOpsDoNotRecompile() {
    Array a = Array.of(new float[] {1, 2, 3});
    Jnp.add(a, a);
    int cached = dev.torch2jax.core.Eager.cacheSize();
    Jnp.add(a, a);
    Jnp.add(Array.of(new float[] {4, 5, 6}), a);
    assertEquals(cached, dev.torch2jax.core.Eager.cacheSize());
  }

  private static Pair nonZero(Random rng, DType dtype, long[] shape) {
    Pair p = random(rng, dtype, shape);
    long[] v = p.jax().toLongArray();
    for (int i = 0; i < v.length; i++) {
      if (v[i] == 0) {
        v[i] = 3;
      }
    }
    Array arr = Jnp.astype(Array.of(v, shape), dtype);
    Tensor t =
        Tensor.create(v, shape)
            .to(dtype == DType.I32 ? torch.ScalarType.Int : torch.ScalarType.Long);
    if (dtype == DType.BOOL) {
      arr = Jnp.astype(Array.of(v, shape), DType.BOOL);
      t = Tensor.create(v, shape).to(torch.ScalarType.Bool);
    }
    return new Pair(t, arr);
  }
}
