package dev.torch2jax.processor.base;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/** The torch2jax annotations by name, and how the processor reads their mirrors. */
public final class Annotations {
  private Annotations() {}

  /** The package of the annotations, with a trailing dot. */
  public static final String PACKAGE = "dev.torch2jax.annotations.";

  /** {@code @Implements}: an ATen overload's implementation. */
  public static final String IMPLEMENTS = PACKAGE + "Implements";

  /** {@code @CustomVjp}: an ATen overload's own VJP. */
  public static final String CUSTOM_VJP = PACKAGE + "CustomVjp";

  /** {@code @CustomBatching}: an ATen overload's own batching rule. */
  public static final String CUSTOM_BATCHING = PACKAGE + "CustomBatching";

  /** {@code @NotDifferentiable}: waives a primitive's VJP rule. */
  public static final String NOT_DIFFERENTIABLE = PACKAGE + "NotDifferentiable";

  /** The qualified name of an annotation's type. */
  public static String name(AnnotationMirror am) {
    return ((TypeElement) am.getAnnotationType().asElement()).getQualifiedName().toString();
  }

  /** {@code @Implements} for {@code dev.torch2jax.annotations.Implements}. */
  public static String simpleName(String qualifiedName) {
    return "@" + qualifiedName.substring(PACKAGE.length());
  }

  /** The annotation of type {@code qualifiedName} on {@code m}, or null. */
  public static AnnotationMirror find(ExecutableElement m, String qualifiedName) {
    for (AnnotationMirror am : m.getAnnotationMirrors()) {
      if (name(am).equals(qualifiedName)) {
        return am;
      }
    }
    return null;
  }

  /**
   * The names of an annotation's {@code String[] value}, each with the annotation value it came
   * from. One string may hold several names separated by whitespace, so that a family of primitives
   * or overloads can be one constant shared by its rules.
   */
  public static List<Map.Entry<String, AnnotationValue>> stringValues(AnnotationMirror am) {
    List<Map.Entry<String, AnnotationValue>> list = new ArrayList<>();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        am.getElementValues().entrySet()) {
      if (!e.getKey().getSimpleName().contentEquals("value")) {
        continue;
      }
      Object v = e.getValue().getValue();
      if (v instanceof List<?> items) {
        for (Object item : items) {
          AnnotationValue av = (AnnotationValue) item;
          addNames(list, String.valueOf(av.getValue()), av);
        }
      } else {
        addNames(list, String.valueOf(v), e.getValue());
      }
    }
    return list;
  }

  private static void addNames(
      List<Map.Entry<String, AnnotationValue>> list, String names, AnnotationValue from) {
    String trimmed = names.strip();
    if (trimmed.isEmpty()) {
      list.add(Map.entry(names, from));
      return;
    }
    for (String name : trimmed.split("\\s+")) {
      list.add(Map.entry(name, from));
    }
  }

  /**
   * The names in an annotation's {@code String[]} element {@code name}, each string split at
   * whitespace as in {@link #stringValues}; empty when unset.
   */
  public static Set<String> stringArray(AnnotationMirror am, String name) {
    Set<String> set = new LinkedHashSet<>();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        am.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals(name)
          && e.getValue().getValue() instanceof List<?> items) {
        for (Object item : items) {
          String names = String.valueOf(((AnnotationValue) item).getValue()).strip();
          if (!names.isEmpty()) {
            set.addAll(List.of(names.split("\\s+")));
          }
        }
      }
    }
    return set;
  }

  /** The single {@code String value} of an annotation, or "" when it has none. */
  public static String stringValue(AnnotationMirror am) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e :
        am.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals("value")) {
        return String.valueOf(e.getValue().getValue());
      }
    }
    return "";
  }

  /** {@code pkg.Class#method}, as the report and messages name methods. */
  public static String describe(ExecutableElement m) {
    return ((TypeElement) m.getEnclosingElement()).getQualifiedName() + "#" + m.getSimpleName();
  }
}
