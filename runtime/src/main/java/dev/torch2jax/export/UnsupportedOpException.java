package dev.torch2jax.export;

import java.util.List;

/**
 * A node of an exported program that torch2jax cannot run: an ATen overload without an
 * implementation, or a target that is not an ATen op or size arithmetic (a higher-order op, a
 * custom op). The message names the target, its schema, the nearest implemented overloads and the
 * Python stack trace the archive stores for the node. (The TorchScript front end has its own {@code
 * dev.torch2jax.torch.UnsupportedOpException}.)
 */
public final class UnsupportedOpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String target;
  private final String schema;
  private final String stackTrace;

  UnsupportedOpException(
      String file, String target, String schema, String stackTrace, List<String> nearest) {
    super(message(file, target, schema, stackTrace, nearest));
    this.target = target;
    this.schema = schema;
    this.stackTrace = stackTrace;
  }

  private static String message(
      String file, String target, String schema, String stackTrace, List<String> nearest) {
    StringBuilder b = new StringBuilder("%s: op %s is not supported".formatted(file, target));
    if (schema != null) {
      b.append("\n  schema: ").append(schema);
    }
    if (!nearest.isEmpty()) {
      b.append("\n  implemented overloads nearby: ").append(String.join(", ", nearest));
    }
    if (stackTrace != null && !stackTrace.isBlank()) {
      b.append("\n  exported from:\n").append(stackTrace.stripTrailing());
    }
    return b.toString();
  }

  /** The node's target as the archive writes it, e.g. {@code torch.ops.aten.erfinv.default}. */
  public String target() {
    return target;
  }

  /** The ATen schema of the target, or null when it is not an ATen op. */
  public String schema() {
    return schema;
  }

  /** The Python stack trace of the node, or null when the archive has none. */
  public String stackTrace() {
    return stackTrace;
  }
}
