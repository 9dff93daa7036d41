package dev.torch2jax.transform;

import dev.torch2jax.Array;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The structure of a pytree without its arrays: lists, string-keyed maps (keys sorted, as JAX
 * orders dict keys), {@code null}, static values (numbers, booleans, strings) and array leaves.
 * Equal structures compare equal, so a tree def keys compilation caches.
 */
public final class TreeDef {
  enum Kind {
    LEAF,
    NONE,
    STATIC,
    LIST,
    MAP
  }

  private static final TreeDef LEAF = new TreeDef(Kind.LEAF, null, List.of(), List.of());
  private static final TreeDef NONE = new TreeDef(Kind.NONE, null, List.of(), List.of());

  private final Kind kind;
  private final Object staticValue;
  private final List<String> keys;
  private final List<TreeDef> children;
  private final int leafCount;

  private TreeDef(Kind kind, Object staticValue, List<String> keys, List<TreeDef> children) {
    this.kind = kind;
    this.staticValue = staticValue;
    this.keys = keys;
    this.children = children;
    this.leafCount = kind == Kind.LEAF ? 1 : children.stream().mapToInt(TreeDef::leafCount).sum();
  }

  /** The result of {@link #flatten}: the array leaves in order, and the structure. */
  public record Flat(List<Array> leaves, TreeDef def) {}

  /** The structure of a list of {@code n} array leaves (the flat arguments of a staged body). */
  public static TreeDef listOfLeaves(int n) {
    return new TreeDef(Kind.LIST, null, List.of(), java.util.Collections.nCopies(n, LEAF));
  }

  /**
   * Splits {@code tree} into its array leaves (depth first, map entries by sorted key) and its
   * structure.
   *
   * @throws IllegalArgumentException naming the offending value when something is not a pytree
   */
  public static Flat flatten(Object tree) {
    List<Array> leaves = new ArrayList<>();
    TreeDef def = flatten(tree, leaves, "");
    return new Flat(Collections.unmodifiableList(leaves), def);
  }

  private static TreeDef flatten(Object tree, List<Array> leaves, String path) {
    switch (tree) {
      case null -> {
        return NONE;
      }
      case Array a -> {
        leaves.add(a);
        return LEAF;
      }
      case Number n -> {
        return new TreeDef(Kind.STATIC, n, List.of(), List.of());
      }
      case Boolean b -> {
        return new TreeDef(Kind.STATIC, b, List.of(), List.of());
      }
      case String s -> {
        return new TreeDef(Kind.STATIC, s, List.of(), List.of());
      }
      case List<?> list -> {
        List<TreeDef> children = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
          children.add(flatten(list.get(i), leaves, path + "[" + i + "]"));
        }
        return new TreeDef(Kind.LIST, null, List.of(), List.copyOf(children));
      }
      case Map<?, ?> map -> {
        List<String> keys = new ArrayList<>();
        for (Object k : map.keySet()) {
          if (!(k instanceof String s)) {
            throw new IllegalArgumentException(
                "not a pytree: map at "
                    + where(path)
                    + " has a key of type "
                    + (k == null ? "null" : k.getClass().getName())
                    + "; keys must be strings");
          }
          keys.add(s);
        }
        Collections.sort(keys);
        List<TreeDef> children = new ArrayList<>(keys.size());
        for (String k : keys) {
          children.add(flatten(map.get(k), leaves, path + "[\"" + k + "\"]"));
        }
        return new TreeDef(Kind.MAP, null, List.copyOf(keys), List.copyOf(children));
      }
      default ->
          throw new IllegalArgumentException(
              "not a pytree: "
                  + where(path)
                  + " is a "
                  + tree.getClass().getName()
                  + "; pytrees are made of Array, List, Map<String, ?>, null, and numbers,"
                  + " booleans or strings as static values");
    }
  }

  private static String where(String path) {
    return path.isEmpty() ? "the value" : "the value at " + path;
  }

  /** How many array leaves the structure holds. */
  public int leafCount() {
    return leafCount;
  }

  /** Rebuilds a tree of this structure with {@code leaves} in place of the arrays. */
  public Object unflatten(List<?> leaves) {
    if (leaves.size() != leafCount) {
      throw new IllegalArgumentException(
          "tree structure holds " + leafCount + " leaves, got " + leaves.size());
    }
    return build(leaves.iterator());
  }

  private Object build(Iterator<?> it) {
    return switch (kind) {
      case LEAF -> it.next();
      case NONE -> null;
      case STATIC -> staticValue;
      case LIST -> {
        List<Object> out = new ArrayList<>(children.size());
        for (TreeDef c : children) {
          out.add(c.build(it));
        }
        yield out;
      }
      case MAP -> {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
          out.put(keys.get(i), children.get(i).build(it));
        }
        yield out;
      }
    };
  }

  /** The children of a list node (for splitting a flattened argument list). */
  List<TreeDef> children() {
    return children;
  }

  boolean isList() {
    return kind == Kind.LIST;
  }

  boolean isLeaf() {
    return kind == Kind.LEAF;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TreeDef t
        && t.kind == kind
        && Objects.equals(t.staticValue, staticValue)
        && t.keys.equals(keys)
        && t.children.equals(children);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, staticValue, keys, children);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case LEAF -> "*";
      case NONE -> "null";
      case STATIC -> String.valueOf(staticValue);
      case LIST -> children.toString();
      case MAP -> {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < keys.size(); i++) {
          b.append(i > 0 ? ", " : "").append(keys.get(i)).append(": ").append(children.get(i));
        }
        yield b.append('}').toString();
      }
    };
  }
}
