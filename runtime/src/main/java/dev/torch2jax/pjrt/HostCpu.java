package dev.torch2jax.pjrt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What XLA's CPU code generation depends on in the host: the OS and architecture, and on Linux the
 * CPU's model and feature flags from {@code /proc/cpuinfo} (XLA compiles for the host's features,
 * and an executable built for other features may crash or compute garbage).
 */
final class HostCpu {
  /** The first line of each of these {@code /proc/cpuinfo} fields (x86 and ARM spellings). */
  private static final List<String> FIELDS =
      List.of("model name", "flags", "CPU implementer", "CPU part", "Features");

  private static final String DESCRIPTION = describe(Path.of("/proc/cpuinfo"));

  private HostCpu() {}

  /** This host's description, read once per process. */
  static String description() {
    return DESCRIPTION;
  }

  /** The OS and architecture, plus the {@link #FIELDS} of {@code cpuinfo} when it is readable. */
  static String describe(Path cpuinfo) {
    StringBuilder out =
        new StringBuilder(
            "os=%s arch=%s"
                .formatted(System.getProperty("os.name"), System.getProperty("os.arch")));
    Map<String, String> found = new LinkedHashMap<>();
    try {
      for (String line : Files.readAllLines(cpuinfo)) {
        int colon = line.indexOf(':');
        String name = colon < 0 ? "" : line.substring(0, colon).strip();
        if (FIELDS.contains(name)) {
          found.putIfAbsent(name, line.substring(colon + 1).strip());
        }
      }
    } catch (IOException | UncheckedIOException | SecurityException e) {
      // Not Linux, or no access: the OS and architecture stay the description.
    }
    found.forEach((name, value) -> out.append('\n').append(name).append('=').append(value));
    return out.toString();
  }
}
