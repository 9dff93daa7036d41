package dev.torch2jax.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import org.bytedeco.pytorch.FunctionSchema;
import org.bytedeco.pytorch.Operator;
import org.bytedeco.pytorch.OperatorVector;
import org.bytedeco.pytorch.global.torch;

/**
 * Writes every {@code aten::} operator schema registered in libtorch, one schema string a line,
 * sorted, e.g. {@code aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor}.
 *
 * <p>The output is the processor's resource {@code META-INF/torch2jax/aten-schemas.txt}. To
 * regenerate it (from the repository root, JDK 25):
 *
 * <pre>
 * mvn -B -ntp -q -pl annotations,runtime,examples compile -Dspotless.check.skip
 * mvn -B -ntp -q dependency:build-classpath -pl examples -Dmdep.outputFile=/tmp/cp.txt
 * java --enable-native-access=ALL-UNNAMED -cp examples/target/classes:$(cat /tmp/cp.txt) \
 *     dev.torch2jax.tools.DumpAtenSchemas \
 *     processor/src/main/resources/META-INF/torch2jax/aten-schemas.txt
 * </pre>
 */
public final class DumpAtenSchemas {
  private DumpAtenSchemas() {}

  /**
   * Dumps the schemas.
   *
   * @param args the output file; standard output when absent
   * @throws IOException if the file cannot be written
   */
  public static void main(String[] args) throws IOException {
    TreeSet<String> schemas = new TreeSet<>();
    OperatorVector ops = torch.getAllOperators();
    for (long i = 0; i < ops.size(); i++) {
      Operator op = ops.get(i);
      FunctionSchema schema = op.schema();
      String name = schema.name().getString();
      if (!name.startsWith("aten::")) {
        continue;
      }
      String text = torch.toString(schema).getString();
      if (text.indexOf('\n') >= 0) {
        throw new IllegalStateException("schema spans lines: " + text);
      }
      schemas.add(text);
    }
    StringBuilder out = new StringBuilder();
    for (String s : schemas) {
      out.append(s).append('\n');
    }
    if (args.length == 0) {
      System.out.print(out);
    } else {
      Path file = Path.of(args[0]);
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, out, StandardCharsets.UTF_8);
      System.err.println("wrote " + schemas.size() + " aten schemas to " + file);
    }
  }
}
