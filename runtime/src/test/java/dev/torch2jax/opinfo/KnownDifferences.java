package dev.torch2jax.opinfo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one list of known differences from PyTorch: {@code opinfo/known-differences.tsv} on the test
 * classpath, rows {@code overload <TAB> check <TAB> reason}, where check is forward, vjp, vmap, jit
 * or {@code *} (every check), optionally narrowed to the samples whose TorchScript source contains
 * a text: {@code vjp[torch.var(a, [])]}. A failure of a listed (overload, check) is reported as a
 * known difference with its reason; an unlisted one fails the test.
 */
public final class KnownDifferences {
  private static final String RESOURCE = "/opinfo/known-differences.tsv";
  private static final Map<String, String> REASONS = load();

  private KnownDifferences() {}

  /** The reason {@code overload} is known to differ in {@code check} on {@code source}, or null. */
  public static String reason(String overload, OpInfo.Check check, String source) {
    for (var e : REASONS.entrySet()) {
      String[] key = e.getKey().split("\t", 2);
      if (key[0].equals(overload) && applies(key[1], check, source)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static boolean applies(String pattern, OpInfo.Check check, String source) {
    int open = pattern.indexOf('[');
    String c = open < 0 ? pattern : pattern.substring(0, open);
    if (!c.equals("*") && !c.equals(check.column())) {
      return false;
    }
    return open < 0 || source.contains(pattern.substring(open + 1, pattern.length() - 1));
  }

  /** Every listed row: {@code overload <TAB> check} to reason. */
  public static Map<String, String> all() {
    return REASONS;
  }

  private static Map<String, String> load() {
    Map<String, String> out = new LinkedHashMap<>();
    try (InputStream in = KnownDifferences.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the test classpath");
      }
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", 3);
        if (f.length != 3) {
          throw new IllegalStateException(RESOURCE + ": expected 3 tab-separated fields: " + line);
        }
        out.put(f[0] + "\t" + f[1], f[2]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
