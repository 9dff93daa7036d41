package dev.torch2jax.hlo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.DType;
import dev.torch2jax.core.Backend;
import dev.torch2jax.pjrt.PjrtBuffer;
import dev.torch2jax.pjrt.PjrtExecutable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden text, checks and plugin runs of the gather, scatter and sort builder methods. */
class IndexingOpsBuilderTest {
  private static final long[] NONE = {};

  private static TensorType t(DType dtype, long... shape) {
    return TensorType.of(dtype, shape);
  }

  @Test
  void gatherGolden() {
    ModuleBuilder m = ModuleBuilder.create("g");
    FunctionBuilder f = m.function("main", List.of(t(DType.F32, 10, 4), t(DType.I32, 3, 1)));
    GatherDimensionNumbers dn =
        GatherDimensionNumbers.of(new long[] {1}, new long[] {0}, new long[] {0}, 1);
    f.returns(f.gather(f.params().get(0), f.params().get(1), dn, new long[] {1, 4}, false));
    assertEquals(
        """
        module @g {
          func.func public @main(%arg0: tensor<10x4xf32>, %arg1: tensor<3x1xi32>) -> (tensor<3x4xf32>) {
            %0 = "stablehlo.gather"(%arg0, %arg1) {dimension_numbers = #stablehlo.gather<offset_dims = [1], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = 1>, indices_are_sorted = false, slice_sizes = array<i64: 1, 4>} : (tensor<10x4xf32>, tensor<3x1xi32>) -> tensor<3x4xf32>
            "func.return"(%0) : (tensor<3x4xf32>) -> ()
          }
        }
        """,
        m.toText());
  }

  @Test
  void gatherShapeOfTheSpecExample() {
    GatherDimensionNumbers dn =
        new GatherDimensionNumbers(
            new long[] {3, 4},
            new long[] {1},
            new long[] {0},
            new long[] {1},
            new long[] {2, 1},
            3);
    assertArrayEquals(
        new long[] {2, 2, 3, 2, 2},
        dn.resultShape(new long[] {2, 3, 4, 2}, new long[] {2, 2, 3, 2}, new long[] {1, 1, 2, 2}));
  }

  @Test
  void gatherRejectsBadDimensionNumbers() {
    ModuleBuilder m = ModuleBuilder.create("g");
    FunctionBuilder f = m.function("main", List.of(t(DType.F32, 10, 4), t(DType.I32, 3, 1)));
    Value x = f.params().get(0);
    Value i = f.params().get(1);
    // collapsed dimension with slice size 4
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                f.gather(
                    x,
                    i,
                    GatherDimensionNumbers.of(new long[] {1}, new long[] {0}, new long[] {0}, 1),
                    new long[] {4, 4},
                    false));
    assertTrue(e.getMessage().startsWith("stablehlo.gather: "), e.getMessage());
    assertTrue(e.getMessage().contains("tensor<10x4xf32>"), e.getMessage());
    // start_index_map of the wrong length
    assertThrows(
        IllegalArgumentException.class,
        () ->
            f.gather(
                x,
                i,
                GatherDimensionNumbers.of(new long[] {1}, new long[] {0}, new long[] {0, 1}, 1),
                new long[] {1, 4},
                false));
    // ranks do not add up
    assertThrows(
        IllegalArgumentException.class,
        () ->
            f.gather(
                x,
                i,
                GatherDimensionNumbers.of(new long[] {1}, NONE, new long[] {0}, 1),
                new long[] {1, 4},
                false));
    // float indices
    FunctionBuilder g = ModuleBuilder.create("h").function("main", List.of(t(DType.F32, 3, 1)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            g.gather(
                g.params().get(0),
                g.params().get(0),
                GatherDimensionNumbers.of(new long[] {1}, new long[] {0}, new long[] {0}, 1),
                new long[] {1, 1},
                false));
    f.returns(x);
    assertFalse(m.toText().contains("gather"), m.toText());
  }

  @Test
  void scatterGolden() {
    ModuleBuilder m = ModuleBuilder.create("s");
    FunctionBuilder f =
        m.function("main", List.of(t(DType.F32, 10, 4), t(DType.I64, 3, 1), t(DType.F32, 3, 4)));
    ScatterDimensionNumbers dn =
        ScatterDimensionNumbers.of(new long[] {1}, new long[] {0}, new long[] {0}, 1);
    List<Value> out =
        f.scatter(
            List.of(f.params().get(0)),
            f.params().get(1),
            List.of(f.params().get(2)),
            dn,
            false,
            false,
            (b, args) -> b.returns(b.add(args.get(0), args.get(1))));
    f.returns(out.get(0));
    assertEquals(
        """
        module @s {
          func.func public @main(%arg0: tensor<10x4xf32>, %arg1: tensor<3x1xi64>, %arg2: tensor<3x4xf32>) -> (tensor<10x4xf32>) {
            %0 = "stablehlo.scatter"(%arg0, %arg1, %arg2) ({
            ^bb0(%arg3: tensor<f32>, %arg4: tensor<f32>):
              %1 = "stablehlo.add"(%arg3, %arg4) : (tensor<f32>, tensor<f32>) -> tensor<f32>
              "stablehlo.return"(%1) : (tensor<f32>) -> ()
            }) {indices_are_sorted = false, scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [1], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = 1>, unique_indices = false} : (tensor<10x4xf32>, tensor<3x1xi64>, tensor<3x4xf32>) -> tensor<10x4xf32>
            "func.return"(%0) : (tensor<10x4xf32>) -> ()
          }
        }
        """,
        m.toText());
  }

  @Test
  void scatterRejectsBadOperands() {
    FunctionBuilder f =
        ModuleBuilder.create("s")
            .function("main", List.of(t(DType.F32, 10, 4), t(DType.I64, 3, 1), t(DType.F32, 2, 4)));
    ScatterDimensionNumbers dn =
        ScatterDimensionNumbers.of(new long[] {1}, new long[] {0}, new long[] {0}, 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                f.scatter(
                    List.of(f.params().get(0)),
                    f.params().get(1),
                    List.of(f.params().get(2)),
                    dn,
                    false,
                    false,
                    (b, args) -> b.returns(args.get(1))));
    assertTrue(e.getMessage().startsWith("stablehlo.scatter: update scatter dimension 0"));
    // a region returning the wrong type
    FunctionBuilder g =
        ModuleBuilder.create("s")
            .function("main", List.of(t(DType.F32, 10, 4), t(DType.I64, 3, 1), t(DType.F32, 3, 4)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            g.scatter(
                List.of(g.params().get(0)),
                g.params().get(1),
                List.of(g.params().get(2)),
                dn,
                false,
                false,
                (b, args) ->
                    b.returns(b.compare(ComparisonDirection.LT, args.get(0), args.get(1)))));
  }

  @Test
  void sortGolden() {
    ModuleBuilder m = ModuleBuilder.create("s");
    FunctionBuilder f = m.function("main", List.of(t(DType.F32, 5), t(DType.I32, 5)));
    List<Value> out =
        f.sort(
            f.params(),
            0,
            true,
            (b, args) -> b.returns(b.compare(ComparisonDirection.LT, args.get(0), args.get(1))));
    f.returns(out.get(0), out.get(1));
    assertEquals(
        """
        module @s {
          func.func public @main(%arg0: tensor<5xf32>, %arg1: tensor<5xi32>) -> (tensor<5xf32>, tensor<5xi32>) {
            %0:2 = "stablehlo.sort"(%arg0, %arg1) ({
            ^bb0(%arg2: tensor<f32>, %arg3: tensor<f32>, %arg4: tensor<i32>, %arg5: tensor<i32>):
              %1 = "stablehlo.compare"(%arg2, %arg3) {comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type FLOAT>} : (tensor<f32>, tensor<f32>) -> tensor<i1>
              "stablehlo.return"(%1) : (tensor<i1>) -> ()
            }) {dimension = 0 : i64, is_stable = true} : (tensor<5xf32>, tensor<5xi32>) -> (tensor<5xf32>, tensor<5xi32>)
            "func.return"(%0#0, %0#1) : (tensor<5xf32>, tensor<5xi32>) -> ()
          }
        }
        """,
        m.toText());
  }

  @Test
  void sortRejectsBadInputs() {
    FunctionBuilder f =
        ModuleBuilder.create("s").function("main", List.of(t(DType.F32, 5), t(DType.I32, 4)));
    assertThrows(
        IllegalArgumentException.class,
        () -> f.sort(f.params(), 0, true, (b, args) -> b.returns(args.get(0))));
    FunctionBuilder g = ModuleBuilder.create("s").function("main", List.of(t(DType.F32)));
    assertThrows(
        IllegalArgumentException.class,
        () -> g.sort(g.params(), 0, true, (b, args) -> b.returns(args.get(0))));
    FunctionBuilder h = ModuleBuilder.create("s").function("main", List.of(t(DType.F32, 3)));
    // the comparator must return i1
    assertThrows(
        IllegalArgumentException.class,
        () -> h.sort(h.params(), 0, true, (b, args) -> b.returns(args.get(0))));
  }

  /** The spec's gather and scatter examples with batching dimensions, run on the plugin. */
  @Test
  void specExamplesWithBatchingDimsRunOnThePlugin() {
    long[] operand = new long[48];
    for (int i = 0; i < 48; i++) {
      operand[i] = i + 1;
    }
    long[] indices = {0, 0, 1, 0, 2, 1, 0, 1, 1, 1, 0, 9, 0, 0, 2, 1, 2, 2, 1, 2, 0, 1, 1, 0};
    ModuleBuilder m = ModuleBuilder.create("g");
    FunctionBuilder f =
        m.function("main", List.of(t(DType.I64, 2, 3, 4, 2), t(DType.I64, 2, 2, 3, 2)));
    GatherDimensionNumbers dn =
        new GatherDimensionNumbers(
            new long[] {3, 4},
            new long[] {1},
            new long[] {0},
            new long[] {1},
            new long[] {2, 1},
            3);
    f.returns(f.gather(f.params().get(0), f.params().get(1), dn, new long[] {1, 1, 2, 2}, false));
    long[] gathered =
        run(m.toText(), operand, new long[] {2, 3, 4, 2}, indices, new long[] {2, 2, 3, 2});
    assertArrayEquals(
        new long[] {
          1, 2, 3, 4, 3, 4, 5, 6, 13, 14, 15, 16, 33, 34, 35, 36, 35, 36, 37, 38, 41, 42, 43, 44, 1,
          2, 3, 4, 13, 14, 15, 16, 21, 22, 23, 24, 43, 44, 45, 46, 33, 34, 35, 36, 27, 28, 29, 30
        },
        gathered);
  }

  private static long[] run(String module, long[] a, long[] aShape, long[] b, long[] bShape) {
    var client = Backend.client();
    try (PjrtExecutable exe = client.compile(module);
        Arena arena = Arena.ofConfined()) {
      MemorySegment ma = arena.allocateFrom(ValueLayout.JAVA_LONG, a);
      MemorySegment mb = arena.allocateFrom(ValueLayout.JAVA_LONG, b);
      PjrtBuffer ba = client.bufferFromHost(ma, DType.I64, aShape);
      PjrtBuffer bb = client.bufferFromHost(mb, DType.I64, bShape);
      PjrtBuffer[] out = exe.execute(ba, bb);
      byte[] bytes = out[0].toBytes();
      long[] r = new long[bytes.length / 8];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(r);
      ba.close();
      bb.close();
      out[0].close();
      return r;
    }
  }
}
