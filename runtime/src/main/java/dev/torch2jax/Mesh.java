package dev.torch2jax;

import dev.torch2jax.core.Backend;
import dev.torch2jax.pjrt.PjrtClient;
import dev.torch2jax.pjrt.PjrtDevice;
import java.util.HashSet;
import java.util.List;

/**
 * Devices arranged in an n-dimensional grid with named axes, like JAX's {@code jax.sharding.Mesh}:
 * a {@link PartitionSpec} splits an array dimension over an axis. The devices are listed row-major
 * (the last axis varies fastest); device {@code i} of the list is SPMD partition {@code i}.
 *
 * <pre>{@code
 * Mesh mesh = Mesh.of(new int[] {4}, "data");            // the first 4 devices of the client
 * Mesh grid = Mesh.of(new int[] {2, 2}, "data", "model"); // 2 x 2
 * }</pre>
 *
 * @param client the PJRT client the devices belong to
 * @param devices the devices, row-major over {@code shape}
 * @param shape the size of each axis
 * @param axisNames the name of each axis, distinct
 */
public record Mesh(
    PjrtClient client, List<PjrtDevice> devices, List<Integer> shape, List<String> axisNames) {

  /**
   * Checks the mesh.
   *
   * @throws IllegalArgumentException when names and shape differ in length, a name repeats, a size
   *     is not positive, the device count is not the product of the shape, or a device is not the
   *     client's
   */
  public Mesh {
    devices = List.copyOf(devices);
    shape = List.copyOf(shape);
    axisNames = List.copyOf(axisNames);
    if (shape.size() != axisNames.size()) {
      throw new IllegalArgumentException(
          "mesh shape %s has %d axes but %d names %s"
              .formatted(shape, shape.size(), axisNames.size(), axisNames));
    }
    if (new HashSet<>(axisNames).size() != axisNames.size()) {
      throw new IllegalArgumentException("mesh axis names repeat: " + axisNames);
    }
    long size = 1;
    for (int s : shape) {
      if (s <= 0) {
        throw new IllegalArgumentException("mesh shape %s has a size below 1".formatted(shape));
      }
      size *= s;
    }
    if (size != devices.size()) {
      throw new IllegalArgumentException(
          "mesh shape %s needs %d devices, %d given".formatted(shape, size, devices.size()));
    }
    if (new HashSet<>(devices).size() != devices.size()) {
      throw new IllegalArgumentException("a device appears twice in the mesh: " + devices);
    }
    for (PjrtDevice d : devices) {
      if (!client.devices().contains(d)) {
        throw new IllegalArgumentException("device %s is not a device of %s".formatted(d, client));
      }
    }
  }

  /**
   * A mesh over the first devices of the process-wide client ({@link Jax#devices()}).
   *
   * @throws IllegalArgumentException when the mesh needs more devices than there are
   */
  public static Mesh of(int[] shape, String... axisNames) {
    return of(Backend.client(), shape, axisNames);
  }

  /**
   * A mesh over the first devices of {@code client}.
   *
   * @throws IllegalArgumentException when the mesh needs more devices than the client has
   */
  public static Mesh of(PjrtClient client, int[] shape, String... axisNames) {
    long size = 1;
    for (int s : shape) {
      size *= Math.max(s, 1);
    }
    int available = client.devices().size();
    if (size > available) {
      throw new IllegalArgumentException(
          "a mesh of shape %s needs %d devices, but %s has %d; start the JVM with -D%s=%d for more CPU devices"
              .formatted(
                  java.util.Arrays.toString(shape),
                  size,
                  client,
                  available,
                  dev.torch2jax.pjrt.ClientConfig.CPU_DEVICES,
                  size));
    }
    return new Mesh(
        client,
        client.devices().subList(0, (int) size),
        java.util.Arrays.stream(shape).boxed().toList(),
        List.of(axisNames));
  }

  /** The number of devices. */
  public int size() {
    return devices.size();
  }

  /**
   * The position of axis {@code name}.
   *
   * @throws IllegalArgumentException when the mesh has no such axis
   */
  public int axisIndex(String name) {
    int i = axisNames.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(
          "mesh axis '%s' is not one of the mesh's axes %s".formatted(name, axisNames));
    }
    return i;
  }

  /** The size of axis {@code name}. */
  public int axisSize(String name) {
    return shape.get(axisIndex(name));
  }

  /** The coordinates of device {@code index} (row-major position) in the grid. */
  int[] coordinates(int index) {
    int[] c = new int[shape.size()];
    int rest = index;
    for (int a = shape.size() - 1; a >= 0; a--) {
      c[a] = rest % shape.get(a);
      rest /= shape.get(a);
    }
    return c;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Mesh(");
    for (int a = 0; a < shape.size(); a++) {
      sb.append(a == 0 ? "" : ", ").append(axisNames.get(a)).append('=').append(shape.get(a));
    }
    return sb.append(", devices ")
        .append(devices.stream().map(PjrtDevice::id).toList())
        .append(')')
        .toString();
  }
}
