package dev.torch2jax.processor.validation;

import dev.torch2jax.processor.base.Annotations;
import dev.torch2jax.processor.diagnostics.Diagnostics;
import dev.torch2jax.processor.diagnostics.Messages;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Checks that an annotated method can be called from a generated table: public and static, inside
 * public (static, when nested) classes.
 */
public final class AccessValidator {
  private final Diagnostics diagnostics;

  /** Reports to {@code diagnostics}. */
  public AccessValidator(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** Whether {@code m} is accessible; reports on {@code am} otherwise. */
  public boolean check(ExecutableElement m, AnnotationMirror am) {
    String method = Annotations.describe(m);
    boolean ok = true;
    if (!m.getModifiers().contains(Modifier.STATIC)) {
      error(Messages.METHOD_NOT_STATIC + ": " + method, m, am);
      ok = false;
    }
    if (!m.getModifiers().contains(Modifier.PUBLIC)) {
      error("%s: %s is not public".formatted(Messages.METHOD_NOT_PUBLIC, method), m, am);
      ok = false;
    }
    Element e = m.getEnclosingElement();
    while (e instanceof TypeElement t) {
      boolean nested = t.getEnclosingElement() instanceof TypeElement;
      boolean implicitlyPublic =
          t.getEnclosingElement() instanceof TypeElement outer
              && outer.getKind() == ElementKind.INTERFACE;
      if (!t.getModifiers().contains(Modifier.PUBLIC) && !implicitlyPublic) {
        error(
            "%s: %s is in %s, which is not public"
                .formatted(Messages.METHOD_NOT_PUBLIC, method, t.getQualifiedName()),
            m,
            am);
        return false;
      }
      if (nested
          && t.getKind() == ElementKind.CLASS
          && !t.getModifiers().contains(Modifier.STATIC)) {
        error(
            "%s: %s is in the inner class %s; make it static"
                .formatted(Messages.METHOD_NOT_STATIC, method, t.getQualifiedName()),
            m,
            am);
        return false;
      }
      e = t.getEnclosingElement();
    }
    return ok;
  }

  private void error(String msg, ExecutableElement m, AnnotationMirror am) {
    diagnostics.error(msg, m, am, null);
  }
}
