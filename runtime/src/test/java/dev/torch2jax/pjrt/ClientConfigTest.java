package dev.torch2jax.pjrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugin and create-option selection from properties, without loading a plugin. */
class ClientConfigTest {
  @TempDir Path cache;

  private static ClientConfig resolve(
      Map<String, String> properties, Map<String, String> env, Path cache) {
    return ClientConfig.resolve(properties::get, env::get, cache);
  }

  @Test
  void cpuIsTheDefaultWithOneDevice() throws IOException {
    Path plugin = Files.createFile(cache.resolve("cpu.so"));
    ClientConfig c = resolve(Map.of(PluginLocator.PROPERTY, plugin.toString()), Map.of(), cache);
    assertEquals("cpu", c.platform());
    assertEquals(plugin, c.plugin());
    assertEquals(Map.of("cpu_device_count", 1L), c.createOptions());
    ClientConfig four =
        resolve(
            Map.of(PluginLocator.PROPERTY, plugin.toString(), ClientConfig.CPU_DEVICES, "4"),
            Map.of(),
            cache);
    assertEquals(Map.of("cpu_device_count", 4L), four.createOptions());
  }

  @Test
  void cudaLooksInTheCacheAndSaysHowToFetchIt() {
    PluginNotFoundException e =
        assertThrows(
            PluginNotFoundException.class,
            () -> resolve(Map.of(), Map.of(ClientConfig.PLATFORM_ENV, "cuda"), cache));
    String m = e.getMessage();
    assertTrue(m.contains("scripts/fetch-cuda-plugin.sh cuda12 0.12.0.1"), m);
    assertTrue(m.contains("-Dtorch2jax.platform=cuda"), m);
    assertTrue(
        m.contains(
            cache
                .resolve("pjrt/jax-cuda12-pjrt-0.12.0.1/jax_plugins/xla_cuda12/xla_cuda_plugin.so")
                .toString()),
        m);
  }

  @Test
  void cudaPluginInTheCacheIsCreatedWithGpuOptions() throws IOException {
    Path library =
        cache.resolve("pjrt/jax-cuda12-pjrt-0.12.0.1/jax_plugins/xla_cuda12/xla_cuda_plugin.so");
    Files.createDirectories(library.getParent());
    Files.createFile(library);
    ClientConfig c =
        resolve(
            Map.of(
                ClientConfig.PLATFORM, "cuda",
                ClientConfig.GPU_PREALLOCATE, "false",
                ClientConfig.GPU_MEMORY_FRACTION, "0.5",
                ClientConfig.GPU_VISIBLE_DEVICES, "0, 2"),
            Map.of(ClientConfig.PLATFORM_ENV, "cpu"),
            cache);
    assertEquals("cuda12", c.platform());
    assertEquals(library, c.plugin());
    assertEquals(false, c.createOptions().get("preallocate"));
    assertEquals(0.5f, c.createOptions().get("memory_fraction"));
    assertArrayEquals(new long[] {0, 2}, (long[]) c.createOptions().get("visible_devices"));
    assertTrue(!c.createOptions().containsKey("cpu_device_count"));
  }

  @Test
  void badValuesNameTheProperty() {
    IllegalArgumentException platform =
        assertThrows(
            IllegalArgumentException.class,
            () -> resolve(Map.of(ClientConfig.PLATFORM, "tpu"), Map.of(), cache));
    assertTrue(platform.getMessage().contains("unknown platform 'tpu'"), platform.getMessage());
    IllegalArgumentException fraction =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClientConfig.gpuOptions(Map.of(ClientConfig.GPU_MEMORY_FRACTION, "1.5")::get));
    assertTrue(fraction.getMessage().contains("-Dtorch2jax.gpu.memory_fraction=1.5"));
    IllegalArgumentException devices =
        assertThrows(
            IllegalArgumentException.class,
            () -> ClientConfig.gpuOptions(Map.of(ClientConfig.GPU_VISIBLE_DEVICES, "a")::get));
    assertTrue(devices.getMessage().contains("expected GPU ordinals"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            resolve(
                Map.of(PluginLocator.PROPERTY, "/x.so", ClientConfig.CPU_DEVICES, "0"),
                Map.of(),
                cache));
  }

  @Test
  void createOptionsAreEncodedAsNamedValues() {
    try (Arena arena = Arena.ofConfined()) {
      Map<String, Object> options =
          Map.of(
              "a_long",
              3L,
              "a_list",
              new long[] {1, 2},
              "a_float",
              0.25f,
              "a_bool",
              true,
              "a_string",
              "bfc");
      for (var e : options.entrySet()) {
        MemorySegment v = arena.allocate(Struct.NAMED_VALUE, 8);
        PjrtApi.NamedValues.set(arena, v, e.getKey(), e.getValue());
        assertEquals(e.getKey(), PjrtApi.NamedValues.name(v));
        Object back = PjrtApi.NamedValues.value(v);
        if (back instanceof long[] list) {
          assertArrayEquals((long[]) e.getValue(), list);
        } else {
          assertEquals(e.getValue(), back);
        }
      }
      MemorySegment v = arena.allocate(Struct.NAMED_VALUE, 8);
      IllegalArgumentException bad =
          assertThrows(
              IllegalArgumentException.class, () -> PjrtApi.NamedValues.set(arena, v, "x", 'c'));
      assertTrue(bad.getMessage().contains("option x"), bad.getMessage());
    }
  }
}
