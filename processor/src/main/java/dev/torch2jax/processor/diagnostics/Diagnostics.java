package dev.torch2jax.processor.diagnostics;

import dev.torch2jax.processor.base.Site;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports the processor's errors and notes, placed as precisely as the caller knows (an annotation
 * value, an annotation, a method, or nowhere), and remembers whether any error was reported, so the
 * processor can hold back service registrations of a failed compilation. The texts start with a
 * {@link Messages} tag.
 */
public final class Diagnostics {
  private final Messager messager;
  private boolean failed;

  /** Reports through {@code messager}. */
  public Diagnostics(Messager messager) {
    this.messager = messager;
  }

  /** Whether an error was reported. */
  public boolean failed() {
    return failed;
  }

  /** An error without a place. */
  public void error(String msg) {
    error(msg, null, null, null);
  }

  /** An error on the name at {@code site}. */
  public void error(String msg, Site site) {
    error(msg, site.method(), site.mirror(), site.value());
  }

  /** An error on the innermost of the element, annotation and value that is not null. */
  public void error(String msg, Element e, AnnotationMirror am, AnnotationValue av) {
    failed = true;
    if (e == null) {
      messager.printMessage(Diagnostic.Kind.ERROR, msg);
    } else if (am == null) {
      messager.printMessage(Diagnostic.Kind.ERROR, msg, e);
    } else if (av == null) {
      messager.printMessage(Diagnostic.Kind.ERROR, msg, e, am);
    } else {
      messager.printMessage(Diagnostic.Kind.ERROR, msg, e, am, av);
    }
  }

  /** A note in the build log. */
  public void note(String msg) {
    messager.printMessage(Diagnostic.Kind.NOTE, msg);
  }
}
