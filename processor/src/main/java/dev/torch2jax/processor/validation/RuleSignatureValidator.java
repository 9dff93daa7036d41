package dev.torch2jax.processor.validation;

import dev.torch2jax.processor.base.Annotations;
import dev.torch2jax.processor.diagnostics.Diagnostics;
import dev.torch2jax.processor.diagnostics.Messages;
import java.util.List;
import java.util.stream.Collectors;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Checks a rule method (custom ATen rule or primitive rule) against the single abstract method of
 * its runtime interface, found on the compilation's classpath. The generated tables reference the
 * methods as method references, so javac checks them again; this check only places the error on the
 * annotation and says what the interface wants.
 */
final class RuleSignatureValidator {
  private final Elements elements;
  private final Types types;
  private final Diagnostics diagnostics;

  RuleSignatureValidator(Elements elements, Types types, Diagnostics diagnostics) {
    this.elements = elements;
    this.types = types;
    this.diagnostics = diagnostics;
  }

  /** Whether {@code m} fits {@code ruleInterface}; reports on {@code am} otherwise. */
  boolean check(ExecutableElement m, AnnotationMirror am, String ruleInterface) {
    TypeElement iface = elements.getTypeElement(ruleInterface);
    String what = Annotations.simpleName(Annotations.name(am));
    if (iface == null) {
      error(
          "%s: %s, the interface of %s methods (add torch2jax-runtime to the compile classpath)"
              .formatted(Messages.RUNTIME_TYPE_MISSING, ruleInterface, what),
          m,
          am);
      return false;
    }
    ExecutableElement sam = singleAbstractMethod(iface);
    if (sam == null) {
      error(
          "%s: %s is not a functional interface".formatted(Messages.RULE_SIGNATURE, ruleInterface),
          m,
          am);
      return false;
    }
    List<? extends VariableElement> want = sam.getParameters();
    List<? extends VariableElement> have = m.getParameters();
    String prefix =
        "%s: %s method %s must fit %s.%s: "
            .formatted(
                Messages.RULE_SIGNATURE,
                what,
                Annotations.describe(m),
                ruleInterface,
                signature(sam));
    if (want.size() != have.size()) {
      error(
          prefix
              + "it takes %d parameter%s, the interface passes %d"
                  .formatted(have.size(), have.size() == 1 ? "" : "s", want.size()),
          m,
          am);
      return false;
    }
    boolean ok = true;
    for (int i = 0; i < want.size(); i++) {
      TypeMirror passed = want.get(i).asType();
      TypeMirror accepted = have.get(i).asType();
      if (!types.isAssignable(passed, accepted)) {
        error(
            prefix
                + "parameter %d '%s' is %s, which cannot take the interface's %s"
                    .formatted(i + 1, have.get(i).getSimpleName(), accepted, passed),
            m,
            am);
        ok = false;
      }
    }
    TypeMirror wantReturn = sam.getReturnType();
    TypeMirror haveReturn = m.getReturnType();
    if (wantReturn.getKind() != TypeKind.VOID
        && (haveReturn.getKind() == TypeKind.VOID || !types.isAssignable(haveReturn, wantReturn))) {
      error(
          prefix + "it returns %s, the interface needs %s".formatted(haveReturn, wantReturn),
          m,
          am);
      ok = false;
    }
    return ok;
  }

  private ExecutableElement singleAbstractMethod(TypeElement iface) {
    if (iface.getKind() != ElementKind.INTERFACE) {
      return null;
    }
    ExecutableElement found = null;
    for (ExecutableElement e : ElementFilter.methodsIn(elements.getAllMembers(iface))) {
      if (!e.getModifiers().contains(Modifier.ABSTRACT) || isObjectMethod(e)) {
        continue;
      }
      if (found != null) {
        return null;
      }
      found = e;
    }
    return found;
  }

  /**
   * Whether {@code e} redeclares a public method of {@code Object}, which a lambda need not
   * implement.
   */
  private boolean isObjectMethod(ExecutableElement e) {
    TypeElement object = elements.getTypeElement("java.lang.Object");
    for (ExecutableElement o : ElementFilter.methodsIn(object.getEnclosedElements())) {
      if (o.getSimpleName().equals(e.getSimpleName())
          && o.getParameters().size() == e.getParameters().size()
          && o.getModifiers().contains(Modifier.PUBLIC)) {
        boolean same = true;
        for (int i = 0; i < o.getParameters().size(); i++) {
          same &=
              types.isSameType(
                  types.erasure(o.getParameters().get(i).asType()),
                  types.erasure(e.getParameters().get(i).asType()));
        }
        if (same) {
          return true;
        }
      }
    }
    return false;
  }

  private static String signature(ExecutableElement m) {
    return m.getSimpleName()
        + m.getParameters().stream()
            .map(p -> p.asType() + " " + p.getSimpleName())
            .collect(Collectors.joining(", ", "(", ")"))
        + " -> "
        + m.getReturnType();
  }

  private void error(String msg, ExecutableElement m, AnnotationMirror am) {
    diagnostics.error(msg, m, am, null);
  }
}
