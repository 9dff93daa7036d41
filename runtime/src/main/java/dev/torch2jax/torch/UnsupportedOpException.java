package dev.torch2jax.torch;

import dev.torch2jax.UnsupportedNodeException;
import java.util.List;

/**
 * A TorchScript node the interpreter cannot run: an ATen overload without an implementation, or a
 * {@code prim::} node it does not know. The message names the overload, its schema, the node's
 * TorchScript source line and the nearest implemented overloads.
 */
public final class UnsupportedOpException extends UnsupportedNodeException {
  private static final long serialVersionUID = 1L;

  private final String overload;
  private final String source;

  UnsupportedOpException(
      String overload, String schema, String source, List<String> nearest, String detail) {
    super(headline(overload, detail), schema, nearest, "at", source);
    this.overload = overload;
    this.source = source;
  }

  private static String headline(String overload, String detail) {
    String headline = "TorchScript op %s is not supported".formatted(overload);
    return detail == null ? headline : headline + ": " + detail;
  }

  /** The overload, e.g. {@code aten::erfinv_.default} or {@code prim::Foo}. */
  public String overload() {
    return overload;
  }

  /** The TorchScript source of the node with a caret, as libtorch prints it (may be empty). */
  public String source() {
    return source;
  }
}
