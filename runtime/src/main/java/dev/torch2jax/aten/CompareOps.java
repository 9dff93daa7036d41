package dev.torch2jax.aten;

import static dev.torch2jax.aten.Constants.scalar;
import static dev.torch2jax.aten.ResultTypes.resultType;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.lax.ElementwiseOps;
import java.util.function.BinaryOperator;

/**
 * Comparisons ({@code eq}, ..., with tensors and Python numbers), logical and bitwise binary ops
 * and shifts, with their TorchScript operator spellings ({@code __and__}, {@code __lshift__}, ...)
 * and in-place twins. Comparisons give bool tensors; the interpreter casts an in-place result back
 * to {@code self}'s dtype, as {@code x.eq_(y)} does.
 */
public final class CompareOps {
  private static final boolean LEFT = true;

  private static final boolean RIGHT = false;

  private CompareOps() {}

  /**
   * {@code ==}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=} elementwise, as the
   * overload's name says, broadcast and compared in the promoted dtype.
   */
  @Implements({
    "aten::eq.Tensor aten::eq_.Tensor",
    "aten::ne.Tensor aten::ne_.Tensor aten::not_equal.Tensor aten::not_equal_.Tensor",
    "aten::lt.Tensor aten::lt_.Tensor aten::less.Tensor aten::less_.Tensor",
    "aten::le.Tensor aten::le_.Tensor aten::less_equal.Tensor aten::less_equal_.Tensor",
    "aten::gt.Tensor aten::gt_.Tensor aten::greater.Tensor aten::greater_.Tensor",
    "aten::ge.Tensor aten::ge_.Tensor aten::greater_equal.Tensor aten::greater_equal_.Tensor"
  })
  public static Array compare(String overload, Array self, Array other) {
    return comparison(overload).apply(self, other);
  }

  /** {@link #compare} with a Python number, compared in {@code torch.result_type}'s dtype. */
  @Implements({
    "aten::eq.Scalar aten::eq_.Scalar",
    "aten::ne.Scalar aten::ne_.Scalar aten::not_equal.Scalar aten::not_equal_.Scalar",
    "aten::lt.Scalar aten::lt_.Scalar aten::less.Scalar aten::less_.Scalar",
    "aten::le.Scalar aten::le_.Scalar aten::less_equal.Scalar aten::less_equal_.Scalar",
    "aten::gt.Scalar aten::gt_.Scalar aten::greater.Scalar aten::greater_.Scalar",
    "aten::ge.Scalar aten::ge_.Scalar aten::greater_equal.Scalar aten::greater_equal_.Scalar"
  })
  public static Array compareScalar(String overload, Array self, Number other) {
    return ResultTypes.withScalar(self, other, comparison(overload));
  }

  /** The comparison an overload such as {@code aten::less_equal_.Scalar} names. */
  private static BinaryOperator<Array> comparison(String overload) {
    String op = OverloadNames.operator(overload);
    return switch (op.endsWith("_") ? op.substring(0, op.length() - 1) : op) {
      case "eq" -> Jnp::equal;
      case "ne", "not_equal" -> Jnp::notEqual;
      case "lt", "less" -> Jnp::less;
      case "le", "less_equal" -> Jnp::lessEqual;
      case "gt", "greater" -> Jnp::greater;
      case "ge", "greater_equal" -> Jnp::greaterEqual;
      default -> throw new IllegalArgumentException("%s is not a comparison".formatted(overload));
    };
  }

  /** Bitwise {@code self & other} of integers (logical for bools); floats are rejected. */
  @Implements({
    "aten::bitwise_and.Tensor aten::bitwise_and_.Tensor",
    "aten::__and__.Tensor aten::__iand__.Tensor"
  })
  public static Array bitwiseAnd(Array self, Array other) {
    return bitwise("aten::bitwise_and", ElementwiseOps::and, self, other, resultType(self, other));
  }

  /** Bitwise {@code self & other} with a Python int. */
  @Implements({
    "aten::bitwise_and.Scalar aten::bitwise_and_.Scalar",
    "aten::__and__.Scalar aten::__iand__.Scalar"
  })
  public static Array bitwiseAndScalar(Array self, Number other) {
    DType t = resultType(self, other);
    return bitwise(
        "aten::bitwise_and",
        ElementwiseOps::and,
        self,
        scalarOrFail("aten::bitwise_and", other, t),
        t);
  }

  /** Bitwise {@code self & other} of a Python int and a tensor. */
  @Implements("aten::bitwise_and.Scalar_Tensor")
  public static Array bitwiseAndScalarTensor(Number self, Array other) {
    DType t = resultType(other, self);
    return bitwise(
        "aten::bitwise_and",
        ElementwiseOps::and,
        scalarOrFail("aten::bitwise_and", self, t),
        other,
        t);
  }

  /** Logical and: the truth values of both (non-zero is true) combined, a bool tensor. */
  @Implements("aten::logical_and aten::logical_and_")
  public static Array logicalAnd(Array self, Array other) {
    long[] shape = ResultTypes.broadcastShape("aten::logical_and", self, other);
    return ElementwiseOps.and(
        Jnp.broadcastTo(truth(self), shape), Jnp.broadcastTo(truth(other), shape));
  }

  /** Bitwise {@code self | other} of integers (logical for bools); floats are rejected. */
  @Implements(
      "aten::bitwise_or.Tensor aten::bitwise_or_.Tensor aten::__or__.Tensor aten::__ior__.Tensor")
  public static Array bitwiseOr(Array self, Array other) {
    return bitwise("aten::bitwise_or", ElementwiseOps::or, self, other, resultType(self, other));
  }

  /** Bitwise {@code self | other} with a Python int. */
  @Implements(
      "aten::bitwise_or.Scalar aten::bitwise_or_.Scalar aten::__or__.Scalar aten::__ior__.Scalar")
  public static Array bitwiseOrScalar(Array self, Number other) {
    DType t = resultType(self, other);
    return bitwise(
        "aten::bitwise_or",
        ElementwiseOps::or,
        self,
        scalarOrFail("aten::bitwise_or", other, t),
        t);
  }

  /** Bitwise {@code self | other} of a Python int and a tensor. */
  @Implements("aten::bitwise_or.Scalar_Tensor")
  public static Array bitwiseOrScalarTensor(Number self, Array other) {
    DType t = resultType(other, self);
    return bitwise(
        "aten::bitwise_or",
        ElementwiseOps::or,
        scalarOrFail("aten::bitwise_or", self, t),
        other,
        t);
  }

  /** Logical or: the truth values of both (non-zero is true) combined, a bool tensor. */
  @Implements("aten::logical_or aten::logical_or_")
  public static Array logicalOr(Array self, Array other) {
    long[] shape = ResultTypes.broadcastShape("aten::logical_or", self, other);
    return ElementwiseOps.or(
        Jnp.broadcastTo(truth(self), shape), Jnp.broadcastTo(truth(other), shape));
  }

  /** Bitwise {@code self ^ other} of integers (logical for bools); floats are rejected. */
  @Implements({
    "aten::bitwise_xor.Tensor aten::bitwise_xor_.Tensor",
    "aten::__xor__.Tensor aten::__ixor__.Tensor"
  })
  public static Array bitwiseXor(Array self, Array other) {
    return bitwise("aten::bitwise_xor", ElementwiseOps::xor, self, other, resultType(self, other));
  }

  /** Bitwise {@code self ^ other} with a Python int. */
  @Implements({
    "aten::bitwise_xor.Scalar aten::bitwise_xor_.Scalar",
    "aten::__xor__.Scalar aten::__ixor__.Scalar"
  })
  public static Array bitwiseXorScalar(Array self, Number other) {
    DType t = resultType(self, other);
    return bitwise(
        "aten::bitwise_xor",
        ElementwiseOps::xor,
        self,
        scalarOrFail("aten::bitwise_xor", other, t),
        t);
  }

  /** Bitwise {@code self ^ other} of a Python int and a tensor. */
  @Implements("aten::bitwise_xor.Scalar_Tensor")
  public static Array bitwiseXorScalarTensor(Number self, Array other) {
    DType t = resultType(other, self);
    return bitwise(
        "aten::bitwise_xor",
        ElementwiseOps::xor,
        scalarOrFail("aten::bitwise_xor", self, t),
        other,
        t);
  }

  /** Logical xor: the truth values of both (non-zero is true) combined, a bool tensor. */
  @Implements("aten::logical_xor aten::logical_xor_")
  public static Array logicalXor(Array self, Array other) {
    long[] shape = ResultTypes.broadcastShape("aten::logical_xor", self, other);
    return ElementwiseOps.xor(
        Jnp.broadcastTo(truth(self), shape), Jnp.broadcastTo(truth(other), shape));
  }

  /** {@code self << other} on integers (shifts past the width give 0, as in PyTorch). */
  @Implements({
    "aten::bitwise_left_shift.Tensor aten::bitwise_left_shift_.Tensor",
    "aten::__lshift__.Tensor aten::__ilshift__.Tensor"
  })
  public static Array leftShift(Array self, Array other) {
    return shift("aten::bitwise_left_shift", LEFT, self, other, resultType(self, other));
  }

  /** {@code self << other} by a Python int. */
  @Implements({
    "aten::bitwise_left_shift.Tensor_Scalar aten::bitwise_left_shift_.Tensor_Scalar",
    "aten::__lshift__.Scalar aten::__ilshift__.Scalar"
  })
  public static Array leftShiftScalar(Array self, Number other) {
    DType t = resultType(self, other);
    return shift(
        "aten::bitwise_left_shift",
        LEFT,
        self,
        scalarOrFail("aten::bitwise_left_shift", other, t),
        t);
  }

  /** A Python int {@code self << other}. */
  @Implements("aten::bitwise_left_shift.Scalar_Tensor")
  public static Array leftShiftScalarTensor(Number self, Array other) {
    DType t = resultType(other, self);
    return shift(
        "aten::bitwise_left_shift",
        LEFT,
        scalarOrFail("aten::bitwise_left_shift", self, t),
        other,
        t);
  }

  /**
   * {@code self >> other} on integers (shifts past the width give the sign fill, as in PyTorch).
   */
  @Implements({
    "aten::bitwise_right_shift.Tensor aten::bitwise_right_shift_.Tensor",
    "aten::__rshift__.Tensor aten::__irshift__.Tensor"
  })
  public static Array rightShift(Array self, Array other) {
    return shift("aten::bitwise_right_shift", RIGHT, self, other, resultType(self, other));
  }

  /** {@code self >> other} by a Python int. */
  @Implements({
    "aten::bitwise_right_shift.Tensor_Scalar aten::bitwise_right_shift_.Tensor_Scalar",
    "aten::__rshift__.Scalar aten::__irshift__.Scalar"
  })
  public static Array rightShiftScalar(Array self, Number other) {
    DType t = resultType(self, other);
    return shift(
        "aten::bitwise_right_shift",
        RIGHT,
        self,
        scalarOrFail("aten::bitwise_right_shift", other, t),
        t);
  }

  /** A Python int {@code self >> other}. */
  @Implements("aten::bitwise_right_shift.Scalar_Tensor")
  public static Array rightShiftScalarTensor(Number self, Array other) {
    DType t = resultType(other, self);
    return shift(
        "aten::bitwise_right_shift",
        RIGHT,
        scalarOrFail("aten::bitwise_right_shift", self, t),
        other,
        t);
  }

  private static Array bitwise(
      String op, BinaryOperator<Array> f, Array self, Array other, DType t) {
    if (t.isFloatingPoint()) {
      throw new IllegalArgumentException(
          op + ": not implemented for '" + t.torchName() + "' (needs integer or bool tensors)");
    }
    Array[] xs = ResultTypes.common(op, t, self, other);
    return f.apply(xs[0], xs[1]);
  }

  private static Array shift(String op, boolean left, Array self, Array other, DType t) {
    if (!t.isInteger()) {
      throw new IllegalArgumentException(
          op + ": not implemented for '" + t.torchName() + "' (needs integer tensors)");
    }
    Array[] xs = ResultTypes.common(op, t, self, other);
    if (left) {
      return ElementwiseOps.shiftLeft(xs[0], xs[1]);
    }
    return t.kind() == DType.Kind.UNSIGNED
        ? ElementwiseOps.shiftRightLogical(xs[0], xs[1])
        : ElementwiseOps.shiftRightArithmetic(xs[0], xs[1]);
  }

  private static Array scalarOrFail(String op, Number value, DType t) {
    if (ResultTypes.isFloat(value) || t.isFloatingPoint()) {
      throw new IllegalArgumentException(
          op + ": not implemented for '" + t.torchName() + "' (needs integer or bool operands)");
    }
    return scalar(value, t);
  }

  /** {@code x != 0} (or x itself for bools): PyTorch's truth value of an element. */
  static Array truth(Array x) {
    if (x.dtype() == DType.BOOL) {
      return x;
    }
    return ElementwiseOps.compare(ComparisonDirection.NE, x, ElementwiseOps.fullLike(x, 0));
  }
}
