package dev.torch2jax.aten;

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

  /** Logical and: the truth values of both (non-zero is true) combined, a bool tensor. */
  @Implements("aten::logical_and aten::logical_and_")
  public static Array logicalAnd(Array self, Array other) {
    long[] shape = ResultTypes.broadcastShape("aten::logical_and", self, other);
    return ElementwiseOps.and(
        Jnp.broadcastTo(truth(self), shape), Jnp.broadcastTo(truth(other), shape));
  }

  /** Logical or: the truth values of both (non-zero is true) combined, a bool tensor. */
  @Implements("aten::logical_or aten::logical_or_")
  public static Array logicalOr(Array self, Array other) {
    long[] shape = ResultTypes.broadcastShape("aten::logical_or", self, other);
    return ElementwiseOps.or(
        Jnp.broadcastTo(truth(self), shape), Jnp.broadcastTo(truth(other), shape));
  }

  /** Logical xor: the truth values of both (non-zero is true) combined, a bool tensor. */
  @Implements("aten::logical_xor aten::logical_xor_")
  public static Array logicalXor(Array self, Array other) {
    long[] shape = ResultTypes.broadcastShape("aten::logical_xor", self, other);
    return ElementwiseOps.xor(
        Jnp.broadcastTo(truth(self), shape), Jnp.broadcastTo(truth(other), shape));
  }

  /**
   * Bitwise {@code &}, {@code |}, {@code ^} of integers (logical for bools) and shifts {@code <<},
   * {@code >>} of integers, as the overload's name says; floats are rejected. A left shift past the
   * width gives 0, a right shift the sign fill, as in PyTorch.
   */
  @Implements({
    "aten::bitwise_and.Tensor aten::bitwise_and_.Tensor aten::__and__.Tensor aten::__iand__.Tensor",
    "aten::bitwise_or.Tensor aten::bitwise_or_.Tensor aten::__or__.Tensor aten::__ior__.Tensor",
    "aten::bitwise_xor.Tensor aten::bitwise_xor_.Tensor aten::__xor__.Tensor aten::__ixor__.Tensor",
    "aten::bitwise_left_shift.Tensor aten::bitwise_left_shift_.Tensor",
    "aten::__lshift__.Tensor aten::__ilshift__.Tensor",
    "aten::bitwise_right_shift.Tensor aten::bitwise_right_shift_.Tensor",
    "aten::__rshift__.Tensor aten::__irshift__.Tensor"
  })
  public static Array bitwise(String overload, Array self, Array other) {
    return IntegerOp.of(overload).apply(self, other);
  }

  /** {@link #bitwise} with a Python int as {@code other}. */
  @Implements({
    "aten::bitwise_and.Scalar aten::bitwise_and_.Scalar aten::__and__.Scalar aten::__iand__.Scalar",
    "aten::bitwise_or.Scalar aten::bitwise_or_.Scalar aten::__or__.Scalar aten::__ior__.Scalar",
    "aten::bitwise_xor.Scalar aten::bitwise_xor_.Scalar aten::__xor__.Scalar aten::__ixor__.Scalar",
    "aten::bitwise_left_shift.Tensor_Scalar aten::bitwise_left_shift_.Tensor_Scalar",
    "aten::__lshift__.Scalar aten::__ilshift__.Scalar",
    "aten::bitwise_right_shift.Tensor_Scalar aten::bitwise_right_shift_.Tensor_Scalar",
    "aten::__rshift__.Scalar aten::__irshift__.Scalar"
  })
  public static Array bitwiseScalar(String overload, Array self, Number other) {
    return IntegerOp.of(overload).apply(self, other);
  }

  /** {@link #bitwise} with a Python int as {@code self}. */
  @Implements({
    "aten::bitwise_and.Scalar_Tensor aten::bitwise_or.Scalar_Tensor",
    "aten::bitwise_xor.Scalar_Tensor aten::bitwise_left_shift.Scalar_Tensor",
    "aten::bitwise_right_shift.Scalar_Tensor"
  })
  public static Array bitwiseScalarTensor(String overload, Number self, Array other) {
    return IntegerOp.of(overload).apply(self, other);
  }

  /**
   * A bitwise op or shift: its ATen name for messages, whether it takes bools as well as integers,
   * and the elementwise op on operands of the common dtype.
   */
  private record IntegerOp(String name, boolean takesBool, BinaryOperator<Array> f) {
    /** The op an overload such as {@code aten::__ilshift__.Scalar} names. */
    static IntegerOp of(String overload) {
      String op = OverloadNames.operator(overload).replaceAll("^bitwise_|^__i?|_+$", "");
      return switch (op) {
        case "and" -> new IntegerOp("aten::bitwise_and", true, ElementwiseOps::and);
        case "or" -> new IntegerOp("aten::bitwise_or", true, ElementwiseOps::or);
        case "xor" -> new IntegerOp("aten::bitwise_xor", true, ElementwiseOps::xor);
        case "left_shift", "lshift" ->
            new IntegerOp("aten::bitwise_left_shift", false, ElementwiseOps::shiftLeft);
        case "right_shift", "rshift" ->
            new IntegerOp("aten::bitwise_right_shift", false, IntegerOp::shiftRight);
        default -> throw new IllegalArgumentException("%s is not a bitwise op".formatted(overload));
      };
    }

    Array apply(Array self, Array other) {
      return apply(self, other, resultType(self, other));
    }

    /** With a Python int as {@code other}. */
    Array apply(Array self, Number other) {
      DType t = resultType(self, other);
      return apply(self, scalar(other, t), t);
    }

    /** With a Python int as {@code self}. */
    Array apply(Number self, Array other) {
      DType t = resultType(other, self);
      return apply(scalar(self, t), other, t);
    }

    private Array apply(Array self, Array other, DType t) {
      if (takesBool ? t.isFloatingPoint() : !t.isInteger()) {
        throw new IllegalArgumentException(
            "%s: not implemented for '%s' (needs integer%s tensors)"
                .formatted(name, t.torchName(), takesBool ? " or bool" : ""));
      }
      Array[] xs = ResultTypes.common(name, t, self, other);
      return f.apply(xs[0], xs[1]);
    }

    /** A Python int operand; a float, or a float tensor to combine it with, is rejected. */
    private Array scalar(Number value, DType t) {
      if (ResultTypes.isFloat(value) || t.isFloatingPoint()) {
        throw new IllegalArgumentException(
            "%s: not implemented for '%s' (needs integer or bool operands)"
                .formatted(name, t.torchName()));
      }
      return Constants.scalar(value, t);
    }

    /** Sign fill for signed integers, zero fill for unsigned ones. */
    private static Array shiftRight(Array x, Array by) {
      return x.dtype().kind() == DType.Kind.UNSIGNED
          ? ElementwiseOps.shiftRightLogical(x, by)
          : ElementwiseOps.shiftRightArithmetic(x, by);
    }
  }

  /** {@code x != 0} (or x itself for bools): PyTorch's truth value of an element. */
  static Array truth(Array x) {
    if (x.dtype() == DType.BOOL) {
      return x;
    }
    return ElementwiseOps.compare(ComparisonDirection.NE, x, ElementwiseOps.fullLike(x, 0));
  }
}
