package dev.torch2jax.export;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The entries of a {@code .pt2} file written by {@code torch.export.save}: a zip (read with the
 * JDK; PyTorch stores the entries uncompressed) whose entries all sit under one root folder, found
 * rather than assumed. Entries are read whole into memory.
 */
final class Pt2Archive {
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private final Path file;
  private final Map<String, byte[]> entries;

  private Pt2Archive(Path file, Map<String, byte[]> entries) {
    this.file = file;
    this.entries = entries;
  }

  /**
   * Reads every entry of {@code file}.
   *
   * @throws Pt2ArchiveException if the file is missing, not a zip, truncated, or not a PT2 archive
   */
  static Pt2Archive open(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new Pt2ArchiveException(file, "no such file");
    }
    checkZipMagic(file);
    Map<String, byte[]> raw = new TreeMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> all = zip.entries();
      while (all.hasMoreElements()) {
        ZipEntry e = all.nextElement();
        if (!e.isDirectory()) {
          try (InputStream in = zip.getInputStream(e)) {
            raw.put(e.getName(), in.readAllBytes());
          }
        }
      }
    } catch (ZipException e) {
      throw new Pt2ArchiveException(
          file,
          "the zip is truncated or damaged (%s); save it again with torch.export.save"
              .formatted(e.getMessage()),
          e);
    } catch (IOException e) {
      throw new Pt2ArchiveException(
          file, "cannot read the archive: %s".formatted(e.getMessage()), e);
    }
    return new Pt2Archive(file, stripRoot(file, raw));
  }

  private static void checkZipMagic(Path file) {
    byte[] head = new byte[4];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, 4);
    } catch (IOException e) {
      throw new Pt2ArchiveException(file, "cannot read: %s".formatted(e.getMessage()), e);
    }
    if (n < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
      throw new Pt2ArchiveException(
          file, "not a zip archive; expected a .pt2 file written by torch.export.save");
    }
  }

  /** Entry names relative to the root folder that holds {@code archive_format}. */
  private static Map<String, byte[]> stripRoot(Path file, Map<String, byte[]> raw) {
    String root = null;
    for (String name : raw.keySet()) {
      if (name.equals("archive_format") || name.endsWith("/archive_format")) {
        root = name.substring(0, name.length() - "archive_format".length());
        break;
      }
    }
    if (root == null) {
      boolean legacy =
          raw.keySet().stream().anyMatch(n -> n.endsWith("serialized_exported_program.json"));
      throw new Pt2ArchiveException(
          file,
          legacy
              ? "an archive in the pre-2.8 layout (serialized_exported_program.json); save it again"
                  + " with torch.export.save from torch 2.8 or newer"
              : "not a PT2 archive: the zip has no archive_format entry (entries: %s)"
                  .formatted(raw.keySet().stream().limit(8).toList()));
    }
    Map<String, byte[]> out = new TreeMap<>();
    for (Map.Entry<String, byte[]> e : raw.entrySet()) {
      if (e.getKey().startsWith(root)) {
        out.put(e.getKey().substring(root.length()), e.getValue());
      }
    }
    return out;
  }

  Path file() {
    return file;
  }

  boolean has(String entry) {
    return entries.containsKey(entry);
  }

  /**
   * The bytes of {@code entry} (relative to the root folder).
   *
   * @throws Pt2ArchiveException if the archive has no such entry
   */
  byte[] bytes(String entry) {
    byte[] b = entries.get(entry);
    if (b == null) {
      throw new Pt2ArchiveException(
          file,
          "the archive has no entry %s; it is incomplete, save it again with torch.export.save"
              .formatted(entry));
    }
    return b;
  }

  String text(String entry) {
    return new String(bytes(entry), StandardCharsets.UTF_8).strip();
  }

  /**
   * Entry {@code entry} read as JSON into {@code type}.
   *
   * @throws Pt2ArchiveException if it is missing or does not match the schema
   */
  <T> T json(String entry, Class<T> type) {
    try {
      return JSON.readValue(bytes(entry), type);
    } catch (JacksonException e) {
      throw new Pt2ArchiveException(
          file,
          "entry %s does not match the export schema: %s".formatted(entry, e.getOriginalMessage()),
          e);
    } catch (IOException e) {
      throw new Pt2ArchiveException(file, "cannot read entry %s".formatted(entry), e);
    }
  }

  /** Decodes a JSON subtree into {@code type} (for union payloads). */
  static <T> T convert(com.fasterxml.jackson.databind.JsonNode node, Class<T> type) {
    return JSON.convertValue(node, type);
  }
}
