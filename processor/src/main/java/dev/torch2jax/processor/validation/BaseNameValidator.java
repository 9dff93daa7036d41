package dev.torch2jax.processor.validation;

import dev.torch2jax.processor.base.ImplementedOp;
import dev.torch2jax.processor.base.Site;
import dev.torch2jax.processor.diagnostics.Diagnostics;
import dev.torch2jax.processor.diagnostics.Messages;
import dev.torch2jax.processor.schema.SchemaCatalog;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.lang.model.element.ExecutableElement;

/**
 * Checks that every overload of one ATen base name is implemented in one class, so a reader finds
 * {@code add.Tensor}, {@code add.Scalar}, {@code add_.Tensor} and {@code add.out} together. The
 * base name drops the overload and the in-place underscore ({@code add_} is {@code add}, {@code
 * __iand__} is {@code __and__}); out variants are overloads of the same name already.
 */
public final class BaseNameValidator {
  private final Diagnostics diagnostics;
  private final Set<String> opNames = new HashSet<>();

  /** Knows the op names of {@code catalog}, to tell in-place dunders from others. */
  public BaseNameValidator(SchemaCatalog catalog, Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
    for (String overload : catalog.names()) {
      int dot = overload.indexOf('.', overload.indexOf("::"));
      opNames.add(dot < 0 ? overload : overload.substring(0, dot));
    }
  }

  /**
   * Reports each base name of {@code implemented} whose overloads are in more than one class, once
   * per class, on that class's first overload; only on this round's methods, since javac loses the
   * source positions of earlier rounds.
   */
  public void check(
      Map<String, ImplementedOp> implemented, Collection<ExecutableElement> roundMethods) {
    // base name -> class -> the overloads it implements, all sorted by name
    Map<String, Map<String, List<ImplementedOp>>> byBase = new TreeMap<>();
    for (ImplementedOp op : implemented.values()) {
      byBase
          .computeIfAbsent(baseName(op.schema().name()), k -> new TreeMap<>())
          .computeIfAbsent(op.site().owner().getQualifiedName().toString(), k -> new ArrayList<>())
          .add(op);
    }
    for (Map.Entry<String, Map<String, List<ImplementedOp>>> e : byBase.entrySet()) {
      Map<String, List<ImplementedOp>> byClass = e.getValue();
      if (byClass.size() < 2) {
        continue;
      }
      String msg =
          "%s: %s is split over %d classes: %s; keep every overload of %s in one class"
              .formatted(
                  Messages.BASE_NAME_SPLIT,
                  e.getKey(),
                  byClass.size(),
                  byClass.entrySet().stream()
                      .map(c -> "%s (%s)".formatted(c.getKey(), overloads(c.getValue())))
                      .collect(Collectors.joining(", ")),
                  e.getKey());
      for (List<ImplementedOp> ops : byClass.values()) {
        Site first = ops.get(0).site();
        if (roundMethods.contains(first.method())) {
          diagnostics.error(msg, first);
        }
      }
    }
  }

  /**
   * {@code aten::add} for {@code aten::add}, {@code aten::add_}; {@code __and__} for {@code
   * __iand__}.
   */
  private String baseName(String op) {
    int sep = op.indexOf("::") + 2;
    String namespace = op.substring(0, sep);
    String name = op.substring(sep);
    if (name.length() > 4 && name.startsWith("__") && name.endsWith("__")) {
      String outOfPlace = "__" + name.substring(3);
      boolean inPlace = name.charAt(2) == 'i' && opNames.contains(namespace + outOfPlace);
      return inPlace ? namespace + outOfPlace : op;
    }
    return name.endsWith("_") ? op.substring(0, op.length() - 1) : op;
  }

  private static String overloads(List<ImplementedOp> ops) {
    return ops.stream().map(op -> op.schema().fullName()).collect(Collectors.joining(", "));
  }
}
