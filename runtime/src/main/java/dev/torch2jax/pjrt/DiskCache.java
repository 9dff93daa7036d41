package dev.torch2jax.pjrt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * Blobs stored by a 32-byte key (a SHA-256) in a directory that several threads and processes may
 * share, at most {@code maxBytes} of them: the least recently used entries go first.
 *
 * <p>An entry is one file {@code <hex key>.bin}: a magic number, the format version, the key, the
 * payload's length, the payload, and a CRC32C of everything before it. It is written to a temporary
 * file in the same directory and renamed into place atomically, so readers see a whole entry or
 * none; an entry that is truncated, corrupt, of another format or filed under another key is
 * deleted and reported as missing. A hit sets the file's modification time, which orders eviction.
 *
 * <p>Storage problems (read-only or full disk, permissions) never surface: the first is logged, and
 * the cache behaves as empty.
 */
public final class DiskCache {
  static final int MAGIC = 0x54324A58; // "T2JX"
  static final int FORMAT_VERSION = 1;
  static final int KEY_BYTES = 32;
  static final int HEADER_BYTES = 4 + 4 + KEY_BYTES + 8;
  static final int TRAILER_BYTES = 4;
  static final String SUFFIX = ".bin";
  private static final String TEMP_SUFFIX = ".tmp";

  /** A temporary file this old was left by a process that died while writing. */
  private static final Duration STALE_TEMP = Duration.ofHours(1);

  /** Eviction brings the total down to this fraction of the cap, so it does not run per store. */
  private static final double LOW_WATER = 0.9;

  private final Path dir;
  private final long maxBytes;

  /** Bytes in the directory as last counted plus what this instance wrote since; -1: uncounted. */
  private long knownBytes = -1;

  /**
   * A cache in {@code dir} (created when first written) holding at most {@code maxBytes}.
   *
   * @throws IllegalArgumentException when {@code maxBytes} is not positive
   */
  public DiskCache(Path dir, long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException(
          "the compile cache's size cap must be positive, got %d bytes".formatted(maxBytes));
    }
    this.dir = dir;
    this.maxBytes = maxBytes;
  }

  /** The directory. */
  public Path directory() {
    return dir;
  }

  /** The file of {@code key}'s entry (whether or not it exists). */
  public Path entryPath(byte[] key) {
    return dir.resolve(HexFormat.of().formatHex(checkKey(key)) + SUFFIX);
  }

  /** The payload stored under {@code key}, or empty when there is none or it was damaged. */
  public Optional<byte[]> load(byte[] key) {
    Path file = entryPath(key);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | UncheckedIOException | SecurityException e) {
      CompileCacheLog.problem("reading %s".formatted(file), e);
      return Optional.empty();
    }
    Optional<byte[]> payload = decode(bytes, key);
    if (payload.isEmpty()) {
      CompileCacheLog.damaged(file);
      delete(file);
      return Optional.empty();
    }
    touch(file);
    return payload;
  }

  /**
   * Stores {@code payload} under {@code key}, replacing an existing entry, then evicts the least
   * recently used entries when the directory holds more than the cap. A payload larger than the cap
   * is not stored.
   */
  public void store(byte[] key, byte[] payload) {
    byte[] entry = encode(checkKey(key), payload);
    if (entry.length > maxBytes) {
      return;
    }
    Path file = entryPath(key);
    Path temp = dir.resolve(file.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
    try {
      Files.createDirectories(dir);
      Files.write(temp, entry);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | UncheckedIOException | SecurityException e) {
      CompileCacheLog.problem("writing %s".formatted(file), e);
      delete(temp);
      return;
    }
    accountAndEvict(entry.length);
  }

  /** Deletes {@code key}'s entry, if any. */
  public void remove(byte[] key) {
    delete(entryPath(key));
  }

  private synchronized void accountAndEvict(long written) {
    knownBytes = knownBytes < 0 ? scanAndEvict(maxBytes) : knownBytes + written;
    if (knownBytes > maxBytes) {
      knownBytes = scanAndEvict((long) (maxBytes * LOW_WATER));
    }
  }

  /**
   * Deletes stale temporary files, and the oldest entries until at most {@code target} bytes
   * remain; returns the bytes that remain. Entries other processes delete meanwhile are skipped.
   */
  private long scanAndEvict(long target) {
    record Entry(Path path, long size, FileTime used) {}
    List<Entry> entries = new ArrayList<>();
    Instant staleBefore = Instant.now().minus(STALE_TEMP);
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path p : files) {
        String name = p.getFileName().toString();
        try {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          if (name.endsWith(SUFFIX)) {
            entries.add(new Entry(p, a.size(), a.lastModifiedTime()));
          } else if (name.endsWith(TEMP_SUFFIX)
              && a.lastModifiedTime().toInstant().isBefore(staleBefore)) {
            delete(p);
          }
        } catch (NoSuchFileException e) {
          // Renamed or deleted by another process meanwhile.
        }
      }
    } catch (IOException | UncheckedIOException | SecurityException e) {
      CompileCacheLog.problem("listing %s".formatted(dir), e);
      return 0;
    }
    long total = entries.stream().mapToLong(Entry::size).sum();
    entries.sort(Comparator.comparing(Entry::used));
    for (int i = 0; i < entries.size() && total > target; i++) {
      delete(entries.get(i).path());
      total -= entries.get(i).size();
    }
    return total;
  }

  /** The file bytes of an entry. */
  static byte[] encode(byte[] key, byte[] payload) {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + payload.length + TRAILER_BYTES);
    b.putInt(MAGIC).putInt(FORMAT_VERSION).put(key).putLong(payload.length).put(payload);
    CRC32C crc = new CRC32C();
    crc.update(b.array(), 0, b.position());
    b.putInt((int) crc.getValue());
    return b.array();
  }

  /** The payload of an entry's bytes, or empty when they are not a whole entry for {@code key}. */
  static Optional<byte[]> decode(byte[] bytes, byte[] key) {
    if (bytes.length < HEADER_BYTES + TRAILER_BYTES) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte[] storedKey = new byte[KEY_BYTES];
    if (b.getInt() != MAGIC || b.getInt() != FORMAT_VERSION) {
      return Optional.empty();
    }
    b.get(storedKey);
    long length = b.getLong();
    if (length != bytes.length - HEADER_BYTES - TRAILER_BYTES || !Arrays.equals(storedKey, key)) {
      return Optional.empty();
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, bytes.length - TRAILER_BYTES);
    if ((int) crc.getValue() != ByteBuffer.wrap(bytes, bytes.length - TRAILER_BYTES, 4).getInt()) {
      return Optional.empty();
    }
    return Optional.of(Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length - TRAILER_BYTES));
  }

  private static byte[] checkKey(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "a cache key is %d bytes (a SHA-256), got %d".formatted(KEY_BYTES, key.length));
    }
    return key;
  }

  private static void touch(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException | UncheckedIOException | SecurityException e) {
      // Only the eviction order suffers (e.g. on a read-only cache).
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException | UncheckedIOException | SecurityException e) {
      CompileCacheLog.problem("deleting %s".formatted(file), e);
    }
  }

  @Override
  public String toString() {
    return "DiskCache[%s, at most %d bytes]".formatted(dir, maxBytes);
  }
}
