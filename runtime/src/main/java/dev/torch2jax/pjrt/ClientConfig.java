package dev.torch2jax.pjrt;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * Which PJRT plugin the process-wide client loads and the options it is created with, from system
 * properties and the environment:
 *
 * <ul>
 *   <li>{@value #PLATFORM} (or env {@value #PLATFORM_ENV}): {@code cpu} (default), {@code cuda}
 *       (the CUDA 12 plugin) or {@code cuda13};
 *   <li>CPU: {@value #CPU_DEVICES}, the number of CPU devices (default 1);
 *   <li>CUDA: {@value #GPU_PREALLOCATE} (true/false), {@value #GPU_MEMORY_FRACTION} (0..1), {@value
 *       #GPU_VISIBLE_DEVICES} (e.g. {@code 0,1}), {@value #GPU_ALLOCATOR} ({@code
 *       default|platform|bfc|cuda_async}); unset ones keep the plugin's defaults.
 * </ul>
 *
 * <p>The CUDA plugin is never downloaded by the runtime: a build with {@code
 * -Dtorch2jax.platform=cuda} or {@code scripts/fetch-cuda-plugin.sh} puts it in the cache.
 *
 * @param platform {@code cpu}, {@code cuda12} or {@code cuda13}
 * @param plugin the plugin's shared library
 * @param createOptions the named options of {@code PJRT_Client_Create}
 */
public record ClientConfig(String platform, Path plugin, Map<String, Object> createOptions) {
  /** System property choosing the platform. */
  public static final String PLATFORM = "torch2jax.platform";

  /** Environment variable choosing the platform when the property is unset. */
  public static final String PLATFORM_ENV = "TORCH2JAX_PLATFORM";

  /** System property: how many CPU devices the CPU client has (default 1). */
  public static final String CPU_DEVICES = "torch2jax.cpu.devices";

  /** System property: whether the CUDA client reserves its memory pool up front. */
  public static final String GPU_PREALLOCATE = "torch2jax.gpu.preallocate";

  /** System property: the fraction of GPU memory the CUDA client may use. */
  public static final String GPU_MEMORY_FRACTION = "torch2jax.gpu.memory_fraction";

  /** System property: the GPUs the CUDA client uses, comma-separated ordinals. */
  public static final String GPU_VISIBLE_DEVICES = "torch2jax.gpu.visible_devices";

  /** System property: the CUDA client's allocator. */
  public static final String GPU_ALLOCATOR = "torch2jax.gpu.allocator";

  public ClientConfig {
    createOptions = Map.copyOf(createOptions);
  }

  /** The configuration from this process's system properties and environment. */
  public static ClientConfig fromSystem() {
    return resolve(System::getProperty, System::getenv, PluginLocator.cacheRoot());
  }

  /**
   * The configuration from {@code property} and {@code env} lookups (returning null when unset) and
   * the cache root the fetch scripts fill.
   *
   * @throws IllegalArgumentException for an unknown platform or a malformed option value
   * @throws PluginNotFoundException when the chosen plugin is not there, saying how to fetch it
   */
  static ClientConfig resolve(
      Function<String, String> property, Function<String, String> env, Path cacheRoot) {
    String platform = platform(property.apply(PLATFORM), env.apply(PLATFORM_ENV));
    String explicit = property.apply(PluginLocator.PROPERTY);
    String explicitEnv = env.apply(PluginLocator.ENV);
    if (platform.equals("cpu")) {
      int devices = positiveInt(CPU_DEVICES, property.apply(CPU_DEVICES), 1);
      Path cached =
          PluginLocator.cachedPluginPath(cacheRoot, PluginLocator.PluginCoordinates.bundled());
      Path plugin = PluginLocator.locate(explicit, explicitEnv, cached);
      return new ClientConfig(platform, plugin, Map.of("cpu_device_count", (long) devices));
    }
    Map<String, Object> options = gpuOptions(property);
    CudaPlugin cuda = CudaPlugin.of(platform, PluginLocator.PluginCoordinates.properties());
    Path plugin =
        explicit != null && !explicit.isBlank() || explicitEnv != null && !explicitEnv.isBlank()
            ? PluginLocator.locate(explicit, explicitEnv, cuda.library(cacheRoot))
            : cuda.locate(cacheRoot);
    return new ClientConfig(platform, plugin, options);
  }

  /** {@code cpu}, {@code cuda12} or {@code cuda13} from the property, else the environment. */
  static String platform(String property, String env) {
    String value = property != null && !property.isBlank() ? property : env;
    String name = value == null || value.isBlank() ? "cpu" : value.trim().toLowerCase();
    return switch (name) {
      case "cpu" -> "cpu";
      case "cuda", "cuda12", "gpu" -> "cuda12";
      case "cuda13" -> "cuda13";
      default ->
          throw new IllegalArgumentException(
              "unknown platform '%s' (-D%s or %s): expected cpu, cuda (CUDA 12) or cuda13"
                  .formatted(value, PLATFORM, PLATFORM_ENV));
    };
  }

  /** The CUDA client's create options from the {@code torch2jax.gpu.*} properties that are set. */
  static Map<String, Object> gpuOptions(Function<String, String> property) {
    Map<String, Object> options = new LinkedHashMap<>();
    String preallocate = property.apply(GPU_PREALLOCATE);
    if (preallocate != null) {
      options.put("preallocate", bool(GPU_PREALLOCATE, preallocate));
    }
    String fraction = property.apply(GPU_MEMORY_FRACTION);
    if (fraction != null) {
      options.put("memory_fraction", fraction(fraction));
    }
    String visible = property.apply(GPU_VISIBLE_DEVICES);
    if (visible != null) {
      options.put("visible_devices", ordinals(visible));
    }
    String allocator = property.apply(GPU_ALLOCATOR);
    if (allocator != null) {
      if (!java.util.List.of("default", "platform", "bfc", "cuda_async").contains(allocator)) {
        throw new IllegalArgumentException(
            "-D%s=%s: expected default, platform, bfc or cuda_async"
                .formatted(GPU_ALLOCATOR, allocator));
      }
      options.put("allocator", allocator);
    }
    return options;
  }

  private static int positiveInt(String name, String value, int fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the property's name
    }
    throw new IllegalArgumentException(
        "-D%s=%s: expected a positive number of devices".formatted(name, value));
  }

  private static boolean bool(String name, String value) {
    return switch (value.trim().toLowerCase()) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              "-D%s=%s: expected true or false".formatted(name, value));
    };
  }

  private static float fraction(String value) {
    try {
      float f = Float.parseFloat(value.trim());
      if (f > 0 && f <= 1) {
        return f;
      }
    } catch (NumberFormatException e) {
      // reported below with the property's name
    }
    throw new IllegalArgumentException(
        "-D%s=%s: expected a fraction in (0, 1]".formatted(GPU_MEMORY_FRACTION, value));
  }

  private static long[] ordinals(String value) {
    try {
      long[] ids =
          Arrays.stream(value.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
      if (ids.length > 0 && Arrays.stream(ids).allMatch(i -> i >= 0)) {
        return ids;
      }
    } catch (NumberFormatException e) {
      // reported below with the property's name
    }
    throw new IllegalArgumentException(
        "-D%s=%s: expected GPU ordinals such as 0,1".formatted(GPU_VISIBLE_DEVICES, value));
  }

  /**
   * The CUDA plugin wheel ({@code jax-cuda12-pjrt} or {@code jax-cuda13-pjrt}) installed with the
   * nvidia libraries it loads (found through its RPATH {@code $ORIGIN/../../nvidia/<lib>/lib}) into
   * {@code <cache>/pjrt/<package>-<version>/}.
   *
   * @param variant {@code cuda12} or {@code cuda13}
   * @param version the wheel's version
   */
  record CudaPlugin(String variant, String version) {
    static CudaPlugin of(String variant, Properties bundled) {
      String pinned = bundled.getProperty("cuda.variant");
      String version = bundled.getProperty("cuda.version");
      if (!variant.equals(pinned)) {
        throw new IllegalArgumentException(
            "this build pins the %s plugin (%s); for %s build with -Dpjrt.cuda.variant=%s and -Dpjrt.cuda.version=<its version>"
                .formatted(pinned, version, variant, variant));
      }
      return new CudaPlugin(variant, version);
    }

    /** The pip package, e.g. {@code jax-cuda12-pjrt}. */
    String pipPackage() {
      return "jax-%s-pjrt".formatted(variant);
    }

    /** Where the fetch script installs the plugin library. */
    Path library(Path cacheRoot) {
      return cacheRoot
          .resolve("pjrt")
          .resolve(pipPackage() + "-" + version)
          .resolve("jax_plugins")
          .resolve("xla_" + variant)
          .resolve("xla_cuda_plugin.so");
    }

    /** The cached library, or an exception saying how to fetch it. */
    Path locate(Path cacheRoot) {
      Path library = library(cacheRoot);
      if (Files.isRegularFile(library)) {
        return library;
      }
      throw new PluginNotFoundException(
          """
          The CUDA PJRT plugin (%s %s) is not in the cache: %s is missing. Fetch it once (pip \
          installs the plugin and the nvidia libraries it loads, several GB) with \
          scripts/fetch-cuda-plugin.sh %s %s, or build with -D%s=cuda; or point -D%s at a \
          CUDA PJRT plugin .so."""
              .formatted(
                  pipPackage(),
                  version,
                  library,
                  variant,
                  version,
                  PLATFORM,
                  PluginLocator.PROPERTY));
    }
  }
}
