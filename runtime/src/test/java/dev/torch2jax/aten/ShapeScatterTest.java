package dev.torch2jax.aten;

import static dev.torch2jax.aten.ShapeOracle.check;
import static dev.torch2jax.aten.ShapeOracle.longs;
import static dev.torch2jax.aten.ShapeOracle.op;
import static dev.torch2jax.aten.ShapeOracle.random;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.torch2jax.DType;
import org.junit.jupiter.api.Test;

/**
 * gather, scatter (src, value, reduce), scatter_add, scatter_reduce, index_add/copy/fill/reduce.
 */
class ShapeScatterTest {
  private static final DType[] ALL = {DType.BOOL, DType.I32, DType.I64, DType.F32, DType.F64};
  private static final DType[] NUMERIC = {DType.I32, DType.I64, DType.F32, DType.F64};

  /** Distinct positions per row (no duplicates: a replacing scatter keeps any one of them). */
  private static final ShapeOracle.Pair PERM = longs(new long[] {2, 0, 3, 1, 0, 2}, 2, 3);

  /** Repeated positions, for reductions. */
  private static final ShapeOracle.Pair DUP = longs(new long[] {1, 1, 3, 0, 0, 0, 2, 1, 2}, 3, 3);

  @Test
  void gather() {
    for (DType t : ALL) {
      ShapeOracle.Pair x = random(1, t, 3, 4);
      check("x, i", "torch.gather(x, 1, i)", a -> op("aten::gather", a[0], 1L, a[1]), x, PERM);
      check(
          "x, i",
          "torch.gather(x, 0, i)",
          a -> op("aten::gather", a[0], 0L, a[1]),
          x,
          longs(new long[] {2, 0, 1, 1}, 1, 4));
      check(
          "x, i",
          "torch.gather(x, -1, i, sparse_grad=False)",
          a -> op("aten::gather", a[0], -1L, a[1], false),
          x,
          DUP);
    }
    check(
        "x, i",
        "torch.gather(x, 0, i)",
        a -> op("aten::gather", a[0], 0L, a[1]),
        random(2, DType.F32),
        ShapeOracle.Pair.of(org.bytedeco.pytorch.Tensor.create(new long[] {0}).reshape()));
    check(
        "x, i",
        "torch.gather(x, 1, i)",
        a -> op("aten::gather", a[0], 1L, a[1]),
        random(3, DType.F32, 3, 4),
        DUP);
  }

  @Test
  void scatterSrcAndValue() {
    for (DType t : ALL) {
      ShapeOracle.Pair x = random(4, t, 2, 4);
      ShapeOracle.Pair src = random(5, t, 3, 5);
      check(
          "x, i, s",
          "torch.scatter(x, 1, i, s)",
          a -> op("aten::scatter.src", a[0], 1L, a[1], a[2]),
          x,
          PERM,
          src);
      check(
          "x, i",
          "torch.scatter(x, 1, i, 1)",
          a -> op("aten::scatter.value", a[0], 1L, a[1], 1L),
          x,
          PERM);
      check(
          "x, i, s",
          "x.clone().scatter_(-1, i, s)",
          a -> op("aten::scatter_.src", a[0], -1L, a[1], a[2]),
          x,
          PERM,
          src);
    }
    ShapeOracle.Pair x = random(6, DType.F32, 2, 4);
    check(
        "x, i",
        "torch.scatter(x, 1, i, 2.5)",
        a -> op("aten::scatter.value", a[0], 1L, a[1], 2.5),
        x,
        PERM);
    check(
        "x, i, s",
        "torch.scatter(x, 1, i, s)",
        a -> op("aten::scatter.src", a[0], 1L, a[1], a[2]),
        x,
        PERM,
        random(7, DType.F32, 2, 3));
    check(
        "s, x, i",
        "torch.scatter(x, 1, i, s)",
        a -> op("aten::scatter.src", a[1], 1L, a[2], a[0]),
        random(8, DType.F32, 2, 3),
        x,
        PERM);
    assertThrows(
        IllegalArgumentException.class,
        () -> op("aten::scatter.src", x.jax(), 1L, PERM.jax(), random(9, DType.F64, 2, 3).jax()));
  }

  @Test
  void scatterAddAndLegacyReduce() {
    for (DType t : NUMERIC) {
      ShapeOracle.Pair x = random(10, t, 4, 3);
      ShapeOracle.Pair src = random(11, t, 3, 3);
      check(
          "x, i, s",
          "torch.scatter_add(x, 0, i, s)",
          a -> op("aten::scatter_add", a[0], 0L, a[1], a[2]),
          x,
          DUP,
          src);
      check(
          "x, i, s",
          "torch.scatter(x, 0, i, s, reduce='add')",
          a -> op("aten::scatter.reduce", a[0], 0L, a[1], a[2], "add"),
          x,
          DUP,
          src);
      check(
          "x, i, s",
          "torch.scatter(x, 0, i, s, reduce='multiply')",
          a -> op("aten::scatter.reduce", a[0], 0L, a[1], a[2], "multiply"),
          x,
          DUP,
          src);
      check(
          "x, i",
          "torch.scatter(x, 0, i, 3, reduce='multiply')",
          a -> op("aten::scatter.value_reduce", a[0], 0L, a[1], 3L, "multiply"),
          x,
          DUP);
      check(
          "x, i",
          "torch.scatter(x, 0, i, 2, reduce='add')",
          a -> op("aten::scatter.value_reduce", a[0], 0L, a[1], 2L, "add"),
          x,
          DUP);
    }
    ShapeOracle.Pair x = random(12, DType.F64, 4, 3);
    check(
        "x, i, s",
        "torch.scatter_add(x, 0, i, s)",
        a -> op("aten::scatter_add", a[0], 0L, a[1], a[2]),
        x,
        DUP,
        random(13, DType.F64, 3, 3));
    check(
        "s, x, i",
        "torch.scatter_add(x, 0, i, s)",
        a -> op("aten::scatter_add", a[1], 0L, a[2], a[0]),
        random(14, DType.F64, 3, 3),
        x,
        DUP);
  }

  @Test
  void scatterReduceTwo() {
    for (DType t : NUMERIC) {
      ShapeOracle.Pair x = random(15, t, 3, 4);
      ShapeOracle.Pair src = random(16, t, 3, 3);
      for (String r : new String[] {"sum", "prod", "mean", "amax", "amin"}) {
        for (boolean self : new boolean[] {true, false}) {
          String expr =
              "torch.scatter_reduce(x, 1, i, s, '"
                  + r
                  + "', include_self="
                  + (self ? "True" : "False")
                  + ")";
          check(
              "x, i, s",
              expr,
              a -> op("aten::scatter_reduce.two", a[0], 1L, a[1], a[2], r, self),
              x,
              DUP,
              src);
        }
      }
    }
    ShapeOracle.Pair x = random(17, DType.F32, 3, 4);
    ShapeOracle.Pair src = random(18, DType.F32, 3, 3);
    for (String r : new String[] {"sum", "mean"}) {
      check(
          "s, x, i",
          "torch.scatter_reduce(x, 1, i, s, '" + r + "', include_self=False)",
          a -> op("aten::scatter_reduce.two", a[1], 1L, a[2], a[0], r, false),
          src,
          x,
          DUP);
      check(
          "x, i, s",
          "torch.scatter_reduce(x, 1, i, s, '" + r + "')",
          a -> op("aten::scatter_reduce.two", a[0], 1L, a[1], a[2], r),
          x,
          DUP,
          src);
    }
    // prod: distinct nonzero inputs, so libtorch's gradient rule and ours agree.
    check(
        "s, x, i",
        "torch.scatter_reduce(x, 1, i, s, 'prod')",
        a -> op("aten::scatter_reduce.two", a[1], 1L, a[2], a[0], "prod", true),
        src,
        x,
        DUP);
  }

  @Test
  void indexAddCopyFillReduce() {
    ShapeOracle.Pair idx = longs(new long[] {2, 0, 2}, 3);
    ShapeOracle.Pair distinct = longs(new long[] {2, 0, -4}, 3);
    for (DType t : NUMERIC) {
      ShapeOracle.Pair x = random(19, t, 4, 3);
      ShapeOracle.Pair src = random(20, t, 3, 3);
      check(
          "x, i, s",
          "torch.index_add(x, 0, i, s)",
          a -> op("aten::index_add", a[0], 0L, a[1], a[2]),
          x,
          idx,
          src);
      check(
          "x, i, s",
          "torch.index_add(x, 1, i, s, alpha=2)",
          a -> op("aten::index_add", a[0], 1L, a[1], a[2], 2L),
          random(21, t, 3, 4),
          idx,
          src);
      check(
          "x, i, s",
          "torch.index_copy(x, 0, i, s)",
          a -> op("aten::index_copy", a[0], 0L, a[1], a[2]),
          x,
          longs(new long[] {2, 0, 3}, 3),
          src);
      check(
          "x, i",
          "torch.index_fill(x, 0, i, -1)",
          a -> op("aten::index_fill.int_Scalar", a[0], 0L, a[1], -1L),
          x,
          distinct);
      check(
          "x, i",
          "torch.index_fill(x, 1, i, 2.5)",
          a -> op("aten::index_fill.int_Scalar", a[0], 1L, a[1], 2.5),
          x,
          longs(new long[] {1}, 1));
      for (String r : new String[] {"prod", "mean", "amax", "amin"}) {
        check(
            "x, i, s",
            "torch.index_reduce(x, 0, i, s, '" + r + "')",
            a -> op("aten::index_reduce", a[0], 0L, a[1], a[2], r),
            x,
            idx,
            src);
        check(
            "x, i, s",
            "torch.index_reduce(x, 0, i, s, '" + r + "', include_self=False)",
            a -> op("aten::index_reduce", a[0], 0L, a[1], a[2], r, false),
            x,
            idx,
            src);
      }
    }
    check(
        "s, x, i",
        "torch.index_add(x, 1, i, s)",
        a -> op("aten::index_add", a[1], 1L, a[2], a[0]),
        random(22, DType.F32, 4, 3),
        random(23, DType.F32, 4, 3),
        idx);
  }
}
