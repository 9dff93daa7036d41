package dev.torch2jax.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --input}, {@code --seed} and {@code --int-high} options of run, export and bench. */
final class InputOptions {
  @Option(
      names = {"-i", "--input"},
      paramLabel = "SHAPE[:DTYPE]|FILE.npy",
      converter = InputSpec.Converter.class,
      description = {
        "One per input of forward, in order: a shape with an optional dtype for random values"
            + " (1x3x224x224, 2x8:i64, scalar:f64; dtype float32 unless given: bool, i8-i64, u8,"
            + " f16, bf16, f32, f64 or PyTorch's names), or a .npy file (little-endian, C order)."
      })
  List<InputSpec> inputs = new ArrayList<>();

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "Seed of the random inputs (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--int-high",
      defaultValue = "10",
      paramLabel = "N",
      description =
          "Random integer inputs are drawn from [0, N) (token ids below the vocabulary size;"
              + " default: ${DEFAULT-VALUE}).")
  long intHigh;
}
