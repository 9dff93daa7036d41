package dev.torch2jax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.core.Eager;
import java.util.List;
import org.junit.jupiter.api.Test;

class BucketsTest {
  private static final Array W = Array.of(new float[] {0.5f, -1, 0.25f, 2, 1, -0.5f}, 3, 2);

  /** Row-independent: each output row depends on its input row only. */
  private static Object perRow(Object[] a) {
    Array y = Jnp.tanh(Jnp.matmul((Array) a[0], (Array) a[1]));
    return List.of(y, Jnp.sum(y, 1), (Array) a[1]);
  }

  private static Array rows(int n) {
    float[] x = new float[n * 3];
    for (int i = 0; i < x.length; i++) {
      x[i] = (i % 5) * 0.3f - 0.6f;
    }
    return Array.of(x, n, 3);
  }

  @Test
  void paddedBatchesMatchUnpaddedResultsWithOneProgramPerBucket() {
    Fn plain = Jax.jit(BucketsTest::perRow);
    Fn bucketed = Jax.jitBucketed(BucketsTest::perRow, Buckets.powersOfTwo(16));
    int before = Eager.cacheSize();
    for (int n = 1; n <= 9; n++) {
      List<?> want = (List<?>) plain.apply(rows(n), W);
      List<?> got = (List<?>) bucketed.apply(rows(n), W);
      for (int i = 0; i < 3; i++) {
        Array g = (Array) got.get(i);
        Array e = (Array) want.get(i);
        assertArrayEquals(e.shape(), g.shape(), "output " + i + " at batch " + n);
        assertArrayEquals(e.toFloatArray(), g.toFloatArray(), 1e-6f);
      }
    }
    int programs = Eager.cacheSize() - before;
    // Unbucketed: 9 programs. Bucketed: buckets 1, 2, 4, 8, 16 and the fill value's constant.
    assertTrue(programs <= 9 + 6, "compiled " + programs);
  }

  @Test
  void bucketedAloneCompilesOnlyItsBuckets() {
    Fn bucketed =
        Jax.jitBucketed(a -> Jnp.multiply((Array) a[0], Array.scalar(2.5f)), Buckets.of(4, 8));
    bucketed.apply(rows(1));
    int before = Eager.cacheSize();
    for (int n = 1; n <= 8; n++) {
      Array got = (Array) bucketed.apply(rows(n));
      assertArrayEquals(new long[] {n, 3}, got.shape());
      float[] x = rows(n).toFloatArray();
      float[] y = got.toFloatArray();
      for (int i = 0; i < x.length; i++) {
        assertEquals(x[i] * 2.5f, y[i], 1e-6f);
      }
    }
    assertEquals(1, Eager.cacheSize() - before, "only the program of bucket 8 is new");
  }

  @Test
  void padValuesFillTheNewEntriesOfEachPaddedArgument() {
    // A reduction over the padded axis sees the padding (which is why it is not safe): here it
    // shows the pad values. Axis 1, two padded arguments, one of them boolean.
    Fn f =
        Jax.jitBucketed(
            a -> List.of(Jnp.sum((Array) a[0], 1), Jnp.sum(Jnp.astype((Array) a[1], DType.F32), 1)),
            Buckets.of(4).alongAxis(1).pad(0, 3.0).pad(1, 1.0));
    Array x = Array.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Array mask = Array.of(new boolean[] {false, false, true, false, false, false}, 2, 3);
    List<?> out = (List<?>) f.apply(x, mask);
    assertArrayEquals(new float[] {6 + 3, 15 + 3}, ((Array) out.get(0)).toFloatArray());
    assertArrayEquals(new float[] {1 + 1, 0 + 1}, ((Array) out.get(1)).toFloatArray());
  }

  @Test
  void refusesSizesOutsideTheBucketsAndDisagreeingArguments() {
    Fn f = Buckets.of(2, 4).pad(0, 0).pad(1, 0).jit(a -> Jnp.add((Array) a[0], (Array) a[1]));
    IllegalArgumentException big =
        assertThrows(IllegalArgumentException.class, () -> f.apply(rows(5), rows(5)));
    assertTrue(big.getMessage().contains("size 5 along axis 0 is outside the buckets [2, 4]"));
    IllegalArgumentException disagree =
        assertThrows(IllegalArgumentException.class, () -> f.apply(rows(2), rows(3)));
    assertTrue(
        disagree.getMessage().contains("has size 3 along axis 0 but argument 0"),
        disagree.getMessage());
    IllegalArgumentException missing =
        assertThrows(IllegalArgumentException.class, () -> f.apply(rows(2)));
    assertTrue(missing.getMessage().contains("argument 1 is to be padded"), missing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Buckets.powersOfTwo(12));
    assertThrows(IllegalArgumentException.class, () -> Buckets.of(4, 2));
  }
}
