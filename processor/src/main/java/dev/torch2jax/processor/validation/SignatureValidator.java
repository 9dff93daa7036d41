package dev.torch2jax.processor.validation;

import dev.torch2jax.processor.base.Annotations;
import dev.torch2jax.processor.base.ImplementedOp;
import dev.torch2jax.processor.base.JavaTypes;
import dev.torch2jax.processor.base.Site;
import dev.torch2jax.processor.base.TypeMapping;
import dev.torch2jax.processor.diagnostics.Diagnostics;
import dev.torch2jax.processor.diagnostics.Messages;
import dev.torch2jax.processor.schema.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Types;

/**
 * Checks an {@code @Implements} method's Java parameters and return type against its schema, by
 * position (skipping the arguments it ignores), with the types of {@link TypeMapping}.
 */
final class SignatureValidator {
  private final Types types;
  private final JavaTypes javaTypes;
  private final Diagnostics diagnostics;

  SignatureValidator(Types types, JavaTypes javaTypes, Diagnostics diagnostics) {
    this.types = types;
    this.javaTypes = javaTypes;
    this.diagnostics = diagnostics;
  }

  /**
   * The overload as {@code site}'s method implements it, or null after reporting. The method may
   * take one parameter more than the schema: a leading {@code String} that receives the name of the
   * overload dispatched, for overloads whose behaviour their arguments do not reveal. Arguments
   * named in the annotation's {@code ignores} have no parameter.
   */
  ImplementedOp check(Schema schema, Site site) {
    ExecutableElement m = site.method();
    String method = Annotations.describe(m);
    String overload = schema.fullName();
    if (schema.varargs() || schema.varret()) {
      diagnostics.error(
          "%s: %s has variadic arguments or returns: %s"
              .formatted(Messages.OP_UNSUPPORTED_TYPE, overload, schema.text()),
          site);
      return null;
    }
    List<? extends VariableElement> params = m.getParameters();
    Set<String> ignored = Annotations.stringArray(site.mirror(), "ignores");
    List<Schema.Argument> passedArgs =
        schema.arguments().stream().filter(a -> !ignored.contains(a.name())).toList();
    boolean takesOverloadName = params.size() == passedArgs.size() + 1;
    if (takesOverloadName && !isString(params.get(0).asType())) {
      diagnostics.error(
          "%s: %s has one parameter more than %s, so its first '%s' must be String, not %s"
              .formatted(
                  Messages.OP_OVERLOAD_PARAMETER,
                  method,
                  overload,
                  params.get(0).getSimpleName(),
                  params.get(0).asType()),
          site);
      return null;
    }
    int first = takesOverloadName ? 1 : 0;
    if (params.size() - first != passedArgs.size()) {
      diagnostics.error(
          "%s: %s takes %d argument%s (%s)%s, %s has %d; schema: %s"
              .formatted(
                  Messages.OP_ARITY,
                  overload,
                  passedArgs.size(),
                  passedArgs.size() == 1 ? "" : "s",
                  passedArgs.stream().map(Object::toString).collect(Collectors.joining(", ")),
                  passedArgs.size() == schema.arguments().size() ? "" : " besides those ignored",
                  method,
                  params.size(),
                  schema.text()),
          site);
      return null;
    }
    List<ImplementedOp.Arg> args = new ArrayList<>();
    boolean ok = true;
    int next = first;
    for (int i = 0; i < schema.arguments().size(); i++) {
      Schema.Argument a = schema.arguments().get(i);
      TypeMapping.Param mapping = TypeMapping.forArgument(a.type());
      if (mapping == null) {
        diagnostics.error(
            "%s: argument %d '%s' of %s has type %s, which the dispatch table cannot convert yet"
                .formatted(Messages.OP_UNSUPPORTED_TYPE, i + 1, a.name(), overload, a.type()),
            site);
        ok = false;
        continue;
      }
      if (ignored.contains(a.name())) {
        args.add(new ImplementedOp.Arg(a, mapping, false));
        continue;
      }
      VariableElement param = params.get(next++);
      TypeMirror expected = mirrorOrReport(mapping.javaType(), site);
      if (expected == null) {
        return null;
      }
      TypeMirror found = param.asType();
      if (!types.isSameType(found, expected)) {
        diagnostics.error(
            "%s: parameter %d '%s' of %s is %s, but schema argument '%s' of %s needs %s"
                .formatted(
                    Messages.OP_PARAMETER_TYPE,
                    next,
                    param.getSimpleName(),
                    method,
                    found,
                    a,
                    overload,
                    mapping.javaType()),
            site);
        ok = false;
        continue;
      }
      args.add(new ImplementedOp.Arg(a, mapping, true));
    }
    return checkReturn(schema, site) && ok
        ? new ImplementedOp(schema, site, args, takesOverloadName)
        : null;
  }

  private boolean isString(TypeMirror type) {
    return types.isSameType(type, javaTypes.mirror("java.lang.String"));
  }

  /** Whether the method's return type fits the schema's returns; reports otherwise. */
  private boolean checkReturn(Schema schema, Site site) {
    ExecutableElement m = site.method();
    String overload = schema.fullName();
    String returns = TypeMapping.forReturns(schema);
    if (returns == null) {
      diagnostics.error(
          "%s: the returns of %s (%s) have no Java mapping yet"
              .formatted(Messages.OP_UNSUPPORTED_TYPE, overload, arrow(schema).substring(3)),
          site);
      return false;
    }
    TypeMirror expectedReturn = mirrorOrReport(returns, site);
    if (expectedReturn == null) {
      return false;
    }
    TypeMirror foundReturn = m.getReturnType();
    boolean returnOk =
        returns.equals("void")
            ? foundReturn.getKind() == TypeKind.VOID
            : foundReturn.getKind() != TypeKind.VOID
                && types.isSameType(foundReturn, expectedReturn);
    if (!returnOk) {
      diagnostics.error(
          "%s: %s returns %s, but %s (%s) needs %s"
              .formatted(
                  Messages.OP_RETURN_TYPE,
                  Annotations.describe(m),
                  foundReturn,
                  overload,
                  arrow(schema),
                  returns),
          site);
    }
    return returnOk;
  }

  /** The schema's text from its {@code ->} on. */
  private static String arrow(Schema schema) {
    return schema.text().substring(schema.text().lastIndexOf("->"));
  }

  private TypeMirror mirrorOrReport(String descriptor, Site site) {
    try {
      return javaTypes.mirror(descriptor);
    } catch (JavaTypes.MissingTypeException e) {
      diagnostics.error(
          "%s: %s (add torch2jax-runtime to the compile classpath)"
              .formatted(Messages.RUNTIME_TYPE_MISSING, e.qualifiedName()),
          site);
      return null;
    }
  }
}
