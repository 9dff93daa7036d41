package dev.torch2jax.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * libtorch's ATen schemas by overload name ({@code aten::add.Tensor}, {@code aten::addmm}), read
 * from the copy of the processor's {@code aten-schemas.txt} the runtime build ships as a resource.
 * Lines are parsed on first use.
 */
final class OpSchemas {
  private static final String RESOURCE = "aten-schemas.txt";
  private static volatile Map<String, String> lines;
  private static final Map<String, OpSchema> PARSED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private OpSchemas() {}

  /** The schema of {@code overload}, if libtorch has one. */
  static Optional<OpSchema> lookup(String overload) {
    String line = lines().get(overload);
    return line == null
        ? Optional.empty()
        : Optional.of(PARSED.computeIfAbsent(overload, k -> OpSchema.parse(line)));
  }

  private static Map<String, String> lines() {
    Map<String, String> l = lines;
    if (l == null) {
      synchronized (OpSchemas.class) {
        l = lines;
        if (l == null) {
          l = load();
          lines = l;
        }
      }
    }
    return l;
  }

  private static Map<String, String> load() {
    try (InputStream in = OpSchemas.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource dev/torch2jax/export/%s is missing from the runtime jar".formatted(RESOURCE));
      }
      Map<String, String> out = new HashMap<>();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        int open = line.indexOf('(');
        if (open > 0) {
          out.put(line.substring(0, open), line.strip());
        }
      }
      return Collections.unmodifiableMap(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
