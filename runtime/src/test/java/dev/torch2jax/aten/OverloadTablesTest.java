package dev.torch2jax.aten;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.opinfo.OpInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Accounts for every overload that had no OpInfo sample: each has a row in one of the overload
 * tables ({@link CopyVariantsTest}, {@link ExplicitOverloadsTest}, {@link OperatorOverloadsTest},
 * {@link RandomDistributionsTest}) or is one TorchScript cannot put in a graph, which this test
 * shows by compiling its spellings.
 */
class OverloadTablesTest {
  /** The implemented overloads that no sample reached before the tables. */
  private static final List<String> UNSAMPLED =
      names(
          "__iand__.Scalar __iand__.Tensor __ilshift__.Scalar __ilshift__.Tensor __ior__.Scalar",
          "__ior__.Tensor __irshift__.Scalar __irshift__.Tensor __ixor__.Scalar __ixor__.Tensor",
          "_conj _pad_circular _pad_enum _unsafe_index.Tensor _unsafe_index_put",
          "_upsample_nearest_exact1d.vec absolute alpha_dropout arccos arccosh arcsin arcsinh",
          "arctan arctan2 arctanh as_strided_copy atleast_1d bernoulli bernoulli.Tensor",
          "bernoulli.p clip clip.Tensor diagonal_copy divide.Scalar divide.Scalar_mode",
          "divide.Tensor divide.Tensor_mode empty_like feature_alpha_dropout feature_dropout fix",
          "ger greater.Scalar greater.Tensor greater_equal.Scalar greater_equal.Tensor",
          "index.Tensor_hacked_twin index_fill.int_Tensor less.Scalar less.Tensor",
          "less_equal.Scalar less_equal.Tensor lift lift_fresh lift_fresh_copy moveaxis.int",
          "multiply.Scalar multiply.Tensor narrow_copy negative new_empty new_empty_strided",
          "normal.Tensor_Tensor normal.Tensor_float normal.float_Tensor normal.float_float",
          "not_equal.Scalar not_equal.Tensor rand_like.generator randn_like.generator",
          "randperm.generator resolve_neg row_stack rsub.Tensor select_copy.int",
          "slice_copy.Tensor special_expit split split_with_sizes_copy squeeze_copy",
          "squeeze_copy.dim squeeze_copy.dims std_mean.correction subtract.Scalar",
          "subtract.Tensor swapaxes swapdims sym_size sym_stride tensor.bool tensor.float",
          "tensor.int to.device to.prim_Device to.prim_dtype to.prim_other true_divide.Scalar",
          "true_divide.Tensor unbind_copy.int uniform unsafe_chunk unsafe_split.Tensor",
          "unsafe_split_with_sizes unsqueeze_copy view_copy zero");

  /**
   * An overload no TorchScript source reaches: {@code expr} (over tensors x, y, z) spells it, and
   * its graph holds {@code instead}.
   */
  private record Unreachable(String op, String expr, String instead) {}

  /**
   * The aliases TorchScript's compiler renames to their canonical overloads (its NormalizeOps pass
   * runs on every compiled graph, method and function forms alike; the canonical overloads have
   * samples of their own), rsub, which it rewrites to sub with the operands swapped, and split's
   * default overload, whose schema matches split.sizes exactly, so a split node resolves to it.
   */
  private static final List<Unreachable> UNREACHABLE =
      List.of(
          new Unreachable("aten::absolute", "torch.absolute(x)", "aten::abs"),
          new Unreachable("aten::absolute", "x.absolute()", "aten::abs"),
          new Unreachable("aten::arccos", "torch.arccos(x)", "aten::acos"),
          new Unreachable("aten::arccosh", "torch.arccosh(x)", "aten::acosh"),
          new Unreachable("aten::arcsin", "x.arcsin()", "aten::asin"),
          new Unreachable("aten::arcsinh", "torch.arcsinh(x)", "aten::asinh"),
          new Unreachable("aten::arctan", "torch.arctan(x)", "aten::atan"),
          new Unreachable("aten::arctan2", "torch.arctan2(x, y)", "aten::atan2"),
          new Unreachable("aten::arctanh", "torch.arctanh(x)", "aten::atanh"),
          new Unreachable("aten::clip", "torch.clip(x, -0.5, 0.5)", "aten::clamp"),
          new Unreachable("aten::clip.Tensor", "x.clip(y, z)", "aten::clamp.Tensor"),
          new Unreachable("aten::divide.Scalar", "torch.divide(x, 2.0)", "aten::div.Scalar"),
          new Unreachable(
              "aten::divide.Scalar_mode",
              "torch.divide(x, 2, rounding_mode='floor')",
              "aten::div.Scalar_mode"),
          new Unreachable("aten::divide.Tensor", "x.divide(y)", "aten::div.Tensor"),
          new Unreachable(
              "aten::divide.Tensor_mode",
              "torch.divide(x, y, rounding_mode='trunc')",
              "aten::div.Tensor_mode"),
          new Unreachable("aten::fix", "torch.fix(x)", "aten::trunc"),
          new Unreachable("aten::ger", "torch.ger(x, y)", "aten::outer"),
          new Unreachable("aten::greater.Scalar", "torch.greater(x, 1)", "aten::gt.Scalar"),
          new Unreachable("aten::greater.Tensor", "x.greater(y)", "aten::gt.Tensor"),
          new Unreachable(
              "aten::greater_equal.Scalar", "torch.greater_equal(x, 0.5)", "aten::ge.Scalar"),
          new Unreachable(
              "aten::greater_equal.Tensor", "torch.greater_equal(x, y)", "aten::ge.Tensor"),
          new Unreachable("aten::less.Scalar", "torch.less(x, 1)", "aten::lt.Scalar"),
          new Unreachable("aten::less.Tensor", "x.less(y)", "aten::lt.Tensor"),
          new Unreachable("aten::less_equal.Scalar", "torch.less_equal(x, 2)", "aten::le.Scalar"),
          new Unreachable("aten::less_equal.Tensor", "torch.less_equal(x, y)", "aten::le.Tensor"),
          new Unreachable("aten::moveaxis.int", "torch.moveaxis(x, 0, 1)", "aten::movedim.int"),
          new Unreachable("aten::multiply.Scalar", "torch.multiply(x, 3)", "aten::mul.Scalar"),
          new Unreachable("aten::multiply.Tensor", "x.multiply(y)", "aten::mul.Tensor"),
          new Unreachable("aten::negative", "torch.negative(x)", "aten::neg"),
          new Unreachable("aten::not_equal.Scalar", "torch.not_equal(x, 1)", "aten::ne.Scalar"),
          new Unreachable("aten::not_equal.Tensor", "x.not_equal(y)", "aten::ne.Tensor"),
          new Unreachable("aten::row_stack", "torch.row_stack([x, y])", "aten::vstack"),
          new Unreachable("aten::rsub.Tensor", "torch.rsub(x, y, alpha=2)", "aten::sub.Tensor"),
          new Unreachable("aten::special_expit", "torch.special_expit(x)", "aten::sigmoid"),
          new Unreachable("aten::split", "torch.split(x, split_sizes=[1, 1])", "aten::split.sizes"),
          new Unreachable("aten::subtract.Scalar", "torch.subtract(x, 1.5)", "aten::sub.Scalar"),
          new Unreachable("aten::subtract.Tensor", "x.subtract(y, alpha=2)", "aten::sub.Tensor"),
          new Unreachable("aten::swapaxes", "torch.swapaxes(x, 0, 1)", "aten::transpose.int"),
          new Unreachable("aten::swapdims", "x.swapdims(0, 1)", "aten::transpose.int"),
          new Unreachable(
              "aten::true_divide.Scalar", "torch.true_divide(x, 2)", "aten::div.Scalar"),
          new Unreachable("aten::true_divide.Tensor", "x.true_divide(y)", "aten::div.Tensor"));

  @Test
  void everyUnsampledOverloadHasARowOrCannotBeReached() {
    Set<String> rows = new TreeSet<>();
    Stream.of(
            CopyVariantsTest.ROWS,
            ExplicitOverloadsTest.ROWS,
            OperatorOverloadsTest.ROWS,
            RandomDistributionsTest.ROWS)
        .flatMap(List::stream)
        .forEach(r -> rows.add(r.op()));
    Set<String> unreachable = new TreeSet<>();
    UNREACHABLE.forEach(u -> unreachable.add(u.op()));
    Set<String> accounted = new TreeSet<>(rows);
    accounted.addAll(unreachable);
    assertEquals(new TreeSet<>(UNSAMPLED), accounted, "rows and unreachable overloads");
    Set<String> both = new TreeSet<>(rows);
    both.retainAll(unreachable);
    assertTrue(both.isEmpty(), "listed as unreachable but has rows: " + both);
  }

  @Test
  void unreachableOverloadsCompileToOthers() {
    for (Unreachable u : UNREACHABLE) {
      Set<String> ops = OpInfo.graphOps(OpInfo.source("x, y, z", u.expr()));
      assertTrue(ops.contains(u.instead()), u.expr() + " compiles to " + ops);
      assertFalse(ops.contains(u.op()), u.expr() + " compiles to " + ops);
    }
  }

  private static List<String> names(String... lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      for (String name : line.split(" ")) {
        out.add("aten::" + name);
      }
    }
    return out;
  }
}
