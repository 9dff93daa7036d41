package dev.torch2jax.processor.writing;

import dev.torch2jax.processor.base.ImplementedOp;
import dev.torch2jax.processor.base.Site;
import dev.torch2jax.processor.diagnostics.Messages;
import dev.torch2jax.processor.schema.SchemaCatalog;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The coverage report, {@code META-INF/torch2jax/coverage.tsv}: a header, then one row per overload
 * that libtorch knows or this compilation implements, sorted by name, with tab-separated columns
 *
 * <ul>
 *   <li>{@code overload}: e.g. {@code aten::add.Tensor};
 *   <li>{@code implemented_by}: {@code pkg.Class#method}, empty when not implemented here;
 *   <li>{@code custom_vjp}, {@code custom_batching}: the method declaring a custom rule, or empty;
 *   <li>{@code core_aten}: {@code yes} for the Core ATen opset, else {@code no}.
 * </ul>
 */
public final class CoverageReport {
  /** The first line: the column names. */
  public static final String HEADER =
      "overload\timplemented_by\tcustom_vjp\tcustom_batching\tcore_aten";

  private final SchemaCatalog catalog;
  private final Map<String, ImplementedOp> implemented;
  private final Map<String, Site> customVjp;
  private final Map<String, Site> customBatching;

  /**
   * A report of {@code implemented} and the custom rules against {@code catalog}.
   *
   * @param customVjp the {@code @CustomVjp} methods, by overload name
   * @param customBatching the {@code @CustomBatching} methods, by overload name
   */
  public CoverageReport(
      SchemaCatalog catalog,
      Map<String, ImplementedOp> implemented,
      Map<String, Site> customVjp,
      Map<String, Site> customBatching) {
    this.catalog = catalog;
    this.implemented = implemented;
    this.customVjp = customVjp;
    this.customBatching = customBatching;
  }

  /** The number of Core ATen overloads implemented. */
  public int coreImplemented() {
    int n = 0;
    for (String c : catalog.core()) {
      if (implemented.containsKey(c)) {
        n++;
      }
    }
    return n;
  }

  /** {@code torch2jax: N/193 Core ATen overloads, M overloads in all}. */
  public String note() {
    return Messages.COVERAGE_NOTE
        + coreImplemented()
        + "/"
        + catalog.core().size()
        + " Core ATen overloads, "
        + implemented.size()
        + " overloads in all";
  }

  /** The report's text. */
  public String tsv() {
    Set<String> names = new TreeSet<>(catalog.names());
    names.addAll(catalog.core());
    names.addAll(implemented.keySet());
    names.addAll(customVjp.keySet());
    names.addAll(customBatching.keySet());
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (String n : names) {
      ImplementedOp op = implemented.get(n);
      sb.append(n)
          .append('\t')
          .append(op == null ? "" : op.site().describe())
          .append('\t')
          .append(customVjp.containsKey(n) ? customVjp.get(n).describe() : "")
          .append('\t')
          .append(customBatching.containsKey(n) ? customBatching.get(n).describe() : "")
          .append('\t')
          .append(catalog.core().contains(n) ? "yes" : "no")
          .append('\n');
    }
    return sb.toString();
  }
}
