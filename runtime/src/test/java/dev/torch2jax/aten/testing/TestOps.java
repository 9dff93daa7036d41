package dev.torch2jax.aten.testing;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.annotations.Implements;
import java.util.Arrays;
import java.util.List;

/**
 * Test-only op implementations of ATen overloads that torch2jax will never implement for real
 * (cuSPARSELt and libtorch's own test ops), so their table never clashes with the runtime's.
 */
public final class TestOps {
  private TestOps() {}

  /** The arguments of the last call, as the method received them. */
  public static volatile List<Object> last;

  /** {@code aten::_cslt_sparse_mm}: Tensor?, ScalarType?, bool and int defaults. */
  @Implements("aten::_cslt_sparse_mm")
  public static Array csltSparseMm(
      Array compressedA,
      Array denseB,
      Array bias,
      Array alpha,
      DType outDtype,
      boolean transposeResult,
      long algId,
      long splitK,
      long splitKMode) {
    last =
        Arrays.asList(
            compressedA, denseB, bias, alpha, outDtype, transposeResult, algId, splitK, splitKMode);
    return compressedA;
  }

  /** {@code aten::_cslt_sparse_mm_search}: an int return, computed from {@code shape()}. */
  @Implements("aten::_cslt_sparse_mm_search")
  public static long csltSearch(
      Array compressedA,
      Array denseB,
      Array bias,
      Array alpha,
      DType outDtype,
      boolean transposeResult) {
    last = Arrays.asList(compressedA, denseB, bias, alpha, outDtype, transposeResult);
    return compressedA.shape().length;
  }

  /** {@code int[2]? addends}: a list, one broadcast int, or None. */
  @Implements({"aten::_test_optional_filled_intlist", "aten::_test_optional_intlist"})
  public static Array optionalIntList(Array values, long[] addends) {
    last = Arrays.asList(values, addends);
    return values;
  }

  /** Two int defaults. */
  @Implements("aten::_test_ambiguous_defaults.a")
  public static Array ambiguousDefaults(Array dummy, long a, long b) {
    last = Arrays.asList(dummy, a, b);
    return dummy;
  }
}
