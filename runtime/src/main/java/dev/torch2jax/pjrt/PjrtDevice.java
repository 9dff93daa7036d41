package dev.torch2jax.pjrt;

/**
 * An addressable device of a client.
 *
 * @param id the device id the plugin reports
 * @param kind the device kind, e.g. {@code "cpu"}
 * @param description the plugin's debug string for the device
 * @param address the {@code PJRT_Device*}, valid while its client lives
 */
public record PjrtDevice(int id, String kind, String description, long address) {
  @Override
  public String toString() {
    return description.isEmpty() ? kind + ":" + id : description;
  }
}
