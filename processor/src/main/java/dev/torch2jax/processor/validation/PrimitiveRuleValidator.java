package dev.torch2jax.processor.validation;

import dev.torch2jax.processor.base.Annotations;
import dev.torch2jax.processor.base.RuleKind;
import dev.torch2jax.processor.base.Site;
import dev.torch2jax.processor.diagnostics.Diagnostics;
import dev.torch2jax.processor.diagnostics.Messages;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Validates primitive rules ({@code @AbstractEval}, {@code @Lowering}, {@code @VjpRule},
 * {@code @BatchRule}, {@code @NotDifferentiable}): well-formed primitive names, one rule of each
 * kind per primitive, methods that fit the rule interfaces, and every primitive with all four rules
 * (or {@code @NotDifferentiable} instead of the VJP).
 */
public final class PrimitiveRuleValidator {
  private static final Pattern PRIMITIVE_NAME = Pattern.compile("[a-z][a-z0-9_]*");

  private final RuleSignatureValidator signatures;
  private final Diagnostics diagnostics;
  private final Map<String, Map<RuleKind, Site>> rules = new TreeMap<>();
  private final Map<String, List<Site>> mentions = new TreeMap<>();
  private final Map<String, String> notDifferentiable = new TreeMap<>();

  /** Checks rule methods with the compilation's elements and types. */
  public PrimitiveRuleValidator(Elements elements, Types types, Diagnostics diagnostics) {
    this.signatures = new RuleSignatureValidator(elements, types, diagnostics);
    this.diagnostics = diagnostics;
  }

  /**
   * Validates one rule annotation of {@code kind} on {@code m} and adds the primitives the table
   * may reference it for to {@code roundRules}.
   *
   * @param accessible whether the method can be called from the generated table
   */
  public void validate(
      ExecutableElement m,
      AnnotationMirror am,
      RuleKind kind,
      boolean accessible,
      Map<RuleKind, Map<String, Site>> roundRules) {
    boolean compatible = signatures.check(m, am, kind.ruleInterface());
    AnnotationMirror notDiff = Annotations.find(m, Annotations.NOT_DIFFERENTIABLE);
    for (Map.Entry<String, AnnotationValue> named : Annotations.stringValues(am)) {
      String name = named.getKey();
      Site site = new Site(m, am, named.getValue());
      if (!PRIMITIVE_NAME.matcher(name).matches()) {
        diagnostics.error(
            "%s: '%s'; primitive names are lower_snake_case, e.g. dot_general"
                .formatted(Messages.PRIMITIVE_NAME_MALFORMED, name),
            site);
        continue;
      }
      mentions.computeIfAbsent(name, k -> new ArrayList<>()).add(site);
      Map<RuleKind, Site> byKind = rules.computeIfAbsent(name, k -> new EnumMap<>(RuleKind.class));
      Site previous = byKind.get(kind);
      if (previous != null) {
        reportDuplicate(kind, name, site, previous);
        reportDuplicate(kind, name, previous, site);
        continue;
      }
      byKind.put(kind, site);
      if (kind == RuleKind.ABSTRACT_EVAL && notDiff != null) {
        notDifferentiable.put(name, Annotations.stringValue(notDiff));
      }
      if (compatible && accessible) {
        roundRules.computeIfAbsent(kind, k -> new TreeMap<>()).put(name, site);
      }
    }
  }

  /** Reports {@code @NotDifferentiable} on {@code m} unless {@code m} has {@code @AbstractEval}. */
  public void validateNotDifferentiable(ExecutableElement m, AnnotationMirror am) {
    if (Annotations.find(m, RuleKind.ABSTRACT_EVAL.annotation()) == null) {
      diagnostics.error(
          Messages.NOT_DIFFERENTIABLE_PLACEMENT + ": " + Annotations.describe(m), m, am, null);
    }
  }

  /**
   * Reports primitives mentioned by this round's methods that lack a rule. Runs in the round, not
   * when processing is over: javac loses the source positions of elements from earlier rounds. So
   * all rules of a primitive must appear in one round.
   */
  public void checkCompleteness(Collection<ExecutableElement> roundMethods) {
    for (Map.Entry<String, List<Site>> e : mentions.entrySet()) {
      String primitive = e.getKey();
      if (e.getValue().stream().noneMatch(s -> roundMethods.contains(s.method()))) {
        continue;
      }
      Map<RuleKind, Site> byKind = rules.getOrDefault(primitive, Map.of());
      boolean exempt = notDifferentiable.containsKey(primitive);
      List<String> missing = new ArrayList<>();
      for (RuleKind k : RuleKind.values()) {
        if (!byKind.containsKey(k) && !(k == RuleKind.VJP && exempt)) {
          missing.add(k.simpleAnnotation());
        }
      }
      if (!missing.isEmpty()) {
        String msg =
            "%s: primitive '%s' has no %s%s"
                .formatted(
                    Messages.PRIMITIVE_RULE_MISSING,
                    primitive,
                    String.join(", ", missing),
                    missing.contains(RuleKind.VJP.simpleAnnotation())
                        ? " (or put @NotDifferentiable(\"why\") on its @AbstractEval method)"
                        : "");
        for (Site s : e.getValue()) {
          diagnostics.error(msg, s);
        }
      }
      if (exempt && byKind.containsKey(RuleKind.VJP)) {
        diagnostics.error(
            "%s: '%s' (%s)"
                .formatted(
                    Messages.NOT_DIFFERENTIABLE_WITH_VJP,
                    primitive,
                    notDifferentiable.get(primitive)),
            byKind.get(RuleKind.VJP));
      }
    }
  }

  /**
   * The {@code @NotDifferentiable} reasons of the primitives whose abstract eval is in {@code
   * evals}.
   */
  public Map<String, String> notDifferentiableAmong(Map<String, Site> evals) {
    Map<String, String> reasons = new TreeMap<>();
    notDifferentiable.forEach(
        (primitive, reason) -> {
          if (evals.containsKey(primitive)) {
            reasons.put(primitive, reason);
          }
        });
    return reasons;
  }

  private void reportDuplicate(RuleKind kind, String name, Site at, Site other) {
    diagnostics.error(
        "%s: %s for '%s' by %s and by %s"
            .formatted(
                Messages.PRIMITIVE_RULE_DUPLICATE,
                kind.simpleAnnotation(),
                name,
                at.describe(),
                other.describe()),
        at);
  }
}
