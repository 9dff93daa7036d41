package dev.torch2jax.aten;

import static dev.torch2jax.aten.ShapeOracle.call;
import static dev.torch2jax.aten.ShapeOracle.check;
import static dev.torch2jax.aten.ShapeOracle.op;
import static dev.torch2jax.aten.ShapeOracle.random;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.torch2jax.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** cat, stack and friends; split, chunk, unbind. */
class ShapeJoiningTest {
  private static final DType[] ALL = {DType.BOOL, DType.I32, DType.I64, DType.F32, DType.F64};

  @Test
  void catPromotesAndSkipsLegacyEmpty() {
    for (DType t : ALL) {
      ShapeOracle.Pair a = random(1, t, 2, 3);
      ShapeOracle.Pair b = random(2, t, 4, 3);
      check("a, b", "torch.cat([a, b])", x -> op("aten::cat", List.of(x[0], x[1])), a, b);
      check(
          "a, b",
          "torch.cat([a, a, b], -2)",
          x -> op("aten::cat", List.of(x[0], x[0], x[1]), -2L),
          a,
          b);
    }
    ShapeOracle.Pair i = random(3, DType.I32, 2, 3);
    ShapeOracle.Pair f = random(4, DType.F64, 2, 1);
    ShapeOracle.Pair bo = random(5, DType.BOOL, 2, 2);
    check(
        "a, b, c",
        "torch.cat([a, b, c], 1)",
        x -> op("aten::cat", List.of(x[0], x[1], x[2]), 1L),
        i,
        f,
        bo);
    ShapeOracle.Pair empty = random(6, DType.F32, 0);
    check("a, b", "torch.cat([a, b], 1)", x -> op("aten::cat", List.of(x[0], x[1]), 1L), i, empty);
    check("a", "torch.cat([a])", x -> op("aten::cat", List.of(x[0])), random(7, DType.F32, 0, 2));
    assertThrows(
        IllegalArgumentException.class,
        () -> op("aten::cat", List.of(i.jax(), random(8, DType.I32, 2, 4, 1).jax())));
  }

  @Test
  void stacks() {
    for (DType t : ALL) {
      ShapeOracle.Pair a = random(9, t, 2, 3);
      ShapeOracle.Pair b = random(10, t, 2, 3);
      check("a, b", "torch.stack([a, b])", x -> op("aten::stack", List.of(x[0], x[1])), a, b);
      check(
          "a, b",
          "torch.stack([a, b], -1)",
          x -> op("aten::stack", List.of(x[0], x[1]), -1L),
          a,
          b);
      check("a, b", "torch.hstack([a, b])", x -> op("aten::hstack", List.of(x[0], x[1])), a, b);
      check("a, b", "torch.vstack([a, b])", x -> op("aten::vstack", List.of(x[0], x[1])), a, b);
      check("a, b", "torch.dstack([a, b])", x -> op("aten::dstack", List.of(x[0], x[1])), a, b);
    }
    ShapeOracle.Pair v = random(11, DType.F32, 3);
    ShapeOracle.Pair w = random(12, DType.I64, 3);
    ShapeOracle.Pair s = random(13, DType.F32);
    check("a, b", "torch.hstack([a, b])", x -> op("aten::hstack", List.of(x[0], x[1])), v, w);
    check("a, b", "torch.vstack([a, b])", x -> op("aten::vstack", List.of(x[0], x[1])), v, w);
    check(
        "a, b",
        "torch.column_stack([a, b])",
        x -> op("aten::column_stack", List.of(x[0], x[1])),
        v,
        w);
    check("a, b", "torch.stack([a, b])", x -> op("aten::stack", List.of(x[0], x[1])), s, s);
    check("a", "torch.atleast_3d(a)", x -> op("aten::atleast_3d", x[0]), v);
    check("a", "torch.atleast_2d(a)", x -> op("aten::atleast_2d", x[0]), s);
  }

  @Test
  void catAndStackWithAnOperandInTheMiddle() {
    ShapeOracle.Pair other = random(14, DType.F32, 2, 3);
    check(
        "a, b",
        "torch.cat([a, b], 1)",
        x -> op("aten::cat", List.of(x[0], x[1]), 1L),
        random(15, DType.F32, 2, 3),
        other);
    check(
        "a, b",
        "torch.stack([b, a], 1)",
        x -> op("aten::stack", List.of(x[1], x[0]), 1L),
        random(15, DType.F32, 2, 3),
        other);
    check(
        "a, b",
        "torch.cat([b, a, b], 1)",
        x -> op("aten::cat", List.of(x[1], x[0], x[1]), 1L),
        random(16, DType.F32, 2, 3),
        other);
    check(
        "a, b",
        "torch.stack([a, b, a], 2)",
        x -> op("aten::stack", List.of(x[0], x[1], x[0]), 2L),
        random(17, DType.F64, 2, 3),
        random(14, DType.F64, 2, 3));
  }

  @Test
  void splits() {
    for (DType t : ALL) {
      ShapeOracle.Pair x = random(18, t, 5, 4);
      check("x", "torch.split(x, 2)", a -> call("aten::split.Tensor", a[0], 2L), x);
      check("x", "torch.split(x, 3, -1)", a -> call("aten::split.Tensor", a[0], 3L, -1L), x);
      check(
          "x",
          "torch.split_with_sizes(x, [1, 0, 4])",
          a -> call("aten::split_with_sizes", a[0], List.of(1L, 0L, 4L)),
          x);
      check(
          "x", "torch.split(x, [1, 3], 1)", a -> call("aten::split", a[0], List.of(1L, 3L), 1L), x);
      check("x", "torch.chunk(x, 2)", a -> call("aten::chunk", a[0], 2L), x);
      check("x", "torch.chunk(x, 4, 1)", a -> call("aten::chunk", a[0], 4L, 1L), x);
      check("x", "torch.chunk(x, 3, 0)", a -> call("aten::chunk", a[0], 3L, 0L), x);
      check("x", "torch.unbind(x, 1)", a -> call("aten::unbind.int", a[0], 1L), x);
      check("x", "torch.tensor_split(x, 3)", a -> call("aten::tensor_split.sections", a[0], 3L), x);
      check(
          "x",
          "torch.tensor_split(x, [1, -1, 9], 0)",
          a -> call("aten::tensor_split.indices", a[0], List.of(1L, -1L, 9L), 0L),
          x);
    }
    ShapeOracle.Pair e = random(19, DType.F32, 0, 3);
    check("x", "torch.split(x, 2)", a -> call("aten::split.Tensor", a[0], 2L), e);
    check("x", "torch.chunk(x, 3)", a -> call("aten::chunk", a[0], 3L), e);
    check("x", "torch.unbind(x)", a -> call("aten::unbind.int", a[0]), e);
    assertThrows(
        IllegalArgumentException.class,
        () -> call("aten::split_with_sizes", e.jax(), List.of(1L), 1L));
  }

  @Test
  void onePieceOfASplit() {
    check(
        "x",
        "torch.split(x, 2, 1)[1]",
        a -> ((List<?>) call("aten::split.Tensor", a[0], 2L, 1L)).get(1),
        random(21, DType.F32, 3, 5));
    check(
        "x",
        "torch.unbind(x)[1]",
        a -> ((List<?>) call("aten::unbind.int", a[0], 0L)).get(1),
        random(22, DType.F64, 3, 2));
  }
}
