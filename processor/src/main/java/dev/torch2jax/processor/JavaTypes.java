package dev.torch2jax.processor;

import com.squareup.javapoet.ArrayTypeName;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.ParameterizedTypeName;
import com.squareup.javapoet.TypeName;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads the small Java type descriptors of {@link TypeMapping} ({@code long}, {@code long[]},
 * {@code java.lang.Long}, {@code java.util.List<dev.torch2jax.Array>}) as type mirrors and JavaPoet
 * names.
 */
final class JavaTypes {
  private final Elements elements;
  private final Types types;

  JavaTypes(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /**
   * The mirror of a descriptor.
   *
   * @throws MissingTypeException if a class it names is not on the classpath
   */
  TypeMirror mirror(String descriptor) {
    if (descriptor.equals("void")) {
      return types.getNoType(TypeKind.VOID);
    }
    if (descriptor.endsWith("[]")) {
      return types.getArrayType(mirror(descriptor.substring(0, descriptor.length() - 2)));
    }
    TypeKind primitive = primitiveKind(descriptor);
    if (primitive != null) {
      return types.getPrimitiveType(primitive);
    }
    int lt = descriptor.indexOf('<');
    if (lt >= 0) {
      TypeElement raw = element(descriptor.substring(0, lt));
      TypeMirror arg = mirror(descriptor.substring(lt + 1, descriptor.length() - 1));
      return types.getDeclaredType(raw, arg);
    }
    return types.getDeclaredType(element(descriptor));
  }

  /** The JavaPoet name of a descriptor. */
  static TypeName typeName(String descriptor) {
    if (descriptor.equals("void")) {
      return TypeName.VOID;
    }
    if (descriptor.endsWith("[]")) {
      return ArrayTypeName.of(typeName(descriptor.substring(0, descriptor.length() - 2)));
    }
    TypeKind primitive = primitiveKind(descriptor);
    if (primitive != null) {
      return switch (primitive) {
        case LONG -> TypeName.LONG;
        case DOUBLE -> TypeName.DOUBLE;
        case BOOLEAN -> TypeName.BOOLEAN;
        default -> throw new IllegalArgumentException(descriptor);
      };
    }
    int lt = descriptor.indexOf('<');
    if (lt >= 0) {
      return ParameterizedTypeName.get(
          ClassName.bestGuess(descriptor.substring(0, lt)),
          typeName(descriptor.substring(lt + 1, descriptor.length() - 1)));
    }
    return ClassName.bestGuess(descriptor);
  }

  /** A class that must be on the classpath. */
  TypeElement element(String qualifiedName) {
    TypeElement e = elements.getTypeElement(qualifiedName);
    if (e == null) {
      throw new MissingTypeException(qualifiedName);
    }
    return e;
  }

  private static TypeKind primitiveKind(String descriptor) {
    return switch (descriptor) {
      case "long" -> TypeKind.LONG;
      case "double" -> TypeKind.DOUBLE;
      case "boolean" -> TypeKind.BOOLEAN;
      default -> null;
    };
  }

  /** A class the generated code needs is not on the classpath. */
  static final class MissingTypeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingTypeException(String qualifiedName) {
      super(qualifiedName);
    }

    String qualifiedName() {
      return getMessage();
    }
  }
}
