package dev.torch2jax.processor.validation;

import dev.torch2jax.processor.base.Annotations;
import dev.torch2jax.processor.base.ImplementedOp;
import dev.torch2jax.processor.base.JavaTypes;
import dev.torch2jax.processor.base.Site;
import dev.torch2jax.processor.diagnostics.Diagnostics;
import dev.torch2jax.processor.diagnostics.Messages;
import dev.torch2jax.processor.schema.Schema;
import dev.torch2jax.processor.schema.SchemaCatalog;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.Types;

/**
 * Validates {@code @Implements} annotations: each name a known overload, implemented once in the
 * compilation, by a method whose Java signature fits the schema. Remembers every overload over all
 * rounds, for duplicates and the coverage report.
 */
public final class ImplementsValidator {
  private final OverloadResolver resolver;
  private final SignatureValidator signatures;
  private final Diagnostics diagnostics;
  private final Map<String, ImplementedOp> implemented = new TreeMap<>();

  /** Checks against {@code catalog}, reporting to {@code diagnostics}. */
  public ImplementsValidator(
      SchemaCatalog catalog, Types types, JavaTypes javaTypes, Diagnostics diagnostics) {
    this.resolver = new OverloadResolver(catalog, diagnostics);
    this.signatures = new SignatureValidator(types, javaTypes, diagnostics);
    this.diagnostics = diagnostics;
  }

  /**
   * Validates one {@code @Implements} annotation on {@code m} and adds the overloads it may
   * generate dispatch code for to {@code roundOps}.
   *
   * @param accessible whether the method can be called from the generated table
   */
  public void validate(
      ExecutableElement m,
      AnnotationMirror am,
      boolean accessible,
      Map<String, ImplementedOp> roundOps) {
    Set<String> argumentNames = new HashSet<>();
    boolean allResolved = true;
    for (Map.Entry<String, AnnotationValue> named : Annotations.stringValues(am)) {
      String name = named.getKey();
      Site site = new Site(m, am, named.getValue());
      Schema schema = resolver.resolve(name, site);
      if (schema == null) {
        allResolved = false;
        continue;
      }
      schema.arguments().forEach(a -> argumentNames.add(a.name()));
      ImplementedOp previous = implemented.get(name);
      if (previous != null) {
        reportDuplicate(name, site, previous.site());
        reportDuplicate(name, previous.site(), site);
        continue;
      }
      ImplementedOp op = signatures.check(schema, site);
      if (op == null || !accessible) {
        // Keep the name taken so a second method gets the duplicate error, but generate nothing.
        implemented.put(name, new ImplementedOp(schema, site, List.of(), false));
        continue;
      }
      implemented.put(name, op);
      roundOps.put(name, op);
    }
    if (allResolved) {
      checkIgnoredNames(m, am, argumentNames);
    }
  }

  /** Each ignored name must be an argument of one of the overloads, or it is a typo. */
  private void checkIgnoredNames(
      ExecutableElement m, AnnotationMirror am, Set<String> argumentNames) {
    for (String ignored : Annotations.stringArray(am, "ignores")) {
      if (!argumentNames.contains(ignored)) {
        diagnostics.error(
            "%s: %s ignores '%s', but none of its overloads has an argument of that name"
                .formatted(Messages.OP_IGNORED_ARGUMENT, Annotations.describe(m), ignored),
            m,
            am,
            null);
      }
    }
  }

  /** Every overload named by a valid {@code @Implements} so far, by name. */
  public Map<String, ImplementedOp> implemented() {
    return Collections.unmodifiableMap(implemented);
  }

  private void reportDuplicate(String name, Site at, Site other) {
    diagnostics.error(
        "%s: %s is implemented by %s and by %s"
            .formatted(Messages.OP_DUPLICATE, name, at.describe(), other.describe()),
        at);
  }
}
