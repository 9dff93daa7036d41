package dev.torch2jax.opinfo;

import dev.torch2jax.opinfo.OpInfo.Check;
import dev.torch2jax.opinfo.OpInfo.Status;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code target/opinfo-results.tsv}: one row per overload with each check's outcome, a note and the
 * test run that wrote it. Several test JVMs of one run (surefire forks) merge into it under a file
 * lock, keeping the worst outcome of each check; a row from an earlier run is replaced, so running
 * one test class refreshes only its rows.
 */
final class ResultsFile {
  static final String HEADER = "overload\tforward\tvjp\tvmap\tjit\tnote\trun";

  private static final Pattern NOTE =
      Pattern.compile("(forward|vjp|vmap|jit): (.*?)(?=; (?:forward|vjp|vmap|jit): |$)");

  /** One overload's outcomes and notes (failed and known checks only). */
  record Row(Map<Check, Status> statuses, Map<Check, String> notes, String run) {}

  private ResultsFile() {}

  /**
   * Merges {@code results} of run {@code run} into {@code file}, then calls {@code after} while
   * still holding the lock (so a report made from the file sees every JVM's rows so far).
   */
  static void merge(Path file, String run, Map<String, Row> results, Runnable after)
      throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    try (FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      FileLock lock = channel.lock();
      try {
        Map<String, Row> rows = read(file);
        for (var e : results.entrySet()) {
          Row old = rows.get(e.getKey());
          boolean sameRun = old != null && !run.isEmpty() && old.run().equals(run);
          rows.put(e.getKey(), sameRun ? worse(old, e.getValue()) : e.getValue());
        }
        List<String> lines = new ArrayList<>();
        lines.add(HEADER);
        for (var e : rows.entrySet()) {
          lines.add(format(e.getKey(), e.getValue()));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        after.run();
      } finally {
        lock.release();
      }
    }
  }

  /** Each check's worse outcome, with its note. */
  private static Row worse(Row a, Row b) {
    Map<Check, Status> statuses = new EnumMap<>(Check.class);
    Map<Check, String> notes = new EnumMap<>(Check.class);
    for (Check c : Check.values()) {
      Status sa = a.statuses().get(c);
      Status sb = b.statuses().get(c);
      Row from = sb != null && (sa == null || sb.ordinal() > sa.ordinal()) ? b : a;
      Status s = from.statuses().get(c);
      if (s != null) {
        statuses.put(c, s);
      }
      if (from.notes().containsKey(c)) {
        notes.put(c, from.notes().get(c));
      }
    }
    return new Row(statuses, notes, a.run());
  }

  private static Map<String, Row> read(Path file) throws IOException {
    Map<String, Row> rows = new TreeMap<>();
    if (!Files.exists(file)) {
      return rows;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isEmpty() || line.startsWith("overload\t")) {
        continue;
      }
      String[] f = line.split("\t", -1);
      Map<Check, Status> statuses = new EnumMap<>(Check.class);
      for (Check c : Check.values()) {
        Status s = f.length > c.ordinal() + 1 ? Status.ofWord(f[c.ordinal() + 1]) : null;
        if (s != null) {
          statuses.put(c, s);
        }
      }
      Map<Check, String> notes = new EnumMap<>(Check.class);
      if (f.length > 5) {
        Matcher m = NOTE.matcher(f[5]);
        while (m.find()) {
          notes.put(Check.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT)), m.group(2));
        }
      }
      rows.put(f[0], new Row(statuses, notes, f.length > 6 ? f[6] : ""));
    }
    return rows;
  }

  private static String format(String overload, Row r) {
    StringBuilder row = new StringBuilder(overload);
    StringBuilder notes = new StringBuilder();
    for (Check c : Check.values()) {
      Status s = r.statuses().get(c);
      row.append('\t').append(s == null ? "not run" : s.word());
      String note = r.notes().get(c);
      if (note != null && (s == Status.KNOWN || s == Status.FAILED)) {
        notes.append(notes.isEmpty() ? "" : "; ").append(c.column()).append(": ").append(note);
      }
    }
    row.append('\t').append(notes.length() > 300 ? notes.substring(0, 300) : notes);
    return row.append('\t').append(r.run()).toString();
  }
}
