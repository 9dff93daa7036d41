package dev.torch2jax.cli;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

/** The model's inputs from {@code --input}s: read from {@code .npy} files or drawn at random. */
final class Inputs {
  private Inputs() {}

  /**
   * One array per spec, in order; random ones from a generator seeded with {@code seed}: floats
   * standard normal, integers uniform in {@code [0, intHigh)}, bools fair.
   *
   * @throws IllegalArgumentException when the count does not fit the model's forward (naming its
   *     arguments) or a file is unreadable
   */
  static List<Array> make(Model model, List<InputSpec> specs, long seed, long intHigh) {
    checkCount(model, specs.size());
    if (intHigh < 1) {
      throw new IllegalArgumentException("--int-high must be at least 1, got " + intHigh);
    }
    Random random = new Random(seed);
    List<Array> out = new ArrayList<>();
    for (InputSpec s : specs) {
      out.add(s.file() != null ? read(s) : random(s.shape(), s.dtype(), random, intHigh));
    }
    return out;
  }

  /** Checks that {@code given} inputs fit the forward's arguments (defaults fill the rest). */
  static void checkCount(Model model, int given) {
    long required = model.requiredCount();
    int all = model.arguments().size();
    if (given >= required && given <= all) {
      return;
    }
    String expected = required == all ? "%d".formatted(all) : "%d to %d".formatted(required, all);
    String args =
        model.arguments().stream().map(Model.Argument::toString).collect(Collectors.joining(", "));
    throw new IllegalArgumentException(
        "%s takes %s input(s) (%s), got %d --input; pass one --input %s per input, in order"
            .formatted(model.file(), expected, args, given, InputSpec.SYNTAX));
  }

  private static Array read(InputSpec s) {
    try {
      return NpyReader.read(s.file());
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("%s: no such .npy file".formatted(s.file()), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Random values of {@code dtype}, as little-endian bytes. */
  static Array random(long[] shape, DType dtype, Random random, long intHigh) {
    long count = 1;
    for (long d : shape) {
      count = Math.multiplyExact(count, d);
    }
    ByteBuffer b =
        ByteBuffer.allocate(Math.toIntExact(count * dtype.byteSize()))
            .order(ByteOrder.LITTLE_ENDIAN);
    for (long i = 0; i < count; i++) {
      switch (dtype) {
        case BOOL -> b.put((byte) (random.nextBoolean() ? 1 : 0));
        case F32 -> b.putFloat((float) random.nextGaussian());
        case F64 -> b.putDouble(random.nextGaussian());
        case F16 -> b.putShort(Float.floatToFloat16((float) random.nextGaussian()));
        case BF16 ->
            // bfloat16 is the top half of a float32 (truncated: a random value needs no rounding)
            b.putShort((short) (Float.floatToRawIntBits((float) random.nextGaussian()) >>> 16));
        default -> putInteger(b, dtype, random.nextLong(intHigh));
      }
    }
    return Array.fromBytes(b.array(), dtype, shape);
  }

  private static void putInteger(ByteBuffer b, DType dtype, long v) {
    switch (dtype.byteSize()) {
      case 1 -> b.put((byte) v);
      case 2 -> b.putShort((short) v);
      case 4 -> b.putInt((int) v);
      case 8 -> b.putLong(v);
      default -> throw new IllegalArgumentException("no random values for " + dtype.torchName());
    }
  }
}
