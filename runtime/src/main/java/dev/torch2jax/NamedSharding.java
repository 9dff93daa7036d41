package dev.torch2jax;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the pieces of an array live, like JAX's {@code NamedSharding}: the array is cut into equal
 * blocks along the dimensions {@link #spec()} names, block {@code k} of a dimension split over mesh
 * axis {@code a} living on the devices whose coordinate along {@code a} is {@code k}; mesh axes the
 * spec does not use hold copies (replication).
 *
 * @param mesh the devices
 * @param spec which mesh axis splits which dimension
 */
public record NamedSharding(Mesh mesh, PartitionSpec spec) {
  /**
   * Checks that the spec names axes of the mesh.
   *
   * @throws IllegalArgumentException for an axis the mesh does not have
   */
  public NamedSharding {
    for (String a : spec.axes()) {
      if (a != null) {
        mesh.axisIndex(a);
      }
    }
  }

  /** Every device holds the whole array. */
  public static NamedSharding replicated(Mesh mesh) {
    return new NamedSharding(mesh, PartitionSpec.replicated());
  }

  /** True when every device holds the whole array. */
  public boolean isReplicated() {
    return spec.axes().stream().allMatch(a -> a == null || mesh.axisSize(a) == 1);
  }

  /**
   * The shape of each device's block of an array of {@code globalShape}.
   *
   * @throws IllegalArgumentException when the spec has more entries than the array has dimensions,
   *     or a split dimension is not divisible by its mesh axis
   */
  public long[] shardShape(long[] globalShape) {
    if (spec.axes().size() > globalShape.length) {
      throw new IllegalArgumentException(
          "%s has %d entries, more than the %d dimensions of an array of shape %s"
              .formatted(
                  spec, spec.axes().size(), globalShape.length, Arrays.toString(globalShape)));
    }
    long[] shard = globalShape.clone();
    for (int d = 0; d < globalShape.length; d++) {
      String a = spec.axis(d);
      if (a == null) {
        continue;
      }
      int n = mesh.axisSize(a);
      if (globalShape[d] % n != 0) {
        throw new IllegalArgumentException(
            "dimension %d of shape %s (size %d) is not divisible by mesh axis '%s' of size %d"
                .formatted(d, Arrays.toString(globalShape), globalShape[d], a, n));
      }
      shard[d] = globalShape[d] / n;
    }
    return shard;
  }

  /** Where the block of device {@code index} (its position in the mesh) starts, per dimension. */
  public long[] shardOffset(int index, long[] globalShape) {
    long[] shard = shardShape(globalShape);
    int[] coordinates = mesh.coordinates(index);
    long[] offset = new long[globalShape.length];
    for (int d = 0; d < globalShape.length; d++) {
      String a = spec.axis(d);
      offset[d] = a == null ? 0 : coordinates[mesh.axisIndex(a)] * shard[d];
    }
    return offset;
  }

  /**
   * The sharding in XLA's GSPMD notation for an array of rank {@code rank}, as the {@code
   * mhlo.sharding} attribute takes it: {@code {replicated}}, or {@code {devices=[t0,...]ids}} with
   * the number of blocks per dimension and the partition (mesh position) of each block, row-major;
   * mesh axes the spec leaves out add a trailing dimension of copies ({@code
   * last_tile_dim_replicate}).
   */
  public String hloSharding(int rank) {
    if (spec.axes().size() > rank) {
      throw new IllegalArgumentException(
          "%s has %d entries, more than the rank %d of the array"
              .formatted(spec, spec.axes().size(), rank));
    }
    if (isReplicated()) {
      return "{replicated}";
    }
    // Mesh axes in the order the tile dimensions enumerate them: one per split array dimension
    // (or none), then the unused axes, whose devices hold copies.
    List<Integer> order = new ArrayList<>();
    List<Long> tiles = new ArrayList<>();
    for (int d = 0; d < rank; d++) {
      String a = spec.axis(d);
      tiles.add(a == null ? 1L : mesh.axisSize(a));
      if (a != null) {
        order.add(mesh.axisIndex(a));
      }
    }
    long copies = 1;
    for (int a = 0; a < mesh.shape().size(); a++) {
      if (!order.contains(a)) {
        order.add(a);
        copies *= mesh.shape().get(a);
      }
    }
    List<String> ids = new ArrayList<>();
    int[] c = new int[order.size()];
    for (int n = 0; n < mesh.size(); n++) {
      int index = 0;
      int[] mc = new int[mesh.shape().size()];
      for (int k = 0; k < order.size(); k++) {
        mc[order.get(k)] = c[k];
      }
      for (int a = 0; a < mc.length; a++) {
        index = index * mesh.shape().get(a) + mc[a];
      }
      ids.add(Integer.toString(index));
      for (int k = order.size() - 1; k >= 0; k--) {
        if (++c[k] < mesh.shape().get(order.get(k))) {
          break;
        }
        c[k] = 0;
      }
    }
    if (copies > 1) {
      tiles.add(copies);
    }
    String dims = String.join(",", tiles.stream().map(String::valueOf).toList());
    return "{devices=[%s]%s%s}"
        .formatted(dims, String.join(",", ids), copies > 1 ? " last_tile_dim_replicate" : "");
  }

  @Override
  public String toString() {
    return "NamedSharding(" + mesh + ", " + spec + ")";
  }
}
