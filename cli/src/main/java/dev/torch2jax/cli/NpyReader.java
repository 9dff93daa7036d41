package dev.torch2jax.cli;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy's {@code .npy} files (format versions 1 to 3) of bool, integer and float dtypes,
 * little-endian, in C order: what {@code np.save} writes for such arrays on common machines.
 */
final class NpyReader {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** NumPy's type strings without the byte-order character, by dtype. */
  private static final Map<String, DType> TYPES =
      Map.ofEntries(
          Map.entry("b1", DType.BOOL),
          Map.entry("i1", DType.I8),
          Map.entry("i2", DType.I16),
          Map.entry("i4", DType.I32),
          Map.entry("i8", DType.I64),
          Map.entry("u1", DType.U8),
          Map.entry("u2", DType.U16),
          Map.entry("u4", DType.U32),
          Map.entry("u8", DType.U64),
          Map.entry("f2", DType.F16),
          Map.entry("f4", DType.F32),
          Map.entry("f8", DType.F64));

  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private NpyReader() {}

  /**
   * The array stored in {@code file}.
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it (not a .npy file, an
   *     unsupported dtype, big-endian or Fortran order, truncated data)
   * @throws IOException when the file cannot be read
   */
  static Array read(Path file) throws IOException {
    return parse(file.toString(), Files.readAllBytes(file));
  }

  /** The array in {@code bytes}, the contents of a .npy file called {@code name}. */
  static Array parse(String name, byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < MAGIC.length; i++) {
      if (bytes.length <= MAGIC.length + 2 || bytes[i] != MAGIC[i]) {
        throw bad(name, "it does not start with the .npy magic string (\\x93NUMPY)");
      }
    }
    int major = bytes[6];
    int headerLength;
    int headerStart;
    if (major == 1) {
      headerLength = Short.toUnsignedInt(b.getShort(8));
      headerStart = 10;
    } else if (major == 2 || major == 3) {
      headerLength = b.getInt(8);
      headerStart = 12;
    } else {
      throw bad(name, "format version %d is not one of 1, 2, 3".formatted(major));
    }
    if (headerLength < 0 || headerStart + headerLength > bytes.length) {
      throw bad(name, "the header is truncated");
    }
    String header =
        new String(
            bytes,
            headerStart,
            headerLength,
            major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    DType dtype = dtype(name, field(name, header, DESCR, "descr"));
    if (field(name, header, FORTRAN, "fortran_order").equals("True")) {
      throw bad(name, "it is in Fortran order; save np.ascontiguousarray(a) instead");
    }
    long[] shape = shape(name, field(name, header, SHAPE, "shape"));
    long count = 1;
    for (long d : shape) {
      count = Math.multiplyExact(count, d);
    }
    int dataStart = headerStart + headerLength;
    long expected = Math.multiplyExact(count, dtype.byteSize());
    if (bytes.length - dataStart != expected) {
      throw bad(
          name,
          "it holds %d data bytes, but %s of shape %s needs %d"
              .formatted(
                  bytes.length - dataStart,
                  dtype.torchName(),
                  java.util.Arrays.toString(shape),
                  expected));
    }
    byte[] data = java.util.Arrays.copyOfRange(bytes, dataStart, bytes.length);
    return Array.fromBytes(data, dtype, shape);
  }

  private static String field(String name, String header, Pattern p, String key) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw bad(name, "its header has no '%s': %s".formatted(key, header.strip()));
    }
    return m.group(1);
  }

  private static DType dtype(String name, String descr) {
    if (descr.length() < 2) {
      throw bad(name, "unknown dtype '%s'".formatted(descr));
    }
    char order = descr.charAt(0);
    DType t = TYPES.get(descr.substring(1));
    if (t == null) {
      throw bad(
          name,
          "dtype '%s' is not supported; use bool, int8-64, uint8-64, float16, float32 or float64"
              .formatted(descr));
    }
    if (order == '>' && t.byteSize() > 1) {
      throw bad(
          name,
          "it is big-endian ('%s'); save a.astype(a.dtype.newbyteorder('<'))".formatted(descr));
    }
    if (order != '<' && order != '|' && order != '=' && order != '>') {
      throw bad(name, "unknown byte order in dtype '%s'".formatted(descr));
    }
    return t;
  }

  private static long[] shape(String name, String text) {
    List<Long> dims = new ArrayList<>();
    for (String part : text.split(",")) {
      String d = part.strip();
      if (d.isEmpty()) {
        continue; // (3,) and ()
      }
      try {
        dims.add(Long.parseLong(d.endsWith("L") ? d.substring(0, d.length() - 1) : d));
      } catch (NumberFormatException e) {
        throw bad(name, "its shape (%s) is not a tuple of integers".formatted(text));
      }
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  private static IllegalArgumentException bad(String name, String why) {
    return new IllegalArgumentException("%s is not a readable .npy file: %s".formatted(name, why));
  }
}
