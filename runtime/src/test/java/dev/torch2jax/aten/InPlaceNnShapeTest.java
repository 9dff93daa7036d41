package dev.torch2jax.aten;

import static dev.torch2jax.aten.InPlaceSamples.of;
import static dev.torch2jax.aten.InPlaceSamples.random;
import static dev.torch2jax.aten.InPlaceSamples.through;
import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.i64;
import static dev.torch2jax.aten.NnTesting.longs;
import static dev.torch2jax.aten.NnTesting.randbool;
import static dev.torch2jax.aten.NnTesting.randint;
import static dev.torch2jax.aten.NnTesting.randn;
import static dev.torch2jax.aten.NnTesting.uniform;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.aten.InPlaceSamples.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * In-place activations, dropout (eval mode), random fills, scatters and index writes, and shape ops
 * ({@code torch.relu_(a)}, {@code a.index_add_(0, i, s)}, {@code a.squeeze_()}) through
 * TorchScript.
 */
class InPlaceNnShapeTest {
  static final List<Sample> SAMPLES = samples();

  private static List<Sample> samples() {
    List<Sample> rows = new ArrayList<>();
    rows.addAll(activations());
    rows.addAll(randomFills());
    rows.addAll(indexWrites());
    rows.addAll(scatters());
    rows.addAll(shapes());
    return rows;
  }

  private static List<Sample> activations() {
    Tensor a = uniform(-4, 4, 2, 3);
    Tensor d = f64(uniform(-4, 4, 3, 2));
    List<Sample> rows = new ArrayList<>();
    for (String call :
        List.of(
            "torch.celu_(a, 1.5)",
            "torch.elu_(a)",
            "torch.elu_(a, 0.5, 2.0, 1.5)",
            "torch.gelu_(a)",
            "torch.gelu_(a, approximate='tanh')",
            "torch.hardsigmoid_(a)",
            "torch.hardswish_(a)",
            "torch.hardtanh_(a, -0.5, 0.5)",
            "torch.leaky_relu_(a, 0.2)",
            "torch.mish_(a)",
            "torch.relu_(a)",
            "torch.relu6_(a)",
            "torch.selu_(a)",
            "torch.silu_(a)",
            "torch.threshold_(a, 0.5, 2.0)")) {
      String op = "aten::" + call.substring("torch.".length(), call.indexOf('('));
      rows.add(of(op, "a", call, a));
    }
    for (String op : List.of("celu_", "gelu_", "hardswish_", "mish_", "selu_")) {
      rows.add(of("aten::" + op, "a", "torch." + op + "(a)", d));
    }
    rows.add(of("aten::leaky_relu_", "a", "torch.leaky_relu_(a)", d));
    rows.add(of("aten::hardtanh_", "a", "torch.hardtanh_(a)", d));
    rows.add(of("aten::threshold_", "a", "torch.threshold_(a, -1.0, 7.0)", d));
    Tensor ints = i64(randint(-9, 10, 2, 3));
    rows.add(of("aten::relu_", "a", "torch.relu_(a)", ints));
    rows.add(of("aten::threshold_", "a", "torch.threshold_(a, 1, -7)", ints));
    rows.add(of("aten::hardtanh_", "a", "torch.hardtanh_(a, -2, 3)", ints));
    rows.add(through("aten::silu_", "a", "torch.silu_(a[1])", a));
    rows.add(through("aten::leaky_relu_", "a", "torch.leaky_relu_(a[:, 0], 0.1)", d));
    // Dropout in eval mode leaves its input as it is.
    for (String op : List.of("dropout_", "alpha_dropout_", "feature_dropout_")) {
      rows.add(of("aten::" + op, "a", "torch." + op + "(a, 0.5, False)", a));
    }
    rows.add(
        of(
            "aten::feature_alpha_dropout_",
            "a",
            "torch.feature_alpha_dropout_(a, 0.2, False)",
            randn(2, 3, 4)));
    return rows;
  }

  private static final int N = 20_000;

  private static List<Sample> randomFills() {
    Tensor a = randn(N);
    Tensor d = f64(randn(200, 100));
    Consumer<double[]> bits =
        v -> assertTrue(Arrays.stream(v).allMatch(x -> x == 0 || x == 1), "values 0 or 1");
    return List.of(
        random("aten::uniform_", "a", "a.uniform_(-2.0, 3.0)", RandomSamples.within(-2, 3), a),
        random("aten::uniform_", "a", "a.uniform_()", RandomSamples.within(0, 1), d),
        random("aten::normal_", "a", "a.normal_(1.5, 0.5)", RandomSamples.finite(), a),
        random("aten::normal_", "a", "a.normal_()", RandomSamples.finite(), d),
        random(
            "aten::exponential_",
            "a",
            "a.exponential_(2.0)",
            RandomSamples.within(0, Double.POSITIVE_INFINITY),
            a),
        random("aten::bernoulli_.float", "a", "a.bernoulli_(0.3)", bits, a),
        random("aten::bernoulli_.float", "a", "a.bernoulli_()", bits, d),
        random("aten::bernoulli_.Tensor", "a, p", "a.bernoulli_(p)", bits, a, uniform(0, 1, N)));
  }

  private static List<Sample> indexWrites() {
    Tensor a = randn(4, 3);
    Tensor i = longs(new long[] {0, 2, 0}, 3);
    Tensor unique = longs(new long[] {3, 1}, 2);
    Tensor v = randn();
    List<Sample> rows = new ArrayList<>();
    rows.add(of("aten::index_add_", "a, i, s", "a.index_add_(0, i, s)", a, i, randn(3, 3)));
    rows.add(
        of(
            "aten::index_add_",
            "a, i, s",
            "a.index_add_(1, i, s, alpha=2)",
            f64(a),
            i,
            f64(randn(4, 3))));
    rows.add(
        of(
            "aten::index_add_",
            "a, i, s",
            "a.index_add_(0, i, s, alpha=-1)",
            i64(randint(-5, 5, 4, 3)),
            i,
            i64(randint(-5, 5, 3, 3))));
    rows.add(of("aten::index_copy_", "a, i, s", "a.index_copy_(0, i, s)", a, unique, randn(2, 3)));
    rows.add(
        of(
            "aten::index_copy_",
            "a, i, s",
            "a.index_copy_(1, i, s)",
            f64(a),
            longs(new long[] {2, 0}, 2),
            f64(randn(4, 2))));
    rows.add(of("aten::index_fill_.int_Scalar", "a, i", "a.index_fill_(1, i, -1.5)", a, i));
    rows.add(
        of(
            "aten::index_fill_.int_Scalar",
            "a, i",
            "a.index_fill_(0, i, 7)",
            i64(randint(0, 5, 4, 3)),
            i));
    rows.add(of("aten::index_fill_.int_Tensor", "a, i, v", "a.index_fill_(0, i, v)", a, i, v));
    rows.add(
        of(
            "aten::index_fill_.int_Tensor",
            "a, i, v",
            "a.index_fill_(-1, i, v)",
            f64(a),
            i,
            f64(v)));
    String put = "aten::index_put_.hacked_twin";
    rows.add(of(put, "a, i, v", "a.index_put_([i], v)", a, unique, randn(2, 3)));
    rows.add(
        of(
            put,
            "a, i, j, v",
            "a.index_put_([i, j], v)",
            i64(randint(0, 9, 4, 3)),
            unique,
            longs(new long[] {2, 0}, 2),
            i64(randint(0, 9, 2))));
    rows.add(through(put, "a, i, v", "a[1:].index_put_([i], v, True)", a, i, randn(3)));
    String reduce = "aten::index_reduce_";
    Tensor s = uniform(0.5, 2, 3, 3);
    rows.add(
        of(reduce, "a, i, s", "a.index_reduce_(0, i, s, 'prod')", uniform(0.5, 2, 4, 3), i, s));
    rows.add(
        of(reduce, "a, i, s", "a.index_reduce_(0, i, s, 'mean', include_self=False)", a, i, s));
    rows.add(
        of(reduce, "a, i, s", "a.index_reduce_(1, i, s, 'amax')", f64(a), i, f64(randn(4, 3))));
    rows.add(
        of(
            reduce,
            "a, i, s",
            "a.index_reduce_(0, i, s, 'amin', include_self=False)",
            a,
            i,
            randn(3, 3)));
    Tensor m = randbool(4, 3);
    rows.add(of("aten::masked_fill_.Scalar", "a, m", "a.masked_fill_(m, 1.5)", a, m));
    rows.add(
        of(
            "aten::masked_fill_.Scalar",
            "a, m",
            "a.masked_fill_(m, -2)",
            i64(randint(0, 9, 4, 3)),
            randbool(3)));
    rows.add(of("aten::masked_fill_.Scalar", "a, m", "a.masked_fill_(m, True)", randbool(4, 3), m));
    rows.add(
        through(
            "aten::masked_fill_.Scalar", "a, m", "a[0].masked_fill_(m, 0.0)", f64(a), randbool(3)));
    rows.add(of("aten::masked_fill_.Tensor", "a, m, v", "a.masked_fill_(m, v)", a, m, v));
    rows.add(
        of("aten::masked_fill_.Tensor", "a, m, v", "a.masked_fill_(m, v)", f64(a), randbool(3), v));
    return rows;
  }

  private static List<Sample> scatters() {
    Tensor a = randn(4, 3);
    Tensor idx = longs(new long[] {0, 3, 1, 0, 0, 2}, 2, 3);
    Tensor src = randn(2, 3);
    List<Sample> rows = new ArrayList<>();
    rows.add(of("aten::scatter_.value", "a, i", "a.scatter_(0, i, 1.5)", a, idx));
    rows.add(
        of(
            "aten::scatter_.value",
            "a, i",
            "a.scatter_(1, i, -3)",
            i64(randint(0, 9, 4, 3)),
            longs(new long[] {2, 0}, 1, 2)));
    rows.add(
        of("aten::scatter_.reduce", "a, i, s", "a.scatter_(0, i, s, reduce='add')", a, idx, src));
    rows.add(
        of(
            "aten::scatter_.reduce",
            "a, i, s",
            "a.scatter_(0, i, s, reduce='multiply')",
            f64(a),
            idx,
            f64(src)));
    rows.add(
        of(
            "aten::scatter_.value_reduce",
            "a, i",
            "a.scatter_(0, i, 2.0, reduce='multiply')",
            a,
            idx));
    rows.add(
        of(
            "aten::scatter_.value_reduce",
            "a, i",
            "a.scatter_(0, i, 3, reduce='add')",
            i64(randint(0, 9, 4, 3)),
            idx));
    rows.add(of("aten::scatter_add_", "a, i, s", "a.scatter_add_(0, i, s)", a, idx, src));
    rows.add(
        of(
            "aten::scatter_add_",
            "a, i, s",
            "a.scatter_add_(1, i, s)",
            f64(randn(2, 4)),
            idx,
            f64(src)));
    rows.add(
        through(
            "aten::scatter_add_", "a, i, s", "a[1:].scatter_add_(0, i, s)", randn(5, 3), idx, src));
    String two = "aten::scatter_reduce_.two";
    for (String r : List.of("sum", "prod", "amin")) {
      rows.add(of(two, "a, i, s", "a.scatter_reduce_(0, i, s, '" + r + "')", a, idx, src));
    }
    rows.add(
        of(
            two,
            "a, i, s",
            "a.scatter_reduce_(0, i, s, 'mean', include_self=False)",
            f64(a),
            idx,
            f64(src)));
    rows.add(
        of(two, "a, i, s", "a.scatter_reduce_(0, i, s, 'amax', include_self=False)", a, idx, src));
    return rows;
  }

  private static List<Sample> shapes() {
    List<Sample> rows = new ArrayList<>();
    rows.add(of("aten::squeeze_", "a", "a.squeeze_()", randn(1, 3, 1)));
    rows.add(of("aten::squeeze_", "a", "a.squeeze_()", i64(randint(0, 5, 2, 1))));
    rows.add(of("aten::squeeze_.dims", "a", "a.squeeze_([0, 2])", randn(1, 3, 1, 1)));
    rows.add(of("aten::squeeze_.dims", "a", "a.squeeze_([-1, 0])", f64(randn(2, 1))));
    rows.add(of("aten::unsqueeze_", "a", "a.unsqueeze_(1)", randn(2, 3)));
    rows.add(of("aten::unsqueeze_", "a", "a.unsqueeze_(-1)", randbool(3)));
    rows.add(of("aten::as_strided_", "a", "a.as_strided_([2, 2], [1, 2])", randn(2, 2)));
    rows.add(of("aten::as_strided_", "a", "a.as_strided_([2, 2], [3, 1], 1)", f64(randn(2, 3))));
    rows.add(of("aten::tril_", "a", "a.tril_()", randn(3, 4)));
    rows.add(of("aten::tril_", "a", "a.tril_(-1)", f64(randn(2, 3, 3))));
    rows.add(of("aten::tril_", "a", "a.tril_(1)", i64(randint(0, 9, 3, 3))));
    rows.add(through("aten::tril_", "a", "a[0].tril_()", randn(2, 3, 3)));
    Tensor a = randn(2, 3);
    rows.add(of("aten::copy_", "a, b", "a.copy_(b)", a, f64(randn(3))));
    // copy_ converts to any dtype, even float to int (truncating) where arithmetic would refuse.
    rows.add(
        of("aten::copy_", "a, b", "a.copy_(b)", i64(randint(0, 9, 2, 3)), uniform(-5, 5, 2, 3)));
    rows.add(through("aten::copy_", "a, b", "a[:, 1].copy_(b)", f64(a), randn(2)));
    // detach_ cuts b from the gradient: only the direct use of a is differentiated.
    rows.add(
        new Sample(
            "aten::detach_",
            "def f(a):\n    b = a * 2.0\n    b.detach_()\n    return b + a\n",
            new Object[] {a},
            null));
    rows.add(of("aten::detach_", "a", "a.detach_()", i64(randint(0, 9, 3))));
    Tensor v = randn();
    rows.add(of("aten::fill_.Tensor", "a, v", "a.fill_(v)", a, v));
    rows.add(of("aten::fill_.Tensor", "a, v", "a.fill_(v)", f64(a), v));
    rows.add(through("aten::fill_.Tensor", "a, v", "a[1].fill_(v)", a, v));
    return rows;
  }

  @TestFactory
  Stream<DynamicTest> inPlaceNnAndShapeOps() {
    return InPlaceSamples.tests(SAMPLES);
  }
}
