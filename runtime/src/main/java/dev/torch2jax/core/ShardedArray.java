package dev.torch2jax.core;

import dev.torch2jax.Array;
import dev.torch2jax.NamedSharding;
import dev.torch2jax.pjrt.PjrtBuffer;
import dev.torch2jax.pjrt.PjrtDevice;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A concrete array spread over the devices of a mesh: device {@code i} of the mesh holds its block
 * as one PJRT buffer ({@link NamedSharding#shardShape}); replicated devices hold equal copies.
 * Reading the values ({@link #toBytes()}, {@code toFloatArray()}, ...) gathers the blocks on the
 * host. Eager operations gather it onto the default device once; a sharded {@code jit} uses the
 * blocks where they are.
 */
public final class ShardedArray extends AvalArray {
  private final ShapedArray aval;
  private final NamedSharding sharding;
  private final List<PjrtBuffer> shards;
  private DeviceArray gathered;

  /**
   * Wraps one buffer per mesh device, taking ownership.
   *
   * @throws IllegalArgumentException when a buffer is on the wrong device or has the wrong shape
   */
  public ShardedArray(ShapedArray aval, NamedSharding sharding, List<PjrtBuffer> shards) {
    long[] shardShape = sharding.shardShape(aval.shape());
    if (shards.size() != sharding.mesh().size()) {
      throw new IllegalArgumentException(
          "%s needs %d shards, got %d".formatted(sharding, sharding.mesh().size(), shards.size()));
    }
    for (int i = 0; i < shards.size(); i++) {
      PjrtBuffer b = shards.get(i);
      if (!Arrays.equals(b.dims(), shardShape) || b.dtype() != aval.dtype()) {
        throw new IllegalArgumentException(
            "shard %d is %s%s, expected %s%s for %s of %s"
                .formatted(
                    i,
                    b.dtype(),
                    Arrays.toString(b.dims()),
                    aval.dtype(),
                    Arrays.toString(shardShape),
                    aval,
                    sharding));
      }
    }
    this.aval = aval;
    this.sharding = sharding;
    this.shards = List.copyOf(shards);
  }

  /**
   * Copies {@code array}'s values to the mesh devices, each getting its block of {@code sharding}.
   *
   * @throws IllegalArgumentException when a split dimension is not divisible by its mesh axis
   */
  public static ShardedArray place(Array array, NamedSharding sharding) {
    ShapedArray aval = new ShapedArray(array.shape(), array.dtype());
    long[] shardShape = sharding.shardShape(aval.shape());
    byte[] global = array.toBytes();
    int elementBytes = aval.dtype().byteSize();
    List<PjrtBuffer> shards = new ArrayList<>();
    try (Arena arena = Arena.ofConfined()) {
      for (int i = 0; i < sharding.mesh().size(); i++) {
        long[] offset = sharding.shardOffset(i, aval.shape());
        byte[] block = new byte[Math.toIntExact(Shapes.size(shardShape) * elementBytes)];
        copyBlock(global, aval.shape(), block, shardShape, offset, elementBytes, false);
        MemorySegment host = arena.allocate(Math.max(block.length, 1), 64).asSlice(0, block.length);
        MemorySegment.copy(MemorySegment.ofArray(block), 0, host, 0, block.length);
        PjrtDevice device = sharding.mesh().devices().get(i);
        shards.add(sharding.mesh().client().bufferFromHost(host, aval.dtype(), shardShape, device));
      }
    } catch (RuntimeException e) {
      shards.forEach(PjrtBuffer::close);
      throw e;
    }
    return new ShardedArray(aval, sharding, shards);
  }

  /** How the array is spread over the mesh. */
  public NamedSharding sharding() {
    return sharding;
  }

  /** The buffers, one per mesh device in mesh order; owned by this array. */
  public List<PjrtBuffer> shards() {
    return shards;
  }

  /** Global shape and dtype. */
  @Override
  public ShapedArray aval() {
    return aval;
  }

  /** The whole array, assembled on the host from the devices' blocks. */
  @Override
  public byte[] toBytes() {
    int elementBytes = aval.dtype().byteSize();
    byte[] global = new byte[Math.toIntExact(aval.size() * elementBytes)];
    long[] shardShape = sharding.shardShape(aval.shape());
    for (int i = 0; i < shards.size(); i++) {
      long[] offset = sharding.shardOffset(i, aval.shape());
      copyBlock(
          global, aval.shape(), shards.get(i).toBytes(), shardShape, offset, elementBytes, true);
    }
    return global;
  }

  /** The whole array on the default device (made once), for operations that run eagerly. */
  public synchronized DeviceArray onDefaultDevice() {
    if (gathered == null) {
      gathered = DeviceArray.upload(toBytes(), aval.dtype(), aval.shape());
    }
    return gathered;
  }

  @Override
  public synchronized void close() {
    shards.forEach(PjrtBuffer::close);
    if (gathered != null) {
      gathered.close();
    }
  }

  /**
   * Copies between a row-major array of {@code globalShape} and the block of {@code blockShape}
   * starting at {@code offset}: into the global array when {@code intoGlobal}, else out of it.
   */
  private static void copyBlock(
      byte[] global,
      long[] globalShape,
      byte[] block,
      long[] blockShape,
      long[] offset,
      int elementBytes,
      boolean intoGlobal) {
    int rank = globalShape.length;
    if (Shapes.size(blockShape) == 0) {
      return;
    }
    if (rank == 0) {
      System.arraycopy(
          intoGlobal ? block : global, 0, intoGlobal ? global : block, 0, elementBytes);
      return;
    }
    int run = Math.toIntExact(blockShape[rank - 1] * elementBytes);
    long rows = Shapes.size(blockShape) / blockShape[rank - 1];
    long[] index = new long[rank - 1];
    for (long r = 0; r < rows; r++) {
      long g = 0;
      for (int d = 0; d < rank; d++) {
        long i = d < rank - 1 ? index[d] + offset[d] : offset[d];
        g = g * globalShape[d] + i;
      }
      int globalPos = Math.toIntExact(g * elementBytes);
      int blockPos = Math.toIntExact(r * run);
      if (intoGlobal) {
        System.arraycopy(block, blockPos, global, globalPos, run);
      } else {
        System.arraycopy(global, globalPos, block, blockPos, run);
      }
      for (int d = rank - 2; d >= 0; d--) {
        if (++index[d] < blockShape[d]) {
          break;
        }
        index[d] = 0;
      }
    }
  }
}
