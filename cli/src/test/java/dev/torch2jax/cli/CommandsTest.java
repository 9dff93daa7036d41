package dev.torch2jax.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands run in-process on small TorchScript files built here and a committed .pt2. */
class CommandsTest {
  /**
   * A torch.export program of the runtime's test resources (an MLP exported for x: float32[4, 6]).
   */
  private static final Path PT2 = Path.of("../runtime/src/test/resources/pt2/mlp.aten.pt2");

  @TempDir static Path dir;
  private static Path mlp;
  private static Path det;

  @BeforeAll
  static void fixtures() {
    mlp = Fixtures.mlp(dir);
    det = Fixtures.withMissingOp(dir);
  }

  @Test
  void inspectListsOpsStateAndInputsAndExitsZero() {
    CliRun r = CliRun.of("inspect", mlp.toString());
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("inputs: 1\n  x: Tensor\n"), r::toString);
    // fc1 4x8+8, fc2 8x2+2 = 58 float32 elements; the buffer: 2
    assertTrue(
        r.out().contains("parameters: 4 tensors, 58 elements, 232 bytes (float32)"), r::toString);
    assertTrue(r.out().contains("buffers: 1 tensors, 2 elements, 8 bytes (float32)"), r::toString);
    // linear is called from two submodules' forwards: counted at each call
    assertTrue(Pattern.compile(" 2  ok +aten::linear\n").matcher(r.out()).find(), r::toString);
    assertTrue(Pattern.compile(" 1  ok +aten::relu\n").matcher(r.out()).find(), r::toString);
    assertTrue(r.out().contains("0 missing"), r::toString);
  }

  @Test
  void inspectNamesAMissingOpWithItsSourceLineAndExitsOne() {
    CliRun r = CliRun.of("inspect", det.toString());
    assertEquals(1, r.status(), r::toString);
    assertTrue(
        Pattern.compile(" 1  MISSING +aten::linalg_det  \\(first at <string>:3\\)")
            .matcher(r.out())
            .find(),
        r::toString);
    assertTrue(r.out().contains("return torch.det(y)"), r::toString);
    assertTrue(r.out().contains("1 op(s) missing"), r::toString);
  }

  @Test
  void inspectReadsATorchExportArchive() {
    CliRun r = CliRun.of("inspect", PT2.toString());
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("torch.export program"), r::toString);
    assertTrue(r.out().contains("inputs: 1\n"), r::toString);
  }

  @Test
  void runMatchesLibtorchEager() {
    CliRun r = CliRun.of("run", mlp.toString(), "--input", "3x4", "--seed", "7");
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("input x: float32[3, 4]"), r::toString);
    assertTrue(r.out().contains("output 0: float32[3, 2]"), r::toString);
    assertTrue(maxAbsDifference(r.out()) < 1e-5, r::toString);
    assertTrue(r.out().contains("steady call"), r::toString);
  }

  @Test
  void runTakesNpyInputs() throws Exception {
    Path x = dir.resolve("x.npy");
    Files.write(x, NpyReaderTest.npy("<f4", "(2, 4)", floats(1, 2, 3, 4, -1, -2, -3, -4)));
    CliRun r = CliRun.of("run", mlp.toString(), "-i", x.toString());
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("input x: float32[2, 4]  min -4"), r::toString);
    assertTrue(r.out().contains("output 0: float32[2, 2]"), r::toString);
    assertTrue(maxAbsDifference(r.out()) < 1e-5, r::toString);
  }

  @Test
  void runOfATorchExportArchive() {
    CliRun r = CliRun.of("run", PT2.toString(), "-i", "4x6");
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("output 0: float32[4, 3]"), r::toString);
    assertTrue(r.out().contains("not available for a .pt2"), r::toString);
  }

  @Test
  void badInputsAreUsageErrorsThatSayWhatWasExpected() {
    CliRun count = CliRun.of("run", mlp.toString(), "-i", "3x4", "-i", "3x4");
    assertEquals(2, count.status(), count::toString);
    assertTrue(
        count.err().contains("takes 1 input(s) (x: Tensor), got 2 --input"), count::toString);
    assertTrue(count.err().contains("Run 't2j run --help' for usage."), count::toString);

    CliRun shape = CliRun.of("run", mlp.toString(), "-i", "3xfour");
    assertEquals(2, shape.status(), shape::toString);
    assertTrue(shape.err().contains("'four' is not a dimension"), shape::toString);

    CliRun dtype = CliRun.of("run", mlp.toString(), "-i", "3x4:f33");
    assertEquals(2, dtype.status(), dtype::toString);
    assertTrue(dtype.err().contains("unknown dtype 'f33'; use one of"), dtype::toString);

    CliRun file = CliRun.of("inspect", dir.resolve("nothere.pt").toString());
    assertEquals(2, file.status(), file::toString);
    assertTrue(file.err().contains("nothere.pt: no such file"), file::toString);

    CliRun npy = CliRun.of("run", mlp.toString(), "-i", dir.resolve("nothere.npy").toString());
    assertEquals(2, npy.status(), npy::toString);
    assertTrue(npy.err().contains("nothere.npy: no such .npy file"), npy::toString);
  }

  @Test
  void runOfAModelWithAMissingOpFailsWithTheOp() {
    CliRun r = CliRun.of("run", det.toString(), "-i", "3x3");
    assertEquals(1, r.status(), r::toString);
    assertTrue(r.err().contains("aten::linalg_det is not supported"), r::toString);
  }

  @Test
  void exportWritesTheModuleAndItsLayout() throws Exception {
    Path out = dir.resolve("out/mlp.mlir");
    CliRun r = CliRun.of("export", mlp.toString(), "-i", "3x4", "-o", out.toString());
    assertEquals(0, r.status(), r::toString);
    String text = Files.readString(out);
    assertTrue(text.startsWith("module @"), text);
    assertTrue(text.contains("func.func public @main("), text);
    JsonNode layout = new ObjectMapper().readTree(dir.resolve("out/mlp.layout.json").toFile());
    assertEquals("mlp.mlir", layout.get("module").asText());
    List<String> named = new ArrayList<>();
    int constants = 0;
    for (JsonNode a : layout.get("arguments")) {
      if (a.get("kind").asText().equals("constant")) {
        constants++;
        assertTrue(a.has("values"), a::toString);
      } else {
        named.add(
            "%s %s %s%s"
                .formatted(
                    a.get("kind").asText(),
                    a.get("name").asText(),
                    a.get("dtype").asText(),
                    a.get("shape")));
      }
    }
    // state dict keys in sorted order, then the input
    assertEquals(
        List.of(
            "parameter fc1.bias float32[8]",
            "parameter fc1.weight float32[8,4]",
            "parameter fc2.bias float32[2]",
            "parameter fc2.weight float32[2,8]",
            "buffer scale float32[2]",
            "input x float32[3,4]"),
        named);
    assertEquals(
        constants + 6, count(text, "%arg") - count(text.substring(text.indexOf(')')), "%arg"));
    assertEquals("[3,2]", layout.get("results").get(0).get("shape").toString());
  }

  @Test
  void benchPrintsLatenciesAndTheRatio() {
    CliRun r =
        CliRun.of("bench", mlp.toString(), "-i", "3x4", "--iterations", "3", "--warmup", "1");
    assertEquals(0, r.status(), r::toString);
    assertTrue(r.out().contains("XLA compile"), r::toString);
    assertTrue(r.out().contains("t2j jit:        median"), r::toString);
    Matcher m = Pattern.compile("ratio t2j / libtorch \\(median\\): (\\S+)").matcher(r.out());
    assertTrue(m.find(), r::toString);
    assertTrue(Double.parseDouble(m.group(1)) > 0, r::toString);
  }

  @Test
  void helpOfEachCommand() {
    for (String c : List.of("inspect", "run", "export", "bench")) {
      CliRun r = CliRun.of(c, "--help");
      assertEquals(0, r.status(), r::toString);
      assertTrue(r.out().startsWith("Usage: t2j " + c), r::toString);
    }
    assertTrue(CliRun.of("inspect", "--help").out().contains("1   some op is missing"));
  }

  private static double maxAbsDifference(String out) {
    Matcher m = Pattern.compile("difference from libtorch eager: max abs (\\S+),").matcher(out);
    assertTrue(m.find(), out);
    return Double.parseDouble(m.group(1));
  }

  private static int count(String s, String part) {
    return s.split(Pattern.quote(part), -1).length - 1;
  }

  static byte[] floats(float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : v) {
      b.putFloat(f);
    }
    return b.array();
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
