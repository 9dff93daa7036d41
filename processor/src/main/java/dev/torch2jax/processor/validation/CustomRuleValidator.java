package dev.torch2jax.processor.validation;

import dev.torch2jax.processor.base.Annotations;
import dev.torch2jax.processor.base.Site;
import dev.torch2jax.processor.diagnostics.Diagnostics;
import dev.torch2jax.processor.diagnostics.Messages;
import dev.torch2jax.processor.schema.SchemaCatalog;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Validates one kind of custom ATen rule ({@code @CustomVjp} or {@code @CustomBatching}): each name
 * a known overload, declared once in the compilation, by a method that fits the rule's runtime
 * interface. Remembers every declaration over all rounds.
 */
public final class CustomRuleValidator {
  private final String ruleInterface;
  private final OverloadResolver resolver;
  private final RuleSignatureValidator signatures;
  private final Diagnostics diagnostics;
  private final Map<String, Site> declared = new TreeMap<>();

  /** Checks methods against {@code ruleInterface}, reporting to {@code diagnostics}. */
  public CustomRuleValidator(
      String ruleInterface,
      SchemaCatalog catalog,
      Elements elements,
      Types types,
      Diagnostics diagnostics) {
    this.ruleInterface = ruleInterface;
    this.resolver = new OverloadResolver(catalog, diagnostics);
    this.signatures = new RuleSignatureValidator(elements, types, diagnostics);
    this.diagnostics = diagnostics;
  }

  /**
   * Validates one annotation on {@code m} and adds the overloads the table may reference it for to
   * {@code roundRules}.
   *
   * @param accessible whether the method can be called from the generated table
   */
  public void validate(
      ExecutableElement m, AnnotationMirror am, boolean accessible, Map<String, Site> roundRules) {
    boolean compatible = signatures.check(m, am, ruleInterface);
    String what = Annotations.simpleName(Annotations.name(am));
    for (Map.Entry<String, AnnotationValue> named : Annotations.stringValues(am)) {
      String name = named.getKey();
      Site site = new Site(m, am, named.getValue());
      if (resolver.resolve(name, site) == null) {
        continue;
      }
      Site previous = declared.get(name);
      if (previous != null) {
        reportDuplicate(what, name, site, previous);
        reportDuplicate(what, name, previous, site);
        continue;
      }
      declared.put(name, site);
      if (compatible && accessible) {
        roundRules.put(name, site);
      }
    }
  }

  /** Every overload with this kind of rule so far, by name. */
  public Map<String, Site> declared() {
    return Collections.unmodifiableMap(declared);
  }

  private void reportDuplicate(String what, String name, Site at, Site other) {
    diagnostics.error(
        "%s: %s for %s by %s and by %s"
            .formatted(Messages.CUSTOM_RULE_DUPLICATE, what, name, at.describe(), other.describe()),
        at);
  }
}
