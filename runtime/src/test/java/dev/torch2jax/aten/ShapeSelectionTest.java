package dev.torch2jax.aten;

import static dev.torch2jax.aten.ShapeOracle.bools;
import static dev.torch2jax.aten.ShapeOracle.check;
import static dev.torch2jax.aten.ShapeOracle.longs;
import static dev.torch2jax.aten.ShapeOracle.op;
import static dev.torch2jax.aten.ShapeOracle.random;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jax;
import dev.torch2jax.core.ConcretizationException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** slice, select, narrow, index_select, advanced indexing, index_put, *_scatter, take, nonzero. */
class ShapeSelectionTest {
  private static final DType[] ALL = {DType.BOOL, DType.I32, DType.I64, DType.F32, DType.F64};

  @Test
  void sliceSelectNarrow() {
    for (DType t : ALL) {
      ShapeOracle.Pair x = random(1, t, 4, 5);
      check("x", "x[1:3]", a -> op("aten::slice.Tensor", a[0], 0L, 1L, 3L, 1L), x);
      check("x", "x[:, -4::2]", a -> op("aten::slice.Tensor", a[0], 1L, -4L, null, 2L), x);
      check("x", "x[:, 3:1]", a -> op("aten::slice.Tensor", a[0], 1L, 3L, 1L), x);
      check("x", "x[-100:100]", a -> op("aten::slice.Tensor", a[0], 0L, -100L, 100L), x);
      check("x", "x.select(1, -2)", a -> op("aten::select.int", a[0], 1L, -2L), x);
      check("x", "x.narrow(1, -3, 2)", a -> op("aten::narrow", a[0], 1L, -3L, 2L), x);
    }
    ShapeOracle.Pair x = random(2, DType.F32, 4, 5);
    check("x", "x[:, 1:5:3]", a -> op("aten::slice.Tensor", a[0], 1L, 1L, 5L, 3L), x);
    check("x", "x.select(0, 2)", a -> op("aten::select.int", a[0], 0L, 2L), x);
    check("x", "torch.narrow(x, 0, 1, 2)", a -> op("aten::narrow", a[0], 0L, 1L, 2L), x);
    ShapeOracle.Pair start =
        ShapeOracle.Pair.of(org.bytedeco.pytorch.Tensor.create(new long[] {-3}).reshape());
    check(
        "x, s",
        "torch.narrow(x, 1, s, 2)",
        a -> op("aten::narrow.Tensor", a[0], 1L, a[1], 2L),
        x,
        start);
    assertThrows(IndexOutOfBoundsException.class, () -> op("aten::select.int", x.jax(), 0L, 4L));
  }

  @Test
  void indexSelectAndTake() {
    ShapeOracle.Pair idx = longs(new long[] {2, 0, 2, 1}, 4);
    ShapeOracle.Pair scalarIdx =
        ShapeOracle.Pair.of(org.bytedeco.pytorch.Tensor.create(new long[] {1}).reshape());
    for (DType t : ALL) {
      ShapeOracle.Pair x = random(3, t, 3, 4);
      check(
          "x, i",
          "torch.index_select(x, 0, i)",
          a -> op("aten::index_select", a[0], 0L, a[1]),
          x,
          idx);
      check(
          "x, i",
          "torch.index_select(x, -1, i)",
          a -> op("aten::index_select", a[0], -1L, a[1]),
          x,
          idx);
      check(
          "x, i",
          "torch.index_select(x, 1, i)",
          a -> op("aten::index_select", a[0], 1L, a[1]),
          x,
          scalarIdx);
      check(
          "x, i",
          "torch.take(x, i)",
          a -> op("aten::take", a[0], a[1]),
          x,
          longs(new long[] {0, -1, 5, 11, 3, 3}, 2, 3));
    }
    check(
        "x, i",
        "torch.index_select(x, 1, i)",
        a -> op("aten::index_select", a[0], 1L, a[1]),
        random(4, DType.F32, 2, 3),
        idx);
    check(
        "x, i",
        "torch.index_select(x, 0, i)",
        a -> op("aten::index_select", a[0], 0L, a[1]),
        random(5, DType.F32, 0, 3),
        longs(new long[0], 0));
  }

  @Test
  void advancedIndexing() {
    ShapeOracle.Pair i = longs(new long[] {0, -1, 2}, 3);
    ShapeOracle.Pair j = longs(new long[] {1, 0, 3, 2, 2, 0}, 2, 3);
    ShapeOracle.Pair col = longs(new long[] {1, 3}, 2, 1);
    for (DType t : ALL) {
      ShapeOracle.Pair x = random(6, t, 3, 4, 5);
      check("x, i", "x[i]", a -> op("aten::index.Tensor", a[0], Arrays.asList(a[1])), x, i);
      check(
          "x, j", "x[:, j]", a -> op("aten::index.Tensor", a[0], Arrays.asList(null, a[1])), x, j);
      // Adjacent index tensors broadcast in place; separated ones move to the front.
      check(
          "x, i, j",
          "x[i, j]",
          a -> op("aten::index.Tensor", a[0], Arrays.asList(a[1], a[2])),
          x,
          i,
          j);
      check(
          "x, c, i",
          "x[:, c, i]",
          a -> op("aten::index.Tensor", a[0], Arrays.asList(null, a[1], a[2])),
          x,
          col,
          i);
      check(
          "x, i, c",
          "x[i, :, c]",
          a -> op("aten::index.Tensor", a[0], Arrays.asList(a[1], null, a[2])),
          x,
          i,
          col);
    }
    ShapeOracle.Pair x = random(7, DType.F32, 3, 4, 5);
    ShapeOracle.Pair mask = bools(new boolean[] {true, false, true, true}, 4);
    ShapeOracle.Pair mask2 = random(8, DType.BOOL, 3, 4);
    check(
        "x, m", "x[:, m]", a -> op("aten::index.Tensor", a[0], Arrays.asList(null, a[1])), x, mask);
    check("x, m", "x[m]", a -> op("aten::index.Tensor", a[0], Arrays.asList(a[1])), x, mask2);
    check(
        "x, m, i",
        "x[m, i]",
        a -> op("aten::index.Tensor", a[0], Arrays.asList(a[1], a[2])),
        random(9, DType.I64, 4, 3),
        mask,
        i);
    check(
        "x, m",
        "torch.masked_select(x, m)",
        a -> op("aten::masked_select", a[0], a[1]),
        random(34, DType.F32, 2, 3, 4),
        mask);
    check("x", "torch.nonzero(x)", a -> op("aten::nonzero", a[0]), random(10, DType.I32, 3, 4));
    check(
        "x, i, j",
        "x[i, :, j]",
        a -> op("aten::index.Tensor", a[0], Arrays.asList(a[1], null, a[2])),
        x,
        i,
        j);
    // A mask known when tracing is a constant; a traced mask has a data-dependent result shape.
    Array m = mask.jax();
    ShapeOracle.assertMatches(
        ShapeOracle.script1("x, m", "x[:, m]", x.torch(), mask.torch()),
        (Array)
            Jax.jit(a -> op("aten::index.Tensor", (Array) a[0], Arrays.asList(null, m)))
                .apply(x.jax()),
        "jit with a constant mask");
    assertThrows(
        ConcretizationException.class,
        () ->
            Jax.jit(a -> op("aten::index.Tensor", (Array) a[0], Arrays.asList(null, (Array) a[1])))
                .apply(x.jax(), m));
  }

  @Test
  void indexPut() {
    ShapeOracle.Pair i = longs(new long[] {0, -1, 2, 0}, 4);
    ShapeOracle.Pair j = longs(new long[] {1, 0, 3, 2}, 4);
    for (DType t : ALL) {
      ShapeOracle.Pair x = random(11, t, 3, 4);
      ShapeOracle.Pair v = random(12, t, 4);
      ShapeOracle.Pair v1 = random(13, t, 1);
      ShapeOracle.Pair row = random(14, t, 4, 4);
      // No repeated positions without accumulate: which duplicate wins is unspecified.
      check(
          "x, i, j, v",
          "torch.index_put(x, [i, j], v)",
          a -> op("aten::index_put", a[0], Arrays.asList(a[1], a[2]), a[3]),
          x,
          longs(new long[] {0, -1, 2, 1}, 4),
          j,
          v);
      check(
          "x, j, v",
          "x.clone().index_put_([None, j], v)",
          a -> op("aten::index_put_", a[0], Arrays.asList(null, a[1]), a[2]),
          x,
          longs(new long[] {3, 1}, 2),
          v1);
      if (t != DType.BOOL) {
        check(
            "x, i, v",
            "torch.index_put(x, [i], v, True)",
            a -> op("aten::index_put", a[0], Arrays.asList(a[1]), a[2], true),
            x,
            i,
            row);
        check(
            "x, i, j, v",
            "torch.index_put(x, [i, j], v, True)",
            a -> op("aten::index_put", a[0], Arrays.asList(a[1], a[2]), a[3], true),
            x,
            i,
            j,
            v);
      }
    }
    // Bool masks: the x[mask] = v pattern is a select (traceable); general values need nonzero.
    ShapeOracle.Pair x = random(15, DType.F32, 3, 4);
    ShapeOracle.Pair mask = random(16, DType.BOOL, 3, 4);
    ShapeOracle.Pair rowMask = bools(new boolean[] {true, false, true}, 3);
    ShapeOracle.Pair scalar = random(17, DType.F32);
    ShapeOracle.Pair row = random(18, DType.F32, 4);
    ShapeOracle.Pair rows = random(19, DType.F32, 2, 4);
    check(
        "x, m, v",
        "torch.index_put(x, [m], v)",
        a -> op("aten::index_put", a[0], Arrays.asList(a[1]), a[2]),
        x,
        mask,
        scalar);
    check(
        "x, m, v",
        "torch.index_put(x, [m], v, True)",
        a -> op("aten::index_put", a[0], Arrays.asList(a[1]), a[2], true),
        x,
        rowMask,
        row);
    check(
        "x, m, v",
        "torch.index_put(x, [m], v)",
        a -> op("aten::index_put", a[0], Arrays.asList(a[1]), a[2]),
        x,
        rowMask,
        rows);
    Array m = mask.jax();
    Array s = scalar.jax();
    Array jitted =
        (Array)
            Jax.jit(a -> op("aten::index_put", (Array) a[0], Arrays.asList(m), s)).apply(x.jax());
    ShapeOracle.assertMatches(
        ShapeOracle.script1(
            "x, m, v", "torch.index_put(x, [m], v)", x.torch(), mask.torch(), scalar.torch()),
        jitted,
        "jit index_put mask");
    check(
        "x, i, j, v",
        "torch.index_put(x, [i, j], v, True)",
        a -> op("aten::index_put", a[0], Arrays.asList(a[1], a[2]), a[3], true),
        x,
        i,
        j,
        random(20, DType.F32, 4));
    check(
        "v, x, i, j",
        "torch.index_put(x, [i, j], v, True)",
        a -> op("aten::index_put", a[1], Arrays.asList(a[2], a[3]), a[0], true),
        random(21, DType.F32, 4),
        x,
        i,
        j);
  }

  @Test
  void viewScatters() {
    for (DType t : ALL) {
      ShapeOracle.Pair x = random(22, t, 4, 5);
      check(
          "x, s",
          "torch.slice_scatter(x, s, 1, 1, 5, 2)",
          a -> op("aten::slice_scatter", a[0], a[1], 1L, 1L, 5L, 2L),
          x,
          random(23, t, 4, 2));
      check(
          "x, s",
          "torch.slice_scatter(x, s)",
          a -> op("aten::slice_scatter", a[0], a[1]),
          x,
          random(24, t, 4, 5));
      check(
          "x, s",
          "torch.select_scatter(x, s, 0, -1)",
          a -> op("aten::select_scatter", a[0], a[1], 0L, -1L),
          x,
          random(25, t, 5));
      check(
          "x, s",
          "torch.diagonal_scatter(x, s, 1)",
          a -> op("aten::diagonal_scatter", a[0], a[1], 1L),
          x,
          random(26, t, 4));
      check(
          "x, s",
          "torch.diagonal_scatter(x, s, -2, 1, 0)",
          a -> op("aten::diagonal_scatter", a[0], a[1], -2L, 1L, 0L),
          x,
          random(27, t, 3));
    }
    ShapeOracle.Pair x = random(28, DType.F32, 4, 5);
    ShapeOracle.Pair src = random(29, DType.F32, 2, 5);
    check(
        "x, s",
        "torch.slice_scatter(x, s, 0, 1, None, 2)",
        a -> op("aten::slice_scatter", a[0], a[1], 0L, 1L, null, 2L),
        x,
        src);
    check(
        "s, x",
        "torch.slice_scatter(x, s, 0, 1, None, 2)",
        a -> op("aten::slice_scatter", a[1], a[0], 0L, 1L, null, 2L),
        src,
        x);
    check(
        "s, x",
        "torch.select_scatter(x, s, 1, 2)",
        a -> op("aten::select_scatter", a[1], a[0], 1L, 2L),
        random(30, DType.F32, 4),
        x);
    check(
        "s, x",
        "torch.diagonal_scatter(x, s)",
        a -> op("aten::diagonal_scatter", a[1], a[0]),
        random(31, DType.F32, 4),
        x);
  }

  @Test
  void indexPutRejectsWrongValueShapes() {
    Array x = random(32, DType.F32, 3, 4).jax();
    Array i = longs(new long[] {0, 1}, 2).jax();
    assertThrows(
        IllegalArgumentException.class,
        () -> op("aten::index_put", x, List.of(i), random(33, DType.F32, 3).jax()));
  }
}
