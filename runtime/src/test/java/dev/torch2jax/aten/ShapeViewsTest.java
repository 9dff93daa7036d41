package dev.torch2jax.aten;

import static dev.torch2jax.aten.ShapeOracle.check;
import static dev.torch2jax.aten.ShapeOracle.op;
import static dev.torch2jax.aten.ShapeOracle.random;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Views, transposes, squeezes, flattening, repeats, rolls, flips, triangles, diagonals. */
class ShapeViewsTest {
  private static final DType[] ALL = {DType.BOOL, DType.I32, DType.I64, DType.F32, DType.F64};

  @Test
  void viewsAndReshapes() {
    for (DType t : ALL) {
      ShapeOracle.Pair x = random(1, t, 2, 3, 4);
      ShapeOracle.Pair y = random(2, t, 6, 4);
      check(
          "x",
          "torch._unsafe_view(x, [4, -1])",
          a -> op("aten::_unsafe_view", a[0], List.of(4L, -1L)),
          x);
      check("x, y", "x.view_as(y)", a -> op("aten::view_as", a[0], a[1]), x, y);
      check("x, y", "x.reshape_as(y)", a -> op("aten::reshape_as", a[0], a[1]), x, y);
    }
    ShapeOracle.Pair x = random(3, DType.F32, 2, 1, 3);
    ShapeOracle.Pair big = random(4, DType.F32, 4, 2, 2, 3);
    check("x, y", "x.expand_as(y)", a -> op("aten::expand_as", a[0], a[1]), x, big);
  }

  @Test
  void transposes() {
    ShapeOracle.Pair x = random(5, DType.F32, 2, 3, 4);
    check("x", "torch.transpose(x, 0, -1)", a -> op("aten::transpose.int", a[0], 0L, -1L), x);
    check("x", "x.clone().transpose_(1, 2)", a -> op("aten::transpose_", a[0], 1L, 2L), x);
    check("x", "torch.swapaxes(x, 1, 0)", a -> op("aten::swapaxes", a[0], 1L, 0L), x);
    check("x", "torch.movedim(x, 0, 2)", a -> op("aten::movedim.int", a[0], 0L, 2L), x);
    ShapeOracle.Pair s = random(6, DType.I64);
    check("x", "torch.transpose(x, 0, -1)", a -> op("aten::transpose.int", a[0], 0L, -1L), s);
    assertThrows(IndexOutOfBoundsException.class, () -> op("aten::transpose.int", x.jax(), 0L, 3L));
  }

  @Test
  void flattenAndUnflatten() {
    ShapeOracle.Pair x = random(7, DType.F32, 2, 3, 4, 5);
    check("x", "torch.flatten(x, 1, 2)", a -> op("aten::flatten.using_ints", a[0], 1L, 2L), x);
    check("x", "torch.flatten(x)", a -> op("aten::flatten.using_ints", a[0]), x);
    check("x", "torch.flatten(x, -2)", a -> op("aten::flatten.using_ints", a[0], -2L), x);
    check("x", "torch.flatten(x)", a -> op("aten::flatten.using_ints", a[0]), random(8, DType.I32));
    check(
        "x",
        "torch.flatten(x, 0, 1)",
        a -> op("aten::flatten.using_ints", a[0], 0L, 1L),
        random(9, DType.BOOL, 0, 3));
    check("x", "torch.ravel(x)", a -> op("aten::ravel", a[0]), x);
    check(
        "x",
        "torch.unflatten(x, 1, [3, 1])",
        a -> op("aten::unflatten.int", a[0], 1L, List.of(3L, 1L)),
        x);
    check(
        "x",
        "torch.unflatten(x, -1, [-1, 5])",
        a -> op("aten::unflatten.int", a[0], -1L, List.of(-1L, 5L)),
        x);
  }

  @Test
  void squeezeAndUnsqueeze() {
    for (DType t : new DType[] {DType.BOOL, DType.I64, DType.F64}) {
      ShapeOracle.Pair x = random(10, t, 1, 3, 1, 2);
      check("x", "torch.squeeze(x)", a -> op("aten::squeeze", a[0]), x);
      check("x", "torch.squeeze(x, 2)", a -> op("aten::squeeze.dim", a[0], 2L), x);
      check("x", "torch.squeeze(x, 1)", a -> op("aten::squeeze.dim", a[0], 1L), x);
      check(
          "x",
          "torch.squeeze(x, [0, -2, 1])",
          a -> op("aten::squeeze.dims", a[0], List.of(0L, -2L, 1L)),
          x);
      check("x", "x.clone().squeeze_(0)", a -> op("aten::squeeze_.dim", a[0], 0L), x);
      check("x", "torch.unsqueeze(x, -1)", a -> op("aten::unsqueeze", a[0], -1L), x);
      check("x", "torch.unsqueeze(x, 0)", a -> op("aten::unsqueeze", a[0], 0L), x);
    }
    ShapeOracle.Pair s = random(11, DType.F32);
    check("x", "torch.squeeze(x, 0)", a -> op("aten::squeeze.dim", a[0], 0L), s);
    check("x", "torch.unsqueeze(x, -1)", a -> op("aten::unsqueeze", a[0], -1L), s);
    ShapeOracle.Pair x = random(12, DType.F32, 1, 3, 1, 2);
    check("x", "torch.squeeze(x, [0, 2])", a -> op("aten::squeeze.dims", a[0], List.of(0L, 2L)), x);
    check("x", "torch.unsqueeze(x, 2)", a -> op("aten::unsqueeze", a[0], 2L), x);
  }

  @Test
  void flipAndRoll() {
    for (DType t : ALL) {
      ShapeOracle.Pair x = random(13, t, 3, 4);
      check("x", "torch.flip(x, [0, -1])", a -> op("aten::flip", a[0], List.of(0L, -1L)), x);
      check(
          "x",
          "torch.roll(x, [1, -5], [0, 1])",
          a -> op("aten::roll", a[0], List.of(1L, -5L), List.of(0L, 1L)),
          x);
      check("x", "torch.roll(x, 5)", a -> op("aten::roll", a[0], List.of(5L)), x);
    }
    ShapeOracle.Pair x = random(14, DType.F32, 2, 3, 4);
    check("x", "torch.flip(x, [1])", a -> op("aten::flip", a[0], List.of(1L)), x);
    check("x", "torch.roll(x, [2], [2])", a -> op("aten::roll", a[0], 2L, 2L), x);
    check(
        "x",
        "torch.roll(x, 3, 0)",
        a -> op("aten::roll", a[0], 3L, 0L),
        random(15, DType.F32, 0, 2));
    check(
        "x", "torch.flip(x, [0])", a -> op("aten::flip", a[0], List.of(0L)), random(16, DType.F32));
  }

  @Test
  void repeatAndTile() {
    for (DType t : ALL) {
      ShapeOracle.Pair x = random(17, t, 2, 3);
      check("x", "x.repeat([2, 1, 3])", a -> op("aten::repeat", a[0], List.of(2L, 1L, 3L)), x);
      check("x", "torch.tile(x, [2])", a -> op("aten::tile", a[0], List.of(2L)), x);
    }
    ShapeOracle.Pair x = random(18, DType.F32, 2, 3);
    check("x", "x.repeat([3, 2])", a -> op("aten::repeat", a[0], List.of(3L, 2L)), x);
    check("x", "torch.tile(x, [2, 1, 2])", a -> op("aten::tile", a[0], List.of(2L, 1L, 2L)), x);
    check("x", "x.repeat([0, 2])", a -> op("aten::repeat", a[0], List.of(0L, 2L)), x);
    check(
        "x",
        "x.repeat([2, 2])",
        a -> op("aten::repeat", a[0], List.of(2L, 2L)),
        random(19, DType.I64, 3));
    check("x", "x.repeat([4])", a -> op("aten::repeat", a[0], List.of(4L)), random(20, DType.F64));
  }

  @Test
  void triangles() {
    for (DType t : ALL) {
      ShapeOracle.Pair x = random(21, t, 2, 3, 4);
      for (long k : new long[] {0, 1, -1, 5, -5}) {
        check("x", "torch.tril(x, " + k + ")", a -> op("aten::tril", a[0], k), x);
        check("x", "torch.triu(x, " + k + ")", a -> op("aten::triu", a[0], k), x);
      }
    }
    ShapeOracle.Pair x = random(22, DType.F32, 4, 3);
    check("x", "torch.tril(x, -1)", a -> op("aten::tril", a[0], -1L), x);
    check("x", "x.clone().triu_(1)", a -> op("aten::triu_", a[0], 1L), x);
    assertThrows(
        IllegalArgumentException.class, () -> op("aten::tril", random(1, DType.F32, 3).jax()));
  }

  @Test
  void diagonals() {
    for (DType t : ALL) {
      ShapeOracle.Pair x = random(23, t, 3, 4, 5);
      check("x", "torch.diagonal(x)", a -> op("aten::diagonal", a[0]), x);
      check("x", "torch.diagonal(x, 2, 1, 2)", a -> op("aten::diagonal", a[0], 2L, 1L, 2L), x);
      check("x", "torch.diagonal(x, -1, 2, 0)", a -> op("aten::diagonal", a[0], -1L, 2L, 0L), x);
      check("x", "torch.diagonal(x, 7, -1, -2)", a -> op("aten::diagonal", a[0], 7L, -1L, -2L), x);
      ShapeOracle.Pair v = random(24, t, 2, 3);
      check("x", "torch.diag_embed(x)", a -> op("aten::diag_embed", a[0]), v);
      check("x", "torch.diag_embed(x, 1, 0, 2)", a -> op("aten::diag_embed", a[0], 1L, 0L, 2L), v);
      check(
          "x",
          "torch.diag_embed(x, -2, -1, 0)",
          a -> op("aten::diag_embed", a[0], -2L, -1L, 0L),
          v);
    }
    ShapeOracle.Pair x = random(25, DType.F32, 3, 4, 5);
    check("x", "torch.diagonal(x, 1, 1, 2)", a -> op("aten::diagonal", a[0], 1L, 1L, 2L), x);
    check("x", "torch.diag_embed(x, -1)", a -> op("aten::diag_embed", a[0], -1L), x);
  }

  @Test
  void asStridedOfContiguousTensors() {
    for (DType t : new DType[] {DType.BOOL, DType.I32, DType.F64}) {
      ShapeOracle.Pair x = random(26, t, 4, 5);
      check(
          "x",
          "torch.as_strided(x, [3, 3], [5, 1], 1)",
          a -> op("aten::as_strided", a[0], List.of(3L, 3L), List.of(5L, 1L), 1L),
          x);
      check(
          "x",
          "torch.as_strided(x, [4, 2], [1, 4])",
          a -> op("aten::as_strided", a[0], List.of(4L, 2L), List.of(1L, 4L)),
          x);
    }
    ShapeOracle.Pair x = random(27, DType.F32, 10);
    // Overlapping windows: the gradient accumulates.
    check(
        "x",
        "torch.as_strided(x, [4, 3], [2, 1])",
        a -> op("aten::as_strided", a[0], List.of(4L, 3L), List.of(2L, 1L)),
        x);
    assertThrows(
        IllegalArgumentException.class,
        () -> op("aten::as_strided", x.jax(), List.of(4L, 4L), List.of(3L, 1L)));
  }

  @Test
  void aliasIsIdentity() {
    Array x = random(28, DType.F32, 2).jax();
    org.junit.jupiter.api.Assertions.assertSame(x, op("aten::alias", x));
  }
}
