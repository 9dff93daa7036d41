package dev.torch2jax.processor.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ATen schemas dumped from libtorch ({@code META-INF/torch2jax/aten-schemas.txt}) and the Core
 * ATen opset ({@code META-INF/torch2jax/core-aten-ops.txt}), both resources of the processor jar.
 */
public final class SchemaCatalog {
  /** Resource holding one schema string a line. */
  public static final String SCHEMAS_RESOURCE = "META-INF/torch2jax/aten-schemas.txt";

  /** Resource holding the Core ATen overload names, one a line. */
  public static final String CORE_RESOURCE = "META-INF/torch2jax/core-aten-ops.txt";

  private static volatile SchemaCatalog bundled;

  private final Map<String, Schema> byName;
  private final Set<String> core;

  /**
   * A catalog of the given schemas and Core ATen names.
   *
   * @throws IllegalArgumentException if a schema does not parse
   */
  public SchemaCatalog(Iterable<String> schemaLines, Iterable<String> coreNames) {
    Map<String, Schema> map = new TreeMap<>();
    for (String line : schemaLines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Schema s = SchemaParser.parse(line.strip());
      map.put(s.fullName(), s);
    }
    Set<String> coreSet = new LinkedHashSet<>();
    for (String c : coreNames) {
      if (!c.isBlank() && !c.startsWith("#")) {
        coreSet.add(c.strip());
      }
    }
    this.byName = Collections.unmodifiableMap(map);
    this.core = Collections.unmodifiableSet(coreSet);
  }

  /** The catalog of the resources bundled with the processor, loaded once. */
  public static SchemaCatalog bundled() {
    SchemaCatalog c = bundled;
    if (c == null) {
      synchronized (SchemaCatalog.class) {
        c = bundled;
        if (c == null) {
          c = new SchemaCatalog(readLines(SCHEMAS_RESOURCE), readLines(CORE_RESOURCE));
          bundled = c;
        }
      }
    }
    return c;
  }

  private static List<String> readLines(String resource) {
    ClassLoader loader = SchemaCatalog.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " missing from the processor jar");
      }
      List<String> lines = new ArrayList<>();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(line);
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The schema of an overload name such as {@code aten::add.Tensor}, or null. */
  public Schema get(String overload) {
    return byName.get(overload);
  }

  /** Every overload name, sorted. */
  public Set<String> names() {
    return byName.keySet();
  }

  /** The Core ATen overload names, in file order. */
  public Set<String> core() {
    return core;
  }

  /**
   * Up to {@code max} known names nearest to {@code name} by edit distance (ties by name), those
   * sharing its operator name first.
   */
  public List<String> nearest(String name, int max) {
    int dot = name.indexOf('.', Math.max(0, name.indexOf("::") + 2));
    String base = dot < 0 ? name : name.substring(0, dot);
    String baseNoSuffix = base.endsWith("_") ? base.substring(0, base.length() - 1) : base;
    Map<String, Integer> rank = new TreeMap<>();
    for (Map.Entry<String, Schema> e : byName.entrySet()) {
      String op = e.getValue().name();
      int group = op.equals(base) ? 0 : op.equals(baseNoSuffix) ? 1 : 2;
      rank.put(e.getKey(), group * 10_000 + editDistance(name, e.getKey()));
    }
    List<String> candidates = new ArrayList<>(rank.keySet());
    candidates.sort(
        Comparator.<String>comparingInt(rank::get).thenComparing(Comparator.naturalOrder()));
    return List.copyOf(candidates.subList(0, Math.min(max, candidates.size())));
  }

  /** Levenshtein distance. */
  public static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
