package dev.torch2jax.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaFileObject;

/**
 * Inputs for compile-testing: the runtime's real dispatch SPI sources (read from the sibling
 * module, so the tests exercise the {@code Args} the generated code really calls), stand-ins for
 * {@code Array}, {@code DType} and the rule interfaces the tracing core will define, and a class
 * loader for the compiled output.
 */
final class TestSources {
  private TestSources() {}

  /** The runtime module's main sources, relative to this module (surefire runs in processor/). */
  static final Path RUNTIME = Path.of("..", "runtime", "src", "main", "java");

  private static final List<String> RUNTIME_SPI =
      List.of(
          "dev.torch2jax.aten.AtenOp",
          "dev.torch2jax.aten.OpTable",
          "dev.torch2jax.aten.Args",
          "dev.torch2jax.aten.OpArgumentException",
          "dev.torch2jax.core.rules.PrimitiveRuleTable");

  private static final List<String> STUBS =
      List.of(
          "dev/torch2jax/Array.java",
          "dev/torch2jax/DType.java",
          "dev/torch2jax/aten/AtenVjpRule.java",
          "dev/torch2jax/aten/AtenBatchRule.java",
          "dev/torch2jax/core/rules/AbstractEvalRule.java",
          "dev/torch2jax/core/rules/LoweringRule.java",
          "dev/torch2jax/core/rules/VjpRule.java",
          "dev/torch2jax/core/rules/BatchRule.java");

  /** Everything the generated code compiles against. */
  static List<JavaFileObject> runtime() {
    List<JavaFileObject> out = new ArrayList<>();
    for (String fqn : RUNTIME_SPI) {
      Path file = RUNTIME.resolve(fqn.replace('.', '/') + ".java");
      try {
        out.add(JavaFileObjects.forSourceString(fqn, Files.readString(file)));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read runtime source " + file.toAbsolutePath(), e);
      }
    }
    for (String stub : STUBS) {
      out.add(JavaFileObjects.forResource("stubs/" + stub));
    }
    return out;
  }

  /** The runtime sources plus {@code sources}. */
  static List<JavaFileObject> with(JavaFileObject... sources) {
    List<JavaFileObject> all = new ArrayList<>(runtime());
    all.addAll(Arrays.asList(sources));
    return all;
  }

  /** javac with the processor, under the project's lint settings. */
  static Compiler javac(String... options) {
    List<String> all = new ArrayList<>(List.of("-Xlint:all,-processing", "-Werror"));
    all.addAll(Arrays.asList(options));
    return Compiler.javac().withProcessors(new OpsProcessor()).withOptions(all);
  }

  /** A class loader over the class files of a compilation. */
  static ClassLoader classLoader(Compilation compilation) {
    Map<String, byte[]> classes = new HashMap<>();
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.getKind() != JavaFileObject.Kind.CLASS) {
        continue;
      }
      String path = f.toUri().getPath();
      String name = path.substring(path.indexOf("CLASS_OUTPUT/") + "CLASS_OUTPUT/".length());
      name = name.substring(0, name.length() - ".class".length()).replace('/', '.');
      try (InputStream in = f.openInputStream()) {
        classes.put(name, in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new ClassLoader(ClassLoader.getPlatformClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = classes.get(name);
        if (b == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
      }
    };
  }

  /** A generated resource's text. */
  static String resource(Compilation compilation, String path) {
    for (JavaFileObject f : compilation.generatedFiles()) {
      if (f.toUri().getPath().endsWith("CLASS_OUTPUT/" + path)) {
        try {
          return f.getCharContent(true).toString();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return null;
  }

  /**
   * With the environment variable {@code GOLDEN_FILE_ROOT} set (to {@code src/test/resources}),
   * rewrites a golden file from the generated source, as AutoFactory's tests do. Review the diff.
   */
  static void maybeRewriteGolden(Compilation c, String generatedClass, String golden) {
    String root = System.getenv("GOLDEN_FILE_ROOT");
    if (root == null) {
      return;
    }
    JavaFileObject f = c.generatedSourceFile(generatedClass).orElseThrow();
    try {
      Files.writeString(
          Path.of(root, golden), f.getCharContent(true).toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
