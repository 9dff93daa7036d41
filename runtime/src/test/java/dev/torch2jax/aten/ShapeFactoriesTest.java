package dev.torch2jax.aten;

import static dev.torch2jax.aten.ShapeOracle.assertMatches;
import static dev.torch2jax.aten.ShapeOracle.check;
import static dev.torch2jax.aten.ShapeOracle.op;
import static dev.torch2jax.aten.ShapeOracle.random;
import static dev.torch2jax.aten.ShapeOracle.script1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jax;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.T2J;
import dev.torch2jax.torch.TorchFunction;
import dev.torch2jax.torch.UnsupportedOpException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** arange, linspace, zeros/ones/full/empty and their _like/new_ forms, scalar_tensor, eye, fill. */
class ShapeFactoriesTest {
  private static final ShapeOracle.Pair ANY = random(0, DType.F32, 1);

  /**
   * The libtorch result of a TorchScript expression without inputs equals {@code actual} (the
   * registry's op called directly), and the expression through {@code T2J.t2j} in the OpInfo
   * harness.
   */
  private static void same(String expr, Array actual) {
    assertMatches(script1("x", expr, ANY.torch()), actual, expr);
    OpInfo.run(List.of(), OpInfo.source("", expr), new Object[0], OpInfo.ALL, -1, null);
  }

  @Test
  void arangeDtypesAndLengths() {
    same("torch.arange(5)", op("aten::arange", 5L));
    same("torch.arange(5.0)", op("aten::arange", 5.0));
    same("torch.arange(0)", op("aten::arange", 0L));
    same("torch.arange(2, 9)", op("aten::arange.start", 2L, 9L));
    same("torch.arange(-1, 2.5)", op("aten::arange.start", -1L, 2.5));
    same("torch.arange(1, 10, 3)", op("aten::arange.start_step", 1L, 10L, 3L));
    same("torch.arange(10, 1, -3)", op("aten::arange.start_step", 10L, 1L, -3L));
    same("torch.arange(0, 1, 0.1)", op("aten::arange.start_step", 0L, 1L, 0.1));
    same(
        "torch.arange(-1.5, 1.25, 0.25, dtype=torch.float64)",
        op("aten::arange.start_step", -1.5, 1.25, 0.25, DType.F64));
    same(
        "torch.arange(0, 7, 2, dtype=torch.int32)",
        op("aten::arange.start_step", 0L, 7L, 2L, DType.I32));
    same(
        "torch.arange(0.5, 4.5, dtype=torch.int64)", op("aten::arange.start", 0.5, 4.5, DType.I64));
    same("torch.arange(4, dtype=torch.float32)", op("aten::arange", 4L, DType.F32));
    assertThrows(IllegalArgumentException.class, () -> op("aten::arange.start_step", 0L, 5L, 0L));
    assertThrows(IllegalArgumentException.class, () -> op("aten::arange.start_step", 5L, 0L, 1L));
  }

  @Test
  void linspace() {
    same("torch.linspace(0, 1, 5)", op("aten::linspace", 0L, 1L, 5L));
    same("torch.linspace(-3.5, 10.25, 17)", op("aten::linspace", -3.5, 10.25, 17L));
    same("torch.linspace(2, 2, 1)", op("aten::linspace", 2L, 2L, 1L));
    same("torch.linspace(0, 1, 0)", op("aten::linspace", 0L, 1L, 0L));
    same(
        "torch.linspace(0, 10, 4, dtype=torch.int64)",
        op("aten::linspace", 0L, 10L, 4L, DType.I64));
    same(
        "torch.linspace(1, -1, 7, dtype=torch.float64)",
        op("aten::linspace", 1L, -1L, 7L, DType.F64));
  }

  @Test
  void fills() {
    same("torch.zeros([2, 3])", op("aten::zeros", List.of(2L, 3L)));
    same("torch.zeros([0, 3], dtype=torch.int32)", op("aten::zeros", List.of(0L, 3L), DType.I32));
    same("torch.ones([4])", op("aten::ones", List.of(4L)));
    same("torch.ones([], dtype=torch.bool)", op("aten::ones", List.of(), DType.BOOL));
    same("torch.full([2, 2], 7)", op("aten::full", List.of(2L, 2L), 7L));
    same("torch.full([2], 1.5)", op("aten::full", List.of(2L), 1.5));
    same("torch.full([3], 2.7, dtype=torch.int32)", op("aten::full", List.of(3L), 2.7, DType.I32));
    same("torch.full([3], 2, dtype=torch.float64)", op("aten::full", List.of(3L), 2L, DType.F64));
    same("torch.full([2], 2, dtype=torch.bool)", op("aten::full", List.of(2L), 2L, DType.BOOL));
    same("torch.scalar_tensor(3)", op("aten::scalar_tensor", 3L));
    same(
        "torch.scalar_tensor(3.5, dtype=torch.float64)", op("aten::scalar_tensor", 3.5, DType.F64));
    same("torch.eye(3)", op("aten::eye", 3L));
    same("torch.eye(2, 4, dtype=torch.int64)", op("aten::eye.m", 2L, 4L, DType.I64));
    same("torch.eye(0)", op("aten::eye", 0L));
    // empty is zero-filled here (libtorch's contents are arbitrary): compare shape and dtype.
    Array e = op("aten::empty.memory_format", List.of(2L, 3L), DType.F64);
    assertEquals(DType.F64, e.dtype());
    assertArrayEquals(new long[] {2, 3}, e.shape());
    assertArrayEquals(new double[6], e.toDoubleArray());
    assertEquals(DType.F32, op("aten::empty_strided", List.of(2L), List.of(1L)).dtype());
    assertThrows(IllegalArgumentException.class, () -> op("aten::zeros", List.of(-1L)));
  }

  /**
   * Float fills of a complex dtype keep their fraction (libtorch converts the Scalar to the real
   * part); seen through {@code view_as_real}, as the harness compares real tensors. TorchScript has
   * no {@code torch.complex64} value: the dtypes come from {@code view_as_complex} tensors.
   */
  @Test
  void complexFills() {
    String c64 = "torch.view_as_complex(torch.zeros([1, 2])).dtype";
    String c128 = "torch.view_as_complex(torch.zeros([1, 2], dtype=torch.float64)).dtype";
    same(
        "torch.view_as_real(torch.full([2], 2.5, dtype=" + c64 + "))",
        op("aten::view_as_real", op("aten::full", List.of(2L), 2.5, DType.C64)));
    same(
        "torch.view_as_real(torch.full([3], -1.75, dtype=" + c128 + "))",
        op("aten::view_as_real", op("aten::full", List.of(3L), -1.75, DType.C128)));
    same(
        "torch.view_as_real(torch.full([2], 3, dtype=" + c64 + "))",
        op("aten::view_as_real", op("aten::full", List.of(2L), 3L, DType.C64)));
    Array zeros = op("aten::zeros", List.of(2L), DType.C64);
    same(
        "torch.view_as_real(torch.zeros([2], dtype=" + c64 + ").fill_(0.5))",
        op("aten::view_as_real", op("aten::fill.Scalar", zeros, 0.5)));
    same(
        "torch.view_as_real(torch.full_like(torch.zeros([2], dtype=" + c64 + "), 1.25))",
        op("aten::view_as_real", op("aten::full_like", zeros, 1.25)));
    same(
        "torch.view_as_real(torch.linspace(0.5, 1.5, 3, dtype=" + c64 + "))",
        op("aten::view_as_real", op("aten::linspace", 0.5, 1.5, 3L, DType.C64)));
  }

  /** A complex Python number has no Java form yet: converting a function with one says so. */
  @Test
  void complexFillValueIsRefused() {
    // Compiled and run directly, not through OpInfo: an expected refusal is not a failed check.
    TorchFunction f =
        T2J.t2j(OpInfo.compile(OpInfo.source("", "torch.view_as_real(torch.full([2], 2.5 + 1j))")));
    UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> f.apply());
    assertTrue(e.getMessage().contains("a value of kind ComplexDouble"), e.getMessage());
  }

  @Test
  void likeAndNewForms() {
    for (DType t : new DType[] {DType.BOOL, DType.I32, DType.I64, DType.F32, DType.F64}) {
      ShapeOracle.Pair x = random(1, t, 2, 3);
      check("x", "torch.zeros_like(x)", a -> op("aten::zeros_like", a[0]), x);
      check(
          "x",
          "torch.ones_like(x, dtype=torch.float64)",
          a -> op("aten::ones_like", a[0], DType.F64),
          x);
      check("x", "torch.full_like(x, 3)", a -> op("aten::full_like", a[0], 3L), x);
      check(
          "x",
          "torch.full_like(x, 1.5, dtype=torch.float32)",
          a -> op("aten::full_like", a[0], 1.5, DType.F32),
          x);
      check("x", "x.new_zeros([4])", a -> op("aten::new_zeros", a[0], List.of(4L)), x);
      check(
          "x",
          "x.new_ones([1, 2], dtype=torch.int32)",
          a -> op("aten::new_ones", a[0], List.of(1L, 2L), DType.I32),
          x);
      check("x", "x.new_full([3], 5)", a -> op("aten::new_full", a[0], List.of(3L), 5L), x);
      check("x", "torch.fill(x, 1)", a -> op("aten::fill.Scalar", a[0], 1L), x);
      check("x", "x.clone().zero_()", a -> op("aten::zero_", a[0]), x);
      Array e = op("aten::empty_like", x.jax());
      assertEquals(t, e.dtype());
      assertArrayEquals(new long[] {2, 3}, e.shape());
      assertEquals(DType.I64, op("aten::new_empty", x.jax(), List.of(2L), DType.I64).dtype());
    }
    ShapeOracle.Pair x = random(2, DType.F32, 2, 3);
    ShapeOracle.Pair v = random(3, DType.F64);
    check("x, v", "torch.fill(x, v)", a -> op("aten::fill.Tensor", a[0], a[1]), x, v);
  }

  @Test
  void factoriesUnderJit() {
    Array jitted = (Array) Jax.jit(a -> op("aten::arange.start_step", 0L, 1L, 0.25)).apply();
    same("torch.arange(0, 1, 0.25)", jitted);
    Array lin = (Array) Jax.jit(a -> op("aten::linspace", -1L, 1L, 9L)).apply();
    same("torch.linspace(-1, 1, 9)", lin);
    Array eye = (Array) Jax.jit(a -> op("aten::eye", 3L)).apply();
    same("torch.eye(3)", eye);
  }
}
