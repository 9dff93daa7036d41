package dev.torch2jax.aten;

import static dev.torch2jax.aten.ShapeOracle.check;
import static dev.torch2jax.aten.ShapeOracle.op;
import static dev.torch2jax.aten.ShapeOracle.random;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.torch2jax.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** constant_pad_nd, pad in its four modes, reflection_pad and replication_pad. */
class ShapePaddingTest {
  private static final DType[] ALL = {DType.BOOL, DType.I32, DType.I64, DType.F32, DType.F64};

  @Test
  void constantPadding() {
    for (DType t : ALL) {
      ShapeOracle.Pair x = random(1, t, 2, 3, 4);
      check(
          "x",
          "torch.constant_pad_nd(x, [1, 2])",
          a -> op("aten::constant_pad_nd", a[0], List.of(1L, 2L)),
          x);
      check(
          "x",
          "torch.constant_pad_nd(x, [0, 1, 2, 0, 1, 1], 1)",
          a -> op("aten::constant_pad_nd", a[0], List.of(0L, 1L, 2L, 0L, 1L, 1L), 1L),
          x);
      check(
          "x",
          "torch.constant_pad_nd(x, [-1, 2, 1, -2])",
          a -> op("aten::constant_pad_nd", a[0], List.of(-1L, 2L, 1L, -2L)),
          x);
    }
    ShapeOracle.Pair x = random(2, DType.F32, 2, 3);
    check(
        "x",
        "torch.constant_pad_nd(x, [1, 1], 2.5)",
        a -> op("aten::constant_pad_nd", a[0], List.of(1L, 1L), 2.5),
        x);
    check(
        "x",
        "torch.pad(x, [1, 2], 'constant', -1.0)",
        a -> op("aten::pad", a[0], List.of(1L, 2L), "constant", -1.0),
        x);
    check(
        "x",
        "torch.constant_pad_nd(x, [2, -1, 0, 1])",
        a -> op("aten::constant_pad_nd", a[0], List.of(2L, -1L, 0L, 1L)),
        x);
    assertThrows(
        IllegalArgumentException.class,
        () -> op("aten::constant_pad_nd", x.jax(), List.of(1L, 1L, 1L)));
    assertThrows(
        IllegalArgumentException.class,
        () -> op("aten::constant_pad_nd", x.jax(), List.of(-2L, -2L)));
  }

  @Test
  void reflectReplicateCircular() {
    for (DType t : new DType[] {DType.I64, DType.F32, DType.F64}) {
      ShapeOracle.Pair x3 = random(3, t, 2, 3, 5);
      ShapeOracle.Pair x4 = random(4, t, 1, 2, 4, 5);
      check(
          "x",
          "torch.reflection_pad1d(x, [2, 3])",
          a -> op("aten::reflection_pad1d", a[0], List.of(2L, 3L)),
          x3);
      check(
          "x",
          "torch.replication_pad1d(x, [0, 4])",
          a -> op("aten::replication_pad1d", a[0], List.of(0L, 4L)),
          x3);
      check(
          "x",
          "torch.reflection_pad2d(x, [1, 2, 3, 0])",
          a -> op("aten::reflection_pad2d", a[0], List.of(1L, 2L, 3L, 0L)),
          x4);
      check(
          "x",
          "torch.replication_pad2d(x, [2, 1, 1, 3])",
          a -> op("aten::replication_pad2d", a[0], List.of(2L, 1L, 1L, 3L)),
          x4);
      check(
          "x",
          "torch.reflection_pad3d(x, [1, 1, 1, 2, 0, 1])",
          a -> op("aten::reflection_pad3d", a[0], List.of(1L, 1L, 1L, 2L, 0L, 1L)),
          x4);
      check(
          "x",
          "torch.replication_pad3d(x, [1, 0, 0, 2, 1, 1])",
          a -> op("aten::replication_pad3d", a[0], List.of(1L, 0L, 0L, 2L, 1L, 1L)),
          x4);
      for (String mode : new String[] {"reflect", "replicate", "circular"}) {
        check(
            "x",
            "torch.pad(x, [1, 2], '" + mode + "')",
            a -> op("aten::pad", a[0], List.of(1L, 2L), mode),
            x3);
        check(
            "x",
            "torch.pad(x, [2, 1, 3, 1], '" + mode + "')",
            a -> op("aten::pad", a[0], List.of(2L, 1L, 3L, 1L), mode),
            x4);
      }
    }
    ShapeOracle.Pair x = random(5, DType.F64, 1, 2, 4, 5);
    check(
        "x",
        "torch.reflection_pad2d(x, [2, 1, 3, 1])",
        a -> op("aten::reflection_pad2d", a[0], List.of(2L, 1L, 3L, 1L)),
        x);
    check(
        "x",
        "torch.replication_pad2d(x, [2, 1, 3, 1])",
        a -> op("aten::replication_pad2d", a[0], List.of(2L, 1L, 3L, 1L)),
        x);
    check(
        "x",
        "torch.pad(x, [2, 1, 3, 1], 'circular')",
        a -> op("aten::pad", a[0], List.of(2L, 1L, 3L, 1L), "circular"),
        x);
    assertThrows(
        IllegalArgumentException.class,
        () -> op("aten::reflection_pad1d", x.jax(), List.of(5L, 0L)));
  }
}
