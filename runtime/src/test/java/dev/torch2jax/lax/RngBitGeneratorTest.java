package dev.torch2jax.lax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.PrimitiveRules;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.hlo.RngAlgorithm;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** rng_bit_generator: determinism, shapes and dtypes, rough uniformity, batching. */
class RngBitGeneratorTest {
  private static final Primitive RNG = Primitive.of("rng_bit_generator");

  static Array u64Key(long a, long b) {
    ByteBuffer buf = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    buf.putLong(a).putLong(b);
    return Array.fromBytes(buf.array(), DType.U64, 2);
  }

  static Array u32Key(int... words) {
    ByteBuffer buf = ByteBuffer.allocate(4 * words.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int w : words) {
      buf.putInt(w);
    }
    return Array.fromBytes(buf.array(), DType.U32, words.length);
  }

  static Params params(long[] shape, DType dtype, RngAlgorithm algorithm) {
    return Params.of("shape", shape, "dtype", dtype, "algorithm", algorithm);
  }

  @Test
  void sameKeySameBitsOtherKeyOtherBits() {
    for (RngAlgorithm alg : new RngAlgorithm[] {RngAlgorithm.THREE_FRY, RngAlgorithm.DEFAULT}) {
      List<Array> a =
          RandomBitsOps.rngBitGenerator(u64Key(1, 2), new long[] {4, 8}, DType.U32, alg);
      List<Array> b =
          RandomBitsOps.rngBitGenerator(u64Key(1, 2), new long[] {4, 8}, DType.U32, alg);
      List<Array> c =
          RandomBitsOps.rngBitGenerator(u64Key(1, 3), new long[] {4, 8}, DType.U32, alg);
      assertArrayEquals(a.get(1).toBytes(), b.get(1).toBytes(), alg + ": deterministic bits");
      assertArrayEquals(a.get(0).toBytes(), b.get(0).toBytes(), alg + ": deterministic new key");
      assertFalse(
          java.util.Arrays.equals(a.get(1).toBytes(), c.get(1).toBytes()), alg + ": other key");
      assertFalse(
          java.util.Arrays.equals(a.get(0).toBytes(), u64Key(1, 2).toBytes()),
          alg + ": key advances");
      // The next key gives new bits.
      List<Array> next = RandomBitsOps.rngBitGenerator(a.get(0), new long[] {4, 8}, DType.U32, alg);
      assertFalse(
          java.util.Arrays.equals(a.get(1).toBytes(), next.get(1).toBytes()), alg + ": next bits");
    }
  }

  @Test
  void shapesAndDtypes() {
    for (DType dtype : new DType[] {DType.U8, DType.U16, DType.U32, DType.U64}) {
      for (long[] shape : new long[][] {{}, {5}, {3, 0}, {2, 3, 4}}) {
        List<Array> out =
            RandomBitsOps.rngBitGenerator(u64Key(7, 9), shape, dtype, RngAlgorithm.THREE_FRY);
        assertEquals(DType.U64, out.get(0).dtype());
        assertArrayEquals(new long[] {2}, out.get(0).shape());
        assertEquals(dtype, out.get(1).dtype());
        assertArrayEquals(shape, out.get(1).shape());
      }
    }
    // JAX-style uint32[4] keys give uint32[4] keys back, and the same bits as the uint64 pair.
    Array k32 = u32Key(7, 0, 9, 0);
    List<Array> out =
        RandomBitsOps.rngBitGenerator(k32, new long[] {6}, DType.U64, RngAlgorithm.THREE_FRY);
    assertEquals(DType.U32, out.get(0).dtype());
    assertArrayEquals(new long[] {4}, out.get(0).shape());
    List<Array> same =
        RandomBitsOps.rngBitGenerator(
            u64Key(7, 9), new long[] {6}, DType.U64, RngAlgorithm.THREE_FRY);
    assertArrayEquals(same.get(1).toBytes(), out.get(1).toBytes());
    assertArrayEquals(same.get(0).toBytes(), out.get(0).toBytes());
  }

  @Test
  void bitsLookUniform() {
    int n = 1 << 14;
    List<Array> out =
        RandomBitsOps.rngBitGenerator(
            u64Key(42, 0), new long[] {n}, DType.U32, RngAlgorithm.THREE_FRY);
    byte[] bytes = out.get(1).toBytes();
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int[] buckets = new int[16];
    long[] bitCounts = new long[32];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      long v = Integer.toUnsignedLong(buf.getInt());
      buckets[(int) (v >>> 28)]++;
      sum += v / 4294967296.0;
      for (int bit = 0; bit < 32; bit++) {
        bitCounts[bit] += (v >>> bit) & 1;
      }
    }
    // Mean of U(0,1) is 1/2 with standard error 1/sqrt(12 n) ~ 0.0023.
    assertEquals(0.5, sum / n, 0.015);
    // Each of 16 buckets expects n/16 = 1024 with sd ~31; allow 6 sd.
    for (int count : buckets) {
      assertTrue(Math.abs(count - n / 16) < 200, "bucket count " + count);
    }
    for (long c : bitCounts) {
      assertTrue(Math.abs(c - n / 2) < 6 * Math.sqrt(n / 4.0), "bit count " + c);
    }
  }

  @Test
  void isNotDifferentiable() {
    assertTrue(PrimitiveRules.isNotDifferentiable(RNG));
    assertThrows(UnsupportedOperationException.class, () -> PrimitiveRules.vjp(RNG));
  }

  @Test
  void batchingMatchesALoopOverKeys() {
    Params p = params(new long[] {2, 3}, DType.U32, RngAlgorithm.THREE_FRY);
    // Keys stacked along axis 0 (u64[B, 2]) and axis 1 (u64[2, B]); and uint32[4] keys.
    PrimitiveChecks.checkBatch(RNG, p, 3, b -> List.of(u64Key(b + 1, 5)), new int[] {0}, 0);
    PrimitiveChecks.checkBatch(RNG, p, 3, b -> List.of(u64Key(b + 1, 5)), new int[] {1}, 0);
    PrimitiveChecks.checkBatch(RNG, p, 2, b -> List.of(u32Key(b, 1, 2, 3)), new int[] {1}, 0);
    // vmap of vmap: a [2, 3, 2] batch of keys.
    Array keys =
        PrimitiveChecks.stack(
            List.of(
                PrimitiveChecks.stack(List.of(u64Key(1, 1), u64Key(1, 2), u64Key(1, 3)), 0),
                PrimitiveChecks.stack(List.of(u64Key(2, 1), u64Key(2, 2), u64Key(2, 3)), 0)),
            0);
    List<Array> out = RNG.bind(p, List.of(keys));
    assertArrayEquals(new long[] {2, 3, 2, 3}, out.get(1).shape());
    List<Array> one = RNG.bind(p, List.of(u64Key(2, 3)));
    assertArrayEquals(
        one.get(1).toBytes(),
        PrimitiveChecks.take(PrimitiveChecks.take(out.get(1), 0, 1), 0, 2).toBytes());
    var batched = PrimitiveRules.batch(RNG).batch(RNG, List.of(keys), new int[] {0}, p);
    assertArrayEquals(new int[] {0, 0}, batched.batchDims());
    // An empty batch of keys.
    List<Array> none = RNG.bind(p, List.of(Array.fromBytes(new byte[0], DType.U64, 0, 2)));
    assertArrayEquals(new long[] {0, 2, 3}, none.get(1).shape());
  }

  @Test
  void abstractEvalRejectsBadInput() {
    Params p = params(new long[] {3}, DType.U32, RngAlgorithm.THREE_FRY);
    assertRejects(new ShapedArray(new long[] {3}, DType.U64), p, "uint64[..., 2]");
    assertRejects(new ShapedArray(new long[] {2}, DType.U32), p, "uint64[..., 2]");
    assertRejects(new ShapedArray(new long[] {2}, DType.I64), p, "uint64[..., 2]");
    assertRejects(
        new ShapedArray(new long[] {2}, DType.U64),
        params(new long[] {3}, DType.F32, RngAlgorithm.THREE_FRY),
        "unsigned");
    assertRejects(
        new ShapedArray(new long[] {2}, DType.U64),
        params(new long[] {-1}, DType.U32, RngAlgorithm.THREE_FRY),
        "negative");
  }

  private static void assertRejects(ShapedArray key, Params params, String fragment) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> PrimitiveRules.outputAvals(RNG, List.of(key), params));
    assertTrue(e.getMessage().startsWith("rng_bit_generator"), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}
