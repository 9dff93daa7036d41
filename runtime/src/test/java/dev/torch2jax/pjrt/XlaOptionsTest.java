package dev.torch2jax.pjrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XlaOptionsTest {
  @Test
  void parsesTypedPairs() {
    assertEquals(
        Map.of("a", true, "b", 0L, "c", "/tmp/x", "d", false),
        XlaOptions.parse("a=true, b=0,c=/tmp/x,,d=false"));
    assertEquals(Map.of(), XlaOptions.parse(""));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> XlaOptions.parse("a=1,oops"));
    assertTrue(e.getMessage().contains("expected name=value, got 'oops'"), e.getMessage());
  }

  @Test
  void encodesOverridesAsNamedEntries() {
    byte[] plain = CompileOptions.singleDevice(-1);
    byte[] with = CompileOptions.singleDevice(-1, Map.of("x", true));
    // entry: field 7 (len 7) { key: field 1 "x", value: field 2 (len 2) { bool_field 2: 1 } }
    byte[] entry = {0x3a, 7, 0x0a, 1, 'x', 0x12, 2, 0x10, 1};
    assertEquals(plain.length + entry.length, with.length);
    for (int i = 0; i < entry.length; i++) {
      assertEquals(entry[i], with[plain.length + i], "byte " + i);
    }
    assertThrows(
        IllegalArgumentException.class, () -> CompileOptions.singleDevice(-1, Map.of("x", 1.5)));
  }

  /** The plugin applies the overrides: {@code xla_dump_to} makes it write the compiled module. */
  @Test
  void thePluginAppliesThem(@TempDir Path dump) throws IOException {
    String old = System.getProperty(XlaOptions.PROPERTY);
    System.setProperty(XlaOptions.PROPERTY, "xla_dump_to=" + dump);
    try (PjrtClient client = PjrtClient.create(PjrtApi.load(PluginLocator.locate()));
        PjrtExecutable exe =
            client.compile(
                """
                module @dumped {
                  func.func public @main(%a: tensor<2xf32>) -> (tensor<2xf32>) {
                    %0 = "stablehlo.negate"(%a) : (tensor<2xf32>) -> tensor<2xf32>
                    "func.return"(%0) : (tensor<2xf32>) -> ()
                  }
                }
                """)) {
      assertEquals(1, exe.numOutputs());
      try (Stream<Path> files = Files.list(dump)) {
        assertTrue(files.anyMatch(f -> f.getFileName().toString().contains("dumped")));
      }
    } finally {
      if (old == null) {
        System.clearProperty(XlaOptions.PROPERTY);
      } else {
        System.setProperty(XlaOptions.PROPERTY, old);
      }
    }
  }
}
