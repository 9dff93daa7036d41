package dev.torch2jax.aten;

import static dev.torch2jax.aten.ShapeOracle.call;
import static dev.torch2jax.aten.ShapeOracle.longs;
import static dev.torch2jax.aten.ShapeOracle.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Random;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Overloads that share an implementation with one checked against libtorch elsewhere (in-place,
 * {@code _copy}, {@code unsafe_}, hacked-twin and generator forms): each is registered and gives
 * the same result as its primary for the same arguments.
 */
class ShapeTwinsTest {
  private static void same(String twin, String primary, Object... args) {
    agree(twin, call(twin, args), call(primary, args));
  }

  private static void agree(String twin, Object a, Object b) {
    List<?> la = a instanceof List<?> l ? l : List.of(a);
    List<?> lb = b instanceof List<?> l ? l : List.of(b);
    assertEquals(lb.size(), la.size(), twin);
    for (int i = 0; i < la.size(); i++) {
      Array x = (Array) la.get(i);
      Array y = (Array) lb.get(i);
      assertEquals(y.dtype(), x.dtype(), twin);
      assertArrayEquals(y.shape(), x.shape(), twin);
      assertArrayEquals(y.toDoubleArray(), x.toDoubleArray(), 0, twin);
    }
  }

  @Test
  void twinsAgreeWithTheirPrimaries() {
    Array x = random(1, DType.F32, 2, 1, 3).jax();
    Array m = random(2, DType.F32, 3, 4).jax();
    Array i = longs(new long[] {2, 0, 1}, 3).jax();
    Array idx2 = longs(new long[] {1, 0, 2, 2, 1, 0}, 2, 3).jax();
    Array src = random(3, DType.F32, 3, 4).jax();
    same("aten::view_copy", "aten::view", x, List.of(3L, 2L));
    same("aten::lift_fresh_copy", "aten::alias", x);
    same("aten::squeeze_copy", "aten::squeeze", x);
    same("aten::squeeze_", "aten::squeeze", x);
    same("aten::squeeze_copy.dim", "aten::squeeze.dim", x, 1L);
    same("aten::squeeze_copy.dims", "aten::squeeze.dims", x, List.of(1L));
    same("aten::squeeze_.dims", "aten::squeeze.dims", x, List.of(1L));
    same("aten::unsqueeze_copy", "aten::unsqueeze", x, 0L);
    same("aten::unsqueeze_", "aten::unsqueeze", x, 0L);
    same("aten::swapdims", "aten::transpose.int", x, 0L, 2L);
    same("aten::moveaxis.int", "aten::movedim.int", x, 2L, 0L);
    same("aten::diagonal_copy", "aten::diagonal", m, 1L);
    same("aten::as_strided_copy", "aten::as_strided", m, List.of(2L, 2L), List.of(4L, 1L), 1L);
    same("aten::as_strided_", "aten::as_strided", m, List.of(2L, 2L), List.of(4L, 1L), 1L);
    same("aten::tril_", "aten::tril", m, 1L);
    same("aten::slice_copy.Tensor", "aten::slice.Tensor", m, 1L, 1L, 3L);
    same("aten::select_copy.int", "aten::select.int", m, 1L, 2L);
    same("aten::narrow_copy", "aten::narrow", m, 1L, 1L, 2L);
    same("aten::split.sizes", "aten::split_with_sizes", m, List.of(1L, 3L), 1L);
    same("aten::split_with_sizes_copy", "aten::split_with_sizes", m, List.of(1L, 3L), 1L);
    same("aten::unsafe_split_with_sizes", "aten::split_with_sizes", m, List.of(1L, 3L), 1L);
    same("aten::unsafe_split.Tensor", "aten::split.Tensor", m, 2L);
    same("aten::unsafe_chunk", "aten::chunk", m, 2L, 1L);
    same("aten::unbind_copy.int", "aten::unbind.int", m, 1L);
    same("aten::row_stack", "aten::vstack", List.of(m, src));
    same("aten::atleast_1d", "aten::flatten.using_ints", random(4, DType.F32).jax());
    same("aten::index.Tensor_hacked_twin", "aten::index.Tensor", m, List.of(i));
    same("aten::_unsafe_index.Tensor", "aten::index.Tensor", m, Arrays.asList(null, i));
    same(
        "aten::index_put.hacked_twin",
        "aten::index_put",
        m,
        List.of(i),
        random(5, DType.F32, 4).jax(),
        true);
    same(
        "aten::index_put_.hacked_twin",
        "aten::index_put",
        m,
        List.of(i),
        random(5, DType.F32, 4).jax());
    same(
        "aten::_unsafe_index_put",
        "aten::index_put",
        m,
        List.of(i),
        random(5, DType.F32, 4).jax(),
        true);
    same("aten::scatter_.value", "aten::scatter.value", m, 1L, idx2, 2.0);
    same("aten::scatter_.reduce", "aten::scatter.reduce", m, 1L, idx2, src, "add");
    same("aten::scatter_.value_reduce", "aten::scatter.value_reduce", m, 1L, idx2, 2.0, "multiply");
    same("aten::scatter_add_", "aten::scatter_add", m, 1L, idx2, src);
    same("aten::scatter_reduce_.two", "aten::scatter_reduce.two", m, 1L, idx2, src, "amax", false);
    same("aten::index_add_", "aten::index_add", m, 0L, i, src, 3L);
    same("aten::index_copy_", "aten::index_copy", m, 0L, i, src);
    same("aten::index_fill_.int_Scalar", "aten::index_fill.int_Scalar", m, 1L, i, 5L);
    agree(
        "aten::index_fill.int_Tensor",
        call("aten::index_fill.int_Tensor", m, 1L, i, Array.scalar(5f)),
        call("aten::index_fill.int_Scalar", m, 1L, i, 5L));
    agree(
        "aten::index_fill_.int_Tensor",
        call("aten::index_fill_.int_Tensor", m, 1L, i, Array.scalar(5f)),
        call("aten::index_fill.int_Scalar", m, 1L, i, 5L));
    same("aten::index_reduce_", "aten::index_reduce", m, 0L, i, src, "prod");
    same("aten::fill_.Scalar", "aten::fill.Scalar", m, 2L);
    same("aten::fill_.Tensor", "aten::fill.Tensor", m, Array.scalar(2.0));
    agree(
        "aten::new_empty_strided",
        call("aten::new_empty_strided", m, List.of(2L, 2L), List.of(2L, 1L)),
        call("aten::new_zeros", m, List.of(2L, 2L)));
    agree(
        "aten::_pad_enum",
        call("aten::_pad_enum", m, List.of(1L, 2L), 0L),
        call("aten::pad", m, List.of(1L, 2L), "reflect"));
    agree(
        "aten::_pad_circular",
        call("aten::_pad_circular", m, List.of(1L, 2L)),
        call("aten::pad", m, List.of(1L, 2L), "circular"));
  }

  @Test
  void randomTwinsDrawTheSameNumbersFromTheSameKey() {
    Array m = random(7, DType.F32, 3, 4).jax();
    Object[][] pairs = {
      {
        "aten::rand.generator", "aten::rand", Arrays.asList(List.of(3L), null), List.of(List.of(3L))
      },
      {
        "aten::randn.generator",
        "aten::randn",
        Arrays.asList(List.of(3L), null),
        List.of(List.of(3L))
      },
      {"aten::rand_like.generator", "aten::rand_like", Arrays.asList(m, null), List.of(m)},
      {"aten::randn_like.generator", "aten::randn_like", Arrays.asList(m, null), List.of(m)},
      {
        "aten::randint.low_generator",
        "aten::randint.low",
        Arrays.asList(1L, 9L, List.of(5L), null),
        List.of(1L, 9L, List.of(5L))
      },
      {"aten::randperm.generator", "aten::randperm", Arrays.asList(6L, null), List.of(6L)},
      {"aten::uniform", "aten::uniform_", List.of(m, -1.0, 1.0), List.of(m, -1.0, 1.0)},
      {"aten::dropout_", "aten::dropout", List.of(m, 0.5, true), List.of(m, 0.5, true)},
    };
    for (Object[] p : pairs) {
      List<?> a = (List<?>) p[2];
      List<?> b = (List<?>) p[3];
      Array x = RandomState.withKey(Random.key(5), () -> (Array) call((String) p[0], a.toArray()));
      Array y = RandomState.withKey(Random.key(5), () -> (Array) call((String) p[1], b.toArray()));
      assertArrayEquals(y.toDoubleArray(), x.toDoubleArray(), 0, (String) p[0]);
    }
  }
}
