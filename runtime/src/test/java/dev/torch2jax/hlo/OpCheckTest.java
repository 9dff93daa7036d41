package dev.torch2jax.hlo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.DType;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every op rejects bad operands with a message naming the op and the types involved. */
class OpCheckTest {
  private ModuleBuilder module;
  private FunctionBuilder f;
  private Value f23; // tensor<2x3xf32>
  private Value f3; // tensor<3xf32>
  private Value i3; // tensor<3xi32>
  private Value b3; // tensor<3xi1>
  private Value u3; // tensor<3xui8>
  private Value fs; // tensor<f32>
  private Value is; // tensor<i32>
  private Value ls; // tensor<i64>

  @BeforeEach
  void setUp() {
    module = ModuleBuilder.create("checks");
    f =
        module.function(
            "main",
            List.of(
                TensorType.of(DType.F32, 2, 3),
                TensorType.of(DType.F32, 3),
                TensorType.of(DType.I32, 3),
                TensorType.of(DType.BOOL, 3),
                TensorType.of(DType.U8, 3),
                TensorType.scalar(DType.F32),
                TensorType.scalar(DType.I32),
                TensorType.scalar(DType.I64)));
    List<Value> p = f.params();
    f23 = p.get(0);
    f3 = p.get(1);
    i3 = p.get(2);
    b3 = p.get(3);
    u3 = p.get(4);
    fs = p.get(5);
    is = p.get(6);
    ls = p.get(7);
  }

  /** Asserts a rejection whose message starts with {@code op: } and shows each of {@code types}. */
  private static String assertRejects(String op, List<Value> shown, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    String m = e.getMessage();
    assertTrue(m.startsWith(op + ": "), m);
    for (Value v : shown) {
      assertTrue(m.contains(v.type().toString()), m + " should show " + v.type());
    }
    return m;
  }

  @Test
  void binaryOperandTypesMustMatch() {
    String m = assertRejects("stablehlo.add", List.of(f23, f3), () -> f.add(f23, f3));
    assertEquals("stablehlo.add: operand types differ: tensor<2x3xf32> vs tensor<3xf32>", m);
    assertRejects("stablehlo.multiply", List.of(f3, i3), () -> f.multiply(f3, i3));
    assertRejects("stablehlo.maximum", List.of(i3, u3), () -> f.maximum(i3, u3));
  }

  @Test
  void binaryElementClasses() {
    String m = assertRejects("stablehlo.atan2", List.of(i3), () -> f.atan2(i3, i3));
    assertEquals(
        "stablehlo.atan2: needs floating-point operands, got tensor<3xi32> and tensor<3xi32>", m);
    assertRejects("stablehlo.and", List.of(f3), () -> f.and(f3, f3));
    assertRejects("stablehlo.or", List.of(f3), () -> f.or(f3, f3));
    assertRejects("stablehlo.xor", List.of(f3), () -> f.xor(f3, f3));
    assertRejects("stablehlo.subtract", List.of(b3), () -> f.subtract(b3, b3));
    assertRejects("stablehlo.divide", List.of(b3), () -> f.divide(b3, b3));
    assertRejects("stablehlo.remainder", List.of(b3), () -> f.remainder(b3, b3));
    assertRejects("stablehlo.power", List.of(b3), () -> f.power(b3, b3));
    assertRejects("stablehlo.shift_left", List.of(f3), () -> f.shiftLeft(f3, f3));
    assertRejects(
        "stablehlo.shift_right_arithmetic", List.of(b3), () -> f.shiftRightArithmetic(b3, b3));
    assertRejects("stablehlo.shift_right_logical", List.of(f3), () -> f.shiftRightLogical(f3, f3));
  }

  @Test
  void logicalAndArithmeticOpsAcceptTheirTypes() {
    f.and(b3, b3);
    f.xor(u3, u3);
    f.add(b3, b3);
    f.maximum(b3, b3);
    f.shiftLeft(u3, u3);
    f.negate(i3);
    f.not(b3);
    f.abs(i3);
    f.sign(f3);
  }

  @Test
  void unaryElementClasses() {
    String m = assertRejects("stablehlo.sqrt", List.of(i3), () -> f.sqrt(i3));
    assertEquals("stablehlo.sqrt: needs a floating-point operand, got tensor<3xi32>", m);
    assertRejects("stablehlo.not", List.of(f3), () -> f.not(f3));
    assertRejects("stablehlo.popcnt", List.of(f3), () -> f.popcnt(f3));
    assertRejects("stablehlo.count_leading_zeros", List.of(b3), () -> f.countLeadingZeros(b3));
    assertRejects("stablehlo.abs", List.of(u3), () -> f.abs(u3));
    assertRejects("stablehlo.sign", List.of(u3), () -> f.sign(u3));
    assertRejects("stablehlo.negate", List.of(b3), () -> f.negate(b3));
    assertRejects("stablehlo.is_finite", List.of(i3), () -> f.isFinite(i3));
    for (UnaryOp op :
        List.of(
            UnaryOp.CBRT,
            UnaryOp.CEIL,
            UnaryOp.COSINE,
            UnaryOp.EXPONENTIAL,
            UnaryOp.EXPONENTIAL_MINUS_ONE,
            UnaryOp.FLOOR,
            UnaryOp.LOG,
            UnaryOp.LOG_PLUS_ONE,
            UnaryOp.LOGISTIC,
            UnaryOp.ROUND_NEAREST_AFZ,
            UnaryOp.ROUND_NEAREST_EVEN,
            UnaryOp.RSQRT,
            UnaryOp.SINE,
            UnaryOp.TAN,
            UnaryOp.TANH)) {
      assertRejects(op.opName(), List.of(i3), () -> f.unary(op, i3));
    }
  }

  @Test
  void isFiniteGivesBools() {
    assertEquals(TensorType.of(DType.BOOL, 2, 3), f.isFinite(f23).type());
  }

  @Test
  void compareChecksTypesAndPicksCompareType() {
    assertRejects(
        "stablehlo.compare", List.of(f3, i3), () -> f.compare(ComparisonDirection.EQ, f3, i3));
    Value c = f.compare(ComparisonDirection.NE, u3, u3);
    assertEquals(TensorType.of(DType.BOOL, 3), c.type());
    f.returns(c);
    assertTrue(module.toText().contains("#stablehlo<comparison_type UNSIGNED>"));
  }

  @Test
  void select() {
    Value p23 = f.compare(ComparisonDirection.LT, f23, f23);
    assertRejects("stablehlo.select", List.of(i3), () -> f.select(i3, f3, f3));
    assertRejects("stablehlo.select", List.of(p23, f3), () -> f.select(p23, f3, f3));
    assertRejects("stablehlo.select", List.of(f3, fs), () -> f.select(b3, f3, fs));
    Value scalarPred = f.compare(ComparisonDirection.LT, fs, fs);
    assertEquals(f23.type(), f.select(scalarPred, f23, f23).type());
  }

  @Test
  void clamp() {
    assertRejects("stablehlo.clamp", List.of(f3, f23), () -> f.clamp(f3, f23, fs));
    assertRejects("stablehlo.clamp", List.of(is, f3), () -> f.clamp(is, f3, fs));
    assertEquals(f23.type(), f.clamp(fs, f23, fs).type());
  }

  @Test
  void convertAndBitcast() {
    assertEquals(TensorType.of(DType.BF16, 3), f.convert(i3, DType.BF16).type());
    assertEquals(TensorType.of(DType.U8, 3, 4), f.bitcastConvert(f3, DType.U8).type());
    Value halves = f.bitcastConvert(f3, DType.F16);
    assertEquals(TensorType.of(DType.F32, 3), f.bitcastConvert(halves, DType.F32).type());
    assertRejects("stablehlo.bitcast_convert", List.of(b3), () -> f.bitcastConvert(b3, DType.U8));
    assertRejects("stablehlo.bitcast_convert", List.of(u3), () -> f.bitcastConvert(u3, DType.F32));
  }

  @Test
  void broadcastInDim() {
    String m =
        assertRejects(
            "stablehlo.broadcast_in_dim",
            List.of(f3),
            () -> f.broadcastInDim(f3, new long[] {3, 2}, new long[] {1}));
    assertEquals(
        "stablehlo.broadcast_in_dim: operand dimension 0 of size 3 cannot broadcast to result"
            + " dimension 1: tensor<3xf32> to tensor<3x2xf32>",
        m);
    assertRejects(
        "stablehlo.broadcast_in_dim",
        List.of(f3),
        () -> f.broadcastInDim(f3, new long[] {2, 3}, new long[] {2}));
    assertRejects(
        "stablehlo.broadcast_in_dim",
        List.of(f23),
        () -> f.broadcastInDim(f23, new long[] {3, 3}, new long[] {1, 1}));
    assertRejects(
        "stablehlo.broadcast_in_dim",
        List.of(f23),
        () -> f.broadcastInDim(f23, new long[] {2, 3}, new long[] {0}));
    assertRejects(
        "stablehlo.broadcast_in_dim",
        List.of(f3),
        () -> f.broadcastInDim(f3, new long[] {2, 3}, new long[] {-1}));
    Value one = f.reshape(fs, new long[] {1});
    assertEquals(
        TensorType.of(DType.F32, 4, 5),
        f.broadcastInDim(one, new long[] {4, 5}, new long[] {0}).type());
  }

  @Test
  void reshapeAndTranspose() {
    String m =
        assertRejects("stablehlo.reshape", List.of(f23), () -> f.reshape(f23, new long[] {4}));
    assertTrue(m.contains("tensor<4xf32>"), m);
    assertRejects("stablehlo.transpose", List.of(f23), () -> f.transpose(f23, new long[] {0, 0}));
    assertRejects("stablehlo.transpose", List.of(f23), () -> f.transpose(f23, new long[] {1}));
    assertRejects("stablehlo.transpose", List.of(f23), () -> f.transpose(f23, new long[] {1, 2}));
    assertEquals(TensorType.of(DType.F32, 3, 2), f.transpose(f23, new long[] {1, 0}).type());
  }

  @Test
  void dotGeneral() {
    long[] none = {};
    assertRejects(
        "stablehlo.dot_general",
        List.of(f23, i3),
        () -> f.dotGeneral(f23, i3, none, none, new long[] {1}, new long[] {0}));
    String m =
        assertRejects(
            "stablehlo.dot_general",
            List.of(f23, f23),
            () -> f.dotGeneral(f23, f23, none, none, new long[] {1}, new long[] {0}));
    assertEquals(
        "stablehlo.dot_general: lhs dimension 1 and rhs dimension 0 differ in size:"
            + " tensor<2x3xf32> and tensor<2x3xf32>",
        m);
    assertRejects(
        "stablehlo.dot_general",
        List.of(f23, f3),
        () -> f.dotGeneral(f23, f3, none, none, new long[] {1}, none));
    assertRejects(
        "stablehlo.dot_general",
        List.of(f23, f3),
        () -> f.dotGeneral(f23, f3, none, none, new long[] {2}, new long[] {0}));
    assertRejects(
        "stablehlo.dot_general",
        List.of(f23, f23),
        () ->
            f.dotGeneral(f23, f23, new long[] {0}, new long[] {0}, new long[] {0}, new long[] {1}));
    Value batched = f.reshape(f23, new long[] {2, 3, 1});
    Value rhs = f.reshape(f23, new long[] {2, 1, 3});
    assertEquals(
        TensorType.of(DType.F32, 2, 3, 3),
        f.dotGeneral(batched, rhs, new long[] {0}, new long[] {0}, new long[] {2}, new long[] {1})
            .type());
    assertEquals(
        TensorType.of(DType.F32, 2, 3, 3), f.dotGeneral(f23, f3, none, none, none, none).type());
  }

  @Test
  void reduce() {
    RegionBody sum = (b, a) -> b.returns(b.add(a.get(0), a.get(1)));
    assertRejects(
        "stablehlo.reduce",
        List.of(f23, f3),
        () -> f.reduce(List.of(f23), List.of(f3), new long[] {0}, sum));
    assertRejects(
        "stablehlo.reduce",
        List.of(f23, is),
        () -> f.reduce(List.of(f23), List.of(is), new long[] {0}, sum));
    assertRejects(
        "stablehlo.reduce",
        List.of(f23),
        () -> f.reduce(List.of(f23), List.of(fs), new long[] {2}, sum));
    assertRejects(
        "stablehlo.reduce",
        List.of(f23, f3),
        () -> f.reduce(List.of(f23, f3), List.of(fs, fs), new long[] {0}, sum));
    assertRejects(
        "stablehlo.reduce",
        List.of(f23, fs),
        () -> f.reduce(List.of(f23), List.of(fs, fs), new long[] {0}, sum));
    String m =
        assertRejects(
            "stablehlo.reduce",
            List.of(),
            () ->
                f.reduce(
                    List.of(f23),
                    List.of(fs),
                    new long[] {0},
                    (b, a) -> b.returns(b.compare(ComparisonDirection.LT, a.get(0), a.get(1)))));
    assertEquals("stablehlo.reduce: body must return (tensor<f32>), returned (tensor<i1>)", m);
    m =
        assertRejects(
            "stablehlo.reduce",
            List.of(),
            () ->
                f.reduce(
                    List.of(f23),
                    List.of(fs),
                    new long[] {0},
                    (b, a) -> b.add(a.get(0), a.get(1))));
    assertEquals("stablehlo.reduce: body must return (tensor<f32>), returned nothing", m);
    assertRejects("stablehlo.reduce", List.of(f3), () -> f.reduceAnd(f3, 0));
    assertRejects("stablehlo.reduce", List.of(f3), () -> f.reduceSum(f3, 1));
    assertEquals(TensorType.of(DType.F32, 3), f.reduceMax(f23, 0).type());
    assertEquals(TensorType.scalar(DType.F32), f.reduceMax(f23, 1, 0).type());
  }

  @Test
  void rejectedReductionsLeaveNoInitConstant() {
    assertThrows(IllegalArgumentException.class, () -> f.reduceAnd(f3, 0));
    assertThrows(IllegalArgumentException.class, () -> f.reduceMax(f3, 3));
    f.returns();
    assertTrue(!module.toText().contains("stablehlo.constant"), module.toText());
  }

  @Test
  void iota() {
    assertRejects("stablehlo.iota", List.of(b3), () -> f.iota(TensorType.of(DType.BOOL, 3), 0));
    assertRejects("stablehlo.iota", List.of(i3), () -> f.iota(TensorType.of(DType.I32, 3), 1));
    assertRejects("stablehlo.iota", List.of(is), () -> f.iota(TensorType.scalar(DType.I32), 0));
  }

  @Test
  void slice() {
    assertRejects(
        "stablehlo.slice",
        List.of(f23),
        () -> f.slice(f23, new long[] {0, 0}, new long[] {2, 4}, new long[] {1, 1}));
    assertRejects(
        "stablehlo.slice",
        List.of(f23),
        () -> f.slice(f23, new long[] {1, 0}, new long[] {0, 3}, new long[] {1, 1}));
    assertRejects(
        "stablehlo.slice",
        List.of(f23),
        () -> f.slice(f23, new long[] {0, 0}, new long[] {2, 3}, new long[] {1, 0}));
    assertRejects(
        "stablehlo.slice",
        List.of(f23),
        () -> f.slice(f23, new long[] {0}, new long[] {2}, new long[] {1}));
    assertEquals(
        TensorType.of(DType.F32, 1, 2),
        f.slice(f23, new long[] {1, 0}, new long[] {2, 3}, new long[] {1, 2}).type());
  }

  @Test
  void concatenate() {
    assertRejects(
        "stablehlo.concatenate", List.of(f23, f3), () -> f.concatenate(List.of(f23, f3), 0));
    assertRejects(
        "stablehlo.concatenate", List.of(f3, i3), () -> f.concatenate(List.of(f3, i3), 0));
    assertRejects("stablehlo.concatenate", List.of(f3), () -> f.concatenate(List.of(f3), 1));
    assertRejects("stablehlo.concatenate", List.of(), () -> f.concatenate(List.of(), 0));
    Value f13 = f.reshape(f3, new long[] {1, 3});
    assertEquals(TensorType.of(DType.F32, 3, 3), f.concatenate(List.of(f23, f13), 0).type());
  }

  @Test
  void pad() {
    long[] zeros = {0, 0};
    assertRejects("stablehlo.pad", List.of(f23, f3), () -> f.pad(f23, f3, zeros, zeros, zeros));
    assertRejects("stablehlo.pad", List.of(f23, is), () -> f.pad(f23, is, zeros, zeros, zeros));
    assertRejects(
        "stablehlo.pad", List.of(f23), () -> f.pad(f23, fs, zeros, zeros, new long[] {0, -1}));
    assertRejects(
        "stablehlo.pad",
        List.of(f23),
        () -> f.pad(f23, fs, new long[] {0, -2}, new long[] {0, -2}, zeros));
    assertRejects(
        "stablehlo.pad", List.of(f23), () -> f.pad(f23, fs, zeros, zeros, new long[] {0}));
  }

  @Test
  void reverse() {
    assertRejects("stablehlo.reverse", List.of(f23), () -> f.reverse(f23, new long[] {1, 1}));
    assertRejects("stablehlo.reverse", List.of(f23), () -> f.reverse(f23, new long[] {2}));
  }

  @Test
  void dynamicSliceAndUpdate() {
    assertRejects(
        "stablehlo.dynamic_slice",
        List.of(f23, fs),
        () -> f.dynamicSlice(f23, List.of(fs, fs), new long[] {1, 1}));
    assertRejects(
        "stablehlo.dynamic_slice",
        List.of(f23, is, ls),
        () -> f.dynamicSlice(f23, List.of(is, ls), new long[] {1, 1}));
    assertRejects(
        "stablehlo.dynamic_slice",
        List.of(f23),
        () -> f.dynamicSlice(f23, List.of(is), new long[] {1, 1}));
    assertRejects(
        "stablehlo.dynamic_slice",
        List.of(f23),
        () -> f.dynamicSlice(f23, List.of(is, is), new long[] {3, 1}));
    assertRejects(
        "stablehlo.dynamic_update_slice",
        List.of(f3, f23),
        () -> f.dynamicUpdateSlice(f3, f23, List.of(is)));
    assertRejects(
        "stablehlo.dynamic_update_slice",
        List.of(f3, i3),
        () -> f.dynamicUpdateSlice(f3, i3, List.of(is)));
    assertRejects(
        "stablehlo.dynamic_update_slice",
        List.of(f3, i3),
        () -> f.dynamicUpdateSlice(f3, f3, List.of(i3)));
  }
}
