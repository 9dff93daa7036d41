package dev.torch2jax.hlo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.torch2jax.DType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exact text of whole modules. The module of {@link #everyOp()} was checked once by hand to parse,
 * verify, compile and run on XLA's CPU backend (jaxlib 0.10.2), with the expected numbers.
 */
class ModuleGoldenTest {

  private static final TensorType F23 = TensorType.of(DType.F32, 2, 3);

  @Test
  void addModule() {
    ModuleBuilder m = ModuleBuilder.create("jit_add");
    FunctionBuilder f = m.function("main", List.of(F23, F23));
    f.returns(f.add(f.params().get(0), f.params().get(1)));
    assertEquals(
        """
        module @jit_add {
          func.func public @main(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xf32>) -> (tensor<2x3xf32>) {
            %0 = "stablehlo.add"(%arg0, %arg1) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
            "func.return"(%0) : (tensor<2x3xf32>) -> ()
          }
        }
        """,
        m.toText());
  }

  @Test
  void otherFunctionsArePrivateAndMayReturnNothing() {
    ModuleBuilder m = ModuleBuilder.create("two");
    FunctionBuilder helper = m.function("helper", List.of(TensorType.scalar(DType.I64)));
    helper.returns();
    FunctionBuilder main = m.function("main", List.of());
    main.returns(main.iota(TensorType.of(DType.U32, 4), 0));
    assertEquals(
        """
        module @two {
          func.func private @helper(%arg0: tensor<i64>) -> () {
            "func.return"() : () -> ()
          }
          func.func public @main() -> (tensor<4xui32>) {
            %0 = "stablehlo.iota"() {iota_dimension = 0 : i64} : () -> tensor<4xui32>
            "func.return"(%0) : (tensor<4xui32>) -> ()
          }
        }
        """,
        m.toText());
  }

  @Test
  void reduceRegion() {
    ModuleBuilder m = ModuleBuilder.create("jit_sum");
    FunctionBuilder f = m.function("main", List.of(TensorType.of(DType.I64, 1, 6)));
    Value zero = f.constant(TensorType.scalar(DType.I64), 0L);
    List<Value> sum =
        f.reduce(
            f.params(),
            List.of(zero),
            new long[] {1},
            (b, args) -> b.returns(b.add(args.get(0), args.get(1))));
    f.returns(sum.get(0));
    assertEquals(
        """
        module @jit_sum {
          func.func public @main(%arg0: tensor<1x6xi64>) -> (tensor<1xi64>) {
            %0 = "stablehlo.constant"() {value = dense<0> : tensor<i64>} : () -> tensor<i64>
            %1 = "stablehlo.reduce"(%arg0, %0) ({
            ^bb0(%arg1: tensor<i64>, %arg2: tensor<i64>):
              %2 = "stablehlo.add"(%arg1, %arg2) : (tensor<i64>, tensor<i64>) -> tensor<i64>
              "stablehlo.return"(%2) : (tensor<i64>) -> ()
            }) {dimensions = array<i64: 1>} : (tensor<1x6xi64>, tensor<i64>) -> tensor<1xi64>
            "func.return"(%1) : (tensor<1xi64>) -> ()
          }
        }
        """,
        m.toText());
  }

  @Test
  void reductionInitsMatchTheElementType() {
    ModuleBuilder m = ModuleBuilder.create("inits");
    FunctionBuilder f =
        m.function(
            "main",
            List.of(
                TensorType.of(DType.I8, 2),
                TensorType.of(DType.U16, 2),
                TensorType.of(DType.BOOL, 2),
                TensorType.of(DType.F64, 2)));
    Value i8 = f.params().get(0);
    Value u16 = f.params().get(1);
    Value bool = f.params().get(2);
    Value f64 = f.params().get(3);
    f.returns(
        f.reduceMax(i8, 0),
        f.reduceMin(i8, 0),
        f.reduceMax(u16, 0),
        f.reduceMin(u16, 0),
        f.reduceAnd(u16, 0),
        f.reduceMax(bool, 0),
        f.reduceMin(bool, 0),
        f.reduceAnd(bool, 0),
        f.reduceSum(bool, 0),
        f.reduceProd(f64, 0),
        f.reduceMin(f64, 0));
    String text = m.toText();
    List<String> inits =
        text.lines()
            .filter(l -> l.contains("stablehlo.constant"))
            .map(l -> l.substring(l.indexOf("value = ") + 8, l.indexOf('}')))
            .toList();
    assertEquals(
        List.of(
            "dense<-128> : tensor<i8>",
            "dense<127> : tensor<i8>",
            "dense<0> : tensor<ui16>",
            "dense<65535> : tensor<ui16>",
            "dense<65535> : tensor<ui16>",
            "dense<false> : tensor<i1>",
            "dense<true> : tensor<i1>",
            "dense<true> : tensor<i1>",
            "dense<false> : tensor<i1>",
            "dense<1.000000e+00> : tensor<f64>",
            "dense<0x7FF0000000000000> : tensor<f64>"),
        inits);
    List<String> bodies =
        text.lines()
            .filter(l -> l.contains("(tensor<") && l.contains("%arg") && !l.contains("^bb0"))
            .filter(l -> !l.contains("func.func"))
            .map(l -> l.substring(l.indexOf('"') + 1, l.indexOf("\"(")))
            .toList();
    assertEquals(
        List.of(
            "stablehlo.maximum",
            "stablehlo.minimum",
            "stablehlo.maximum",
            "stablehlo.minimum",
            "stablehlo.and",
            "stablehlo.maximum",
            "stablehlo.minimum",
            "stablehlo.and",
            "stablehlo.add",
            "stablehlo.multiply",
            "stablehlo.minimum"),
        bodies);
  }

  @Test
  void everyOp() {
    ModuleBuilder m = ModuleBuilder.create("jit_everything");
    FunctionBuilder f = m.function("main", List.of(F23, F23, TensorType.of(DType.I32, 3)));
    Value x = f.params().get(0);
    Value y = f.params().get(1);
    Value n = f.params().get(2);
    Value s = f.add(x, y);
    s = f.subtract(s, y);
    s = f.multiply(s, y);
    s = f.divide(s, y);
    s = f.remainder(s, y);
    s = f.maximum(s, y);
    s = f.minimum(s, y);
    s = f.power(s, y);
    s = f.atan2(s, y);
    Value k = f.and(n, n);
    k = f.or(k, n);
    k = f.xor(k, n);
    k = f.shiftLeft(k, n);
    k = f.shiftRightArithmetic(k, n);
    k = f.shiftRightLogical(k, n);
    s = f.abs(s);
    s = f.cbrt(s);
    s = f.ceil(s);
    k = f.countLeadingZeros(k);
    s = f.cosine(s);
    s = f.exponential(s);
    s = f.exponentialMinusOne(s);
    s = f.floor(s);
    f.isFinite(s);
    s = f.log(s);
    s = f.logPlusOne(s);
    s = f.logistic(s);
    s = f.negate(s);
    k = f.not(k);
    k = f.popcnt(k);
    s = f.roundNearestAfz(s);
    s = f.roundNearestEven(s);
    s = f.rsqrt(s);
    s = f.sign(s);
    s = f.sine(s);
    s = f.sqrt(s);
    s = f.tan(s);
    s = f.tanh(s);
    Value p = f.compare(ComparisonDirection.LT, x, y);
    Value pi = f.compare(ComparisonDirection.GE, n, k);
    Value pb = f.compare(ComparisonDirection.EQ, p, p);
    Value sel = f.select(pb, x, s);
    Value c = f.constant(F23, 1, 2, 3, 4, 5, 6);
    Value zero = f.constant(TensorType.scalar(DType.F32), 0.0);
    Value cl = f.clamp(zero, sel, c);
    Value cv = f.convert(k, DType.F32);
    Value bc = f.bitcastConvert(cv, DType.I32);
    Value b = f.broadcastInDim(cv, new long[] {2, 3}, new long[] {1});
    Value r = f.reshape(cl, new long[] {3, 2});
    Value t = f.transpose(r, new long[] {1, 0});
    Value d = f.dotGeneral(t, r, new long[] {}, new long[] {}, new long[] {1}, new long[] {0});
    Value sum = f.reduceSum(b, 1);
    Value mx = f.reduceMax(b, 0, 1);
    Value mn = f.reduceMin(n, 0);
    Value anyv = f.reduceOr(p, 1);
    List<Value> two =
        f.reduce(
            List.of(x, y),
            List.of(zero, zero),
            new long[] {0},
            (rb, args) ->
                rb.returns(rb.add(args.get(0), args.get(2)), rb.maximum(args.get(1), args.get(3))));
    Value io = f.iota(TensorType.of(DType.I32, 2, 3), 1);
    Value sl = f.slice(x, new long[] {0, 1}, new long[] {2, 3}, new long[] {1, 2});
    Value cat = f.concatenate(List.of(x, y), 0);
    Value pd = f.pad(x, zero, new long[] {1, 0}, new long[] {0, -1}, new long[] {1, 0});
    Value rv = f.reverse(x, new long[] {0, 1});
    Value i0 = f.constant(TensorType.scalar(DType.I64), 1L);
    Value ds = f.dynamicSlice(x, List.of(i0, i0), new long[] {1, 2});
    Value dus = f.dynamicUpdateSlice(x, ds, List.of(i0, i0));
    f.returns(d, sum, mx, mn, anyv, two.get(0), two.get(1), io, sl, cat, pd, rv, dus, bc, pi);
    assertEquals(EVERY_OP, m.toText());
  }

  private static final String EVERY_OP =
      """
      module @jit_everything {
        func.func public @main(%arg0: tensor<2x3xf32>, %arg1: tensor<2x3xf32>, %arg2: tensor<3xi32>) -> (tensor<2x2xf32>, tensor<2xf32>, tensor<f32>, tensor<i32>, tensor<2xi1>, tensor<3xf32>, tensor<3xf32>, tensor<2x3xi32>, tensor<2x1xf32>, tensor<4x3xf32>, tensor<4x2xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xi32>, tensor<3xi1>) {
          %0 = "stablehlo.add"(%arg0, %arg1) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
          %1 = "stablehlo.subtract"(%0, %arg1) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
          %2 = "stablehlo.multiply"(%1, %arg1) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
          %3 = "stablehlo.divide"(%2, %arg1) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
          %4 = "stablehlo.remainder"(%3, %arg1) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
          %5 = "stablehlo.maximum"(%4, %arg1) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
          %6 = "stablehlo.minimum"(%5, %arg1) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
          %7 = "stablehlo.power"(%6, %arg1) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
          %8 = "stablehlo.atan2"(%7, %arg1) : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
          %9 = "stablehlo.and"(%arg2, %arg2) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
          %10 = "stablehlo.or"(%9, %arg2) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
          %11 = "stablehlo.xor"(%10, %arg2) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
          %12 = "stablehlo.shift_left"(%11, %arg2) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
          %13 = "stablehlo.shift_right_arithmetic"(%12, %arg2) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
          %14 = "stablehlo.shift_right_logical"(%13, %arg2) : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi32>
          %15 = "stablehlo.abs"(%8) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %16 = "stablehlo.cbrt"(%15) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %17 = "stablehlo.ceil"(%16) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %18 = "stablehlo.count_leading_zeros"(%14) : (tensor<3xi32>) -> tensor<3xi32>
          %19 = "stablehlo.cosine"(%17) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %20 = "stablehlo.exponential"(%19) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %21 = "stablehlo.exponential_minus_one"(%20) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %22 = "stablehlo.floor"(%21) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %23 = "stablehlo.is_finite"(%22) : (tensor<2x3xf32>) -> tensor<2x3xi1>
          %24 = "stablehlo.log"(%22) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %25 = "stablehlo.log_plus_one"(%24) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %26 = "stablehlo.logistic"(%25) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %27 = "stablehlo.negate"(%26) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %28 = "stablehlo.not"(%18) : (tensor<3xi32>) -> tensor<3xi32>
          %29 = "stablehlo.popcnt"(%28) : (tensor<3xi32>) -> tensor<3xi32>
          %30 = "stablehlo.round_nearest_afz"(%27) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %31 = "stablehlo.round_nearest_even"(%30) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %32 = "stablehlo.rsqrt"(%31) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %33 = "stablehlo.sign"(%32) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %34 = "stablehlo.sine"(%33) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %35 = "stablehlo.sqrt"(%34) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %36 = "stablehlo.tan"(%35) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %37 = "stablehlo.tanh"(%36) : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %38 = "stablehlo.compare"(%arg0, %arg1) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xi1>
          %39 = "stablehlo.compare"(%arg2, %29) {comparison_direction = #stablehlo<comparison_direction GE>, compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<3xi32>, tensor<3xi32>) -> tensor<3xi1>
          %40 = "stablehlo.compare"(%38, %38) {comparison_direction = #stablehlo<comparison_direction EQ>, compare_type = #stablehlo<comparison_type UNSIGNED>} : (tensor<2x3xi1>, tensor<2x3xi1>) -> tensor<2x3xi1>
          %41 = "stablehlo.select"(%40, %arg0, %37) : (tensor<2x3xi1>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
          %42 = "stablehlo.constant"() {value = dense<[[1.000000e+00, 2.000000e+00, 3.000000e+00], [4.000000e+00, 5.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>} : () -> tensor<2x3xf32>
          %43 = "stablehlo.constant"() {value = dense<0.000000e+00> : tensor<f32>} : () -> tensor<f32>
          %44 = "stablehlo.clamp"(%43, %41, %42) : (tensor<f32>, tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
          %45 = "stablehlo.convert"(%29) : (tensor<3xi32>) -> tensor<3xf32>
          %46 = "stablehlo.bitcast_convert"(%45) : (tensor<3xf32>) -> tensor<3xi32>
          %47 = "stablehlo.broadcast_in_dim"(%45) {broadcast_dimensions = array<i64: 1>} : (tensor<3xf32>) -> tensor<2x3xf32>
          %48 = "stablehlo.reshape"(%44) : (tensor<2x3xf32>) -> tensor<3x2xf32>
          %49 = "stablehlo.transpose"(%48) {permutation = array<i64: 1, 0>} : (tensor<3x2xf32>) -> tensor<2x3xf32>
          %50 = "stablehlo.dot_general"(%49, %48) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>, precision_config = [#stablehlo<precision DEFAULT>, #stablehlo<precision DEFAULT>]} : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
          %51 = "stablehlo.constant"() {value = dense<0.000000e+00> : tensor<f32>} : () -> tensor<f32>
          %52 = "stablehlo.reduce"(%47, %51) ({
          ^bb0(%arg3: tensor<f32>, %arg4: tensor<f32>):
            %53 = "stablehlo.add"(%arg3, %arg4) : (tensor<f32>, tensor<f32>) -> tensor<f32>
            "stablehlo.return"(%53) : (tensor<f32>) -> ()
          }) {dimensions = array<i64: 1>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<2xf32>
          %54 = "stablehlo.constant"() {value = dense<0xFF800000> : tensor<f32>} : () -> tensor<f32>
          %55 = "stablehlo.reduce"(%47, %54) ({
          ^bb0(%arg5: tensor<f32>, %arg6: tensor<f32>):
            %56 = "stablehlo.maximum"(%arg5, %arg6) : (tensor<f32>, tensor<f32>) -> tensor<f32>
            "stablehlo.return"(%56) : (tensor<f32>) -> ()
          }) {dimensions = array<i64: 0, 1>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<f32>
          %57 = "stablehlo.constant"() {value = dense<2147483647> : tensor<i32>} : () -> tensor<i32>
          %58 = "stablehlo.reduce"(%arg2, %57) ({
          ^bb0(%arg7: tensor<i32>, %arg8: tensor<i32>):
            %59 = "stablehlo.minimum"(%arg7, %arg8) : (tensor<i32>, tensor<i32>) -> tensor<i32>
            "stablehlo.return"(%59) : (tensor<i32>) -> ()
          }) {dimensions = array<i64: 0>} : (tensor<3xi32>, tensor<i32>) -> tensor<i32>
          %60 = "stablehlo.constant"() {value = dense<false> : tensor<i1>} : () -> tensor<i1>
          %61 = "stablehlo.reduce"(%38, %60) ({
          ^bb0(%arg9: tensor<i1>, %arg10: tensor<i1>):
            %62 = "stablehlo.or"(%arg9, %arg10) : (tensor<i1>, tensor<i1>) -> tensor<i1>
            "stablehlo.return"(%62) : (tensor<i1>) -> ()
          }) {dimensions = array<i64: 1>} : (tensor<2x3xi1>, tensor<i1>) -> tensor<2xi1>
          %63:2 = "stablehlo.reduce"(%arg0, %arg1, %43, %43) ({
          ^bb0(%arg11: tensor<f32>, %arg12: tensor<f32>, %arg13: tensor<f32>, %arg14: tensor<f32>):
            %64 = "stablehlo.add"(%arg11, %arg13) : (tensor<f32>, tensor<f32>) -> tensor<f32>
            %65 = "stablehlo.maximum"(%arg12, %arg14) : (tensor<f32>, tensor<f32>) -> tensor<f32>
            "stablehlo.return"(%64, %65) : (tensor<f32>, tensor<f32>) -> ()
          }) {dimensions = array<i64: 0>} : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<f32>, tensor<f32>) -> (tensor<3xf32>, tensor<3xf32>)
          %66 = "stablehlo.iota"() {iota_dimension = 1 : i64} : () -> tensor<2x3xi32>
          %67 = "stablehlo.slice"(%arg0) {start_indices = array<i64: 0, 1>, limit_indices = array<i64: 2, 3>, strides = array<i64: 1, 2>} : (tensor<2x3xf32>) -> tensor<2x1xf32>
          %68 = "stablehlo.concatenate"(%arg0, %arg1) {dimension = 0 : i64} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
          %69 = "stablehlo.pad"(%arg0, %43) {edge_padding_low = array<i64: 1, 0>, edge_padding_high = array<i64: 0, -1>, interior_padding = array<i64: 1, 0>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<4x2xf32>
          %70 = "stablehlo.reverse"(%arg0) {dimensions = array<i64: 0, 1>} : (tensor<2x3xf32>) -> tensor<2x3xf32>
          %71 = "stablehlo.constant"() {value = dense<1> : tensor<i64>} : () -> tensor<i64>
          %72 = "stablehlo.dynamic_slice"(%arg0, %71, %71) {slice_sizes = array<i64: 1, 2>} : (tensor<2x3xf32>, tensor<i64>, tensor<i64>) -> tensor<1x2xf32>
          %73 = "stablehlo.dynamic_update_slice"(%arg0, %72, %71, %71) : (tensor<2x3xf32>, tensor<1x2xf32>, tensor<i64>, tensor<i64>) -> tensor<2x3xf32>
          "func.return"(%50, %52, %55, %58, %61, %63#0, %63#1, %66, %67, %68, %69, %70, %73, %46, %39) : (tensor<2x2xf32>, tensor<2xf32>, tensor<f32>, tensor<i32>, tensor<2xi1>, tensor<3xf32>, tensor<3xf32>, tensor<2x3xi32>, tensor<2x1xf32>, tensor<4x3xf32>, tensor<4x2xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<3xi32>, tensor<3xi1>) -> ()
        }
      }
      """;
}
