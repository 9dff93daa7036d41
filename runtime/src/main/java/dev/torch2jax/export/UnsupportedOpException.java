package dev.torch2jax.export;

import dev.torch2jax.UnsupportedNodeException;
import java.util.List;

/**
 * A node of an exported program that torch2jax cannot run: an ATen overload without an
 * implementation, or a target that is not an ATen op or size arithmetic (a higher-order op, a
 * custom op). The message names the target, its schema, the nearest implemented overloads and the
 * Python stack trace the archive stores for the node. (The TorchScript front end has its own {@code
 * dev.torch2jax.torch.UnsupportedOpException}.)
 */
public final class UnsupportedOpException extends UnsupportedNodeException {
  private static final long serialVersionUID = 1L;

  private final String target;
  private final String stackTrace;

  UnsupportedOpException(
      String file, String target, String schema, String stackTrace, List<String> nearest) {
    super(
        "%s: op %s is not supported".formatted(file, target),
        schema,
        nearest,
        "exported from",
        stackTrace);
    this.target = target;
    this.stackTrace = stackTrace;
  }

  /** The node's target as the archive writes it, e.g. {@code torch.ops.aten.erfinv.default}. */
  public String target() {
    return target;
  }

  /** The Python stack trace of the node, or null when the archive has none. */
  public String stackTrace() {
    return stackTrace;
  }
}
