package dev.torch2jax.aten;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.DType;
import dev.torch2jax.aten.testing.TestArray;
import dev.torch2jax.aten.testing.TestOps;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * The generated table of the test sources ({@code dev.torch2jax.aten.testing.GeneratedOpTable},
 * written by the processor while compiling them) found through {@link ServiceLoader} and called
 * with interpreter values.
 */
class OpRegistryTest {
  private final OpRegistry registry = OpRegistry.load(OpRegistryTest.class.getClassLoader());
  private final TestArray a = new TestArray(DType.F32, 4, 8);
  private final TestArray b = new TestArray(DType.F32, 8, 2);

  private Object call(String overload, Object... args) {
    AtenOp op =
        registry.lookup(overload).orElseThrow(() -> new AssertionError("no op " + overload));
    return op.call(Arrays.asList(args));
  }

  @Test
  void serviceLoaderFindsTheGeneratedTestTable() {
    List<String> tables = new ArrayList<>();
    ServiceLoader.load(OpTable.class, getClass().getClassLoader())
        .forEach(t -> tables.add(t.getClass().getName()));
    assertTrue(tables.contains("dev.torch2jax.aten.testing.GeneratedOpTable"), "tables: " + tables);
    assertTrue(registry.overloads().contains("aten::_cslt_sparse_mm"));
    assertEquals(
        "dev.torch2jax.aten.testing.TestOps#optionalIntList",
        registry.implementation("aten::_test_optional_intlist").orElseThrow());
    assertTrue(registry.lookup("aten::no_such_op").isEmpty());
    assertTrue(OpRegistry.global().lookup("aten::_cslt_sparse_mm").isPresent());
  }

  @Test
  void dispatchFillsDefaultsAndConvertsScalars() {
    assertSame(a, call("aten::_cslt_sparse_mm", a, b));
    assertEquals(Arrays.asList(a, b, null, null, null, false, 0L, 1L, -1L), TestOps.last);

    call("aten::_cslt_sparse_mm", a, b, null, b, 7L, true, 3, 2L);
    assertEquals(Arrays.asList(a, b, null, b, DType.F64, true, 3L, 2L, -1L), TestOps.last);

    call("aten::_cslt_sparse_mm", a, b, null, null, DType.BF16);
    assertEquals(DType.BF16, TestOps.last.get(4));

    assertEquals(2L, call("aten::_cslt_sparse_mm_search", a, b));

    call("aten::_test_ambiguous_defaults.a", a);
    assertEquals(Arrays.asList(a, 1L, 1L), TestOps.last);
    call("aten::_test_ambiguous_defaults.a", a, 5L, Integer.valueOf(6));
    assertEquals(Arrays.asList(a, 5L, 6L), TestOps.last);
  }

  @Test
  void dispatchConvertsIntLists() {
    call("aten::_test_optional_filled_intlist", a, List.of(1L, 2L));
    assertArrayEquals(new long[] {1, 2}, (long[]) TestOps.last.get(1));
    call("aten::_test_optional_filled_intlist", a, 3L);
    assertArrayEquals(new long[] {3, 3}, (long[]) TestOps.last.get(1), "int[2] broadcasts");
    call("aten::_test_optional_filled_intlist", a, new int[] {4, 5});
    assertArrayEquals(new long[] {4, 5}, (long[]) TestOps.last.get(1));
    call("aten::_test_optional_filled_intlist", a, null);
    assertNull(TestOps.last.get(1));
    call("aten::_test_optional_intlist", a, List.of(7L));
    assertArrayEquals(new long[] {7}, (long[]) TestOps.last.get(1));
    OpArgumentException e =
        assertThrows(OpArgumentException.class, () -> call("aten::_test_optional_intlist", a, 3L));
    assertEquals(
        "aten::_test_optional_intlist: argument 'addends': expected int[] (a list of Longs),"
            + " got Long 3",
        e.getMessage());
  }

  @Test
  void dispatchRejectsWrongTypesWithTheMessage() {
    OpArgumentException wrongTensor =
        assertThrows(OpArgumentException.class, () -> call("aten::_cslt_sparse_mm", a, 1.0));
    assertEquals("aten::_cslt_sparse_mm", wrongTensor.overload());
    assertEquals("dense_B", wrongTensor.argument());
    assertEquals(
        "aten::_cslt_sparse_mm: argument 'dense_B': expected Tensor (an Array), got Double 1.0",
        wrongTensor.getMessage());

    OpArgumentException wrongInt =
        assertThrows(
            OpArgumentException.class,
            () -> call("aten::_cslt_sparse_mm", a, b, null, null, null, false, 1.5));
    assertEquals(
        "aten::_cslt_sparse_mm: argument 'alg_id': expected int (a Long), got Double 1.5",
        wrongInt.getMessage());

    OpArgumentException wrongBool =
        assertThrows(
            OpArgumentException.class,
            () -> call("aten::_cslt_sparse_mm", a, b, null, null, null, 1L));
    assertTrue(wrongBool.getMessage().contains("'transpose_result': expected bool"));

    OpArgumentException wrongDtype =
        assertThrows(
            OpArgumentException.class, () -> call("aten::_cslt_sparse_mm", a, b, null, null, 8L));
    assertTrue(
        wrongDtype.getMessage().contains("code 8 has no torch2jax DType"), wrongDtype.getMessage());

    OpArgumentException arity =
        assertThrows(OpArgumentException.class, () -> call("aten::_cslt_sparse_mm", a));
    assertEquals("aten::_cslt_sparse_mm: expected 2 to 9 arguments, got 1", arity.getMessage());
    assertThrows(
        OpArgumentException.class,
        () -> call("aten::_cslt_sparse_mm", a, b, null, null, null, false, 0L, 1L, -1L, 0L));
  }

  @Test
  void mergingTwoTablesWithTheSameOverloadFailsNamingBoth() {
    OpTable first = table("aten::relu", "a.First#relu");
    OpTable second = table("aten::relu", "b.Second#relu");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> OpRegistry.of(List.of(first, second)));
    assertTrue(e.getMessage().contains("aten::relu is implemented twice"), e.getMessage());
    assertTrue(e.getMessage().contains("a.First#relu"), e.getMessage());
    assertTrue(e.getMessage().contains("b.Second#relu"), e.getMessage());

    OpRegistry merged = OpRegistry.of(List.of(first, table("aten::relu_", "b.Second#reluInPlace")));
    assertEquals(List.of("aten::relu", "aten::relu_"), List.copyOf(merged.overloads()));
  }

  @Test
  void nearestSuggestsSiblingOverloadsFirst() {
    OpRegistry r =
        OpRegistry.of(
            List.of(
                table("aten::add.Tensor", "X#add"),
                table("aten::add_.Tensor", "X#addInPlace"),
                table("aten::sub.Tensor", "X#sub"),
                table("aten::addmm", "X#addmm")));
    assertEquals(
        List.of("aten::add.Tensor", "aten::add_.Tensor"), r.nearest("aten::add.Scalar", 2));
    assertEquals("aten::addmm", r.nearest("aten::addm", 1).get(0));
  }

  @Test
  void theTestJarCarriesItsCoverageReport() throws IOException {
    boolean found = false;
    for (URL url :
        Collections.list(
            getClass().getClassLoader().getResources("META-INF/torch2jax/coverage.tsv"))) {
      try (InputStream in = url.openStream()) {
        String tsv = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (tsv.contains(
            "aten::_cslt_sparse_mm\tdev.torch2jax.aten.testing.TestOps#csltSparseMm")) {
          found = true;
          assertTrue(
              tsv.startsWith("overload\timplemented_by\tcustom_vjp\tcustom_batching\tcore_aten\n"));
        }
      }
    }
    assertTrue(found, "coverage.tsv of the test classes not found");
  }

  private static OpTable table(String overload, String method) {
    return new OpTable() {
      @Override
      public Map<String, AtenOp> ops() {
        return Map.of(overload, args -> null);
      }

      @Override
      public Map<String, String> implementations() {
        return Map.of(overload, method);
      }
    };
  }
}
