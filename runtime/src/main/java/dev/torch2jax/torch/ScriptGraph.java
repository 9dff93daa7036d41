package dev.torch2jax.torch;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.pytorch.Block;
import org.bytedeco.pytorch.BlockArrayRef;
import org.bytedeco.pytorch.FunctionSchema;
import org.bytedeco.pytorch.Graph;
import org.bytedeco.pytorch.JitNode;
import org.bytedeco.pytorch.ValueArrayRef;
import org.bytedeco.pytorch.global.torch;

/**
 * A TorchScript graph read once into Java records, so that running it again (each eager call, each
 * trace) does not go through JNI node by node.
 */
final class ScriptGraph {
  private ScriptGraph() {}

  /**
   * A block: its input and output value ids and its nodes.
   *
   * @param inputNames the debug names of the inputs (for messages)
   */
  record Body(long[] inputs, List<String> inputNames, long[] outputs, List<Node> nodes) {}

  /**
   * A node.
   *
   * @param kind e.g. {@code aten::add_} or {@code prim::If}
   * @param overload the full overload name ({@code aten::add_.Scalar}), or {@code kind} when the
   *     node has no schema
   * @param schema the schema text, or null
   * @param arguments the schema's arguments (empty without a schema)
   * @param outType the TorchScript type of the first output ({@code int}, {@code Tensor}, ...)
   * @param attr the {@code name} attribute of {@code prim::GetAttr}, {@code SetAttr} and {@code
   *     CallMethod}, else null
   * @param jit the libtorch node, for attributes, constants and source lines
   */
  record Node(
      String kind,
      String overload,
      String schema,
      List<SchemaArgument> arguments,
      long[] inputs,
      long[] outputs,
      List<Body> blocks,
      String outType,
      String attr,
      JitNode jit) {

    /** The TorchScript source of the node with a caret, or "". */
    String source() {
      try {
        return jit.sourceRange().str().getString();
      } catch (RuntimeException e) {
        return "";
      }
    }

    /** True for an op that writes its first argument ({@code Tensor(a!) self}). */
    boolean mutatesSelf() {
      return !arguments.isEmpty()
          && arguments.getFirst().mutable()
          && !arguments.getFirst().keywordOnly();
    }

    /**
     * The positions of the keyword-only arguments the op writes ({@code *, Tensor(a!) out}): the
     * {@code out=} tensors of an {@code .out} overload; empty for other ops.
     */
    int[] outArguments() {
      int[] out = new int[arguments.size()];
      int n = 0;
      for (int i = 0; i < arguments.size(); i++) {
        if (arguments.get(i).mutable() && arguments.get(i).keywordOnly()) {
          out[n++] = i;
        }
      }
      return java.util.Arrays.copyOf(out, n);
    }

    /** True when no argument of the schema is a tensor: the op runs in Java on static values. */
    boolean scalarOnly() {
      if (schema == null) {
        return false;
      }
      int open = schema.indexOf('(');
      int close = schema.lastIndexOf(") ->");
      String args = close > open ? schema.substring(open + 1, close) : schema;
      return !args.contains("Tensor");
    }
  }

  private static final java.util.regex.Pattern NAMED =
      java.util.regex.Pattern.compile(
          "prim::(?:GetAttr|SetAttr|CallMethod)\\[name=\"([^\"]*)\"\\]");

  /** Reads {@code graph}. */
  static Body read(Graph graph) {
    // JitNode.s(attr::name) returns garbage in this JavaCPP binding, so the names of GetAttr,
    // SetAttr and CallMethod come from the printed graph, whose nodes are in the same order.
    java.util.ArrayDeque<String> names = new java.util.ArrayDeque<>();
    java.util.regex.Matcher m = NAMED.matcher(graph.toString());
    while (m.find()) {
      names.add(m.group(1));
    }
    return readBlock(graph.block(), names);
  }

  private static Body readBlock(Block block, java.util.Deque<String> attrNames) {
    ValueArrayRef in = block.inputs();
    long[] inputs = new long[(int) in.size()];
    List<String> names = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = in.at(i).unique();
      names.add(in.at(i).debugNameBase().getString());
    }
    List<Node> nodes = new ArrayList<>();
    JitNode ret = block.return_node();
    for (JitNode n = block.nodes().front(); !n.equals(ret); n = n.next()) {
      nodes.add(readNode(n, attrNames));
    }
    return new Body(inputs, List.copyOf(names), ids(block.outputs()), List.copyOf(nodes));
  }

  private static Node readNode(JitNode n, java.util.Deque<String> attrNames) {
    String kind = n.kind().toQualString().getString();
    String attr = null;
    if (kind.equals("prim::GetAttr")
        || kind.equals("prim::SetAttr")
        || kind.equals("prim::CallMethod")) {
      attr = attrNames.poll();
      if (attr == null) {
        throw new IllegalStateException("no name found for " + kind + " in the printed graph");
      }
    }
    FunctionSchema s = kind.startsWith("aten::") ? n.maybeSchema() : null;
    String overload = kind;
    String schema = null;
    if (s != null) {
      String ov = s.overload_name() == null ? "" : s.overload_name().getString();
      overload = s.name().getString() + (ov.isEmpty() ? "" : "." + ov);
      schema = torch.toString(s).getString();
    }
    List<Body> blocks = new ArrayList<>();
    BlockArrayRef bs = n.blocks();
    for (int i = 0; i < bs.size(); i++) {
      blocks.add(readBlock(bs.at(i), attrNames));
    }
    ValueArrayRef outs = n.outputs();
    String outType = outs.size() > 0 ? outs.at(0).type().get().str().getString() : "";
    List<SchemaArgument> arguments = schema == null ? List.of() : SchemaArgument.parse(schema);
    return new Node(
        kind,
        overload,
        schema,
        List.copyOf(arguments),
        ids(n.inputs()),
        ids(outs),
        List.copyOf(blocks),
        outType,
        attr,
        n);
  }

  private static long[] ids(ValueArrayRef values) {
    long[] out = new long[(int) values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.at(i).unique();
    }
    return out;
  }
}
