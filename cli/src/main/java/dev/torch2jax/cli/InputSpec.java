package dev.torch2jax.cli;

import dev.torch2jax.DType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * One {@code --input}: random values of a shape and dtype ({@code 1x3x224x224}, {@code 2x8:i64},
 * {@code scalar:f64}), or the array of a {@code .npy} file.
 *
 * @param shape the shape (empty for a 0-d input); null for a file
 * @param dtype the dtype (float32 unless given); null for a file
 * @param file the {@code .npy} file, or null
 */
record InputSpec(long[] shape, DType dtype, Path file) {
  /** The syntax, for help texts and messages. */
  static final String SYNTAX = "SHAPE[:DTYPE] (e.g. 1x3x224x224, 2x8:i64, scalar:f64) or FILE.npy";

  /**
   * Parses one {@code --input} value.
   *
   * @throws IllegalArgumentException saying what is wrong and the syntax
   */
  static InputSpec parse(String text) {
    if (text.endsWith(".npy")) {
      return new InputSpec(null, null, Path.of(text));
    }
    int colon = text.indexOf(':');
    String shapeText = colon < 0 ? text : text.substring(0, colon);
    DType dtype = DType.F32;
    if (colon >= 0) {
      dtype = DTypeNames.parse(text.substring(colon + 1));
    }
    return new InputSpec(parseShape(shapeText, text), dtype, null);
  }

  private static long[] parseShape(String shapeText, String whole) {
    if (shapeText.equals("scalar")) {
      return new long[0];
    }
    String[] parts = shapeText.split("x", -1);
    long[] shape = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        shape[i] = Long.parseLong(parts[i]);
      } catch (NumberFormatException e) {
        shape[i] = -1;
      }
      if (shape[i] < 0 || parts[i].isEmpty()) {
        throw new IllegalArgumentException(
            "bad input '%s': '%s' is not a dimension; expected %s"
                .formatted(whole, parts[i], SYNTAX));
      }
    }
    return shape;
  }

  /** {@code float32[1, 3, 224, 224]} or the file name. */
  String describe() {
    if (file != null) {
      return file.toString();
    }
    return "%s[%s]"
        .formatted(
            dtype.torchName(),
            Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ")));
  }

  /** picocli's converter for {@code --input}. */
  static final class Converter implements CommandLine.ITypeConverter<InputSpec> {
    @Override
    public InputSpec convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
