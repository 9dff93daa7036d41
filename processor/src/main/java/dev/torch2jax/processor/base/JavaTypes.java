package dev.torch2jax.processor.base;

import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads the small Java type descriptors of {@link TypeMapping} ({@code long}, {@code long[]},
 * {@code java.lang.Long}, {@code java.util.List<dev.torch2jax.Array>}) as type mirrors.
 */
public final class JavaTypes {
  private final Elements elements;
  private final Types types;

  /** Reads descriptors with the compilation's elements and types. */
  public JavaTypes(Elements elements, Types types) {
    this.elements = elements;
    this.types = types;
  }

  /**
   * The mirror of a descriptor.
   *
   * @throws MissingTypeException if a class it names is not on the classpath
   */
  public TypeMirror mirror(String descriptor) {
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

  /** A class that must be on the classpath. */
  private TypeElement element(String qualifiedName) {
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
  public static final class MissingTypeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MissingTypeException(String qualifiedName) {
      super(qualifiedName);
    }

    /** The qualified name of the missing class. */
    public String qualifiedName() {
      return getMessage();
    }
  }
}
