package dev.torch2jax.optim;

import dev.torch2jax.Array;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.transform.TreeDef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Pytrees of one structure read side by side: for each array leaf of the first tree (in {@link
 * TreeDef}'s order) the leaves of all trees at the same place. A mismatch is reported with the path
 * of the first place where the trees differ, so a user sees which key is missing or misshaped.
 */
final class TreeZip {
  private final String context;
  private final List<String> names;
  private final List<Array[]> rows = new ArrayList<>();
  private final TreeDef def;

  private TreeZip(String context, List<String> names, List<?> trees) {
    this.context = context;
    this.names = names;
    walk("", trees.toArray());
    this.def = TreeDef.flatten(trees.get(0)).def();
  }

  /**
   * Zips {@code trees}, named {@code names} in messages (the first is the reference, whose leaves
   * must be floating-point arrays), for the operation {@code context}.
   *
   * @throws IllegalArgumentException naming the path where a tree differs from the first
   */
  static TreeZip of(String context, List<String> names, List<?> trees) {
    return new TreeZip(context, names, trees);
  }

  /** One row per array leaf of the reference tree: the leaves of every tree there, in order. */
  List<Array[]> rows() {
    return Collections.unmodifiableList(rows);
  }

  /** A tree of the reference's structure holding {@code leaves} (one per row). */
  Object rebuild(List<Array> leaves) {
    return def.unflatten(leaves);
  }

  private void walk(String path, Object[] nodes) {
    switch (nodes[0]) {
      case null -> {
        for (int i = 1; i < nodes.length; i++) {
          if (nodes[i] != null) {
            throw mismatch(path, i, nodes[i], "null");
          }
        }
      }
      case Array ref -> walkLeaf(path, ref, nodes);
      case List<?> ref -> {
        for (int i = 1; i < nodes.length; i++) {
          if (!(nodes[i] instanceof List<?> l) || l.size() != ref.size()) {
            throw mismatch(path, i, nodes[i], describe(ref));
          }
        }
        for (int k = 0; k < ref.size(); k++) {
          Object[] children = new Object[nodes.length];
          for (int i = 0; i < nodes.length; i++) {
            children[i] = ((List<?>) nodes[i]).get(k);
          }
          walk("%s[%d]".formatted(path, k), children);
        }
      }
      case Map<?, ?> ref -> walkMap(path, ref, nodes);
      default ->
          throw new IllegalArgumentException(
              "%s: %s at %s is a %s; optimizers take pytrees of arrays (Map<String, ?>, List, null and Array leaves)"
                  .formatted(context, names.get(0), where(path), nodes[0].getClass().getName()));
    }
  }

  private void walkLeaf(String path, Array ref, Object[] nodes) {
    if (!ref.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          "%s: %s at %s is %s; optimizers update floating-point arrays only, so leave buffers and integer leaves out of the parameter tree"
              .formatted(context, names.get(0), where(path), describe(ref)));
    }
    for (int i = 1; i < nodes.length; i++) {
      if (!(nodes[i] instanceof Array a)
          || a.dtype() != ref.dtype()
          || !Arrays.equals(a.shape(), ref.shape())) {
        throw mismatch(path, i, nodes[i], describe(ref));
      }
    }
    Array[] row = new Array[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      row[i] = (Array) nodes[i];
    }
    rows.add(row);
  }

  private void walkMap(String path, Map<?, ?> ref, Object[] nodes) {
    TreeSet<String> keys = new TreeSet<>();
    for (Object k : ref.keySet()) {
      if (!(k instanceof String s)) {
        throw new IllegalArgumentException(
            "%s: %s at %s has a key of type %s; pytree map keys must be strings"
                .formatted(context, names.get(0), where(path), typeOf(k)));
      }
      keys.add(s);
    }
    for (int i = 1; i < nodes.length; i++) {
      if (!(nodes[i] instanceof Map<?, ?> m)) {
        throw mismatch(path, i, nodes[i], "a Map");
      }
      for (String k : keys) {
        if (!m.containsKey(k)) {
          throw new IllegalArgumentException(
              "%s: %s has no entry \"%s\" at %s, which %s has; %s"
                  .formatted(context, names.get(i), k, where(path), names.get(0), sameStructure()));
        }
      }
      for (Object k : m.keySet()) {
        if (!keys.contains(k)) {
          throw new IllegalArgumentException(
              "%s: %s has an entry \"%s\" at %s that %s lacks; %s"
                  .formatted(context, names.get(i), k, where(path), names.get(0), sameStructure()));
        }
      }
    }
    for (String k : keys) {
      Object[] children = new Object[nodes.length];
      for (int i = 0; i < nodes.length; i++) {
        children[i] = ((Map<?, ?>) nodes[i]).get(k);
      }
      walk("%s[\"%s\"]".formatted(path, k), children);
    }
  }

  private IllegalArgumentException mismatch(String path, int i, Object found, String expected) {
    return new IllegalArgumentException(
        "%s: %s at %s is %s but %s there is %s; %s"
            .formatted(
                context,
                names.get(i),
                where(path),
                describe(found),
                names.get(0),
                expected,
                sameStructure()));
  }

  private String sameStructure() {
    return "%s must have the same structure, and each leaf the same shape and dtype"
        .formatted(String.join(", ", names));
  }

  private static String where(String path) {
    return path.isEmpty() ? "the top level" : path;
  }

  private static String describe(Object node) {
    return switch (node) {
      case null -> "null";
      case Array a -> "%s%s".formatted(a.dtype().torchName(), Shapes.str(a.shape()));
      case List<?> l -> "a List of length %d".formatted(l.size());
      case Map<?, ?> m -> "a Map";
      default -> "a " + node.getClass().getName();
    };
  }

  private static String typeOf(Object o) {
    return o == null ? "null" : o.getClass().getName();
  }
}
