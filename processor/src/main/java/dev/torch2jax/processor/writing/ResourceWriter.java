package dev.torch2jax.processor.writing;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/** Writes resources into the class output: {@code ServiceLoader} registrations and reports. */
public final class ResourceWriter {
  private final Filer filer;

  /** Writes through {@code filer}. */
  public ResourceWriter(Filer filer) {
    this.filer = filer;
  }

  /** {@code META-INF/services/<service>} listing {@code providers} sorted; nothing when none. */
  public void writeService(String service, List<String> providers, Element[] origins) {
    if (providers.isEmpty()) {
      return;
    }
    write(
        "META-INF/services/" + service,
        providers.stream().sorted().map(p -> p + "\n").collect(Collectors.joining()),
        origins);
  }

  /** A UTF-8 text file at {@code path}, relative to the class output. */
  public void write(String path, String content, Element[] origins) {
    try {
      FileObject f = filer.createResource(StandardLocation.CLASS_OUTPUT, "", path, origins);
      try (Writer w = new OutputStreamWriter(f.openOutputStream(), StandardCharsets.UTF_8)) {
        w.write(content);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }
}
