package dev.torch2jax.sharding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jax;
import dev.torch2jax.Mesh;
import dev.torch2jax.NamedSharding;
import dev.torch2jax.PartitionSpec;
import dev.torch2jax.core.ShardedArray;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** Placing arrays on a mesh, what each device holds, gathering, and the GSPMD strings. */
class PlacementTest {
  private static final Mesh GRID = FourDevices.mesh(new int[] {2, 2}, "x", "y");

  private static float[] iota(int n) {
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      out[i] = i;
    }
    return out;
  }

  private static float[] floats(byte[] bytes) {
    float[] out = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  @Test
  void eachDeviceHoldsItsBlockAndGatheringRestoresTheArray() {
    // 4x6 array: rows split over x, columns over y; device (i, j) holds rows 2i..2i+1, cols
    // 3j..3j+2.
    Array a = Array.of(iota(24), 4, 6);
    ShardedArray s =
        (ShardedArray) Jax.devicePut(a, new NamedSharding(GRID, PartitionSpec.of("x", "y")));
    assertArrayEquals(new float[] {3, 4, 5, 9, 10, 11}, floats(s.shards().get(1).toBytes()));
    assertArrayEquals(new float[] {12, 13, 14, 18, 19, 20}, floats(s.shards().get(2).toBytes()));
    assertEquals(GRID.devices().get(3).id(), 3);
    assertArrayEquals(iota(24), s.toFloatArray());
  }

  @Test
  void unusedMeshAxesHoldCopies() {
    Array a = Array.of(iota(8), 4, 2);
    ShardedArray s =
        (ShardedArray) Jax.devicePut(a, new NamedSharding(GRID, PartitionSpec.of("y")));
    assertArrayEquals(floats(s.shards().get(0).toBytes()), floats(s.shards().get(2).toBytes()));
    assertArrayEquals(new float[] {4, 5, 6, 7}, floats(s.shards().get(1).toBytes()));
    assertArrayEquals(iota(8), s.toFloatArray());
    ShardedArray r = (ShardedArray) Jax.devicePut(a, NamedSharding.replicated(GRID));
    assertArrayEquals(iota(8), floats(r.shards().get(3).toBytes()));
  }

  @Test
  void halfPrecisionAndScalarsRoundTrip() {
    Array bf16 =
        Array.fromBytes(
            new byte[] {0, 0x3f, (byte) 0x80, 0x3f, 0, 0x40, 0, (byte) 0xc0}, DType.BF16, 4);
    Array s = Jax.devicePut(bf16, new NamedSharding(GRID, PartitionSpec.of("x")));
    assertArrayEquals(new float[] {0.5f, 1f, 2f, -2f}, s.toFloatArray());
    assertEquals(7.0, Jax.devicePut(Array.scalar(7.0), NamedSharding.replicated(GRID)).item());
  }

  @Test
  void gspmdStrings() {
    assertEquals("{replicated}", NamedSharding.replicated(GRID).hloSharding(2));
    assertEquals(
        "{devices=[2,2]0,1,2,3}",
        new NamedSharding(GRID, PartitionSpec.of("x", "y")).hloSharding(2));
    assertEquals(
        "{devices=[2,2]0,2,1,3}",
        new NamedSharding(GRID, PartitionSpec.of("y", "x")).hloSharding(2));
    assertEquals(
        "{devices=[1,2,2]0,2,1,3 last_tile_dim_replicate}",
        new NamedSharding(GRID, PartitionSpec.of(null, "y")).hloSharding(2));
    assertEquals(
        "{devices=[2,1,2]0,1,2,3 last_tile_dim_replicate}",
        new NamedSharding(GRID, PartitionSpec.of("x")).hloSharding(2));
  }

  @Test
  void meshLargerThanTheDevicesSaysHowToGetMore() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FourDevices.mesh(new int[] {8}, "x"));
    assertTrue(e.getMessage().contains("needs 8 devices"), e.getMessage());
    assertTrue(e.getMessage().contains("-Dtorch2jax.cpu.devices=8"), e.getMessage());
  }

  @Test
  void badSpecsAreErrors() {
    assertThrows(IllegalArgumentException.class, () -> PartitionSpec.of("x", "x"));
    IllegalArgumentException unknown =
        assertThrows(
            IllegalArgumentException.class, () -> new NamedSharding(GRID, PartitionSpec.of("z")));
    assertTrue(unknown.getMessage().contains("'z' is not one of the mesh's axes [x, y]"));
    NamedSharding rows = new NamedSharding(GRID, PartitionSpec.of("x", "y"));
    IllegalArgumentException rank =
        assertThrows(
            IllegalArgumentException.class, () -> Jax.devicePut(Array.of(iota(4), 4), rows));
    assertTrue(rank.getMessage().contains("more than the 1 dimensions"), rank.getMessage());
    IllegalArgumentException odd =
        assertThrows(
            IllegalArgumentException.class, () -> Jax.devicePut(Array.of(iota(6), 3, 2), rows));
    assertTrue(
        odd.getMessage()
            .contains(
                "dimension 0 of shape [3, 2] (size 3) is not divisible by mesh axis 'x' of size 2"),
        odd.getMessage());
  }
}
