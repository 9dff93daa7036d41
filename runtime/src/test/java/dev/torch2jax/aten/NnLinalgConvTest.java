package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.i32;
import static dev.torch2jax.aten.NnTesting.ints;
import static dev.torch2jax.aten.NnTesting.op;
import static dev.torch2jax.aten.NnTesting.randint;
import static dev.torch2jax.aten.NnTesting.randn;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** {@link LinearAlgebra} and {@link Convolution} against libtorch. */
class NnLinalgConvTest {
  @Test
  void batchedAndFusedProducts() {
    op("aten::bmm", randn(2, 3, 4), randn(2, 4, 5)).torch("torch.bmm(a, b)").check();
    op("aten::bmm", i32(randint(-3, 3, 2, 2, 3)), i32(randint(-3, 3, 2, 3, 2)))
        .torch("torch.bmm(a, b)")
        .check();
    op("aten::addmm", randn(3, 5), randn(3, 4), randn(4, 5), 1L, 1L)
        .torch("torch.addmm(a, b, c)")
        .check();
    op("aten::addmm", randn(5), randn(3, 4), randn(4, 5), 0.5, 2.0)
        .torch("torch.addmm(a, b, c, beta=0.5, alpha=2.0)")
        .check();
    op("aten::addmm", f64(randn(1, 5)), f64(randn(3, 4)), f64(randn(4, 5)), 0L, 1L)
        .torch("torch.addmm(a, b, c, beta=0)")
        .check();
    op("aten::addmm_", randn(3, 5), randn(3, 4), randn(4, 5), 2L, 1L)
        .torch("a.addmm_(b, c, beta=2)")
        .check();
    op("aten::baddbmm", randn(2, 3, 5), randn(2, 3, 4), randn(2, 4, 5), 1L, -1L)
        .torch("torch.baddbmm(a, b, c, alpha=-1)")
        .check();
    op("aten::addmv", randn(3), randn(3, 4), randn(4), 1.5, 1L)
        .torch("torch.addmv(a, b, c, beta=1.5)")
        .check();
    op("aten::mv", randn(3, 4), randn(4)).torch("torch.mv(a, b)").check();
    op("aten::dot", randn(4), randn(4)).torch("torch.dot(a, b)").check();
    op("aten::dot", randint(-3, 3, 4), randint(-3, 3, 4)).torch("torch.dot(a, b)").check();
    op("aten::outer", randn(3), randn(4)).torch("torch.outer(a, b)").check();
    op("aten::outer", randint(-3, 3, 3), randn(2)).torch("torch.outer(a, b)").check();
    op("aten::ger", randn(3), randn(2)).torch("torch.ger(a, b)").check();
    assertThrows(
        IllegalArgumentException.class,
        () -> NnTesting.call("aten::bmm", T(randn(2, 3)), T(randn(2, 3))));
  }

  private static dev.torch2jax.Array T(Tensor t) {
    return dev.torch2jax.torch.T2J.t2j(t);
  }

  @Test
  void linear() {
    op("aten::linear", randn(2, 4), randn(3, 4), randn(3)).torch("torch.linear(a, b, c)").check();
    op("aten::linear", randn(2, 5, 4), randn(3, 4), null).torch("torch.linear(a, b)").check();
    op("aten::linear", randn(4), randn(3, 4), randn(3)).torch("torch.linear(a, b, c)").check();
    op("aten::linear", f64(randn(2, 4)), f64(randn(3, 4)), f64(randn(3)))
        .torch("torch.linear(a, b, c)")
        .check();
  }

  @Test
  void einsum() {
    op("aten::einsum", "ij,jk->ik", List.of(randn(2, 3), randn(3, 4)), null)
        .torch("torch.einsum('ij,jk->ik', [a, b])")
        .check();
    op("aten::einsum", "bij,bjk->bik", List.of(randn(2, 2, 3), randn(2, 3, 4)), null)
        .torch("torch.einsum('bij,bjk->bik', [a, b])")
        .check();
    op("aten::einsum", "ii->i", List.of(randn(3, 3)), null)
        .torch("torch.einsum('ii->i', [a])")
        .check();
    op("aten::einsum", "ii", List.of(randn(3, 3)), null).torch("torch.einsum('ii', [a])").check();
    op("aten::einsum", "ij->ji", List.of(randn(2, 3)), null)
        .torch("torch.einsum('ij->ji', [a])")
        .check();
    op("aten::einsum", "ij->", List.of(randn(2, 3)), null)
        .torch("torch.einsum('ij->', [a])")
        .check();
    op("aten::einsum", "i,j", List.of(randn(2), randn(3)), null)
        .torch("torch.einsum('i,j', [a, b])")
        .check();
    op("aten::einsum", "i,i", List.of(randn(4), randn(4)), null)
        .torch("torch.einsum('i,i', [a, b])")
        .check();
    op("aten::einsum", "bhqd,bhkd->bhqk", List.of(randn(2, 2, 3, 4), randn(2, 2, 5, 4)), null)
        .torch("torch.einsum('bhqd,bhkd->bhqk', [a, b])")
        .check();
    op("aten::einsum", "...ij,...jk", List.of(randn(2, 2, 3), randn(3, 4)), null)
        .torch("torch.einsum('...ij,...jk', [a, b])")
        .check();
    op("aten::einsum", "ij,jk,kl->il", List.of(randn(2, 3), randn(3, 4), randn(4, 2)), null)
        .torch("torch.einsum('ij,jk,kl->il', [a, b, c])")
        .check();
    op("aten::einsum", "b i , b j -> b i j", List.of(randn(2, 3), randn(2, 4)), null)
        .torch("torch.einsum('b i , b j -> b i j', [a, b])")
        .check();
  }

  @Test
  void convolution() {
    Tensor x = randn(2, 4, 7, 6);
    Tensor w = randn(6, 2, 3, 3);
    op(
            "aten::convolution",
            x,
            w,
            randn(6),
            ints(2, 1),
            ints(1, 0),
            ints(1, 2),
            false,
            ints(0, 0),
            2L)
        .torch("torch.convolution(a, b, c, [2, 1], [1, 0], [1, 2], False, [0, 0], 2)")
        .tol(1e-4)
        .check();
    // Grouped with a few channels per group: a sum of slices without stride, in 1-D and 2-D...
    op(
            "aten::conv2d",
            randn(2, 6, 7, 6),
            randn(8, 3, 3, 3),
            randn(8),
            ints(1, 1),
            ints(1, 0),
            ints(1, 1),
            2L)
        .torch("torch.conv2d(a, b, c, [1, 1], [1, 0], [1, 1], 2)")
        .tol(1e-4)
        .check();
    op("aten::conv1d", randn(2, 4, 10), randn(6, 2, 3), null, ints(1), ints(1), ints(1), 2L)
        .torch("torch.conv1d(a, b, None, [1], [1], [1], 2)")
        .tol(1e-4)
        .check();
    // ... and one convolution per group with a stride.
    op(
            "aten::conv2d",
            randn(2, 8, 9, 7),
            randn(6, 4, 3, 3),
            randn(6),
            ints(2, 2),
            ints(1, 1),
            ints(1, 1),
            2L)
        .torch("torch.conv2d(a, b, c, [2, 2], [1, 1], [1, 1], 2)")
        .tol(1e-4)
        .check();
    // Depthwise (groups == channels): computed as strided slices times per-channel weights.
    op(
            "aten::convolution",
            randn(2, 4, 9, 8),
            randn(4, 1, 3, 3),
            randn(4),
            ints(2, 1),
            ints(1, 2),
            ints(2, 1),
            false,
            ints(0, 0),
            4L)
        .torch("torch.convolution(a, b, c, [2, 1], [1, 2], [2, 1], False, [0, 0], 4)")
        .tol(1e-4)
        .check();
    op("aten::conv1d", randn(1, 3, 11), randn(3, 1, 5), null, ints(2), ints(2), ints(1), 3L)
        .torch("torch.conv1d(a, b, None, [2], [2], [1], 3)")
        .tol(1e-4)
        .check();
    // transposed: weight (Cin, Cout/groups, k...)
    op(
            "aten::convolution",
            randn(2, 4, 5, 4),
            randn(4, 3, 3, 2),
            randn(6),
            ints(2, 3),
            ints(1, 0),
            ints(1, 2),
            true,
            ints(1, 2),
            2L)
        .torch("torch.convolution(a, b, c, [2, 3], [1, 0], [1, 2], True, [1, 2], 2)")
        .tol(1e-4)
        .check();
    op(
            "aten::_convolution",
            randn(1, 2, 5),
            randn(3, 2, 2),
            null,
            ints(1),
            ints(0),
            ints(1),
            false,
            ints(0),
            1L,
            false,
            false,
            true,
            true)
        .torch(
            "torch._convolution(a, b, None, [1], [0], [1], False, [0], 1, False, False, True, True)")
        .tol(1e-4)
        .check();
    op(
            "aten::_convolution.deprecated",
            randn(1, 2, 5),
            randn(2, 3, 2),
            null,
            ints(2),
            ints(0),
            ints(1),
            true,
            ints(1),
            1L,
            false,
            false,
            true)
        .torch("torch._convolution(a, b, None, [2], [0], [1], True, [1], 1, False, False, True)")
        .tol(1e-4)
        .check();
  }

  @Test
  void convNd() {
    op("aten::conv1d", randn(2, 3, 8), randn(4, 3, 3), randn(4), ints(2), ints(1), ints(1), 1L)
        .torch("torch.conv1d(a, b, c, [2], [1])")
        .tol(1e-4)
        .check();
    op("aten::conv1d", randn(3, 8), randn(4, 3, 3), null, ints(1), ints(0), ints(2), 1L)
        .torch("torch.conv1d(a, b, None, [1], [0], [2])")
        .tol(1e-4)
        .check();
    op(
            "aten::conv2d",
            randn(1, 3, 6, 6),
            randn(2, 3, 3, 3),
            randn(2),
            ints(1),
            ints(1),
            ints(1),
            1L)
        .torch("torch.conv2d(a, b, c, 1, 1)")
        .tol(1e-4)
        .check();
    op("aten::conv2d", randn(3, 6, 5), randn(3, 1, 2, 2), null, ints(1, 2), ints(0, 1), ints(1), 3L)
        .torch("torch.conv2d(a, b, None, [1, 2], [0, 1], 1, 3)")
        .tol(1e-4)
        .check();
    op(
            "aten::conv2d",
            f64(randn(1, 2, 5, 5)),
            f64(randn(2, 2, 3, 3)),
            null,
            ints(1),
            ints(0),
            ints(1),
            1L)
        .torch("torch.conv2d(a, b)")
        .check();
    op(
            "aten::conv3d",
            randn(1, 2, 4, 5, 4),
            randn(2, 2, 2, 3, 2),
            randn(2),
            ints(1),
            ints(1),
            ints(1),
            1L)
        .torch("torch.conv3d(a, b, c, 1, 1)")
        .tol(1e-4)
        .check();
    op("aten::conv1d.padding", randn(1, 2, 7), randn(3, 2, 4), null, ints(1), "same", ints(1), 1L)
        .torch("torch.conv1d(a, b, None, [1], 'same')")
        .tol(1e-4)
        .check();
    op(
            "aten::conv2d.padding",
            randn(1, 2, 6, 5),
            randn(3, 2, 3, 2),
            randn(3),
            ints(1),
            "same",
            ints(2, 1),
            1L)
        .torch("torch.conv2d(a, b, c, [1], 'same', [2, 1])")
        .tol(1e-4)
        .check();
    op(
            "aten::conv2d.padding",
            randn(1, 2, 6, 5),
            randn(3, 2, 3, 2),
            null,
            ints(2),
            "valid",
            ints(1),
            1L)
        .torch("torch.conv2d(a, b, None, [2], 'valid')")
        .tol(1e-4)
        .check();
  }

  @Test
  void convTranspose() {
    op(
            "aten::conv_transpose1d",
            randn(2, 4, 5),
            randn(4, 3, 3),
            randn(3),
            ints(2),
            ints(1),
            ints(1),
            1L,
            ints(1))
        .torch("torch.conv_transpose1d(a, b, c, 2, 1, 1)")
        .tol(1e-4)
        .check();
    op(
            "aten::conv_transpose2d.input",
            randn(1, 4, 3, 4),
            randn(4, 1, 3, 3),
            null,
            ints(2),
            ints(0),
            ints(0),
            2L,
            ints(1))
        .torch("torch.conv_transpose2d(a, b, None, 2, 0, 0, 2)")
        .tol(1e-4)
        .check();
    op(
            "aten::conv_transpose2d.input",
            randn(4, 3, 4),
            randn(4, 2, 2, 3),
            randn(2),
            ints(1, 2),
            ints(1, 0),
            ints(0, 1),
            1L,
            ints(2, 1))
        .torch("torch.conv_transpose2d(a, b, c, [1, 2], [1, 0], [0, 1], 1, [2, 1])")
        .tol(1e-4)
        .check();
    op(
            "aten::conv_transpose3d.input",
            randn(1, 2, 3, 3, 2),
            randn(2, 2, 2, 2, 2),
            null,
            ints(2),
            ints(0),
            ints(0),
            1L,
            ints(1))
        .torch("torch.conv_transpose3d(a, b, None, 2)")
        .tol(1e-4)
        .check();
  }
}
