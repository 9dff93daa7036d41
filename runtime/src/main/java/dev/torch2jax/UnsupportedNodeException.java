package dev.torch2jax;

import java.util.List;

/**
 * A node of a model graph that torch2jax cannot run: an ATen overload without an implementation or
 * a node kind the front end does not know. Each front end (TorchScript, exported programs) has its
 * own subclass; catch this one to handle both. The message names the op, its schema, the nearest
 * implemented overloads and where in the model the node comes from.
 */
public abstract class UnsupportedNodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String schema;
  private final transient List<String> nearest;

  /**
   * @param headline the first line of the message, naming the op
   * @param schema the op's schema, or null when it has none
   * @param nearest implemented overloads with similar names
   * @param originLabel what {@code origin} is, e.g. {@code "at"}
   * @param origin where the node comes from in the model's source, or null or blank when unknown
   */
  protected UnsupportedNodeException(
      String headline, String schema, List<String> nearest, String originLabel, String origin) {
    super(message(headline, schema, nearest, originLabel, origin));
    this.schema = schema;
    this.nearest = List.copyOf(nearest);
  }

  private static String message(
      String headline, String schema, List<String> nearest, String originLabel, String origin) {
    StringBuilder b = new StringBuilder(headline);
    if (schema != null) {
      b.append("\n  schema: ").append(schema);
    }
    if (!nearest.isEmpty()) {
      b.append("\n  implemented overloads nearby: ").append(String.join(", ", nearest));
    }
    if (origin != null && !origin.isBlank()) {
      b.append("\n  %s:\n".formatted(originLabel)).append(origin.stripTrailing());
    }
    return b.toString();
  }

  /** The op's schema, or null when it has none (a {@code prim::} node, a non-ATen target). */
  public String schema() {
    return schema;
  }

  /** Implemented overloads with similar names. */
  public List<String> nearest() {
    return nearest;
  }
}
