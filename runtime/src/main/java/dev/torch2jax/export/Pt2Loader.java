package dev.torch2jax.export;

import dev.torch2jax.Array;
import dev.torch2jax.aten.OpRegistry;
import dev.torch2jax.export.ExportSchema.Program;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code .pt2} archive written by {@code torch.export.save} into an {@link
 * ExportedFunction}: checks the format and schema version, reads the graph, the weights and the
 * constants, and resolves every node against the ATen dispatch table.
 */
public final class Pt2Loader {
  private static final String MODEL = "model";

  private Pt2Loader() {}

  /**
   * Loads {@code file}.
   *
   * @throws Pt2ArchiveException if the file is not a readable PT2 archive of a supported version
   * @throws UnsupportedOpException if the program has an op torch2jax cannot run
   */
  public static ExportedFunction load(Path file) {
    Pt2Archive archive = Pt2Archive.open(file);
    String format = archive.text("archive_format");
    if (!format.equals("pt2")) {
      throw new Pt2ArchiveException(
          file, "archive_format is \"%s\", expected \"pt2\"".formatted(format));
    }
    if (archive.has("byteorder") && !archive.text("byteorder").equals("little")) {
      throw new Pt2ArchiveException(file, "weights are big-endian; only little-endian is read");
    }
    Program program = archive.json("models/%s.json".formatted(MODEL), Program.class);
    checkVersion(file, program);
    Map<String, Array> stored = new LinkedHashMap<>();
    stored.putAll(
        StoredTensors.read(archive, "data/weights/", "%s_weights_config.json".formatted(MODEL)));
    stored.putAll(
        StoredTensors.read(
            archive, "data/constants/", "%s_constants_config.json".formatted(MODEL)));
    try {
      return new ExportedFunction(file.toString(), program, stored, OpRegistry.global());
    } catch (IllegalArgumentException e) {
      throw new Pt2ArchiveException(file, e.getMessage(), e);
    }
  }

  private static void checkVersion(Path file, Program program) {
    if (program.schemaVersion() == null || program.graphModule() == null) {
      throw new Pt2ArchiveException(
          file, "models/%s.json has no schema_version or graph_module".formatted(MODEL));
    }
    int major = program.schemaVersion().major();
    if (major != ExportSchema.SUPPORTED_MAJOR) {
      throw new Pt2ArchiveException(
          file,
          ("schema_version %d.%d (torch %s) is not supported: this reader reads major version %d"
                  + " (torch 2.8 to 2.10); export again with such a torch")
              .formatted(
                  major,
                  program.schemaVersion().minor(),
                  program.torchVersion(),
                  ExportSchema.SUPPORTED_MAJOR));
    }
    List<String> verifiers = program.verifiers();
    if (verifiers != null
        && !verifiers.isEmpty()
        && !List.of("TRAINING", "ATEN").containsAll(verifiers)) {
      throw new Pt2ArchiveException(
          file,
          "dialect %s is not supported; export with torch.export.export (TRAINING) or run"
              + " run_decompositions() (ATEN)".formatted(verifiers));
    }
  }
}
