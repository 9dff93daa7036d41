package dev.torch2jax.aten;

import static dev.torch2jax.aten.NnTesting.f64;
import static dev.torch2jax.aten.NnTesting.i32;
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
 * Operator and conversion overloads scripts reach only in one spelling: the in-place bitwise
 * operators called as methods ({@code x.__iand__(y)}; {@code x &= y} compiles to {@code
 * bitwise_and}), the TorchScript-only {@code to.prim_*} forms, {@code torch.tensor} of a Python
 * number, {@code sym_size}/{@code sym_stride}, the lift and conj no-ops, and the uninitialized
 * factories (their values filled or zeroed before they are compared).
 */
class OperatorOverloadsTest {
  private static final Tensor X = randn(2, 3);
  private static final Tensor X64 = f64(randn(3, 2));
  private static final Tensor INTS = i64(randint(-40, 40, 2, 3));
  private static final Tensor INTS32 = i32(randint(-40, 40, 3));
  private static final Tensor SHIFTS = i64(randint(0, 5, 2, 3));
  private static final Tensor BOOLS = randbool(2, 3);
  private static final Tensor BOOLS2 = randbool(3);
  private static final Tensor THREE_D = randn(2, 3, 4);

  /** libtorch's _conj takes complex tensors only: complex made from and viewed as real pairs. */
  private static final String CONJ =
      "torch.view_as_real(torch._conj(torch.view_as_complex(x)).resolve_conj())";

  /** The in-place bitwise operators, each by its Scalar and Tensor overloads. */
  private static final List<OverloadSample> BITWISE =
      List.of(
          sample("aten::__iand__.Scalar", "x", "x.__iand__(6)", INTS),
          sample("aten::__iand__.Tensor", "x, y", "x.__iand__(y)", INTS, INTS32),
          sample("aten::__iand__.Tensor", "x, y", "x.__iand__(y)", BOOLS, BOOLS2),
          sample("aten::__ior__.Scalar", "x", "x.__ior__(5)", INTS32),
          sample("aten::__ior__.Tensor", "x, y", "x.__ior__(y)", INTS, SHIFTS),
          sample("aten::__ior__.Tensor", "x, y", "x.__ior__(y)", BOOLS, BOOLS2),
          sample("aten::__ixor__.Scalar", "x", "x.__ixor__(-3)", INTS),
          sample("aten::__ixor__.Tensor", "x, y", "x.__ixor__(y)", INTS, SHIFTS),
          sample("aten::__ixor__.Tensor", "x, y", "x.__ixor__(y)", BOOLS, BOOLS2),
          sample("aten::__ilshift__.Scalar", "x", "x.__ilshift__(3)", INTS),
          sample("aten::__ilshift__.Scalar", "x", "x.__ilshift__(1)", INTS32),
          sample("aten::__ilshift__.Tensor", "x, y", "x.__ilshift__(y)", INTS, SHIFTS),
          sample("aten::__irshift__.Scalar", "x", "x.__irshift__(2)", INTS),
          sample("aten::__irshift__.Scalar", "x", "x.__irshift__(1)", INTS32),
          sample("aten::__irshift__.Tensor", "x, y", "x.__irshift__(y)", INTS, SHIFTS));

  /** Conversions, constructors, metadata and no-op overloads. */
  private static final List<OverloadSample> OTHERS =
      List.of(
          sample("aten::to.device", "x", "x.to(x.device, torch.float64)", X),
          sample("aten::to.device", "x", "x.to(x.device, torch.int32, False, True)", X64),
          sample("aten::to.device", "x", "x.to(torch.device('cpu'), torch.float32)", INTS),
          sample("aten::to.prim_Device", "x", "x.to(x.device)", X),
          sample("aten::to.prim_Device", "x", "x.to(x.device, None, False, True)", INTS),
          sample("aten::to.prim_Device", "x, d: Optional[int]", "x.to(x.device, d)", X, 7L),
          sample("aten::to.prim_dtype", "x, d: Optional[int]", "x.to(d)", X, 7L),
          sample("aten::to.prim_dtype", "x, d: Optional[int]", "x.to(d)", X64, 3L),
          sample("aten::to.prim_dtype", "x, d: Optional[int]", "x.to(d, False, True)", INTS, 6L),
          sample("aten::to.prim_dtype", "x, d: Optional[int]", "x.to(d)", BOOLS, 4L),
          sample("aten::to.prim_other", "x", "x.to(False, False)", X),
          sample("aten::to.prim_other", "x", "x.to(False, True)", INTS),
          sample("aten::to.prim_dtype", "x", "x.to(None, False, False)", X),
          sample("aten::to.prim_dtype", "x", "x.to(None, False, True)", X),
          sample("aten::tensor.bool", "", "torch.tensor(True)"),
          sample("aten::tensor.bool", "x", "x.logical_or(torch.tensor(False))", BOOLS),
          sample("aten::tensor.bool", "b: bool", "torch.tensor(b, dtype=torch.float32)", false),
          sample("aten::tensor.float", "", "torch.tensor(2.5)"),
          sample("aten::tensor.float", "x, v: float", "x * torch.tensor(v)", X64, -1.25),
          sample("aten::tensor.float", "", "torch.tensor(2.75, dtype=torch.int64)"),
          sample("aten::tensor.int", "", "torch.tensor(3)"),
          sample("aten::tensor.int", "v: int", "torch.tensor(v, dtype=torch.float64)", -7L),
          sample("aten::tensor.int", "x", "x + torch.tensor(2)", INTS),
          sample("aten::sym_size", "x", "torch.tensor(torch.sym_size(x))", X),
          sample(
              "aten::sym_size", "x", "torch.tensor(x[:, 1:].transpose(0, 2).sym_size())", THREE_D),
          sample("aten::sym_stride", "x", "torch.tensor(torch.sym_stride(x))", X64),
          sample("aten::sym_stride", "x", "torch.tensor(torch.sym_stride(x.t()))", X),
          sample("aten::sym_stride", "x", "torch.tensor(x[:, ::2].sym_stride())", THREE_D),
          sample("aten::lift", "x", "torch.lift(x)", X),
          sample("aten::lift", "x", "torch.lift(x)", BOOLS),
          sample("aten::lift_fresh", "x", "torch.lift_fresh(x)", X64),
          sample("aten::lift_fresh", "x", "torch.lift_fresh(x)", INTS),
          sample("aten::lift_fresh_copy", "x", "torch.lift_fresh_copy(x)", X),
          sample("aten::lift_fresh_copy", "x", "torch.lift_fresh_copy(x)", INTS32),
          sample("aten::_conj", "x", CONJ, randn(3, 2)),
          sample("aten::_conj", "x", CONJ, f64(randn(2, 4, 2))),
          sample("aten::resolve_neg", "x", "torch.resolve_neg(x)", X64),
          sample("aten::resolve_neg", "x", "torch.resolve_neg(x)", BOOLS),
          sample("aten::zero", "x", "torch.zero(x)", X),
          sample("aten::zero", "x", "x.zero()", INTS),
          sample("aten::zero", "x", "torch.zero(x)", BOOLS),
          sample("aten::empty_like", "x", "torch.empty_like(x).fill_(2.5)", X),
          sample("aten::empty_like", "x", "torch.empty_like(x, dtype=torch.int64).zero_()", X64),
          sample("aten::empty_like", "x", "torch.empty_like(x).fill_(1.0) * x", X64),
          sample("aten::new_empty", "x", "x.new_empty([2, 3]).fill_(1.5)", X),
          sample("aten::new_empty", "x", "x.new_empty([4], dtype=torch.float64).zero_()", INTS),
          sample("aten::new_empty_strided", "x", "x.new_empty_strided([2, 3], [1, 2]).fill_(3)", X),
          sample(
              "aten::new_empty_strided",
              "x",
              "x.new_empty_strided([3], [1]).zero_() + x[:, 0]",
              X64));

  /** The table: each overload with its samples. */
  static final List<OverloadSample> ROWS =
      Stream.concat(BITWISE.stream(), OTHERS.stream()).toList();

  @TestFactory
  Stream<DynamicTest> operatorOverloads() {
    return OverloadSample.tests(ROWS);
  }
}
