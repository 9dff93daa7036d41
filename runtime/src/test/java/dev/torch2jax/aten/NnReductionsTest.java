package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.floats;
import static dev.torch2jax.aten.NnTesting.i32;
import static dev.torch2jax.aten.NnTesting.ints;
import static dev.torch2jax.aten.NnTesting.op;
import static dev.torch2jax.aten.NnTesting.randbool;
import static dev.torch2jax.aten.NnTesting.randint;
import static dev.torch2jax.aten.NnTesting.randn;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.torch2jax.DType;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Test;

/** Reductions of {@link ReduceOps} against libtorch. */
class NnReductionsTest {
  private static final float NAN = Float.NaN;

  @Test
  void mean() {
    Tensor x = randn(3, 4);
    op("aten::mean", x).torch("torch.mean(a)").check();
    op("aten::mean", f64(x)).torch("torch.mean(a)").check();
    op("aten::mean", randint(-5, 5, 3, 4), DType.F64).torch("torch.mean(a, dtype=7)").check();
    op("aten::mean.dim", x, ints(1), true, null).torch("torch.mean(a, [1], True)").check();
    op("aten::mean.dim", randn(2, 3, 4), ints(0, -1), false, null)
        .torch("torch.mean(a, [0, -1])")
        .check();
    op("aten::mean.dim", randn(2, 3), null, false, null).torch("torch.mean(a, None)").check();
    op("aten::mean.dim", randn(), ints(), false, null).torch("torch.mean(a, [])").check();
    op("aten::mean.dim", randn(0, 3), ints(0), false, null).torch("torch.mean(a, [0])").check();
    op("aten::mean", floats(new float[] {1, NAN, 2}, 3)).torch("torch.mean(a)").check();
    assertThrows(
        IllegalArgumentException.class,
        () -> NnTesting.call("aten::mean", dev.torch2jax.Array.of(new long[] {1, 2}), null));
  }

  @Test
  void varAndStd() {
    Tensor x = randn(3, 5);
    op("aten::var", x, true).torch("torch.var(a, True)").check();
    op("aten::var", f64(x), false).torch("torch.var(a, False)").check();
    op("aten::var.dim", x, ints(1), true, true).torch("torch.var(a, [1], True, True)").check();
    op("aten::var.correction", x, ints(0), 0L, false)
        .torch("torch.var(a, [0], correction=0)")
        .check();
    op("aten::var.correction", x, null, 2L, true)
        .torch("torch.var(a, None, correction=2, keepdim=True)")
        .check();
    op("aten::var.correction", x, ints(), null, false).torch("torch.var(a, [])").check();
    op("aten::var.correction", randn(1, 3), ints(0), null, false)
        .torch("torch.var(a, [0])")
        .check();
    op("aten::std", x, true).torch("torch.std(a, True)").check();
    op("aten::std.dim", x, ints(-1), false, true).torch("torch.std(a, [-1], False, True)").check();
    op("aten::std.correction", f64(x), ints(1), 0.5, false)
        .torch("torch.std(a, [1], correction=0.5)")
        .check();
    op("aten::var_mean", x, true).torch("torch.var_mean(a, True)").check();
    op("aten::var_mean.dim", x, ints(1), false, true)
        .torch("torch.var_mean(a, [1], False, True)")
        .check();
    op("aten::var_mean.correction", x, ints(0), 1L, false)
        .torch("torch.var_mean(a, [0], correction=1)")
        .check();
    op("aten::std_mean", x, false).torch("torch.std_mean(a, False)").check();
    op("aten::std_mean.dim", x, ints(0), true, false)
        .torch("torch.std_mean(a, [0], True, False)")
        .check();
    op("aten::std_mean.correction", x, null, null, true)
        .torch("torch.std_mean(a, None, keepdim=True)")
        .check();
  }

  @Test
  void amaxAminMaxMin() {
    Tensor x = randn(3, 4);
    op("aten::amax", x, ints(1), false).torch("torch.amax(a, [1])").check();
    op("aten::amax", x, ints(), true).torch("torch.amax(a, [], True)").check();
    op("aten::amin", randint(-5, 5, 2, 3, 4), ints(0, 2), true)
        .torch("torch.amin(a, [0, 2], True)")
        .check();
    op("aten::amax", randbool(3, 4), ints(0), false).torch("torch.amax(a, [0])").check();
    op("aten::amax", floats(new float[] {1, NAN, 2, 3}, 2, 2), ints(1), false)
        .torch("torch.amax(a, [1])")
        .check();
    op("aten::max", x).torch("torch.max(a)").check();
    op("aten::min", i32(randint(-9, 9, 5))).torch("torch.min(a)").check();
    op("aten::max.dim", x, 1L, false).torch("torch.max(a, 1)").check();
    op("aten::max.dim", x, -2L, true).torch("torch.max(a, -2, True)").check();
    op("aten::min.dim", randint(-3, 3, 4, 5), 0L, false).torch("torch.min(a, 0)").check();
    op("aten::min.dim", randn(), 0L, true).torch("torch.min(a, 0, True)").check();
    op("aten::max.dim", floats(new float[] {1, NAN, 2, 3}, 2, 2), 1L, false)
        .torch("torch.max(a, 1)")
        .check();
    op("aten::max.dim", randbool(3, 4), 1L, false).torch("torch.max(a, 1)").check();
    op("aten::max.other", x, randn(3, 4)).torch("torch.max(a, b)").check();
    op("aten::min.other", x, floats(new float[] {1, NAN, 2, 3, 0, 0, 0, 0, 1, 1, 1, 1}, 3, 4))
        .torch("torch.min(a, b)")
        .check();
  }

  @Test
  void argmaxArgmin() {
    Tensor x = randn(3, 4);
    op("aten::argmax", x, 1L, false).torch("torch.argmax(a, 1)").check();
    op("aten::argmax", x, null, false).torch("torch.argmax(a)").check();
    op("aten::argmax", x, null, true).torch("torch.argmax(a, None, True)").check();
    op("aten::argmin", x, -1L, true).torch("torch.argmin(a, -1, True)").check();
    op("aten::argmin", randint(0, 3, 4, 6), 0L, false).torch("torch.argmin(a, 0)").check();
    op("aten::argmax", randn(), 0L, false).torch("torch.argmax(a, 0)").check();
    op("aten::argmax", floats(new float[] {1, NAN, 2, 3}, 4), 0L, false)
        .torch("torch.argmax(a, 0)")
        .check();
  }

  @Test
  void prod() {
    Tensor x = randn(3, 4);
    op("aten::prod", x, null).torch("torch.prod(a)").check();
    op("aten::prod", i32(randint(-3, 3, 5)), null).torch("torch.prod(a)").check();
    op("aten::prod", randbool(5), null).torch("torch.prod(a)").check();
    op("aten::prod", i32(randint(-3, 3, 5)), DType.F64).torch("torch.prod(a, dtype=7)").check();
    op("aten::prod.dim_int", x, 1L, true, null).torch("torch.prod(a, 1, True)").check();
    op("aten::prod.dim_int", randn(), 0L, false, null).torch("torch.prod(a, 0)").check();
  }

  @Test
  void logsumexp() {
    Tensor x = randn(3, 4);
    op("aten::logsumexp", x, ints(1), false).torch("torch.logsumexp(a, [1])").check();
    op("aten::logsumexp", f64(x), ints(0, 1), true)
        .torch("torch.logsumexp(a, [0, 1], True)")
        .check();
    op("aten::logsumexp", randint(-3, 3, 4), ints(0), false)
        .torch("torch.logsumexp(a, [0])")
        .check();
    float inf = Float.POSITIVE_INFINITY;
    op("aten::logsumexp", floats(new float[] {inf, 1, -inf, -inf, 2, NAN}, 3, 2), ints(1), false)
        .torch("torch.logsumexp(a, [1])")
        .check();
  }

  @Test
  void norms() {
    Tensor x = randn(3, 4);
    op("aten::norm.Scalar", x, 2L).torch("torch.norm(a, 2)").check();
    op("aten::norm.Scalar", x, 1.0).torch("torch.norm(a, 1.0)").check();
    op("aten::norm.Scalar", f64(x), 3.0).torch("torch.norm(a, 3.0)").check();
    op("aten::norm.ScalarOpt_dim", x, Double.POSITIVE_INFINITY, ints(1), false)
        .torch("torch.norm(a, float('inf'), [1])")
        .check();
    op("aten::norm.ScalarOpt_dim", x, 2L, ints(0), true)
        .torch("torch.norm(a, 2, [0], True)")
        .check();
    op("aten::norm.ScalarOpt_dim", x, null, ints(1), false)
        .torch("torch.norm(a, None, [1])")
        .check();
    op("aten::norm.ScalarOpt_dim", x, 0L, ints(1), false).torch("torch.norm(a, 0, [1])").check();
    op("aten::norm.ScalarOpt_dim", x, Double.NEGATIVE_INFINITY, ints(1), false)
        .torch("torch.norm(a, float('-inf'), [1])")
        .check();
    op("aten::norm.ScalarOpt_dim_dtype", x, 2L, ints(1), false, DType.F64)
        .torch("torch.norm(a, 2, [1], False, dtype=7)")
        .check();
    op("aten::linalg_vector_norm", x, 2L, null, false, null)
        .torch("torch.linalg_vector_norm(a)")
        .check();
    op("aten::linalg_vector_norm", x, 1.5, ints(-1), true, null)
        .torch("torch.linalg_vector_norm(a, 1.5, [-1], True)")
        .check();
    op("aten::linalg_vector_norm", x, Double.POSITIVE_INFINITY, ints(0), false, DType.F64)
        .torch("torch.linalg_vector_norm(a, float('inf'), [0], dtype=7)")
        .check();
  }

  @Test
  void allAny() {
    Tensor b = randbool(3, 4);
    Tensor n = randint(0, 3, 3, 4);
    op("aten::all", b).torch("torch.all(a)").check();
    op("aten::any", n).torch("torch.any(a)").check();
    op("aten::all", randn(3)).torch("torch.all(a)").check();
    op("aten::all.dim", n, 1L, false).torch("torch.all(a, 1)").check();
    op("aten::any.dim", b, -1L, true).torch("torch.any(a, -1, True)").check();
    op("aten::all.dims", b, ints(0, 1), false).torch("torch.all(a, [0, 1])").check();
    op("aten::any.dims", n, null, true).torch("torch.any(a, None, True)").check();
    op("aten::any.dims", b, ints(0), false).torch("torch.any(a, [0])").check();
    op("aten::all", randbool(0)).torch("torch.all(a)").check();
    op("aten::any", randint(0, 3, 3).to(org.bytedeco.pytorch.global.torch.ScalarType.Byte))
        .torch("torch.any(a)")
        .check();
  }

  @Test
  void cumulative() {
    Tensor x = randn(3, 4);
    op("aten::cumsum", x, 1L, null).torch("torch.cumsum(a, 1)").check();
    op("aten::cumsum", i32(randint(-5, 5, 3, 4)), 0L, null).torch("torch.cumsum(a, 0)").check();
    op("aten::cumsum", randbool(5), 0L, null).torch("torch.cumsum(a, 0)").check();
    op("aten::cumsum", randint(-5, 5, 5), -1L, DType.F32)
        .torch("torch.cumsum(a, -1, dtype=6)")
        .check();
    op("aten::cumsum", randn(), 0L, null).torch("torch.cumsum(a, 0)").check();
    op("aten::cumsum_", i32(randint(-5, 5, 3, 4)), 1L, null).torch("a.cumsum_(1)").check();
    op("aten::cumprod", x, 0L, null).torch("torch.cumprod(a, 0)").check();
    op("aten::cumprod", randint(-3, 3, 6), 0L, null).torch("torch.cumprod(a, 0)").check();
    op("aten::cumprod_", f64(x), -1L, null).torch("a.cumprod_(-1)").check();
  }

  @Test
  void sortArgsortTopk() {
    Tensor x = randn(3, 5);
    op("aten::sort", x, 1L, false).torch("torch.sort(a, 1)").check();
    op("aten::sort", x, 0L, true).torch("torch.sort(a, 0, True)").check();
    op("aten::sort", randint(0, 3, 10), -1L, false)
        .torch("torch.sort(a, -1, False)")
        .outputs(0)
        .check();
    op("aten::sort.stable", randint(0, 3, 10), true, -1L, false)
        .torch("torch.sort(a, stable=True, dim=-1)")
        .check();
    op("aten::sort.stable", randint(0, 3, 2, 10), true, 1L, true)
        .torch("torch.sort(a, stable=True, dim=1, descending=True)")
        .check();
    op("aten::sort", floats(new float[] {3, NAN, 1, 2}, 4), 0L, true)
        .torch("torch.sort(a, 0, True)")
        .check();
    op("aten::sort", randn(), 0L, false).torch("torch.sort(a, 0)").check();
    op("aten::sort.stable", randbool(8), true, 0L, false)
        .torch("torch.sort(a, stable=True, dim=0)")
        .check();
    op("aten::argsort", x, 1L, true).torch("torch.argsort(a, 1, True)").check();
    op("aten::argsort.stable", randint(0, 3, 12), true, 0L, false)
        .torch("torch.argsort(a, stable=True, dim=0)")
        .check();
    op("aten::topk", x, 2L, 1L, true, true).torch("torch.topk(a, 2, 1)").check();
    op("aten::topk", x, 3L, 0L, false, true).torch("torch.topk(a, 3, 0, False)").check();
    op("aten::topk", i32(NnTesting.longs(new long[] {5, 1, 4, 2, 3}, 5)), 2L, -1L, true, true)
        .torch("torch.topk(a, 2)")
        .check();
    op("aten::topk", x, 0L, -1L, true, true).torch("torch.topk(a, 0)").check();
  }
}
