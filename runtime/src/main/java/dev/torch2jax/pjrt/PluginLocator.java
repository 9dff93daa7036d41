package dev.torch2jax.pjrt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Finds the PJRT plugin library: the system property {@value #PROPERTY}, then the environment
 * variable {@value #ENV}, then the cache the build fills ({@code
 * ~/.cache/torch2jax/pjrt/<package>-<version>/<library>}, or under {@code $TORCH2JAX_CACHE}).
 */
public final class PluginLocator {
  /** System property naming the plugin's shared library. */
  public static final String PROPERTY = "torch2jax.pjrt.plugin";

  /** Environment variable naming the plugin's shared library. */
  public static final String ENV = "TORCH2JAX_PJRT_PLUGIN";

  /** Environment variable that moves the cache root away from {@code ~/.cache/torch2jax}. */
  public static final String CACHE_ENV = "TORCH2JAX_CACHE";

  private PluginLocator() {}

  /** The plugin path, or a {@link PluginNotFoundException} naming every place looked at. */
  public static Path locate() {
    return locate(System.getProperty(PROPERTY), System.getenv(ENV), cachedPluginPath());
  }

  /**
   * The plugin path from an explicit property value, environment value (either may be null) and
   * cache location, in that order of precedence.
   */
  static Path locate(String property, String env, Path cached) {
    if (property != null && !property.isBlank()) {
      return existing(Path.of(property), "system property -D" + PROPERTY);
    }
    if (env != null && !env.isBlank()) {
      return existing(Path.of(env), "environment variable " + ENV);
    }
    if (Files.isRegularFile(cached)) {
      return cached;
    }
    PluginCoordinates c = PluginCoordinates.bundled();
    throw new PluginNotFoundException(
        "No PJRT plugin found. Looked at: (1) system property -D"
            + PROPERTY
            + " (unset), (2) environment variable "
            + ENV
            + " (unset), (3) the build's cache "
            + cached
            + " (missing). Fetch it with: scripts/fetch-pjrt-plugin.sh "
            + c.pipPackage()
            + " "
            + c.version()
            + " "
            + c.library()
            + " (any build of the runtime module runs it), or point -D"
            + PROPERTY
            + " at a PJRT plugin .so that exports GetPjrtApi.");
  }

  /** Where the build caches the plugin named in the runtime's {@code plugin.properties}. */
  public static Path cachedPluginPath() {
    return cachedPluginPath(cacheRoot(), PluginCoordinates.bundled());
  }

  static Path cachedPluginPath(Path cacheRoot, PluginCoordinates c) {
    return cacheRoot
        .resolve("pjrt")
        .resolve(c.pipPackage() + "-" + c.version())
        .resolve(c.library());
  }

  /**
   * The root of torch2jax's caches: {@code $TORCH2JAX_CACHE} when set, else {@code
   * ~/.cache/torch2jax}.
   */
  public static Path cacheRoot() {
    String root = System.getenv(CACHE_ENV);
    // The fetch script uses $HOME; read it too so that both agree when it differs from user.home.
    String home = System.getenv("HOME");
    return root != null && !root.isBlank()
        ? Path.of(root)
        : Path.of(
            home != null && !home.isBlank() ? home : System.getProperty("user.home"),
            ".cache",
            "torch2jax");
  }

  private static Path existing(Path path, String source) {
    if (!Files.isRegularFile(path)) {
      throw new PluginNotFoundException(
          "The PJRT plugin named by " + source + " does not exist: " + path.toAbsolutePath());
    }
    return path;
  }

  /** The pip package, version and library file the build fetches. */
  record PluginCoordinates(String pipPackage, String version, String library) {
    static PluginCoordinates bundled() {
      Properties p = properties();
      return new PluginCoordinates(
          p.getProperty("package"), p.getProperty("version"), p.getProperty("library"));
    }

    /** The runtime's {@code plugin.properties}, written by the build from the parent POM. */
    static Properties properties() {
      Properties p = new Properties();
      try (InputStream in = PluginLocator.class.getResourceAsStream("plugin.properties")) {
        if (in == null) {
          throw new IllegalStateException(
              "dev/torch2jax/pjrt/plugin.properties is missing from the runtime jar");
        }
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return p;
    }
  }
}
