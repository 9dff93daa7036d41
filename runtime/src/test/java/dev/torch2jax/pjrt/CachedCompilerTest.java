package dev.torch2jax.pjrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.DType;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiling through the persistent cache: hits, damaged and refused entries, concurrency. */
class CachedCompilerTest {
  private static final float[] A = {1, 2, 3};
  private static final float[] B = {10, 20, 30};

  private static PjrtClient client;

  @TempDir Path dir;

  @BeforeAll
  static void open() {
    client = PjrtClient.create(PjrtApi.load(PluginLocator.locate()));
  }

  @AfterAll
  static void close() {
    client.close();
  }

  /** (a + b) * k, a program per k. */
  private static String program(int k) {
    return """
        module @scaled_add {
          func.func public @main(%%a: tensor<3xf32>, %%b: tensor<3xf32>) -> (tensor<3xf32>) {
            %%0 = "stablehlo.add"(%%a, %%b) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
            %%k = "stablehlo.constant"() {value = dense<%d.0> : tensor<3xf32>} : () -> tensor<3xf32>
            %%1 = "stablehlo.multiply"(%%0, %%k) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
            "func.return"(%%1) : (tensor<3xf32>) -> ()
          }
        }
        """
        .formatted(k);
  }

  private static float[] expected(int k) {
    float[] out = new float[A.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (A[i] + B[i]) * k;
    }
    return out;
  }

  private static float[] run(PjrtExecutable exe) {
    try (Arena arena = Arena.ofConfined();
        PjrtBuffer a =
            client.bufferFromHost(
                arena.allocateFrom(ValueLayout.JAVA_FLOAT, A), DType.F32, new long[] {3});
        PjrtBuffer b =
            client.bufferFromHost(
                arena.allocateFrom(ValueLayout.JAVA_FLOAT, B), DType.F32, new long[] {3})) {
      PjrtBuffer out = exe.execute(a, b)[0];
      MemorySegment host = arena.allocate(12);
      out.toHost(host);
      out.close();
      return host.toArray(ValueLayout.JAVA_FLOAT);
    }
  }

  private CachedCompiler compiler(Path directory) {
    return new CachedCompiler(client, Optional.of(new DiskCache(directory, 1L << 30)));
  }

  /** Compiles {@code program(k)} with a new compiler on {@link #dir}, checks and closes it. */
  private CachedCompiler compileAndCheck(int k) {
    CachedCompiler c = compiler(dir);
    try (PjrtExecutable exe = c.compile(program(k))) {
      assertArrayEquals(expected(k), run(exe));
    }
    return c;
  }

  private Path onlyEntry() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> entries = files.filter(p -> !isLibraryHashMemo(p)).toList();
      assertEquals(1, entries.size(), entries.toString());
      return entries.getFirst();
    }
  }

  /** The plugin library's hash is memoized in the cache too; it holds 32 bytes. */
  private static boolean isLibraryHashMemo(Path p) {
    try {
      return Files.size(p) == DiskCache.HEADER_BYTES + 32 + DiskCache.TRAILER_BYTES;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aSecondCompilerLoadsWhatTheFirstCompiled() {
    CachedCompiler first = compileAndCheck(2);
    assertEquals(1, first.compiledCount());
    assertEquals(0, first.loadedCount());
    CachedCompiler second = compileAndCheck(2);
    assertEquals(0, second.compiledCount());
    assertEquals(1, second.loadedCount());
    CachedCompiler other = compileAndCheck(3);
    assertEquals(1, other.compiledCount(), "another program is another entry");
  }

  @Test
  void aCorruptEntryIsRecompiledAndReplaced() throws IOException {
    compileAndCheck(2);
    Path entry = onlyEntry();
    byte[] bytes = Files.readAllBytes(entry);
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(entry, bytes);
    assertEquals(1, compileAndCheck(2).compiledCount());
    assertEquals(1, compileAndCheck(2).loadedCount(), "the recompiled entry was stored again");
  }

  @Test
  void aTruncatedEntryIsRecompiled() throws IOException {
    compileAndCheck(2);
    Path entry = onlyEntry();
    byte[] bytes = Files.readAllBytes(entry);
    Files.write(entry, Arrays.copyOf(bytes, bytes.length / 3));
    assertEquals(1, compileAndCheck(2).compiledCount());
    assertEquals(1, compileAndCheck(2).loadedCount());
  }

  @Test
  void anEntryThePluginRefusesIsRecompiled() throws IOException {
    compileAndCheck(2);
    Path entry = onlyEntry();
    String name = entry.getFileName().toString();
    byte[] key = HexFormat.of().parseHex(name.substring(0, name.length() - 4));
    // Whole and correctly checksummed, but not an executable.
    Files.write(entry, DiskCache.encode(key, "not an executable".getBytes(StandardCharsets.UTF_8)));
    assertEquals(1, compileAndCheck(2).compiledCount());
    assertEquals(1, compileAndCheck(2).loadedCount());
  }

  @Test
  void concurrentCompilersShareTheDirectory() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 3; i++) {
                    compileAndCheck(1 + (thread + i) % 3);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    CachedCompiler after = compiler(dir);
    for (int k = 1; k <= 3; k++) {
      try (PjrtExecutable exe = after.compile(program(k))) {
        assertArrayEquals(expected(k), run(exe));
      }
    }
    assertEquals(3, after.loadedCount());
    assertEquals(0, after.compiledCount());
  }

  @Test
  void offCompilesEveryTimeAndWritesNothing() throws IOException {
    assertTrue(CachedCompiler.disk("off", null).isEmpty());
    assertTrue(CachedCompiler.disk(" OFF ", "1g").isEmpty());
    CachedCompiler off = new CachedCompiler(client, Optional.empty());
    for (int i = 0; i < 2; i++) {
      try (PjrtExecutable exe = off.compile(program(2))) {
        assertArrayEquals(expected(2), run(exe));
      }
    }
    assertEquals(2, off.compiledCount());
    assertTrue(off.directory().isEmpty());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(0, files.count());
    }
  }

  @Test
  void anUnwritableDirectoryCompilesEveryTime() throws IOException {
    Path file = Files.writeString(dir.resolve("not-a-directory"), "");
    for (int i = 0; i < 2; i++) {
      CachedCompiler c = compiler(file.resolve("xla"));
      try (PjrtExecutable exe = c.compile(program(2))) {
        assertArrayEquals(expected(2), run(exe));
      }
      assertEquals(1, c.compiledCount());
    }
  }

  @Test
  void theKeyCoversTextOptionsAndEnvironment() {
    byte[] options = CompileOptions.singleDevice(-1);
    byte[] optimized = CompileOptions.singleDevice(-1, Map.of("xla_backend_optimization_level", 0));
    String env = CompileKey.environment(client, new byte[32], HostCpu.description());
    byte[] key = CompileKey.of(program(2), options, env);
    assertArrayEquals(key, CompileKey.of(program(2), options.clone(), env));
    List<byte[]> others =
        List.of(
            CompileKey.of(program(3), options, env),
            CompileKey.of(program(2), optimized, env),
            CompileKey.of(program(2), options, env.replace("api=", "api=9")),
            CompileKey.of(
                program(2),
                options,
                CompileKey.environment(client, new byte[32], "os=other arch=other")));
    for (byte[] other : others) {
      assertFalse(Arrays.equals(key, other));
    }
    assertTrue(env.contains("api=" + client.api().apiVersion()), env);
    assertTrue(env.contains("platform=cpu"), env);
    assertTrue(env.contains("arch=" + System.getProperty("os.arch")), env);
  }

  @Test
  void theDefaultDirectoryAndSizeCap() {
    DiskCache d = CachedCompiler.disk(null, null).orElseThrow();
    assertEquals(PluginLocator.cacheRoot().resolve("xla"), d.directory());
    assertEquals(dir, CachedCompiler.disk(dir.toString(), null).orElseThrow().directory());
    assertEquals(CachedCompiler.DEFAULT_MAX_BYTES, CachedCompiler.parseBytes(null));
    assertEquals(2L << 30, CachedCompiler.parseBytes("2g"));
    assertEquals(512L << 20, CachedCompiler.parseBytes("512M"));
    assertEquals(1000, CachedCompiler.parseBytes("1000"));
    for (String bad : List.of("abc", "0", "-5", "k")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> CachedCompiler.parseBytes(bad));
      assertTrue(e.getMessage().contains(CachedCompiler.MAX_BYTES_PROPERTY), e.getMessage());
    }
  }
}
