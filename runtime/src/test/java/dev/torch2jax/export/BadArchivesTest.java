package dev.torch2jax.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.torch.T2J;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archives damaged in the ways the issue lists, made from a good one; each refused clearly. */
class BadArchivesTest {
  private static final Path GOOD = Fixtures.path("mlp.aten.pt2");

  @TempDir Path dir;

  @Test
  void notAZip() throws IOException {
    Path f = Files.writeString(dir.resolve("text.pt2"), "hello, not a zip");
    assertRefused(f, "not a zip archive");
  }

  @Test
  void truncated() throws IOException {
    byte[] all = Files.readAllBytes(GOOD);
    Path f = Files.write(dir.resolve("cut.pt2"), Arrays.copyOf(all, all.length / 2));
    assertRefused(f, "truncated or damaged");
  }

  @Test
  void missingEntry() throws IOException {
    Path f = rewrite("no_graph.pt2", "models/model.json", null);
    assertRefused(f, "has no entry models/model.json");
  }

  @Test
  void missingWeight() throws IOException {
    Path f = rewrite("no_weight.pt2", "data/weights/weight_0", null);
    assertRefused(f, "has no entry data/weights/weight_0");
  }

  @Test
  void otherSchemaMajorVersion() throws IOException {
    Path f =
        rewrite(
            "v9.pt2", "models/model.json", json -> json.replace("\"major\": 8", "\"major\": 9"));
    assertRefused(f, "schema_version 9.15");
  }

  @Test
  void pickledWeights() throws IOException {
    Path f =
        rewrite(
            "pickled.pt2",
            "data/weights/model_weights_config.json",
            json -> json.replaceFirst("\"use_pickle\": false", "\"use_pickle\": true"));
    assertRefused(f, "is stored with pickle");
  }

  @Test
  void unsupportedOpNamesTargetSchemaAndPythonStack() throws IOException {
    Path f =
        rewrite(
            "histc.pt2",
            "models/model.json",
            json -> json.replace("torch.ops.aten.relu.default", "torch.ops.aten.histc.default"));
    UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> T2J.load(f));
    assertEquals("torch.ops.aten.histc.default", e.target());
    assertEquals(
        "aten::histc(Tensor self, int bins=100, Scalar min=0, Scalar max=0) -> Tensor", e.schema());
    assertTrue(e.stackTrace().contains("make_exports.py"), e.stackTrace());
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("in forward"), e.getMessage());
  }

  private static void assertRefused(Path f, String expected) {
    Pt2ArchiveException e = assertThrows(Pt2ArchiveException.class, () -> T2J.load(f));
    assertEquals(f, e.file());
    assertTrue(
        e.getMessage().startsWith(f.toString()) && e.getMessage().contains(expected),
        e.getMessage());
  }

  /** A copy of the good archive with {@code entry} edited as text, or left out when null. */
  private Path rewrite(String name, String entry, UnaryOperator<String> edit) throws IOException {
    Path out = dir.resolve(name);
    try (ZipFile in = new ZipFile(GOOD.toFile());
        OutputStream os = Files.newOutputStream(out);
        ZipOutputStream zip = new ZipOutputStream(os)) {
      Enumeration<? extends ZipEntry> all = in.entries();
      while (all.hasMoreElements()) {
        ZipEntry e = all.nextElement();
        byte[] bytes = in.getInputStream(e).readAllBytes();
        if (e.getName().endsWith("/" + entry)) {
          if (edit == null) {
            continue;
          }
          String text = new String(bytes, StandardCharsets.UTF_8);
          String edited = edit.apply(text);
          assertTrue(!edited.equals(text), "the edit of %s changed nothing".formatted(entry));
          bytes = edited.getBytes(StandardCharsets.UTF_8);
        }
        zip.putNextEntry(new ZipEntry(e.getName()));
        zip.write(bytes);
        zip.closeEntry();
      }
    }
    return out;
  }
}
