package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.i64;
import static dev.torch2jax.aten.NnTesting.randbool;
import static dev.torch2jax.aten.NnTesting.randint;
import static dev.torch2jax.aten.NnTesting.randn;
import static dev.torch2jax.aten.OverloadSample.sample;

import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code *_copy} forms of view ops and the {@code unsafe_*} forms of splits: the same results
 * as their view counterparts, as fresh tensors. Each row reaches its overload by name.
 */
class CopyVariantsTest {
  private static final Tensor X = randn(3, 4);
  private static final Tensor X64 = f64(randn(2, 3, 4));
  private static final Tensor INTS = i64(randint(-9, 9, 4, 3));
  private static final Tensor BOOLS = randbool(2, 3);
  private static final Tensor ONES = randn(1, 3, 1, 2);

  /** The table: each overload with its samples. */
  static final List<OverloadSample> ROWS =
      List.of(
          sample("aten::as_strided_copy", "x", "torch.as_strided_copy(x, [2, 2], [1, 2])", X),
          sample("aten::as_strided_copy", "x", "torch.as_strided_copy(x, [3], [2], 1)", INTS),
          sample("aten::diagonal_copy", "x", "torch.diagonal_copy(x)", X),
          sample("aten::diagonal_copy", "x", "torch.diagonal_copy(x, 1, 0, 2)", X64),
          sample("aten::diagonal_copy", "x", "torch.diagonal_copy(x, -1)", INTS),
          sample("aten::narrow_copy", "x", "torch.narrow_copy(x, 0, 1, 2)", X),
          sample("aten::narrow_copy", "x", "torch.narrow_copy(x, -1, 1, 3)", X64),
          sample("aten::narrow_copy", "x", "torch.narrow_copy(x, 1, 0, 2)", BOOLS),
          sample("aten::select_copy.int", "x", "torch.select_copy(x, 0, 1)", X),
          sample("aten::select_copy.int", "x", "torch.select_copy(x, -1, -2)", X64),
          sample("aten::select_copy.int", "x", "torch.select_copy(x, 1, 2)", INTS),
          sample("aten::slice_copy.Tensor", "x", "torch.slice_copy(x, 0, 1, 3, 1)", X),
          sample("aten::slice_copy.Tensor", "x", "torch.slice_copy(x, 2, None, None, 2)", X64),
          sample("aten::slice_copy.Tensor", "x", "torch.slice_copy(x, -1, -2)", BOOLS),
          sample("aten::split_with_sizes_copy", "x", "torch.split_with_sizes_copy(x, [1, 2])", X),
          sample(
              "aten::split_with_sizes_copy",
              "x",
              "torch.split_with_sizes_copy(x, [2, 1, 1], -1)",
              X64),
          sample("aten::squeeze_copy", "x", "torch.squeeze_copy(x)", ONES),
          sample("aten::squeeze_copy", "x", "torch.squeeze_copy(x)", BOOLS),
          sample("aten::squeeze_copy.dim", "x", "torch.squeeze_copy(x, 2)", ONES),
          sample("aten::squeeze_copy.dim", "x", "torch.squeeze_copy(x, 1)", ONES),
          sample("aten::squeeze_copy.dims", "x", "torch.squeeze_copy(x, [0, -2])", ONES),
          sample("aten::squeeze_copy.dims", "x", "torch.squeeze_copy(x, [0, 1])", INTS),
          sample("aten::unbind_copy.int", "x", "torch.unbind_copy(x, 0)", X),
          sample("aten::unbind_copy.int", "x", "torch.unbind_copy(x, -1)", INTS),
          sample("aten::unsqueeze_copy", "x", "torch.unsqueeze_copy(x, 0)", X),
          sample("aten::unsqueeze_copy", "x", "torch.unsqueeze_copy(x, -1)", BOOLS),
          sample("aten::view_copy", "x", "torch.view_copy(x, [12])", X),
          sample("aten::view_copy", "x", "torch.view_copy(x, [4, -1])", X64),
          sample("aten::view_copy", "x", "torch.view_copy(x, [2, 6])", INTS),
          sample("aten::unsafe_chunk", "x", "torch.unsafe_chunk(x, 2)", X),
          sample("aten::unsafe_chunk", "x", "torch.unsafe_chunk(x, 3, -1)", X64),
          sample("aten::unsafe_split.Tensor", "x", "torch.unsafe_split(x, 2)", X),
          sample("aten::unsafe_split.Tensor", "x", "torch.unsafe_split(x, 2, 1)", INTS),
          sample(
              "aten::unsafe_split_with_sizes", "x", "torch.unsafe_split_with_sizes(x, [1, 2])", X),
          sample(
              "aten::unsafe_split_with_sizes",
              "x",
              "torch.unsafe_split_with_sizes(x, [1, 3], 2)",
              X64));

  @TestFactory
  Stream<DynamicTest> copyVariants() {
    return OverloadSample.tests(ROWS);
  }
}
