package dev.torch2jax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomTest {
  @Test
  void sameKeySameNumbersDifferentKeysDifferentNumbers() {
    Array a = Random.uniform(Random.key(42), new long[] {1000}, DType.F32);
    Array b = Random.uniform(Random.key(42), new long[] {1000}, DType.F32);
    Array c = Random.uniform(Random.key(43), new long[] {1000}, DType.F32);
    assertArrayEquals(a.toFloatArray(), b.toFloatArray());
    assertFalse(Arrays.equals(a.toFloatArray(), c.toFloatArray()));
    List<Array> keys = Random.split(Random.key(42), 3);
    assertEquals(3, keys.size());
    assertArrayEquals(new long[] {2}, keys.get(0).shape());
    assertFalse(Arrays.equals(keys.get(0).toLongArray(), keys.get(1).toLongArray()));
    assertArrayEquals(
        keys.get(2).toLongArray(), Random.split(Random.key(42), 3).get(2).toLongArray());
  }

  @Test
  void uniformNormalBernoulliHaveTheirMoments() {
    double[] u = Random.uniform(Random.key(1), new long[] {20000}, DType.F64).toDoubleArray();
    assertTrue(Arrays.stream(u).allMatch(v -> v >= 0 && v < 1));
    assertEquals(0.5, Arrays.stream(u).average().orElseThrow(), 0.01);
    float[] n = Random.normal(Random.key(2), new long[] {100, 200}, DType.F32).toFloatArray();
    double mean = 0;
    double sq = 0;
    for (float v : n) {
      mean += v;
      sq += v * v;
    }
    mean /= n.length;
    assertEquals(0, mean, 0.02);
    assertEquals(1, Math.sqrt(sq / n.length - mean * mean), 0.02);
    boolean[] bits = Random.bernoulli(Random.key(3), 0.25, new long[] {20000}).toBooleanArray();
    int ones = 0;
    for (boolean x : bits) {
      ones += x ? 1 : 0;
    }
    assertEquals(0.25, ones / 20000.0, 0.01);
    double[] r = Random.uniform(Random.key(4), new long[] {1000}, DType.F64, -3, 5).toDoubleArray();
    assertTrue(Arrays.stream(r).allMatch(v -> v >= -3 && v < 5));
  }

  @Test
  void jitAndVmapGiveTheSameNumbers() {
    Array key = Random.key(7);
    Array eager = Random.normal(key, new long[] {4}, DType.F32);
    Array jitted =
        (Array) Jax.jit(a -> Random.normal((Array) a[0], new long[] {4}, DType.F32)).apply(key);
    assertArrayEquals(eager.toFloatArray(), jitted.toFloatArray());
    List<Array> keys = Random.split(key, 3);
    Array batched =
        (Array)
            Jax.vmap(a -> Random.uniform((Array) a[0], new long[] {2}, DType.F32))
                .apply(Jnp.stack(keys, 0));
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(
          Random.uniform(keys.get(i), new long[] {2}, DType.F32).toFloatArray(),
          Jnp.get(batched, Index.at(i)).toFloatArray());
    }
  }

  @Test
  void badKeysAndArgumentsAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Random.uniform(Array.of(new long[] {1, 2}), new long[] {2}, DType.F32));
    assertTrue(e.getMessage().contains("uint64[2]"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Random.uniform(Random.key(1), new long[] {2}, DType.I32));
    assertThrows(
        IllegalArgumentException.class, () -> Random.bernoulli(Random.key(1), 1.5, new long[] {2}));
  }
}
