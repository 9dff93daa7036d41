package dev.torch2jax.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** .npy files as np.save writes them, byte for byte, and the ones refused. */
class NpyReaderTest {
  /** A version-1 .npy file: magic, header padded to 64 bytes with a newline, data. */
  static byte[] npy(String descr, String shape, byte[] data) {
    return npy(1, descr, "False", shape, data);
  }

  static byte[] npy(int version, String descr, String fortran, String shape, byte[] data) {
    String dict =
        "{'descr': '%s', 'fortran_order': %s, 'shape': %s, }".formatted(descr, fortran, shape);
    int prefix = version == 1 ? 10 : 12;
    int total = (prefix + dict.length() + 1 + 63) / 64 * 64;
    String header = dict + " ".repeat(total - prefix - dict.length() - 1) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    ByteBuffer len = ByteBuffer.allocate(version == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
    if (version == 1) {
      len.putShort((short) header.length());
    } else {
      len.putInt(header.length());
    }
    out.writeBytes(len.array());
    out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(data);
    return out.toByteArray();
  }

  @Test
  void float32Matrix() {
    Array a =
        NpyReader.parse("a.npy", npy("<f4", "(2, 3)", CommandsTest.floats(1, 2, 3, 4, 5, 6.5f)));
    assertEquals(DType.F32, a.dtype());
    assertArrayEquals(new long[] {2, 3}, a.shape());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6.5f}, a.toFloatArray());
  }

  @Test
  void int64VectorInVersion2() {
    ByteBuffer b = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(-1).putLong(1L << 40).putLong(7);
    Array a = NpyReader.parse("ids.npy", npy(2, "<i8", "False", "(3,)", b.array()));
    assertEquals(DType.I64, a.dtype());
    assertArrayEquals(new long[] {3}, a.shape());
    assertArrayEquals(new long[] {-1, 1L << 40, 7}, a.toLongArray());
  }

  @Test
  void boolsBytesAndScalars() {
    Array mask = NpyReader.parse("m.npy", npy("|b1", "(2, 2)", new byte[] {1, 0, 0, 1}));
    assertEquals(DType.BOOL, mask.dtype());
    assertArrayEquals(new boolean[] {true, false, false, true}, mask.toBooleanArray());
    Array u8 = NpyReader.parse("u.npy", npy("|u1", "(2,)", new byte[] {(byte) 200, 3}));
    assertEquals(DType.U8, u8.dtype());
    assertArrayEquals(new long[] {200, 3}, u8.toLongArray());
    ByteBuffer d = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(2.25);
    Array s = NpyReader.parse("s.npy", npy("<f8", "()", d.array()));
    assertEquals(DType.F64, s.dtype());
    assertArrayEquals(new long[0], s.shape());
    assertEquals(2.25, s.item());
    ByteBuffer h = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
    h.putShort(Float.floatToFloat16(-1.5f));
    assertArrayEquals(
        new float[] {-1.5f},
        NpyReader.parse("h.npy", npy("<f2", "(1,)", h.array())).toFloatArray());
  }

  @Test
  void refusesWhatItCannotRead() {
    assertMessage("big-endian", npy(">f4", "(1,)", new byte[4]));
    assertMessage("Fortran order", npy(1, "<f4", "True", "(1,)", new byte[4]));
    assertMessage(
        "holds 3 data bytes, but float32 of shape [1] needs 4", npy("<f4", "(1,)", new byte[3]));
    assertMessage("dtype '<c8' is not supported", npy("<c8", "(1,)", new byte[8]));
    assertMessage("magic string", "PK not numpy at all".getBytes(StandardCharsets.US_ASCII));
  }

  private static void assertMessage(String part, byte[] bytes) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NpyReader.parse("f.npy", bytes));
    assertTrue(e.getMessage().startsWith("f.npy is not a readable .npy file: "), e.getMessage());
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
