package dev.torch2jax.pjrt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compiles StableHLO through a persistent cache of serialized executables, so that a new process
 * loads in milliseconds what an earlier one compiled: the key is a {@link CompileKey} (program,
 * options, plugin build, host CPU), the store a {@link DiskCache}.
 *
 * <p>Configured by system properties: {@value #PROPERTY} names the directory ({@code
 * ~/.cache/torch2jax/xla} by default, {@code $TORCH2JAX_CACHE/xla} when that variable is set) or is
 * {@code off}; {@value #MAX_BYTES_PROPERTY} caps its size (2 GiB by default; a number of bytes,
 * optionally with a {@code k}, {@code m} or {@code g} suffix).
 *
 * <p>The cache never fails a compile: an entry the plugin refuses is deleted and the program
 * compiled, and storage problems are logged once.
 */
public final class CachedCompiler {
  /** System property: the cache directory, or {@code off}. */
  public static final String PROPERTY = "torch2jax.compileCache";

  /** System property: the cache's size cap. */
  public static final String MAX_BYTES_PROPERTY = "torch2jax.compileCache.maxBytes";

  /** The size cap when {@value #MAX_BYTES_PROPERTY} is unset: 2 GiB. */
  public static final long DEFAULT_MAX_BYTES = 2L << 30;

  private final PjrtClient client;

  /** Null when the cache is off. */
  private final DiskCache disk;

  /** The {@link CompileKey#environment}, found on the first compile; empty when unavailable. */
  private volatile Optional<String> environment;

  private final AtomicLong loaded = new AtomicLong();
  private final AtomicLong compiled = new AtomicLong();

  /** Compiles for {@code client} through {@code disk}, or directly when {@code disk} is empty. */
  public CachedCompiler(PjrtClient client, Optional<DiskCache> disk) {
    this.client = client;
    this.disk = disk.orElse(null);
  }

  /**
   * A compiler for {@code client} configured by {@value #PROPERTY} and {@value
   * #MAX_BYTES_PROPERTY}.
   *
   * @throws IllegalArgumentException when a property's value is malformed
   */
  public static CachedCompiler fromSystemProperties(PjrtClient client) {
    return new CachedCompiler(
        client, disk(System.getProperty(PROPERTY), System.getProperty(MAX_BYTES_PROPERTY)));
  }

  /**
   * The cache a {@value #PROPERTY} value and a {@value #MAX_BYTES_PROPERTY} value (either may be
   * null) describe; empty for {@code off}.
   *
   * @throws IllegalArgumentException when the size is malformed or not positive
   */
  static Optional<DiskCache> disk(String directory, String maxBytes) {
    if (directory != null && directory.strip().equalsIgnoreCase("off")) {
      return Optional.empty();
    }
    Path dir =
        directory == null || directory.isBlank()
            ? PluginLocator.cacheRoot().resolve("xla")
            : Path.of(directory.strip());
    return Optional.of(new DiskCache(dir, parseBytes(maxBytes)));
  }

  /** The cache directory; empty when the cache is off. */
  public Optional<Path> directory() {
    return Optional.ofNullable(disk).map(DiskCache::directory);
  }

  /** How many executables were loaded from the cache instead of compiled. */
  public long loadedCount() {
    return loaded.get();
  }

  /** How many programs XLA compiled. */
  public long compiledCount() {
    return compiled.get();
  }

  /**
   * The executable of {@code stablehlo} with the client's current {@link
   * PjrtClient#compileOptions()}: loaded from the cache when there, else compiled (and stored).
   *
   * @throws PjrtException with XLA's message when the program does not compile
   */
  public PjrtExecutable compile(String stablehlo) {
    byte[] options = client.compileOptions();
    Optional<String> env = disk == null ? Optional.empty() : environment();
    if (env.isEmpty()) {
      return compileNow(stablehlo, options);
    }
    byte[] key = CompileKey.of(stablehlo, options, env.get());
    Optional<byte[]> blob = disk.load(key);
    if (blob.isPresent()) {
      try {
        PjrtExecutable exe = client.deserialize(blob.get());
        loaded.incrementAndGet();
        return exe;
      } catch (PjrtException | UnsupportedOperationException e) {
        CompileCacheLog.problem("loading %s".formatted(disk.entryPath(key)), e);
        disk.remove(key);
      }
    }
    PjrtExecutable exe = compileNow(stablehlo, options);
    if (exe.isSerializable()) {
      try {
        disk.store(key, exe.serialize());
      } catch (PjrtException e) {
        CompileCacheLog.problem("serializing an executable", e);
      }
    }
    return exe;
  }

  private PjrtExecutable compileNow(String stablehlo, byte[] options) {
    PjrtExecutable exe = client.compile(stablehlo, options);
    compiled.incrementAndGet();
    return exe;
  }

  private Optional<String> environment() {
    Optional<String> env = environment;
    if (env == null) {
      try {
        byte[] hash = LibraryHash.of(client.api().library(), disk);
        env = Optional.of(CompileKey.environment(client, hash, HostCpu.description()));
      } catch (IOException | UncheckedIOException | SecurityException e) {
        CompileCacheLog.problem("hashing the plugin %s".formatted(client.api().library()), e);
        env = Optional.empty();
      }
      environment = env;
    }
    return env;
  }

  /** Bytes with an optional binary {@code k}/{@code m}/{@code g} suffix; null is the default. */
  static long parseBytes(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_MAX_BYTES;
    }
    String v = value.strip().toLowerCase(Locale.ROOT);
    int shift =
        switch (v.charAt(v.length() - 1)) {
          case 'k' -> 10;
          case 'm' -> 20;
          case 'g' -> 30;
          default -> 0;
        };
    String digits = shift == 0 ? v : v.substring(0, v.length() - 1);
    try {
      long n = Long.parseLong(digits.strip());
      if (n > 0 && n <= Long.MAX_VALUE >> shift) {
        return n << shift;
      }
    } catch (NumberFormatException e) {
      // Reported below with the property's name.
    }
    throw new IllegalArgumentException(
        "-D%s=%s: expected a positive number of bytes, e.g. 2147483648 or 2g"
            .formatted(MAX_BYTES_PROPERTY, value));
  }

  @Override
  public String toString() {
    return "CachedCompiler[%s]".formatted(disk == null ? "off" : disk);
  }
}
