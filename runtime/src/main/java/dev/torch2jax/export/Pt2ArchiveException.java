package dev.torch2jax.export;

import java.nio.file.Path;

/**
 * A {@code .pt2} file that cannot be read: not a zip, truncated, an entry missing, a schema version
 * or storage form this reader does not support. The message names the file and what to do.
 */
public final class Pt2ArchiveException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  Pt2ArchiveException(Path file, String problem) {
    super("%s: %s".formatted(file, problem));
    this.file = file;
  }

  Pt2ArchiveException(Path file, String problem, Throwable cause) {
    super("%s: %s".formatted(file, problem), cause);
    this.file = file;
  }

  /** The archive. */
  public Path file() {
    return file;
  }
}
