package dev.torch2jax.aten;

import static dev.torch2jax.aten.InPlaceSamples.alias;
import static dev.torch2jax.aten.InPlaceSamples.of;
import static dev.torch2jax.aten.InPlaceSamples.through;
import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.floats;
import static dev.torch2jax.aten.NnTesting.i32;
import static dev.torch2jax.aten.NnTesting.i64;
import static dev.torch2jax.aten.NnTesting.longs;
import static dev.torch2jax.aten.NnTesting.randbool;
import static dev.torch2jax.aten.NnTesting.randint;
import static dev.torch2jax.aten.NnTesting.randn;
import static dev.torch2jax.aten.NnTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.aten.InPlaceSamples.Sample;
import dev.torch2jax.opinfo.OpInfo;
import dev.torch2jax.torch.T2J;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * In-place unary and binary arithmetic ({@code a.sqrt_()}, {@code a.add_(b, alpha=2)}, {@code
 * a.clamp_(lo, hi)}) through TorchScript: the result is written into {@code a} in {@code a}'s dtype
 * (PyTorch's in-place promotion), also through a view of {@code a}.
 */
class InPlacePointwiseTest {
  /** Unary overloads: the method called on {@code a}, and the float inputs in its domain. */
  private record Unary(String op, String call, Tensor domain) {}

  static final List<Sample> SAMPLES = samples();

  private static List<Sample> samples() {
    Tensor any = randn(2, 3);
    Tensor unit = uniform(-0.9, 0.9, 2, 3);
    Tensor positive = uniform(0.2, 3, 3, 2);
    Tensor wide = uniform(-3, 3, 2, 3);
    List<Sample> rows = new ArrayList<>();
    List<Unary> unary =
        List.of(
            new Unary("abs_", "abs_()", any),
            new Unary("acos_", "acos_()", unit),
            new Unary("acosh_", "acosh_()", uniform(1.1, 3, 2, 3)),
            new Unary("asin_", "asin_()", unit),
            new Unary("asinh_", "asinh_()", any),
            new Unary("atan_", "atan_()", any),
            new Unary("atanh_", "atanh_()", unit),
            new Unary("ceil_", "ceil_()", wide),
            new Unary("cos_", "cos_()", any),
            new Unary("cosh_", "cosh_()", any),
            new Unary("erf_", "erf_()", any),
            new Unary("erfinv_", "erfinv_()", unit),
            new Unary("exp_", "exp_()", any),
            new Unary("exp2_", "exp2_()", any),
            new Unary("expm1_", "expm1_()", any),
            new Unary("floor_", "floor_()", wide),
            new Unary("log_", "log_()", positive),
            new Unary("log10_", "log10_()", positive),
            new Unary("log1p_", "log1p_()", uniform(-0.5, 3, 2, 3)),
            new Unary("log2_", "log2_()", positive),
            new Unary("neg_", "neg_()", any),
            new Unary("reciprocal_", "reciprocal_()", positive),
            new Unary("round_", "round_()", wide),
            new Unary("round_.decimals", "round_(decimals=1)", wide),
            new Unary("rsqrt_", "rsqrt_()", positive),
            new Unary("sgn_", "sgn_()", any),
            new Unary("sigmoid_", "sigmoid_()", any),
            new Unary("sign_", "sign_()", any),
            new Unary("sin_", "sin_()", any),
            new Unary("sinh_", "sinh_()", any),
            new Unary("sqrt_", "sqrt_()", positive),
            new Unary("square_", "square_()", any),
            new Unary("tan_", "tan_()", uniform(-1.2, 1.2, 2, 3)),
            new Unary("tanh_", "tanh_()", any),
            new Unary("trunc_", "trunc_()", wide));
    for (Unary u : unary) {
      String op = "aten::" + u.op;
      rows.add(of(op, "a", "a." + u.call, u.domain));
      rows.add(of(op, "a", "a." + u.call, f64(u.domain)));
    }
    Tensor ints = i64(randint(-5, 6, 2, 3));
    for (String op : List.of("abs_", "ceil_", "neg_", "sgn_", "sign_", "square_", "round_")) {
      rows.add(of("aten::" + op, "a", "a." + op + "()", ints));
    }
    rows.add(of("aten::round_.decimals", "a", "a.round_(decimals=2)", uniform(-1, 1, 4)));
    rows.add(of("aten::round_.decimals", "a", "a.round_(decimals=-1)", f64(uniform(-50, 50, 4))));
    rows.add(through("aten::exp_", "a", "a[1].exp_()", any));
    rows.add(through("aten::sqrt_", "a", "a[:, 1].sqrt_()", positive));
    Tensor special = floats(new float[] {Float.NaN, Float.POSITIVE_INFINITY, -1e38f, 2f}, 4);
    rows.add(of("aten::nan_to_num_", "a", "a.nan_to_num_()", special));
    rows.add(of("aten::nan_to_num_", "a", "a.nan_to_num_(0.5, 1e3, -1e3)", f64(special)));
    rows.add(of("aten::nan_to_num_", "a", "a.nan_to_num_(1.0)", ints));

    // Aliases TorchScript normalizes away (see InPlaceSamples).
    rows.add(alias("aten::absolute_", "a", "a.abs_()", any));
    rows.add(alias("aten::arccos_", "a", "a.acos_()", unit));
    rows.add(alias("aten::arccosh_", "a", "a.acosh_()", uniform(1.1, 3, 3)));
    rows.add(alias("aten::arcsin_", "a", "a.asin_()", f64(unit)));
    rows.add(alias("aten::arcsinh_", "a", "a.asinh_()", any));
    rows.add(alias("aten::arctan_", "a", "a.atan_()", any));
    rows.add(alias("aten::arctanh_", "a", "a.atanh_()", unit));
    rows.add(alias("aten::fix_", "a", "a.trunc_()", wide));
    rows.add(alias("aten::negative_", "a", "a.neg_()", f64(any)));
    rows.addAll(binary());
    rows.addAll(clamps());
    return rows;
  }

  private static List<Sample> binary() {
    Tensor a = randn(2, 3);
    Tensor b = randn(2, 3);
    Tensor row = randn(3);
    Tensor nonzero = uniform(0.5, 2, 2, 3);
    Tensor ia = i64(randint(-9, 10, 2, 3));
    Tensor ib = i64(randint(1, 4, 2, 3));
    List<Sample> rows = new ArrayList<>();
    String add = "aten::add_.Tensor";
    rows.add(of(add, "a, b", "a.add_(b, alpha=2)", a, b));
    // The result takes a's dtype: f64 operands are computed in f64 and written into f32.
    rows.add(of(add, "a, b", "a.add_(b)", a, f64(row)));
    rows.add(of(add, "a, b", "a.add_(b, alpha=3)", ia, i32(ib)));
    rows.add(of(add, "a, b", "a.add_(b)", f64(a), randbool(2, 3)));
    rows.add(through(add, "a, b", "a[0].add_(b)", a, row));
    rows.add(of("aten::add_.Scalar", "a", "a.add_(2.5, alpha=2)", a));
    rows.add(of("aten::add_.Scalar", "a", "a.add_(3)", ia));
    String sub = "aten::sub_.Tensor";
    rows.add(of(sub, "a, b", "a.sub_(b, alpha=0.5)", f64(a), f64(b)));
    rows.add(of(sub, "a, b", "a.sub_(b)", ia, ib));
    rows.add(through(sub, "a, b", "a[:, 2].sub_(b)", a, randn(2)));
    rows.add(of("aten::sub_.Scalar", "a", "a.sub_(1.5, alpha=2)", a));
    rows.add(of("aten::sub_.Scalar", "a", "a.sub_(4)", ia));
    rows.add(of("aten::mul_.Tensor", "a, b", "a.mul_(b)", a, b));
    rows.add(of("aten::mul_.Tensor", "a, b", "a.mul_(b)", f64(a), row));
    rows.add(of("aten::mul_.Tensor", "a, b", "a.mul_(b)", ia, ib));
    rows.add(through("aten::mul_.Tensor", "a, b", "a[1:].mul_(b)", a, row));
    String div = "aten::div_.Tensor";
    rows.add(of(div, "a, b", "a.div_(b)", a, nonzero));
    rows.add(of(div, "a, b", "a.div_(b)", f64(a), i64(ib)));
    rows.add(through(div, "a, b", "a[0].div_(b)", f64(a), f64(uniform(1, 2, 3))));
    rows.add(of("aten::div_.Scalar", "a", "a.div_(4.0)", a));
    rows.add(of("aten::div_.Scalar", "a", "a.div_(3)", f64(a)));
    String divMode = "aten::div_.Tensor_mode";
    rows.add(of(divMode, "a, b", "a.div_(b, rounding_mode='floor')", a, nonzero));
    rows.add(of(divMode, "a, b", "a.div_(b, rounding_mode='trunc')", ia, ib));
    rows.add(of(divMode, "a, b", "a.div_(b, rounding_mode=None)", f64(a), f64(nonzero)));
    String divScalarMode = "aten::div_.Scalar_mode";
    rows.add(of(divScalarMode, "a", "a.div_(0.75, rounding_mode='trunc')", a));
    rows.add(of(divScalarMode, "a", "a.div_(-4, rounding_mode='floor')", ia));
    rows.add(of("aten::floor_divide_.Tensor", "a, b", "a.floor_divide_(b)", a, nonzero));
    rows.add(of("aten::floor_divide_.Tensor", "a, b", "a.floor_divide_(b)", ia, ib));
    rows.add(of("aten::floor_divide_.Scalar", "a", "a.floor_divide_(0.5)", f64(a)));
    rows.add(of("aten::floor_divide_.Scalar", "a", "a.floor_divide_(-3)", ia));
    for (String op : List.of("fmod_", "remainder_")) {
      String t = "aten::" + op + ".Tensor";
      String s = "aten::" + op + ".Scalar";
      rows.add(of(t, "a, b", "a." + op + "(b)", uniform(-5, 5, 2, 3), nonzero));
      rows.add(of(t, "a, b", "a." + op + "(b)", ia, i64(randint(-3, 0, 3))));
      rows.add(of(s, "a", "a." + op + "(1.5)", f64(uniform(-5, 5, 2, 3))));
      rows.add(of(s, "a", "a." + op + "(4)", ia));
    }
    rows.add(of("aten::pow_.Tensor", "a, b", "a.pow_(b)", uniform(0.5, 2, 2, 3), b));
    rows.add(of("aten::pow_.Tensor", "a, b", "a.pow_(b)", ia, i64(randint(0, 4, 3))));
    rows.add(of("aten::pow_.Scalar", "a", "a.pow_(2)", a));
    rows.add(of("aten::pow_.Scalar", "a", "a.pow_(0.5)", f64(uniform(0.5, 2, 2, 3))));
    rows.add(of("aten::pow_.Scalar", "a", "a.pow_(3)", ia));
    rows.add(of("aten::atan2_", "a, b", "a.atan2_(b)", a, b));
    rows.add(of("aten::atan2_", "a, b", "a.atan2_(b)", f64(a), row));
    rows.add(of("aten::lerp_.Scalar", "a, b", "a.lerp_(b, 0.3)", a, b));
    rows.add(of("aten::lerp_.Scalar", "a, b", "a.lerp_(b, 0.75)", f64(a), f64(row)));
    rows.add(of("aten::lerp_.Tensor", "a, b, w", "a.lerp_(b, w)", a, b, uniform(0, 1, 2, 3)));
    rows.add(of("aten::lerp_.Tensor", "a, b, w", "a.lerp_(b, w)", f64(a), f64(b), f64(row)));
    Tensor c = uniform(0.5, 2, 3);
    rows.add(of("aten::addcdiv_", "a, b, c", "a.addcdiv_(b, c, value=0.5)", a, b, c));
    rows.add(of("aten::addcdiv_", "a, b, c", "a.addcdiv_(b, c)", f64(a), f64(b), f64(c)));
    rows.add(of("aten::addcmul_", "a, b, c", "a.addcmul_(b, c, value=-2)", a, b, row));
    rows.add(of("aten::addcmul_", "a, b, c", "a.addcmul_(b, c)", ia, ib, i64(randint(-3, 3, 3))));
    rows.add(through("aten::addcmul_", "a, b, c", "a[0].addcmul_(b, c)", f64(a), f64(row), f64(c)));

    // Aliases TorchScript normalizes away (see InPlaceSamples).
    rows.add(alias("aten::arctan2_", "a, b", "a.atan2_(b)", a, b));
    rows.add(alias("aten::subtract_.Tensor", "a, b", "a.sub_(b, alpha=2)", a, b));
    rows.add(alias("aten::subtract_.Scalar", "a", "a.sub_(1.5)", f64(a)));
    rows.add(alias("aten::multiply_.Tensor", "a, b", "a.mul_(b)", a, row));
    rows.add(alias("aten::multiply_.Scalar", "a", "a.mul_(2.5)", a));
    rows.add(alias("aten::divide_.Tensor", "a, b", "a.div_(b)", a, nonzero));
    rows.add(alias("aten::divide_.Scalar", "a", "a.div_(2.0)", f64(a)));
    rows.add(
        alias("aten::divide_.Tensor_mode", "a, b", "a.div_(b, rounding_mode='floor')", a, nonzero));
    rows.add(alias("aten::divide_.Scalar_mode", "a", "a.div_(0.5, rounding_mode='trunc')", a));
    rows.add(alias("aten::true_divide_.Tensor", "a, b", "a.div_(b)", f64(a), nonzero));
    rows.add(alias("aten::true_divide_.Scalar", "a", "a.div_(3)", a));
    return rows;
  }

  private static List<Sample> clamps() {
    Tensor a = randn(2, 3);
    Tensor ia = i64(randint(-9, 10, 2, 3));
    Tensor lo = uniform(-1, 0, 3);
    Tensor hi = uniform(0, 1, 2, 3);
    List<Sample> rows = new ArrayList<>();
    rows.add(of("aten::clamp_", "a", "a.clamp_(-0.5, 0.5)", a));
    rows.add(of("aten::clamp_", "a", "a.clamp_(min=-0.25)", f64(a)));
    rows.add(of("aten::clamp_", "a", "a.clamp_(max=3)", ia));
    rows.add(through("aten::clamp_", "a", "a[0].clamp_(0.0, 0.1)", a));
    rows.add(of("aten::clamp_.Tensor", "a, lo, hi", "a.clamp_(lo, hi)", a, lo, hi));
    rows.add(of("aten::clamp_.Tensor", "a, lo", "a.clamp_(min=lo)", f64(a), f64(lo)));
    rows.add(of("aten::clamp_.Tensor", "a, hi", "a.clamp_(max=hi)", ia, i64(randint(-2, 2, 3))));
    rows.add(of("aten::clamp_min_", "a", "a.clamp_min_(0.5)", a));
    rows.add(of("aten::clamp_min_", "a", "a.clamp_min_(-2)", ia));
    rows.add(of("aten::clamp_min_.Tensor", "a, lo", "a.clamp_min_(lo)", f64(a), f64(lo)));
    rows.add(of("aten::clamp_max_", "a", "a.clamp_max_(0.5)", f64(a)));
    rows.add(of("aten::clamp_max_.Tensor", "a, hi", "a.clamp_max_(hi)", a, hi));
    rows.add(
        of("aten::clamp_max_.Tensor", "a, hi", "a.clamp_max_(hi)", ia, longs(new long[] {1}, 1)));
    rows.add(alias("aten::clip_", "a", "a.clamp_(-1.0, 0.25)", a));
    rows.add(
        alias("aten::clip_.Tensor", "a, lo, hi", "a.clamp_(lo, hi)", f64(a), f64(lo), f64(hi)));
    return rows;
  }

  @TestFactory
  Stream<DynamicTest> inPlaceArithmetic() {
    return InPlaceSamples.tests(SAMPLES);
  }

  /**
   * An in-place op whose result type does not cast to {@code a}'s dtype fails in libtorch ("result
   * type Float can't be cast to the desired output type Long"), as does one whose result would not
   * fit {@code a}'s shape; t2j says the same.
   */
  @Test
  void resultsThatDoNotFitSelfAreRefused() {
    Tensor ints = i64(randint(-5, 5, 2, 3));
    Tensor floats = randn(2, 3);
    Tensor bools = randbool(2, 3);
    String cast = "can't be cast to the desired output type";
    refused(cast, "a, b", "a.add_(b)", ints, floats);
    refused(cast, "a, b", "a.div_(b)", ints, i64(randint(1, 4, 2, 3)));
    refused(cast, "a", "a.mul_(2.5)", ints);
    refused(cast, "a", "a.sqrt_()", ints);
    refused(cast, "a, b", "a.add_(b)", bools, ints);
    refused("doesn't match the broadcast shape", "a, b", "a.mul_(b)", randn(3), floats);
  }

  /** libtorch and t2j both refuse {@code expr}; t2j's message says {@code why}. */
  private static void refused(String why, String params, String expr, Tensor... inputs) {
    String src = OpInfo.source(params, expr);
    List<Tensor> clones = Stream.of(inputs).map(Tensor::clone).toList();
    assertThrows(RuntimeException.class, () -> RandomSamples.libtorch(src, clones), expr);
    Object[] arrays = Stream.of(inputs).map(t -> T2J.t2j(t.contiguous())).toArray();
    Throwable e =
        assertThrows(Throwable.class, () -> T2J.t2j(OpInfo.compile(src)).apply(arrays), expr);
    assertTrue(String.valueOf(e.getMessage()).contains(why), expr + ": " + e);
  }
}
