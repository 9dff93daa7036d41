package dev.torch2jax.processor.writing;

import dev.torch2jax.processor.diagnostics.Diagnostics;
import dev.torch2jax.processor.diagnostics.Messages;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.util.Elements;

/**
 * The package of the generated tables: the {@code -Atorch2jax.package} option when it is a package
 * name, else the longest common package of the annotated methods.
 */
public final class GeneratedPackage {
  private final String optionName;
  private final String option;
  private final Elements elements;
  private final Diagnostics diagnostics;

  /**
   * Chooses with the option {@code optionName}, whose value is {@code option} (null when unset).
   */
  public GeneratedPackage(
      String optionName, String option, Elements elements, Diagnostics diagnostics) {
    this.optionName = optionName;
    this.option = option;
    this.elements = elements;
    this.diagnostics = diagnostics;
  }

  /** The package for a table generated from {@code origins}; reports an invalid option. */
  public String of(List<Element> origins) {
    if (option != null) {
      String p = option.strip();
      if (p.isEmpty() || SourceVersion.isName(p)) {
        return p;
      }
      diagnostics.error(
          "%s: -A%s=%s is not a package name".formatted(Messages.BAD_OPTION, optionName, option));
    }
    String common = null;
    for (Element e : origins) {
      PackageElement p = elements.getPackageOf(e);
      String name = p.isUnnamed() ? "" : p.getQualifiedName().toString();
      common = common == null ? name : commonPackage(common, name);
    }
    return common == null ? "" : common;
  }

  /** The longest common prefix of two package names, by whole segments. */
  static String commonPackage(String a, String b) {
    String[] x = a.isEmpty() ? new String[0] : a.split("\\.");
    String[] y = b.isEmpty() ? new String[0] : b.split("\\.");
    int n = 0;
    while (n < x.length && n < y.length && x[n].equals(y[n])) {
      n++;
    }
    return String.join(".", Arrays.asList(x).subList(0, n));
  }
}
