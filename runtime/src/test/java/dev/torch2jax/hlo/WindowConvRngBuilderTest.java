package dev.torch2jax.hlo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.Backend;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.pjrt.PjrtBuffer;
import dev.torch2jax.pjrt.PjrtExecutable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden text of reduce_window, select_and_scatter, convolution and rng_bit_generator, the examples
 * of the StableHLO spec run on XLA's CPU backend, and the checks of each op.
 */
class WindowConvRngBuilderTest {
  private static final TensorType I64 = TensorType.scalar(DType.I64);

  /** Compiles {@code m} and runs it on {@code args}; returns the outputs. */
  private static List<Array> run(ModuleBuilder m, Array... args) {
    PjrtExecutable exe = Backend.client().compile(m.toText());
    PjrtBuffer[] in = new PjrtBuffer[args.length];
    for (int i = 0; i < args.length; i++) {
      in[i] = ((DeviceArray) args[i]).buffer();
    }
    return java.util.Arrays.stream(exe.execute(in)).map(b -> (Array) new DeviceArray(b)).toList();
  }

  @Test
  void reduceWindowSpecExample() {
    ModuleBuilder m = ModuleBuilder.create("rw");
    FunctionBuilder f = m.function("main", List.of(TensorType.of(DType.I64, 3, 2)));
    Value zero = f.constant(I64, 0L);
    List<Value> out =
        f.reduceWindow(
            f.params(),
            List.of(zero),
            new long[] {2, 1},
            new long[] {4, 1},
            new long[] {2, 1},
            new long[] {3, 1},
            new long[][] {{2, 1}, {0, 0}},
            (b, args) -> b.returns(b.add(args.get(0), args.get(1))));
    f.returns(out.get(0));
    assertEquals(
        """
        module @rw {
          func.func public @main(%arg0: tensor<3x2xi64>) -> (tensor<2x2xi64>) {
            %0 = "stablehlo.constant"() {value = dense<0> : tensor<i64>} : () -> tensor<i64>
            %1 = "stablehlo.reduce_window"(%arg0, %0) ({
            ^bb0(%arg1: tensor<i64>, %arg2: tensor<i64>):
              %2 = "stablehlo.add"(%arg1, %arg2) : (tensor<i64>, tensor<i64>) -> tensor<i64>
              "stablehlo.return"(%2) : (tensor<i64>) -> ()
            }) {window_dimensions = array<i64: 2, 1>, window_strides = array<i64: 4, 1>, \
        base_dilations = array<i64: 2, 1>, window_dilations = array<i64: 3, 1>, \
        padding = dense<[[2, 1], [0, 0]]> : tensor<2x2xi64>} : (tensor<3x2xi64>, tensor<i64>) -> tensor<2x2xi64>
            "func.return"(%1) : (tensor<2x2xi64>) -> ()
          }
        }
        """,
        m.toText());
    Array result = run(m, Array.of(new long[] {1, 2, 3, 4, 5, 6}, 3, 2)).get(0);
    assertArrayEquals(new long[] {0, 0, 3, 4}, result.toLongArray());
  }

  @Test
  void variadicReduceWindowNamesEachResult() {
    ModuleBuilder m = ModuleBuilder.create("rw2");
    TensorType t = TensorType.of(DType.F32, 4);
    FunctionBuilder f = m.function("main", List.of(t, TensorType.of(DType.I32, 4)));
    Value ninf = f.constant(TensorType.scalar(DType.F32), Double.NEGATIVE_INFINITY);
    Value zero = f.constant(TensorType.scalar(DType.I32), 0L);
    List<Value> out =
        f.reduceWindow(
            f.params(),
            List.of(ninf, zero),
            new long[] {2},
            new long[] {2},
            new long[] {1},
            new long[] {1},
            new long[][] {{0, 0}},
            (b, args) -> {
              Value keep = b.compare(ComparisonDirection.GE, args.get(0), args.get(2));
              b.returns(
                  b.select(keep, args.get(0), args.get(2)),
                  b.select(keep, args.get(1), args.get(3)));
            });
    f.returns(out.get(0), out.get(1));
    String text = m.toText();
    assertTrue(text.contains("%2:2 = \"stablehlo.reduce_window\"(%arg0, %arg1, %0, %1) ({"), text);
    assertTrue(text.contains("\"func.return\"(%2#0, %2#1)"), text);
    List<Array> r =
        run(m, Array.of(new float[] {1, 5, 7, 2}), Array.of(new int[] {10, 20, 30, 40}));
    assertArrayEquals(new float[] {5, 7}, r.get(0).toFloatArray());
    assertArrayEquals(new int[] {20, 30}, r.get(1).toIntArray());
  }

  @Test
  void selectAndScatterSpecExample() {
    ModuleBuilder m = ModuleBuilder.create("sas");
    FunctionBuilder f =
        m.function("main", List.of(TensorType.of(DType.I64, 4, 2), TensorType.of(DType.I64, 2, 2)));
    Value zero = f.constant(I64, 0L);
    f.returns(
        f.selectAndScatter(
            f.params().get(0),
            f.params().get(1),
            zero,
            new long[] {3, 1},
            new long[] {2, 1},
            new long[][] {{0, 1}, {0, 0}},
            (b, args) -> b.returns(b.compare(ComparisonDirection.GE, args.get(0), args.get(1))),
            (b, args) -> b.returns(b.add(args.get(0), args.get(1)))));
    assertEquals(
        """
        module @sas {
          func.func public @main(%arg0: tensor<4x2xi64>, %arg1: tensor<2x2xi64>) -> (tensor<4x2xi64>) {
            %0 = "stablehlo.constant"() {value = dense<0> : tensor<i64>} : () -> tensor<i64>
            %1 = "stablehlo.select_and_scatter"(%arg0, %arg1, %0) ({
            ^bb0(%arg2: tensor<i64>, %arg3: tensor<i64>):
              %2 = "stablehlo.compare"(%arg2, %arg3) {comparison_direction = #stablehlo<comparison_direction GE>, \
        compare_type = #stablehlo<comparison_type SIGNED>} : (tensor<i64>, tensor<i64>) -> tensor<i1>
              "stablehlo.return"(%2) : (tensor<i1>) -> ()
            }, {
            ^bb0(%arg4: tensor<i64>, %arg5: tensor<i64>):
              %3 = "stablehlo.add"(%arg4, %arg5) : (tensor<i64>, tensor<i64>) -> tensor<i64>
              "stablehlo.return"(%3) : (tensor<i64>) -> ()
            }) {window_dimensions = array<i64: 3, 1>, window_strides = array<i64: 2, 1>, \
        padding = dense<[[0, 1], [0, 0]]> : tensor<2x2xi64>} : (tensor<4x2xi64>, tensor<2x2xi64>, tensor<i64>) -> tensor<4x2xi64>
            "func.return"(%1) : (tensor<4x2xi64>) -> ()
          }
        }
        """,
        m.toText());
  }

  @Test
  void convolutionSpecExample() {
    ModuleBuilder m = ModuleBuilder.create("conv");
    FunctionBuilder f =
        m.function(
            "main",
            List.of(TensorType.of(DType.I64, 1, 4, 4, 1), TensorType.of(DType.I64, 3, 3, 1, 1)));
    f.returns(
        f.convolution(
            f.params().get(0),
            f.params().get(1),
            new long[] {4, 4},
            new long[][] {{0, 0}, {0, 0}},
            new long[] {2, 2},
            new long[] {1, 1},
            new long[] {0, 3, 1, 2},
            new long[] {3, 2, 0, 1},
            new long[] {0, 3, 1, 2},
            1,
            1));
    assertEquals(
        """
        module @conv {
          func.func public @main(%arg0: tensor<1x4x4x1xi64>, %arg1: tensor<3x3x1x1xi64>) -> (tensor<1x2x2x1xi64>) {
            %0 = "stablehlo.convolution"(%arg0, %arg1) {window_strides = array<i64: 4, 4>, \
        padding = dense<[[0, 0], [0, 0]]> : tensor<2x2xi64>, lhs_dilation = array<i64: 2, 2>, \
        rhs_dilation = array<i64: 1, 1>, dimension_numbers = #stablehlo.conv<[b, 0, 1, f]x[0, 1, i, o]->[b, 0, 1, f]>, \
        feature_group_count = 1 : i64, batch_group_count = 1 : i64, \
        precision_config = [#stablehlo<precision DEFAULT>, #stablehlo<precision DEFAULT>]} : \
        (tensor<1x4x4x1xi64>, tensor<3x3x1x1xi64>) -> tensor<1x2x2x1xi64>
            "func.return"(%0) : (tensor<1x2x2x1xi64>) -> ()
          }
        }
        """,
        m.toText());
    long[] lhs = {1, 2, 5, 6, 3, 4, 7, 8, 10, 11, 14, 15, 12, 13, 16, 17};
    long[] rhs = new long[9];
    java.util.Arrays.fill(rhs, 1);
    Array out = run(m, Array.of(lhs, 1, 4, 4, 1), Array.of(rhs, 3, 3, 1, 1)).get(0);
    assertArrayEquals(new long[] {10, 26, 46, 62}, out.toLongArray());
  }

  @Test
  void convolutionWithoutSpatialDimensions() {
    ModuleBuilder m = ModuleBuilder.create("conv0");
    FunctionBuilder f =
        m.function("main", List.of(TensorType.of(DType.F32, 2, 3), TensorType.of(DType.F32, 4, 3)));
    Value y =
        f.convolution(
            f.params().get(0),
            f.params().get(1),
            new long[0],
            new long[0][],
            new long[0],
            new long[0],
            new long[] {0, 1},
            new long[] {0, 1},
            new long[] {0, 1},
            1,
            1);
    f.returns(y);
    assertTrue(m.toText().contains("padding = dense<> : tensor<0x2xi64>"), m.toText());
    assertTrue(m.toText().contains("#stablehlo.conv<[b, f]x[o, i]->[b, f]>"), m.toText());
    assertArrayEquals(new long[] {2, 4}, y.shape());
  }

  @Test
  void rngBitGenerator() {
    ModuleBuilder m = ModuleBuilder.create("rng");
    FunctionBuilder f = m.function("main", List.of(TensorType.of(DType.U64, 2)));
    List<Value> out =
        f.rngBitGenerator(
            RngAlgorithm.THREE_FRY, f.params().get(0), TensorType.of(DType.U32, 2, 3));
    f.returns(out.get(0), out.get(1));
    assertEquals(
        """
        module @rng {
          func.func public @main(%arg0: tensor<2xui64>) -> (tensor<2xui64>, tensor<2x3xui32>) {
            %0:2 = "stablehlo.rng_bit_generator"(%arg0) {rng_algorithm = #stablehlo<rng_algorithm THREE_FRY>} \
        : (tensor<2xui64>) -> (tensor<2xui64>, tensor<2x3xui32>)
            "func.return"(%0#0, %0#1) : (tensor<2xui64>, tensor<2x3xui32>) -> ()
          }
        }
        """,
        m.toText());
    List<Array> r =
        run(
            m,
            Array.fromBytes(
                new byte[] {1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0}, DType.U64, 2));
    assertArrayEquals(new long[] {2, 3}, r.get(1).shape());
  }

  @Test
  void opsCheckTheirOperandsAndLeaveTheTextUnchanged() {
    ModuleBuilder m = ModuleBuilder.create("bad");
    TensorType f45 = TensorType.of(DType.F32, 4, 5);
    FunctionBuilder f = m.function("main", List.of(f45, TensorType.of(DType.F32, 3, 4, 5)));
    Value x = f.params().get(0);
    Value x3 = f.params().get(1);
    Value zero = f.constant(TensorType.scalar(DType.F32), 0.0);
    Value izero = f.constant(TensorType.scalar(DType.I32), 0L);
    long[] one2 = {1, 1};
    long[][] noPad = {{0, 0}, {0, 0}};
    RegionBody add = (b, a) -> b.returns(b.add(a.get(0), a.get(1)));
    assertFails(
        () -> f.reduceWindow(List.of(x), List.of(izero), one2, one2, one2, one2, noPad, add),
        "stablehlo.reduce_window: init value");
    assertFails(
        () ->
            f.reduceWindow(List.of(x), List.of(zero), new long[] {1}, one2, one2, one2, noPad, add),
        "entries each");
    assertFails(
        () ->
            f.reduceWindow(
                List.of(x), List.of(zero), new long[] {0, 1}, one2, one2, one2, noPad, add),
        "positive");
    assertFails(
        () ->
            f.reduceWindow(
                List.of(x),
                List.of(zero),
                one2,
                one2,
                one2,
                one2,
                new long[][] {{-5, 0}, {0, 0}},
                add),
        "cuts more");
    assertFails(
        () ->
            f.reduceWindow(
                List.of(x),
                List.of(zero),
                one2,
                one2,
                one2,
                one2,
                noPad,
                (b, a) -> b.returns(a.get(0), a.get(1))),
        "body must return");
    assertFails(
        () ->
            f.selectAndScatter(
                x,
                x,
                zero,
                new long[] {2, 2},
                one2,
                noPad,
                (b, a) -> b.returns(b.compare(ComparisonDirection.GE, a.get(0), a.get(1))),
                add),
        "one element per window");
    assertFails(
        () -> f.selectAndScatter(x, x, zero, one2, one2, noPad, add, add), "body must return");
    assertFails(
        () ->
            f.convolution(
                x3,
                x3,
                new long[] {1},
                new long[][] {{0, 0}},
                new long[] {1},
                new long[] {1},
                new long[] {0, 1, 1},
                new long[] {0, 1, 2},
                new long[] {0, 1, 2},
                1,
                1),
        "not distinct");
    assertFails(
        () ->
            f.convolution(
                x3,
                x3,
                new long[] {1},
                new long[][] {{0, 0}},
                new long[] {1},
                new long[] {1},
                new long[] {0, 1, 2},
                new long[] {0, 1, 2},
                new long[] {0, 1, 2},
                2,
                2),
        "group counts");
    assertFails(
        () ->
            f.convolution(
                x3,
                x3,
                new long[] {1},
                new long[][] {{0, 0}},
                new long[] {1},
                new long[] {1},
                new long[] {0, 1, 2},
                new long[] {0, 1, 2},
                new long[] {0, 1, 2},
                2,
                1),
        "feature sizes");
    assertFails(
        () -> f.rngBitGenerator(RngAlgorithm.THREE_FRY, x, TensorType.of(DType.U32, 2)),
        "state must be ui64");
    Value state = f.constant(TensorType.of(DType.U64, 3), 1L);
    assertFails(
        () -> f.rngBitGenerator(RngAlgorithm.THREE_FRY, state, TensorType.of(DType.U32, 2)),
        "state must be ui64");
    f.rngBitGenerator(RngAlgorithm.PHILOX, state, TensorType.of(DType.U32, 2));
    assertFails(
        () -> f.rngBitGenerator(RngAlgorithm.PHILOX, state, TensorType.of(DType.BOOL, 2)),
        "integer or floating-point");
    f.returns(x);
    String text = m.toText();
    // Only the constants and the one valid rng op were written.
    assertEquals(1, text.split("stablehlo.rng_bit_generator", -1).length - 1, text);
    assertTrue(
        !text.contains("reduce_window")
            && !text.contains("convolution")
            && !text.contains("select_and_scatter"),
        text);
  }

  private static void assertFails(Runnable r, String fragment) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
    assertTrue(e.getMessage().startsWith("stablehlo."), e.getMessage());
  }
}
