package dev.torch2jax.examples.zoo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The zoo's folder of test resources and its {@code manifest.tsv}. */
record ZooManifest(Path dir, List<String> comments, List<ZooEntry> entries) {
  private static final List<String> COLUMNS =
      List.of(
          "name",
          "family",
          "variant",
          "file",
          "bytes",
          "io_file",
          "io_bytes",
          "parameters",
          "inputs",
          "outputs",
          "note");

  private static final String MADE_BY = "made by scripts/zoo/make_zoo.py with ";

  /** Reads {@code /zoo/manifest.tsv} from the test class path. */
  static ZooManifest load() {
    try {
      var url = ZooManifest.class.getResource("/zoo/manifest.tsv");
      if (url == null) {
        throw new IllegalStateException(
            "zoo/manifest.tsv is not on the test class path: run scripts/zoo/make_zoo.py");
      }
      return read(Path.of(url.toURI()));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses a manifest: {@code #} comment lines, a header row, then tab-separated rows. */
  static ZooManifest read(Path tsv) {
    List<String> lines;
    try {
      lines = Files.readAllLines(tsv);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> comments = new ArrayList<>();
    List<ZooEntry> entries = new ArrayList<>();
    boolean header = true;
    for (String line : lines) {
      if (line.startsWith("#")) {
        comments.add(line.substring(1).strip());
      } else if (header) {
        if (!List.of(line.split("\t")).equals(COLUMNS)) {
          throw new IllegalStateException(
              "%s: expected the columns %s, got %s".formatted(tsv, COLUMNS, line));
        }
        header = false;
      } else if (!line.isBlank()) {
        String[] c = line.split("\t", -1);
        if (c.length != COLUMNS.size()) {
          throw new IllegalStateException(
              "%s: expected %d columns in %s".formatted(tsv, COLUMNS.size(), line));
        }
        entries.add(new ZooEntry(c[0], c[1], c[2], c[3], c[5], c[10]));
      }
    }
    return new ZooManifest(tsv.getParent(), List.copyOf(comments), List.copyOf(entries));
  }

  /** The Python versions that made the files, from the manifest's first comment. */
  String versions() {
    return comments.stream()
        .filter(c -> c.startsWith(MADE_BY))
        .map(c -> c.substring(MADE_BY.length()))
        .findFirst()
        .orElse("versions not recorded");
  }

  /** The entries whose TorchScript file Python made. */
  List<ZooEntry> made() {
    return entries.stream().filter(ZooEntry::made).toList();
  }

  /** The entry {@code name.variant}. */
  ZooEntry entry(String id) {
    return entries.stream()
        .filter(e -> e.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no zoo fixture " + id));
  }
}
