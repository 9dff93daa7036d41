package dev.torch2jax.processor.writing;

import com.squareup.javapoet.AnnotationSpec;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.JavaFile;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import dev.torch2jax.processor.base.Site;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Modifier;
import javax.lang.model.util.Elements;

/**
 * What the generated tables share: the {@code @Generated} marker, maps of method references, and
 * writing a class through the {@code Filer}.
 */
public final class GeneratedCode {
  static final ClassName LIST = ClassName.get(List.class);
  static final ClassName MAP = ClassName.get(Map.class);
  static final ClassName TREE_MAP = ClassName.get(TreeMap.class);
  static final ClassName COLLECTIONS = ClassName.get(Collections.class);
  static final TypeName STRING = ClassName.get(String.class);

  private final Filer filer;
  private final Elements elements;
  private final String generator;

  /**
   * Writes through {@code filer}.
   *
   * @param generator the qualified name of the processor, for {@code @Generated}
   */
  public GeneratedCode(Filer filer, Elements elements, String generator) {
    this.filer = filer;
    this.elements = elements;
    this.generator = generator;
  }

  /** {@code @Generated("<processor>")}, when the compilation's platform has the annotation. */
  Optional<AnnotationSpec> generatedAnnotation() {
    if (elements.getTypeElement("javax.annotation.processing.Generated") == null) {
      return Optional.empty();
    }
    return Optional.of(
        AnnotationSpec.builder(ClassName.get("javax.annotation.processing", "Generated"))
            .addMember("value", "$S", generator)
            .build());
  }

  /** A private static method building an unmodifiable map of name to method reference. */
  static MethodSpec ruleMap(String name, ClassName rule, Map<String, Site> sites) {
    TypeName mapType = ParameterizedTypeName.get(MAP, STRING, rule);
    MethodSpec.Builder m =
        MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(mapType)
            .addStatement("$T m = new $T<>()", mapType, TREE_MAP);
    for (Map.Entry<String, Site> e : sites.entrySet()) {
      Site s = e.getValue();
      m.addStatement(
          "m.put($S, $T::$N)",
          e.getKey(),
          ClassName.get(s.owner()),
          s.method().getSimpleName().toString());
    }
    return m.addStatement("return $T.unmodifiableMap(m)", COLLECTIONS).build();
  }

  /** Writes {@code type} into {@code pkg}. */
  void write(String pkg, TypeSpec type) {
    JavaFile file = JavaFile.builder(pkg, type).skipJavaLangImports(true).build();
    try {
      file.writeTo(filer);
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot write " + ClassName.get(pkg, type.name), ex);
    }
  }
}
