package dev.torch2jax.pjrt;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The key of a compiled executable: a SHA-256 over everything that changes what XLA builds: the
 * StableHLO text, the serialized compile options (XLA options included), and the environment, that
 * is the plugin library's hash, its PJRT API, platform and StableHLO versions, and the host CPU.
 * Serialized executables are specific to all of these: a blob from another plugin build was seen to
 * be accepted and compute garbage.
 */
final class CompileKey {
  private static final String SCHEME = "torch2jax compile key v1";

  private CompileKey() {}

  /**
   * The environment part of the key for executables of {@code client}, whose plugin library hashes
   * to {@code libraryHash}.
   */
  static String environment(PjrtClient client, byte[] libraryHash, String hostCpu) {
    PjrtApi api = client.api();
    return "plugin sha256=%s\napi=%s\nplatform=%s %s\nstablehlo=%s\n%s"
        .formatted(
            HexFormat.of().formatHex(libraryHash),
            api.apiVersion(),
            client.platformName(),
            client.platformVersion(),
            api.stablehloVersion(),
            hostCpu);
  }

  /** The key of {@code stablehlo} compiled with {@code options} in {@code environment}. */
  static byte[] of(String stablehlo, byte[] options, String environment) {
    MessageDigest d = LibraryHash.sha256();
    for (byte[] part :
        new byte[][] {
          SCHEME.getBytes(StandardCharsets.UTF_8),
          environment.getBytes(StandardCharsets.UTF_8),
          options,
          stablehlo.getBytes(StandardCharsets.UTF_8)
        }) {
      // Length prefixes keep the parts from running into each other.
      d.update(ByteBuffer.allocate(8).putLong(part.length).array());
      d.update(part);
    }
    return d.digest();
  }
}
