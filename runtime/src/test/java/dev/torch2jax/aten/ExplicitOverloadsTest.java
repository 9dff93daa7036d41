package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.i64;
import static dev.torch2jax.aten.NnTesting.longs;
import static dev.torch2jax.aten.NnTesting.randint;
import static dev.torch2jax.aten.NnTesting.randn;
import static dev.torch2jax.aten.OverloadSample.sample;
import static dev.torch2jax.aten.OverloadSample.script;

import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Overloads scripts reach only by their own (often underscored) name or one argument form: the
 * padding and upsampling kernels behind {@code F.pad} and {@code F.interpolate}, the unsafe and
 * {@code hacked_twin} indexing forms, {@code index_fill} with a tensor value, {@code std_mean} with
 * a correction, {@code atleast_1d} and the dropout variants (identities when not training).
 */
class ExplicitOverloadsTest {
  private static final Tensor X = randn(3, 4);
  private static final Tensor X64 = f64(randn(2, 3, 4));
  private static final Tensor INTS = i64(randint(-9, 9, 4, 3));
  private static final Tensor SIGNAL = randn(2, 3, 5);
  private static final Tensor IMAGE = f64(randn(1, 2, 3, 4));
  private static final Tensor ROWS_I = longs(new long[] {2, -1, 0, 2}, 2, 2);
  private static final Tensor COLS_I = longs(new long[] {1, 3}, 2);
  private static final Tensor V = randn();

  private static final String UNSAFE_INDEX =
      "def f(x, i):\n"
          + "    idx: List[Optional[Tensor]] = [i]\n"
          + "    return torch._unsafe_index(x, idx)\n";
  private static final String UNSAFE_INDEX_PUT =
      "def f(x, i, v):\n"
          + "    idx: List[Optional[Tensor]] = [i]\n"
          + "    return torch._unsafe_index_put(x, idx, v, %s)\n";
  private static final String UPSAMPLE_TO_SIZE =
      "def f(x):\n"
          + "    s: Optional[List[int]] = [7]\n"
          + "    return torch._upsample_nearest_exact1d(x, s, None)\n";

  /** The table: each overload with its samples. */
  static final List<OverloadSample> ROWS =
      List.of(
          sample("aten::_pad_circular", "x", "torch._pad_circular(x, [1, 2])", SIGNAL),
          sample("aten::_pad_circular", "x", "torch._pad_circular(x, [2, 0, 1, 1])", IMAGE),
          sample("aten::_pad_enum", "x", "torch._pad_enum(x, [2, 1], 3, 1.5)", SIGNAL),
          sample("aten::_pad_enum", "x", "torch._pad_enum(x, [1, 0, 0, 2], 3, None)", IMAGE),
          sample("aten::_pad_enum", "x", "torch._pad_enum(x, [2, 1], 0, None)", SIGNAL),
          sample("aten::_pad_enum", "x", "torch._pad_enum(x, [1, 1, 2, 0], 1, None)", IMAGE),
          sample("aten::_pad_enum", "x", "torch._pad_enum(x, [1, 3], 2, None)", SIGNAL),
          sample(
              "aten::_upsample_nearest_exact1d.vec",
              "x",
              "torch._upsample_nearest_exact1d(x, None, [2.0])",
              SIGNAL),
          sample(
              "aten::_upsample_nearest_exact1d.vec",
              "x",
              "torch._upsample_nearest_exact1d(x, None, [0.7])",
              f64(SIGNAL)),
          script("aten::_upsample_nearest_exact1d.vec", UPSAMPLE_TO_SIZE, SIGNAL),
          script("aten::_unsafe_index.Tensor", UNSAFE_INDEX, X, ROWS_I),
          script("aten::_unsafe_index.Tensor", UNSAFE_INDEX, INTS, COLS_I),
          sample(
              "aten::_unsafe_index.Tensor", "x, j", "torch._unsafe_index(x, [None, j])", X, COLS_I),
          script(
              "aten::_unsafe_index_put",
              UNSAFE_INDEX_PUT.formatted("False"),
              X,
              longs(new long[] {2, 0}, 2),
              randn(2, 4)),
          script(
              "aten::_unsafe_index_put",
              UNSAFE_INDEX_PUT.formatted("True"),
              f64(randn(3)),
              longs(new long[] {0, 2, 0}, 3),
              f64(randn(3))),
          sample(
              "aten::_unsafe_index_put",
              "x, j, v",
              "torch._unsafe_index_put(x, [None, j], v, True)",
              INTS,
              longs(new long[] {2, -1}, 2),
              i64(randint(-5, 5, 4, 2))),
          sample("aten::index.Tensor_hacked_twin", "x, i", "torch.index(x, [i])", X, ROWS_I),
          sample(
              "aten::index.Tensor_hacked_twin",
              "x, i, j",
              "x.index([i, j])",
              X64,
              longs(new long[] {1, -1}, 2),
              longs(new long[] {2, 0}, 2)),
          sample("aten::index.Tensor_hacked_twin", "x, i", "torch.index(x, [i])", INTS, COLS_I),
          sample("aten::index_fill.int_Tensor", "x, i, v", "x.index_fill(1, i, v)", X, COLS_I, V),
          sample(
              "aten::index_fill.int_Tensor",
              "x, i, v",
              "x.index_fill(-1, i, v)",
              X64,
              COLS_I,
              f64(V)),
          sample(
              "aten::index_fill.int_Tensor",
              "x, i, v",
              "x.index_fill(0, i, v)",
              INTS,
              longs(new long[] {3, 0, 3}, 3),
              longs(new long[] {7})),
          sample("aten::std_mean.correction", "x", "torch.std_mean(x, [0], correction=0)", X),
          sample("aten::std_mean.correction", "x", "torch.std_mean(x, correction=1)", X64),
          sample(
              "aten::std_mean.correction",
              "x",
              "torch.std_mean(x, [1, 2], correction=2, keepdim=True)",
              X64),
          sample("aten::std_mean.correction", "x", "torch.std_mean(x, [-1], correction=None)", X),
          sample("aten::atleast_1d", "x", "torch.atleast_1d(x)", randn()),
          sample("aten::atleast_1d", "x", "torch.atleast_1d(x)", X64),
          sample("aten::atleast_1d", "x", "torch.atleast_1d(x.sum())", INTS),
          sample("aten::alpha_dropout", "x", "torch.alpha_dropout(x, 0.5, False)", X),
          sample("aten::alpha_dropout", "x", "torch.alpha_dropout(x, 0.0, False)", X64),
          sample(
              "aten::feature_alpha_dropout",
              "x",
              "torch.feature_alpha_dropout(x, 0.3, False)",
              IMAGE),
          sample("aten::feature_dropout", "x", "torch.feature_dropout(x, 0.5, False)", SIGNAL),
          sample("aten::feature_dropout", "x", "torch.feature_dropout(x, 1.0, False)", IMAGE));

  @TestFactory
  Stream<DynamicTest> explicitOverloads() {
    return OverloadSample.tests(ROWS);
  }
}
