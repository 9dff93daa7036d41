package dev.torch2jax.torch;

import java.util.List;

/**
 * A TorchScript node the interpreter cannot run: an ATen overload without an implementation, or a
 * {@code prim::} node it does not know. The message names the overload, its schema, the node's
 * TorchScript source line and the nearest implemented overloads.
 */
public final class UnsupportedOpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String overload;
  private final String schema;
  private final String source;
  private final transient List<String> nearest;

  UnsupportedOpException(
      String overload, String schema, String source, List<String> nearest, String detail) {
    super(message(overload, schema, source, nearest, detail));
    this.overload = overload;
    this.schema = schema;
    this.source = source;
    this.nearest = List.copyOf(nearest);
  }

  private static String message(
      String overload, String schema, String source, List<String> nearest, String detail) {
    StringBuilder b = new StringBuilder();
    b.append("TorchScript op ").append(overload).append(" is not supported");
    if (detail != null) {
      b.append(": ").append(detail);
    }
    if (schema != null) {
      b.append("\n  schema: ").append(schema);
    }
    if (!nearest.isEmpty()) {
      b.append("\n  implemented overloads nearby: ").append(String.join(", ", nearest));
    }
    if (source != null && !source.isBlank()) {
      b.append("\n  at:\n").append(source.stripTrailing());
    }
    return b.toString();
  }

  /** The overload, e.g. {@code aten::erfinv_.default} or {@code prim::Foo}. */
  public String overload() {
    return overload;
  }

  /** The overload's schema, or null for {@code prim::} nodes. */
  public String schema() {
    return schema;
  }

  /** The TorchScript source of the node with a caret, as libtorch prints it (may be empty). */
  public String source() {
    return source;
  }

  /** Implemented overloads with similar names. */
  public List<String> nearest() {
    return nearest;
  }
}
