package dev.torch2jax.aten;

import static dev.torch2jax.aten.InPlaceSamples.alias;
import static dev.torch2jax.aten.InPlaceSamples.of;
import static dev.torch2jax.aten.InPlaceSamples.through;
import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.floats;
import static dev.torch2jax.aten.NnTesting.i32;
import static dev.torch2jax.aten.NnTesting.i64;
import static dev.torch2jax.aten.NnTesting.randbool;
import static dev.torch2jax.aten.NnTesting.randint;
import static dev.torch2jax.aten.NnTesting.randn;

import dev.torch2jax.aten.InPlaceSamples.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * In-place comparisons, bitwise and logical ops ({@code a.lt_(b)}, {@code a.bitwise_and_(3)},
 * {@code a.logical_not_()}) through TorchScript: the boolean or integer result is written into
 * {@code a} in {@code a}'s dtype.
 */
class InPlaceCompareTest {
  static final List<Sample> SAMPLES = samples();

  private static List<Sample> samples() {
    // Rounded values, so that the comparisons meet equal elements.
    Tensor a = floats(new float[] {-1f, 0f, 0.5f, 1f, 0.5f, 2f}, 2, 3);
    Tensor b = floats(new float[] {0.5f, 0f, 1f}, 3);
    Tensor ia = i64(randint(-3, 4, 2, 3));
    Tensor ib = i64(randint(-3, 4, 2, 3));
    List<Sample> rows = new ArrayList<>();
    for (String op : List.of("eq_", "ne_", "ge_", "gt_", "le_", "lt_")) {
      String t = "aten::" + op + ".Tensor";
      String s = "aten::" + op + ".Scalar";
      rows.add(of(t, "a, b", "a." + op + "(b)", a, b));
      rows.add(of(t, "a, b", "a." + op + "(b)", f64(a), a));
      rows.add(of(t, "a, b", "a." + op + "(b)", ia, ib));
      rows.add(of(s, "a", "a." + op + "(0.5)", a));
      rows.add(of(s, "a", "a." + op + "(1)", ia));
    }
    rows.add(of("aten::lt_.Tensor", "a, b", "a.lt_(b)", randbool(2, 3), randbool(3)));
    rows.add(through("aten::ge_.Scalar", "a", "a[1].ge_(1)", f64(a)));
    rows.add(through("aten::eq_.Tensor", "a, b", "a[:, 0].eq_(b)", ia, i64(randint(-3, 4, 2))));
    // Aliases TorchScript normalizes away (see InPlaceSamples).
    String[][] aliases = {
      {"greater_", "gt_"},
      {"greater_equal_", "ge_"},
      {"less_", "lt_"},
      {"less_equal_", "le_"},
      {"not_equal_", "ne_"}
    };
    for (String[] p : aliases) {
      rows.add(alias("aten::" + p[0] + ".Tensor", "a, b", "a." + p[1] + "(b)", a, b));
      rows.add(alias("aten::" + p[0] + ".Scalar", "a", "a." + p[1] + "(1)", f64(a)));
    }
    rows.addAll(bitwise());
    rows.addAll(logical());
    return rows;
  }

  private static List<Sample> bitwise() {
    Tensor ia = i64(randint(-20, 20, 2, 3));
    Tensor ib = i64(randint(-20, 20, 3));
    Tensor ba = randbool(2, 3);
    Tensor bb = randbool(2, 3);
    List<Sample> rows = new ArrayList<>();
    for (String op : List.of("bitwise_and_", "bitwise_or_", "bitwise_xor_")) {
      String t = "aten::" + op + ".Tensor";
      String s = "aten::" + op + ".Scalar";
      rows.add(of(t, "a, b", "a." + op + "(b)", ia, ib));
      rows.add(of(t, "a, b", "a." + op + "(b)", i32(ia), randbool(2, 3)));
      rows.add(of(t, "a, b", "a." + op + "(b)", ba, bb));
      rows.add(of(s, "a", "a." + op + "(6)", ia));
    }
    rows.add(through("aten::bitwise_xor_.Scalar", "a", "a[0].bitwise_xor_(5)", ia));
    Tensor shifts = i64(randint(0, 5, 2, 3));
    for (String op : List.of("bitwise_left_shift_", "bitwise_right_shift_")) {
      rows.add(of("aten::" + op + ".Tensor", "a, b", "a." + op + "(b)", ia, shifts));
      rows.add(of("aten::" + op + ".Tensor", "a, b", "a." + op + "(b)", i32(ia), shifts));
      rows.add(of("aten::" + op + ".Tensor_Scalar", "a", "a." + op + "(3)", ia));
    }
    rows.add(of("aten::bitwise_not_", "a", "a.bitwise_not_()", ia));
    rows.add(of("aten::bitwise_not_", "a", "a.bitwise_not_()", ba));
    return rows;
  }

  private static List<Sample> logical() {
    Tensor a = floats(new float[] {0f, 1.5f, 0f, -2f, 3f, 0f}, 2, 3);
    Tensor b = floats(new float[] {0f, 0f, 1f}, 3);
    List<Sample> rows = new ArrayList<>();
    for (String op : List.of("logical_and_", "logical_or_", "logical_xor_")) {
      rows.add(of("aten::" + op, "a, b", "a." + op + "(b)", a, b));
      rows.add(of("aten::" + op, "a, b", "a." + op + "(b)", randbool(2, 3), randbool(2, 3)));
      rows.add(of("aten::" + op, "a, b", "a." + op + "(b)", i64(randint(-1, 2, 3)), f64(b)));
    }
    rows.add(of("aten::logical_not_", "a", "a.logical_not_()", a));
    rows.add(of("aten::logical_not_", "a", "a.logical_not_()", randbool(4)));
    rows.add(through("aten::logical_not_", "a", "a[1].logical_not_()", f64(randn(2, 3))));
    return rows;
  }

  @TestFactory
  Stream<DynamicTest> inPlaceComparisons() {
    return InPlaceSamples.tests(SAMPLES);
  }
}
