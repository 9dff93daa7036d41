package dev.torch2jax.pjrt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compile cache's store: entry format, damage detection, concurrency and eviction. */
class DiskCacheTest {
  private static final long BIG = 1L << 30;

  @TempDir Path dir;

  private static byte[] key(String name) {
    return LibraryHash.sha256(name.getBytes(StandardCharsets.UTF_8));
  }

  /** A payload determined by its key (as an executable is by its program), of varying size. */
  private static byte[] payload(String name, int size) {
    byte[] out = new byte[size];
    byte[] seed = key(name);
    for (int i = 0; i < size; i++) {
      out[i] = (byte) (seed[i % seed.length] + i / seed.length);
    }
    return out;
  }

  @Test
  void storedPayloadLoadsBackAndMissingKeysAreEmpty() {
    DiskCache cache = new DiskCache(dir, BIG);
    cache.store(key("a"), payload("a", 1000));
    assertArrayEquals(payload("a", 1000), cache.load(key("a")).orElseThrow());
    assertTrue(cache.load(key("b")).isEmpty());
    assertTrue(new DiskCache(dir, BIG).load(key("a")).isPresent(), "another instance reads it");
  }

  @Test
  void aFlippedByteAnywhereIsDetectedAndTheEntryDeleted() throws IOException {
    DiskCache cache = new DiskCache(dir, BIG);
    byte[] k = key("a");
    int length = DiskCache.HEADER_BYTES + 100 + DiskCache.TRAILER_BYTES;
    // magic, version, key, payload length, payload, checksum
    for (int at : new int[] {0, 5, 20, 45, 60, length - 1}) {
      cache.store(k, payload("a", 100));
      Path file = cache.entryPath(k);
      byte[] bytes = Files.readAllBytes(file);
      assertEquals(length, bytes.length);
      bytes[at] ^= 0x10;
      Files.write(file, bytes);
      assertTrue(cache.load(k).isEmpty(), "flipped byte " + at);
      assertFalse(Files.exists(file), "damaged entry deleted, byte " + at);
    }
  }

  @Test
  void aTruncatedEntryIsDetectedAndDeleted() throws IOException {
    DiskCache cache = new DiskCache(dir, BIG);
    byte[] k = key("a");
    for (int keep : new int[] {0, 10, DiskCache.HEADER_BYTES, DiskCache.HEADER_BYTES + 50}) {
      cache.store(k, payload("a", 100));
      Path file = cache.entryPath(k);
      Files.write(file, Arrays.copyOf(Files.readAllBytes(file), keep));
      assertTrue(cache.load(k).isEmpty(), "truncated to " + keep);
      assertFalse(Files.exists(file));
    }
  }

  @Test
  void anEntryFiledUnderAnotherKeyIsRefused() throws IOException {
    DiskCache cache = new DiskCache(dir, BIG);
    cache.store(key("a"), payload("a", 100));
    Files.copy(cache.entryPath(key("a")), cache.entryPath(key("b")));
    assertTrue(cache.load(key("b")).isEmpty());
    assertTrue(cache.load(key("a")).isPresent());
  }

  @Test
  void concurrentWritersOfSameAndDifferentKeysLeaveWholeEntries() throws Exception {
    int threads = 8;
    List<String> names = List.of("k0", "k1", "k2", "k3", "k4", "k5");
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  DiskCache own = new DiskCache(dir, BIG);
                  for (int i = 0; i < 60; i++) {
                    String name = names.get((thread + i) % names.size());
                    int size = 2000 + 500 * names.indexOf(name);
                    own.store(key(name), payload(name, size));
                    String other = names.get((thread * 7 + i) % names.size());
                    Optional<byte[]> read = own.load(key(other));
                    read.ifPresent(
                        r ->
                            assertArrayEquals(
                                payload(other, 2000 + 500 * names.indexOf(other)), r, other));
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    DiskCache fresh = new DiskCache(dir, BIG);
    for (String name : names) {
      assertArrayEquals(
          payload(name, 2000 + 500 * names.indexOf(name)), fresh.load(key(name)).orElseThrow());
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(names.size(), files.count(), "no temporary files left");
    }
  }

  @Test
  void overTheCapTheLeastRecentlyUsedEntriesGo() throws IOException {
    int payload = 1000 - DiskCache.HEADER_BYTES - DiskCache.TRAILER_BYTES; // 1000-byte entries
    DiskCache cache = new DiskCache(dir, 3500);
    Instant t0 = Instant.now().minusSeconds(60);
    for (String name : List.of("a", "b", "c")) {
      cache.store(key(name), payload(name, payload));
      assertEquals(1000, Files.size(cache.entryPath(key(name))));
    }
    Files.setLastModifiedTime(cache.entryPath(key("a")), FileTime.from(t0));
    Files.setLastModifiedTime(cache.entryPath(key("b")), FileTime.from(t0.plusSeconds(1)));
    Files.setLastModifiedTime(cache.entryPath(key("c")), FileTime.from(t0.plusSeconds(2)));
    assertTrue(cache.load(key("a")).isPresent(), "a hit makes 'a' the most recently used");
    cache.store(key("d"), payload("d", payload));
    assertTrue(cache.load(key("b")).isEmpty(), "'b' was least recently used");
    for (String name : List.of("a", "c", "d")) {
      assertTrue(cache.load(key(name)).isPresent(), name);
    }
    cache.store(key("huge"), payload("huge", 4000));
    assertTrue(cache.load(key("huge")).isEmpty(), "an entry over the cap is not stored");
  }

  @Test
  void staleTemporaryFilesOfDeadWritersAreRemoved() throws IOException {
    Path stale = Files.writeString(dir.resolve("x.bin.1234.tmp"), "partial");
    Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minusSeconds(7200)));
    Path fresh = Files.writeString(dir.resolve("y.bin.5678.tmp"), "being written");
    new DiskCache(dir, BIG).store(key("a"), payload("a", 10));
    assertFalse(Files.exists(stale));
    assertTrue(Files.exists(fresh), "another process may still be writing it");
  }

  @Test
  void anUnwritableDirectoryActsAsAnEmptyCache() throws IOException {
    // A path below a regular file can be neither created nor written, even by root.
    Path file = Files.writeString(dir.resolve("not-a-directory"), "");
    DiskCache cache = new DiskCache(file.resolve("xla"), BIG);
    cache.store(key("a"), payload("a", 10));
    assertTrue(cache.load(key("a")).isEmpty());
  }

  @Test
  void badKeysAndCapsAreRefused() {
    IllegalArgumentException k =
        assertThrows(
            IllegalArgumentException.class, () -> new DiskCache(dir, BIG).load(new byte[3]));
    assertTrue(k.getMessage().contains("32 bytes"), k.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new DiskCache(dir, 0));
  }
}
