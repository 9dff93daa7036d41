package dev.torch2jax.hlo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.DType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values stay in their builder, functions end once, and a rejected op writes nothing. */
class BuilderStateTest {
  private static final TensorType F3 = TensorType.of(DType.F32, 3);
  private static final TensorType SCALAR = TensorType.scalar(DType.F32);

  @Test
  void rejectsValuesOfAnotherFunction() {
    ModuleBuilder m = ModuleBuilder.create("m");
    FunctionBuilder main = m.function("main", List.of(F3));
    FunctionBuilder other = m.function("other", List.of(F3));
    Value mine = main.params().get(0);
    Value theirs = other.params().get(0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> main.add(mine, theirs));
    assertEquals(
        "stablehlo.add: operand %arg0 of type tensor<3xf32> belongs to function @other, not to"
            + " function @main",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> main.returns(theirs));
  }

  @Test
  void rejectsValuesOfAnotherModule() {
    FunctionBuilder a = ModuleBuilder.create("a").function("main", List.of(F3));
    FunctionBuilder b = ModuleBuilder.create("b").function("main", List.of(F3));
    assertThrows(IllegalArgumentException.class, () -> a.negate(b.params().get(0)));
  }

  @Test
  void regionsSeeOnlyTheirOwnValues() {
    FunctionBuilder f = ModuleBuilder.create("m").function("main", List.of(F3, SCALAR));
    Value outer = f.params().get(1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                f.reduce(
                    List.of(f.params().get(0)),
                    List.of(outer),
                    new long[] {0},
                    (b, args) -> b.returns(b.add(args.get(0), outer))));
    assertTrue(e.getMessage().startsWith("stablehlo.add: operand %arg1"), e.getMessage());
    assertTrue(e.getMessage().contains("not to a region of stablehlo.reduce"), e.getMessage());

    List<Value> leaked = new ArrayList<>();
    f.reduce(
        List.of(f.params().get(0)),
        List.of(outer),
        new long[] {0},
        (b, args) -> {
          leaked.addAll(args);
          b.returns(b.add(args.get(0), args.get(1)));
        });
    assertThrows(IllegalArgumentException.class, () -> f.add(leaked.get(0), outer));
  }

  @Test
  void namesStayUniqueAcrossNestedRegions() {
    ModuleBuilder m = ModuleBuilder.create("m");
    FunctionBuilder f = m.function("main", List.of(TensorType.of(DType.F32, 2, 3)));
    Value zero = f.constant(SCALAR, 0.0);
    Value r =
        f.reduce(
                f.params(),
                List.of(zero),
                new long[] {0, 1},
                (b, args) -> {
                  Value inner = b.reduceMax(b.reshape(args.get(1), new long[] {1}), 0);
                  b.returns(b.add(args.get(0), inner));
                })
            .get(0);
    f.returns(r);
    assertEquals(
        """
        module @m {
          func.func public @main(%arg0: tensor<2x3xf32>) -> (tensor<f32>) {
            %0 = "stablehlo.constant"() {value = dense<0.000000e+00> : tensor<f32>} : () -> tensor<f32>
            %1 = "stablehlo.reduce"(%arg0, %0) ({
            ^bb0(%arg1: tensor<f32>, %arg2: tensor<f32>):
              %2 = "stablehlo.reshape"(%arg2) : (tensor<f32>) -> tensor<1xf32>
              %3 = "stablehlo.constant"() {value = dense<0xFF800000> : tensor<f32>} : () -> tensor<f32>
              %4 = "stablehlo.reduce"(%2, %3) ({
              ^bb0(%arg3: tensor<f32>, %arg4: tensor<f32>):
                %5 = "stablehlo.maximum"(%arg3, %arg4) : (tensor<f32>, tensor<f32>) -> tensor<f32>
                "stablehlo.return"(%5) : (tensor<f32>) -> ()
              }) {dimensions = array<i64: 0>} : (tensor<1xf32>, tensor<f32>) -> tensor<f32>
              %6 = "stablehlo.add"(%arg1, %4) : (tensor<f32>, tensor<f32>) -> tensor<f32>
              "stablehlo.return"(%6) : (tensor<f32>) -> ()
            }) {dimensions = array<i64: 0, 1>} : (tensor<2x3xf32>, tensor<f32>) -> tensor<f32>
            "func.return"(%1) : (tensor<f32>) -> ()
          }
        }
        """,
        m.toText());
  }

  @Test
  void noOpsAfterReturns() {
    FunctionBuilder f = ModuleBuilder.create("m").function("main", List.of(F3));
    Value x = f.params().get(0);
    f.returns(x);
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> f.negate(x));
    assertEquals("stablehlo.negate: function @main has already returned", e.getMessage());
    assertThrows(IllegalStateException.class, () -> f.returns(x));
    assertThrows(IllegalStateException.class, () -> f.constant(SCALAR, 1.0));
  }

  @Test
  void textNeedsEveryFunctionToReturn() {
    ModuleBuilder m = ModuleBuilder.create("m");
    m.function("main", List.of(F3));
    IllegalStateException e = assertThrows(IllegalStateException.class, m::toText);
    assertEquals("function @main has no returns(...)", e.getMessage());
  }

  @Test
  void rejectedOpsWriteNothing() {
    ModuleBuilder m = ModuleBuilder.create("m");
    FunctionBuilder f = m.function("main", List.of(F3, SCALAR));
    Value x = f.params().get(0);
    assertThrows(IllegalArgumentException.class, () -> f.add(x, f.params().get(1)));
    assertThrows(IllegalArgumentException.class, () -> f.sqrt(f.convert(x, DType.I32)));
    f.returns(x);
    String text = m.toText();
    assertTrue(!text.contains("stablehlo.add") && !text.contains("stablehlo.sqrt"), text);
  }

  @Test
  void checksModuleAndFunctionNames() {
    assertThrows(IllegalArgumentException.class, () -> ModuleBuilder.create("jit add"));
    assertThrows(IllegalArgumentException.class, () -> ModuleBuilder.create("1m"));
    ModuleBuilder m = ModuleBuilder.create("jit_f.v2");
    m.function("main", List.of());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.function("main", List.of()));
    assertEquals("module @jit_f.v2 already has @main", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> m.function("@f", List.of()));
  }
}
