package dev.torch2jax.torch;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.aten.TensorMetadata;
import dev.torch2jax.lax.ShapeOps;
import dev.torch2jax.torch.ScriptGraph.Node;
import java.util.List;
import java.util.Set;

/**
 * The tensor queries whose answer depends on more than the array: strides, storage offset and
 * contiguity follow the view chain that made the tensor (libtorch's layout rules), and reading a
 * number out of a tensor ({@code int(x)}, {@code x.item()}) under {@code jit} or {@code vmap} gives
 * a {@link TracedScalar} instead of a number. Both call the ATen implementation where it applies:
 * for a base tensor, and for a value known now.
 */
final class TensorQueries {
  private static final Set<String> LAYOUT =
      Set.of(
          "aten::stride",
          "aten::sym_stride",
          "aten::stride.int",
          "aten::sym_stride.int",
          "aten::storage_offset",
          "aten::sym_storage_offset",
          "aten::is_contiguous",
          "aten::is_contiguous.memory_format",
          "aten::sym_is_contiguous");

  private static final Set<String> SCALAR_READS =
      Set.of(
          "aten::Bool.Tensor",
          "aten::Int.Tensor",
          "aten::Float.Tensor",
          "aten::item",
          "aten::_local_scalar_dense",
          "aten::ScalarImplicit",
          "aten::IntImplicit",
          "aten::FloatImplicit");

  private final Interpreter interpreter;

  TensorQueries(Interpreter interpreter) {
    this.interpreter = interpreter;
  }

  /** True for the overloads this class answers. */
  static boolean handles(String overload) {
    return LAYOUT.contains(overload) || SCALAR_READS.contains(overload);
  }

  /** The answer to query {@code n}. */
  Object apply(Node n, List<Object> in) {
    String ov = n.overload();
    TensorRef r = InterpreterValues.ref(in.getFirst());
    if (LAYOUT.contains(ov)) {
      return layout(ov, r.layout(), in);
    }
    return readScalar(n, interpreter.read(r));
  }

  private static Object layout(String ov, TensorLayout layout, List<Object> in) {
    long[] strides = layout.strides();
    return switch (ov) {
      case "aten::stride", "aten::sym_stride" -> InterpreterValues.longList(strides);
      case "aten::stride.int", "aten::sym_stride.int" ->
          strides[TensorMetadata.queriedDim(ov, (Long) in.get(1), strides.length)];
      case "aten::storage_offset", "aten::sym_storage_offset" -> layout.offset();
      default -> layout.isContiguous(InterpreterValues.arg(in, 1, null));
    };
  }

  /** The dtype of the Python number {@code kind} reads: float64, int64, bool, or as stored. */
  private static DType pythonType(String kind, DType stored) {
    return switch (kind) {
      case "aten::Float", "aten::FloatImplicit" -> DType.F64;
      case "aten::Int", "aten::IntImplicit" -> DType.I64;
      case "aten::Bool" -> DType.BOOL;
      default -> stored;
    };
  }

  private Object readScalar(Node n, Array a) {
    String kind = n.kind();
    if (kind.equals("aten::_local_scalar_dense") && a.size() > 1) {
      // libtorch reads the first element without checking the count (item() checks it).
      a = Jnp.reshape(ShapeOps.slice(Jnp.reshape(a, a.size()), new long[] {0}, new long[] {1}));
    }
    if (a.size() != 1) {
      throw new IllegalArgumentException(
          "%s: a Tensor with %d elements cannot be converted to Scalar\n  at:\n%s"
              .formatted(kind, a.size(), n.source().stripTrailing()));
    }
    if (!a.isConcrete()) {
      return new TracedScalar(Jnp.astype(Jnp.reshape(a), pythonType(kind, a.dtype())), kind);
    }
    Object v =
        interpreter
            .lookup(n.overload())
            .orElseThrow(() -> interpreter.unsupported(n, null))
            .call(List.of(a));
    boolean untyped =
        kind.equals("aten::item")
            || kind.equals("aten::ScalarImplicit")
            || kind.equals("aten::_local_scalar_dense");
    if (untyped && a.dtype() == DType.BOOL) {
      return ((Number) v).longValue() != 0;
    }
    return InterpreterValues.wrap(v);
  }
}
