package dev.torch2jax.processor.base;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/**
 * Where a name appears: the annotated method, the annotation and the string value naming it. The
 * processor reports errors here, so the caret lands on the name inside the annotation.
 *
 * @param method the annotated method
 * @param mirror the annotation
 * @param value the string element of the annotation's {@code value}, or null
 */
public record Site(ExecutableElement method, AnnotationMirror mirror, AnnotationValue value) {

  /** The class declaring the method. */
  public TypeElement owner() {
    return (TypeElement) method.getEnclosingElement();
  }

  /** {@code pkg.Class#method}, as the report and messages name methods. */
  public String describe() {
    return Annotations.describe(method);
  }
}
