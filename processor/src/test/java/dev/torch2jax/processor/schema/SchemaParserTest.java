package dev.torch2jax.processor.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaParserTest {

  @Test
  void parsesKwargOnlyAndDefaults() {
    Schema s =
        SchemaParser.parse(
            "aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor");
    assertEquals("aten::add", s.name());
    assertEquals("Tensor", s.overload());
    assertEquals("aten::add.Tensor", s.fullName());
    assertEquals(3, s.arguments().size());
    Schema.Argument alpha = s.arguments().get(2);
    assertEquals("alpha", alpha.name());
    assertEquals("Scalar", alpha.type().toString());
    assertEquals(new DefaultValue.Int(1), alpha.defaultValue());
    assertTrue(alpha.kwargOnly());
    assertFalse(s.arguments().get(1).kwargOnly());
    assertEquals(2, s.requiredCount());
    assertEquals(List.of(new Schema.Return(new SchemaType.Named("Tensor"), null)), s.returns());
  }

  @Test
  void parsesAliasesListsOptionalsAndDefaultOverload() {
    Schema s =
        SchemaParser.parse(
            "aten::max_pool2d(Tensor(a!) self, int[2] kernel_size, int[2] stride=[], int[2]"
                + " padding=0, SymInt[]? dilation=None, bool ceil_mode=False) -> Tensor(a!)");
    assertEquals("", s.overload());
    assertEquals("aten::max_pool2d", s.fullName());
    assertEquals("a!", s.arguments().get(0).alias());
    assertEquals(
        new SchemaType.ListOf(new SchemaType.Named("int"), 2), s.arguments().get(1).type());
    assertEquals(new DefaultValue.ListOf(List.of()), s.arguments().get(2).defaultValue());
    assertEquals(
        new SchemaType.Optional(new SchemaType.ListOf(new SchemaType.Named("SymInt"), -1)),
        s.arguments().get(4).type());
    assertEquals(new DefaultValue.None(), s.arguments().get(4).defaultValue());
    assertEquals(new DefaultValue.Bool(false), s.arguments().get(5).defaultValue());
  }

  @Test
  void parsesTupleReturnsAndAliasedLists() {
    Schema s =
        SchemaParser.parse(
            "aten::split.Tensor(Tensor(a -> *) self, SymInt split_size, int dim=0) -> Tensor(a)[]");
    assertEquals("a -> *", s.arguments().get(0).alias());
    assertEquals("Tensor[]", s.returns().get(0).type().toString());
    Schema t =
        SchemaParser.parse(
            "aten::max.dim(Tensor self, int dim, bool keepdim=False) -> (Tensor values, Tensor indices)");
    assertEquals(2, t.returns().size());
    assertEquals("indices", t.returns().get(1).name());
    Schema none =
        SchemaParser.parse("aten::_foreach_add_.Scalar(Tensor(a!)[] self, Scalar scalar) -> ()");
    assertTrue(none.returns().isEmpty());
    assertEquals("a!", none.arguments().get(0).alias());
    assertEquals("Tensor[]", none.arguments().get(0).type().toString());
  }

  @Test
  void parsesFloatsStringsAndLists() {
    Schema s =
        SchemaParser.parse(
            "aten::f(float eps=1.0000000000000001e-05, float m=0.5, float big=1., str a=\"\\\"\\'\\\\\","
                + " str b=\" \\n\\t\", int[] d=[-2, -1], float x=-inf) -> Tensor");
    assertEquals(new DefaultValue.Float(1e-05), s.arguments().get(0).defaultValue());
    assertEquals(new DefaultValue.Float(0.5), s.arguments().get(1).defaultValue());
    assertEquals(new DefaultValue.Float(1.0), s.arguments().get(2).defaultValue());
    assertEquals(new DefaultValue.Str("\"'\\"), s.arguments().get(3).defaultValue());
    assertEquals(new DefaultValue.Str(" \n\t"), s.arguments().get(4).defaultValue());
    assertEquals(
        new DefaultValue.ListOf(List.of(new DefaultValue.Int(-2), new DefaultValue.Int(-1))),
        s.arguments().get(5).defaultValue());
    assertEquals(
        new DefaultValue.Float(Double.NEGATIVE_INFINITY), s.arguments().get(6).defaultValue());
  }

  @Test
  void parsesDictsTypeVariablesAndVarargs() {
    Schema d = SchemaParser.parse("aten::values.str(Dict(str, t) self) -> t[](*)");
    assertEquals(
        new SchemaType.Dict(new SchemaType.Named("str"), new SchemaType.Named("t")),
        d.arguments().get(0).type());
    assertEquals("t[]", d.returns().get(0).type().toString());
    Schema v = SchemaParser.parse("aten::format(str self, ...) -> str");
    assertTrue(v.varargs());
    Schema tup = SchemaParser.parse("aten::sorted.x((int, tVal)[] self) -> (int, tVal)[]");
    assertEquals("(int, tVal)[]", tup.arguments().get(0).type().toString());
    assertEquals(1, tup.returns().size());
    assertNull(tup.arguments().get(0).defaultValue());
  }

  @Test
  void rejectsMalformedSchemas() {
    assertThrows(
        IllegalArgumentException.class, () -> SchemaParser.parse("aten::f(Tensor) -> Tensor"));
    assertThrows(
        IllegalArgumentException.class, () -> SchemaParser.parse("aten::f(Tensor x) Tensor"));
    assertThrows(
        IllegalArgumentException.class, () -> SchemaParser.parse("aten::f(Tensor x=) -> Tensor"));
  }

  @Test
  void everyBundledSchemaParsesAndPrintsItsTypesBack() {
    SchemaCatalog catalog = SchemaCatalog.bundled();
    assertTrue(catalog.names().size() > 3000, "schemas: " + catalog.names().size());
    for (String name : catalog.names()) {
      Schema s = catalog.get(name);
      assertEquals(name, s.fullName());
      for (Schema.Argument a : s.arguments()) {
        // Types print back as the schema writes them, less alias annotations.
        String text = s.text().replaceAll("\\([a-z]!?( -> \\*)?\\)|\\([a-z]\\|[a-z]\\)", "");
        assertTrue(text.contains(a.type() + " " + a.name()), () -> a + " in " + s.text());
      }
    }
    for (String core : catalog.core()) {
      assertTrue(catalog.names().contains(core), core);
    }
  }

  @Test
  void nearestPrefersOverloadsOfTheSameOp() {
    SchemaCatalog catalog = SchemaCatalog.bundled();
    assertEquals("aten::add.Tensor", catalog.nearest("aten::add.Tesnor", 1).get(0));
    assertEquals("aten::relu", catalog.nearest("aten::reluu", 1).get(0));
    assertEquals(0, SchemaCatalog.editDistance("abc", "abc"));
    assertEquals(1, SchemaCatalog.editDistance("abc", "abd"));
  }
}
