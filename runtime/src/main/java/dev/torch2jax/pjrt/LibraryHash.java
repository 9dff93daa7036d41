package dev.torch2jax.pjrt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The SHA-256 of a plugin library, which keys its compiled executables. Hashing a 250 MB plugin
 * takes about a second, more than a warm start should cost, so the hash is kept per process and in
 * the compile cache itself, filed under the file's identity (path, size, modification time and
 * inode): replacing the library changes these, and the file is hashed again.
 */
final class LibraryHash {
  private static final Map<String, byte[]> HASHES = new ConcurrentHashMap<>();

  private LibraryHash() {}

  /**
   * The hash of {@code library}, from this process's memory, then {@code memo} (when not null),
   * then the file itself (then recorded in both).
   *
   * @throws IOException when the library cannot be read
   */
  static byte[] of(Path library, DiskCache memo) throws IOException {
    Path file = library.toAbsolutePath().normalize();
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    String identity =
        "plugin library %s size=%d modified=%s inode=%s"
            .formatted(file, a.size(), a.lastModifiedTime().toInstant(), a.fileKey());
    byte[] known = HASHES.get(identity);
    if (known != null) {
      return known;
    }
    byte[] memoKey = sha256(identity.getBytes(StandardCharsets.UTF_8));
    Optional<byte[]> memoized =
        memo == null ? Optional.empty() : memo.load(memoKey).filter(h -> h.length == 32);
    byte[] hash = memoized.isPresent() ? memoized.get() : hashFile(file);
    if (memoized.isEmpty() && memo != null) {
      memo.store(memoKey, hash);
    }
    HASHES.put(identity, hash);
    return hash;
  }

  private static byte[] hashFile(Path file) throws IOException {
    MessageDigest d = sha256();
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        d.update(buffer, 0, n);
      }
    }
    return d.digest();
  }

  static byte[] sha256(byte[] bytes) {
    return sha256().digest(bytes);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }
}
