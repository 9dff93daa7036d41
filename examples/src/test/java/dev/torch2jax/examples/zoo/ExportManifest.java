package dev.torch2jax.examples.zoo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The zoo's {@code exports.tsv}: which models {@code torch.export} exported, and why not. */
record ExportManifest(Path dir, List<ExportEntry> entries) {
  private static final List<String> COLUMNS =
      List.of("name", "family", "variant", "file", "bytes", "io_files", "batch_range", "note");

  /** Reads {@code /zoo/exports.tsv} from the test class path. */
  static ExportManifest load() {
    var url = ExportManifest.class.getResource("/zoo/exports.tsv");
    if (url == null) {
      throw new IllegalStateException(
          "zoo/exports.tsv is not on the test class path: run scripts/zoo/make_zoo_exports.py");
    }
    try {
      return read(Path.of(url.toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses the file: {@code #} comment lines, a header row, then tab-separated rows. */
  static ExportManifest read(Path tsv) {
    List<String> lines;
    try {
      lines = Files.readAllLines(tsv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<ExportEntry> entries = new ArrayList<>();
    boolean header = true;
    for (String line : lines) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String[] c = line.split("\t", -1);
      if (header) {
        if (!List.of(c).equals(COLUMNS)) {
          throw new IllegalStateException(
              "%s: expected the columns %s, got %s".formatted(tsv, COLUMNS, line));
        }
        header = false;
      } else if (c.length != COLUMNS.size()) {
        throw new IllegalStateException(
            "%s: expected %d columns in %s".formatted(tsv, COLUMNS.size(), line));
      } else {
        entries.add(new ExportEntry(c[0], c[1], c[2], c[3], List.of(c[5].split(",")), c[6], c[7]));
      }
    }
    return new ExportManifest(tsv.getParent(), List.copyOf(entries));
  }

  /** The entries whose file Python made. */
  List<ExportEntry> made() {
    return entries.stream().filter(ExportEntry::made).toList();
  }

  /** The entry {@code name.variant}. */
  ExportEntry entry(String id) {
    return entries.stream()
        .filter(e -> e.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no export fixture " + id));
  }
}
