package dev.torch2jax.pjrt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLocatorTest {
  @TempDir Path dir;

  @Test
  void missingEverywhereNamesTheThreePlacesAndTheFetchCommand() {
    Path cache = dir.resolve("cache/pjrt_c_api_cpu_plugin.so");
    PluginNotFoundException e =
        assertThrows(PluginNotFoundException.class, () -> PluginLocator.locate(null, null, cache));
    String m = e.getMessage();
    assertTrue(m.contains("-Dtorch2jax.pjrt.plugin"), m);
    assertTrue(m.contains("TORCH2JAX_PJRT_PLUGIN"), m);
    assertTrue(m.contains(cache.toString()), m);
    assertTrue(
        m.contains(
            "scripts/fetch-pjrt-plugin.sh lammps-jax-pjrt-cpu 0.11.2 pjrt_c_api_cpu_plugin.so"),
        m);
  }

  @Test
  void propertyWinsOverEnvironmentAndCache() throws IOException {
    Path fromProperty = Files.createFile(dir.resolve("a.so"));
    Path fromEnv = Files.createFile(dir.resolve("b.so"));
    Path cached = Files.createFile(dir.resolve("c.so"));
    assertEquals(
        fromProperty, PluginLocator.locate(fromProperty.toString(), fromEnv.toString(), cached));
    assertEquals(fromEnv, PluginLocator.locate(null, fromEnv.toString(), cached));
    assertEquals(cached, PluginLocator.locate(null, "", cached));
  }

  @Test
  void namedButMissingFileSaysWhoNamedIt() {
    PluginNotFoundException e =
        assertThrows(
            PluginNotFoundException.class,
            () ->
                PluginLocator.locate(null, dir.resolve("nope.so").toString(), dir.resolve("c.so")));
    assertTrue(e.getMessage().contains("TORCH2JAX_PJRT_PLUGIN"), e.getMessage());
    assertTrue(e.getMessage().contains("nope.so"), e.getMessage());
  }

  @Test
  void aFileThatIsNotAPluginIsRefusedClearly() throws IOException {
    Path notALibrary = Files.writeString(dir.resolve("fake.so"), "not an ELF file");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> PjrtApi.load(notALibrary));
    assertTrue(e.getMessage().contains("fake.so"), e.getMessage());
  }
}
