package dev.torch2jax.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.DType;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small readers: libtorch schemas and their defaults, sympy sizes, export enums. */
class SchemaReadingTest {

  @Test
  void schemaDefaultsBecomeOpArgumentValues() {
    OpSchema conv = OpSchemas.lookup("aten::conv2d").orElseThrow();
    assertEquals(
        List.of("input", "weight", "bias", "stride", "padding", "dilation", "groups"),
        conv.parameters().stream().map(OpSchema.Parameter::name).toList());
    assertEquals(null, conv.parameters().get(2).defaultValue());
    assertEquals(List.of(1L, 1L), conv.parameters().get(3).defaultValue());
    assertEquals(1L, conv.parameters().get(6).defaultValue());
    OpSchema pool = OpSchemas.lookup("aten::max_pool2d").orElseThrow();
    assertEquals(List.of(), pool.parameters().get(2).defaultValue(), "int[2] stride=[]");
    assertEquals(List.of(0L, 0L), pool.parameters().get(3).defaultValue(), "int[2] padding=0");
    assertEquals(OpSchema.REQUIRED, conv.parameters().get(0).defaultValue());

    OpSchema add = OpSchemas.lookup("aten::add_.Tensor").orElseThrow();
    assertTrue(add.parameters().get(0).mutable(), "Tensor(a!) self");
    assertEquals(2, add.indexOf("alpha"));

    OpSchema gelu = OpSchemas.lookup("aten::gelu").orElseThrow();
    assertEquals("none", gelu.parameters().get(1).defaultValue());
    assertEquals(
        1e-5,
        OpSchemas.lookup("aten::layer_norm").orElseThrow().parameters().get(4).defaultValue());
    assertTrue(OpSchemas.lookup("aten::no_such_op").isEmpty());
  }

  @Test
  void sympySizesEvaluate() {
    SymbolicExpr e =
        SymbolicExpr.parse(
            "Add(Mul(Integer(2), Symbol('s77', positive=True, integer=True)),"
                + " FloorDiv(Symbol('s0', integer=True), Integer(3)))");
    assertEquals(2 * 5 + 7 / 3, e.eval(Map.of("s77", 5L, "s0", 7L)));
    assertEquals(-1, SymbolicExpr.parse("Mod(Integer(-7), Integer(3))").eval(Map.of()) - 3);
    IllegalArgumentException unbound =
        assertThrows(
            IllegalArgumentException.class,
            () -> SymbolicExpr.parse("Symbol('s1', integer=True)").eval(Map.of()));
    assertTrue(unbound.getMessage().contains("s1"), unbound.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SymbolicExpr.parse("Mul(Integer(2)"));
  }

  @Test
  void exportEnumsUseTheExportNumbering() {
    assertEquals(
        List.of(DType.F32, DType.I64, DType.F16, DType.BOOL, DType.BF16, DType.U8),
        Arrays.stream(new long[] {7, 5, 6, 12, 13, 1}).mapToObj(ExportEnums::dtype).toList());
    assertEquals("strided", ExportEnums.layout(7));
    assertEquals("contiguous_format", ExportEnums.memoryFormat(1));
    assertEquals("preserve_format", ExportEnums.memoryFormat(4));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ExportEnums.dtype(29));
    assertTrue(e.getMessage().contains("ScalarType 29"), e.getMessage());
  }
}
