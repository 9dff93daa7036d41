package dev.torch2jax.torch;

import static dev.torch2jax.torch.InterpreterValues.arg;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.aten.Args;
import dev.torch2jax.aten.AtenOp;
import dev.torch2jax.aten.Dims;
import dev.torch2jax.aten.ViewOps;
import dev.torch2jax.torch.ScriptGraph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.LongStream;

/**
 * View ops and the ops that may alias their input ({@code contiguous}, {@code to}, {@code
 * reshape}): the ATen implementation computes (and checks) the value; the result is a {@link
 * TensorRef} over the input's storage with one more view step, so later writes through either are
 * seen by both, as in libtorch.
 */
final class ScriptViews {
  private static final Set<String> OVERLOADS =
      Set.of(
          "aten::select.int",
          "aten::slice.Tensor",
          "aten::narrow",
          "aten::unbind.int",
          "aten::unsqueeze",
          "aten::squeeze",
          "aten::squeeze.dim",
          "aten::squeeze.dims",
          "aten::view",
          "aten::_unsafe_view",
          "aten::view_as",
          "aten::unflatten.int",
          "aten::reshape",
          "aten::reshape_as",
          "aten::flatten.using_ints",
          "aten::transpose.int",
          "aten::permute",
          "aten::t",
          "aten::numpy_T",
          "aten::expand",
          "aten::expand_as",
          "aten::diagonal",
          "aten::alias",
          "aten::detach",
          "aten::contiguous",
          "aten::clone",
          "aten::to.dtype",
          "aten::to.other",
          "aten::to.device",
          "aten::to.dtype_layout",
          "aten::to.prim_Device",
          "aten::to.prim_dtype",
          "aten::to.prim_other",
          "aten::type_as");

  private final Interpreter interpreter;

  ScriptViews(Interpreter interpreter) {
    this.interpreter = interpreter;
  }

  /** True for the overloads whose results this class makes. */
  static boolean handles(String overload) {
    return OVERLOADS.contains(overload);
  }

  /** The result of view op {@code n}: a view (or alias) of its input, or a fresh tensor. */
  Object apply(Node n, List<Object> in) {
    String ov = n.overload();
    TensorRef r = InterpreterValues.ref(in.getFirst());
    Array a = interpreter.read(r);
    switch (ov) {
      case "aten::alias":
        return r.alias();
      case "aten::detach":
        // A view of the same storage (writes reach the original) that stops gradients.
        return r.view(new TensorRef.Detached());
      case "aten::contiguous":
        return r.isContiguous() ? r.alias() : TensorRef.fresh(a);
      case "aten::clone":
        return TensorRef.fresh(a);
      default:
        break;
    }
    if (ov.startsWith("aten::to.") || ov.equals("aten::type_as")) {
      return to(ov, r, a, in);
    }
    List<Object> args = interpreter.materialize(in);
    Object value = op(n).call(args);
    if (ov.equals("aten::unbind.int")) {
      int d = Dims.wrap(ov, arg(args, 1, 0L), a.ndim());
      @SuppressWarnings("unchecked")
      List<Array> parts = (List<Array>) value;
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < parts.size(); i++) {
        out.add(r.view(new TensorRef.Select(d, i), parts.get(i), interpreter.writes().current()));
      }
      return out;
    }
    Array out = (Array) value;
    TensorRef.ViewStep step = step(ov, a, args, out, r);
    if (step == null) {
      return TensorRef.fresh(out); // a reshape whose strides do not allow a view copies
    }
    if (step instanceof TensorRef.Reshape && Arrays.equals(a.shape(), out.shape())) {
      return r.alias(); // flatten(d, d), view of the same shape: the tensor itself
    }
    return r.view(step, out, interpreter.writes().current());
  }

  private AtenOp op(Node n) {
    return interpreter.lookup(n.overload()).orElseThrow(() -> interpreter.unsupported(n, null));
  }

  /** The view step from {@code a} to {@code out}, or null when a reshape must copy. */
  private static TensorRef.ViewStep step(
      String ov, Array a, List<Object> args, Array out, TensorRef r) {
    int rank = a.ndim();
    return switch (ov) {
      case "aten::select.int" -> {
        int d = Dims.wrap(ov, (Long) args.get(1), rank);
        yield new TensorRef.Select(d, ViewOps.selectIndex(a.shape(), d, (Long) args.get(2)));
      }
      case "aten::slice.Tensor" -> {
        int d = Dims.wrap(ov, arg(args, 1, 0L), rank);
        long step = arg(args, 4, 1L);
        long[] b =
            ViewOps.sliceBounds(
                a.shape()[d], (Long) arg(args, 2, null), (Long) arg(args, 3, null), step);
        yield new TensorRef.Slice(d, b[0], b[1], step);
      }
      case "aten::narrow" -> {
        int d = Dims.wrap(ov, (Long) args.get(1), rank);
        long start = (Long) args.get(2);
        start = start < 0 ? start + a.shape()[d] : start;
        yield new TensorRef.Slice(d, start, start + out.shape()[d], 1);
      }
      case "aten::unsqueeze" -> {
        long d = (Long) args.get(1);
        yield new TensorRef.Unsqueeze(d < 0 ? d + rank + 1 : d);
      }
      case "aten::squeeze", "aten::squeeze.dim", "aten::squeeze.dims" ->
          new TensorRef.Squeeze(squeezedDims(ov, a.shape(), args));
      case "aten::view", "aten::_unsafe_view", "aten::view_as", "aten::unflatten.int" ->
          new TensorRef.Reshape(a.shape(), out.shape());
      case "aten::reshape", "aten::reshape_as", "aten::flatten.using_ints" ->
          r.layout().viewStrides(out.shape()) != null
              ? new TensorRef.Reshape(a.shape(), out.shape())
              : null;
      case "aten::transpose.int", "aten::permute", "aten::t", "aten::numpy_T" ->
          new TensorRef.Permute(permutation(ov, rank, args));
      case "aten::expand", "aten::expand_as" -> new TensorRef.Expand(a.shape(), out.shape());
      case "aten::diagonal" ->
          new TensorRef.Diagonal(
              arg(args, 1, 0L),
              Dims.wrap(ov, arg(args, 2, 0L), rank),
              Dims.wrap(ov, arg(args, 3, 1L), rank));
      default -> throw new IllegalStateException("not a view op: " + ov);
    };
  }

  /** The dims {@code squeeze} removes: the requested ones of size 1. */
  private static long[] squeezedDims(String ov, long[] shape, List<Object> args) {
    int rank = shape.length;
    long[] requested =
        switch (ov) {
          case "aten::squeeze.dim" -> new long[] {(Long) args.get(1)};
          case "aten::squeeze.dims" -> Args.int64List(ov, "dim", args.get(1), 0);
          default -> LongStream.range(0, rank).toArray();
        };
    SortedSet<Long> dims = new TreeSet<>();
    for (long d : requested) {
      long w = d < 0 ? d + rank : d;
      if (rank > 0 && shape[(int) w] == 1) {
        dims.add(w);
      }
    }
    return dims.stream().mapToLong(Long::longValue).toArray();
  }

  /** The permutation a transpose-like op applies (the op has checked its arguments). */
  private static long[] permutation(String ov, int rank, List<Object> args) {
    long[] perm = LongStream.range(0, rank).toArray();
    switch (ov) {
      case "aten::transpose.int" -> {
        if (rank > 0) {
          int d0 = Dims.wrap(ov, (Long) args.get(1), rank);
          int d1 = Dims.wrap(ov, (Long) args.get(2), rank);
          perm[d0] = d1;
          perm[d1] = d0;
        }
      }
      case "aten::permute" -> {
        long[] p = Args.int64List(ov, "dims", args.get(1), 0);
        for (int i = 0; i < rank; i++) {
          perm[i] = Dims.wrap(ov, p[i], rank);
        }
      }
      default -> {
        for (int i = 0; i < rank; i++) {
          perm[i] = rank - 1 - i;
        }
      }
    }
    return perm;
  }

  /** {@code x.to(...)}: the tensor itself when nothing changes and no copy is asked for. */
  private Object to(String ov, TensorRef r, Array a, List<Object> in) {
    int dtypeAt;
    int copyAt;
    switch (ov) {
      case "aten::to.other", "aten::type_as" -> {
        dtypeAt = -1;
        copyAt = ov.equals("aten::type_as") ? -1 : 3;
      }
      case "aten::to.device", "aten::to.prim_Device" -> {
        dtypeAt = 2;
        copyAt = 4;
      }
      case "aten::to.dtype_layout" -> {
        dtypeAt = 1;
        copyAt = 6;
      }
      case "aten::to.dtype", "aten::to.prim_dtype" -> {
        dtypeAt = 1;
        copyAt = 3;
      }
      default -> {
        dtypeAt = 0;
        copyAt = 2;
      }
    }
    DType target;
    if (dtypeAt < 0) {
      target = interpreter.read(InterpreterValues.ref(in.get(1))).dtype();
    } else {
      Object d = dtypeAt == 0 ? null : arg(in, dtypeAt, null);
      target = d == null ? a.dtype() : Args.scalarType(ov, "dtype", d);
    }
    boolean copy = copyAt >= 0 && Boolean.TRUE.equals(arg(in, copyAt, false));
    if (target == a.dtype() && !copy) {
      return r.alias();
    }
    AtenOp op = interpreter.lookup(ov).orElse(null);
    return TensorRef.fresh(
        op == null ? Jnp.astype(a, target) : (Array) op.call(interpreter.materialize(in)));
  }
}
