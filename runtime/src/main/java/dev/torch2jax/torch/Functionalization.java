package dev.torch2jax.torch;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.aten.AtenOp;
import dev.torch2jax.aten.OutTensors;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.torch.ScriptGraph.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * In-place ops ({@code x.add_(y)}) and {@code out=} overloads as pure updates: the functional op
 * computes the new value, which replaces the written tensor's base (through its view chain), so
 * every view of it sees the write.
 */
final class Functionalization {
  /** Where libtorch's warnings go (an {@code out=} tensor resized). */
  private static final System.Logger LOG = System.getLogger(Functionalization.class.getName());

  /** In-place ops that change the tensor's shape rather than its values. */
  private static final Set<String> RESHAPING_IN_PLACE =
      Set.of(
          "aten::transpose_",
          "aten::t_",
          "aten::squeeze_",
          "aten::unsqueeze_",
          "aten::swapaxes_",
          "aten::swapdims_",
          "aten::as_strided_",
          "aten::resize_");

  private final Interpreter interpreter;

  Functionalization(Interpreter interpreter) {
    this.interpreter = interpreter;
  }

  /** An op that writes its first argument ({@code Tensor(a!) self}). */
  List<Object> inPlace(Node n, List<Object> in) {
    String ov = n.overload();
    if (!(in.getFirst() instanceof TensorRef self)) {
      throw interpreter.unsupported(
          n, "in-place op on " + InterpreterValues.describe(in.getFirst()));
    }
    AtenOp op =
        interpreter
            .lookup(ov)
            .or(() -> interpreter.lookup(functionalTwin(ov)))
            .orElseThrow(
                () ->
                    interpreter.unsupported(
                        n,
                        "neither it nor its functional twin %s is implemented"
                            .formatted(functionalTwin(ov))));
    Array old = interpreter.read(self);
    Object r = op.call(interpreter.materialize(in));
    if (!(r instanceof Array a)) {
      throw interpreter.unsupported(
          n, "the op returned %s instead of a tensor".formatted(InterpreterValues.describe(r)));
    }
    if (RESHAPING_IN_PLACE.contains(n.kind())) {
      // x.transpose_(0, 1) changes x's shape, not its elements' order in storage; a base tensor
      // simply takes the new value. Through a view it would re-stride the base: not supported.
      if (!self.chain.isEmpty()) {
        throw interpreter.unsupported(n, "a shape-changing in-place op on a view");
      }
      interpreter.writes().set(self.storage, a);
      return InterpreterValues.one(self);
    }
    assign(self, fitInPlace(ov, a, old));
    return InterpreterValues.one(self);
  }

  /**
   * An {@code .out} overload ({@code torch.atan2(a, b, out=c)}): its own implementation or its
   * functional twin computes the results, which are written into the {@code out=} tensors (views
   * included) with PyTorch's rules; the op returns those tensors.
   */
  List<Object> outVariant(Node n, List<Object> in, int[] outs) {
    List<TensorRef> targets = new ArrayList<>();
    for (int i : outs) {
      if (!(in.get(i) instanceof TensorRef r)) {
        throw interpreter.unsupported(
            n,
            "out= argument '%s' is %s (only single tensors are supported)"
                .formatted(n.arguments().get(i).name(), InterpreterValues.describe(in.get(i))));
      }
      targets.add(r);
    }
    Object r = computeOut(n, in, interpreter.read(targets.getFirst()).dtype());
    List<?> results = outs.length == 1 ? List.of(r) : r instanceof List<?> l ? l : List.of();
    if (results.size() != outs.length) {
      throw interpreter.unsupported(
          n,
          "the op returned %s for %d out= tensors"
              .formatted(InterpreterValues.describe(r), outs.length));
    }
    for (int k = 0; k < outs.length; k++) {
      if (!(results.get(k) instanceof Array a)) {
        throw interpreter.unsupported(
            n,
            "the op returned %s for a tensor"
                .formatted(InterpreterValues.describe(results.get(k))));
      }
      writeOut(n, targets.get(k), a);
    }
    return n.outputs().length == 0 ? new ArrayList<>() : new ArrayList<>(targets);
  }

  private Object computeOut(Node n, List<Object> in, DType outDtype) {
    String ov = n.overload();
    AtenOp own = interpreter.lookup(ov).orElse(null);
    if (own != null) {
      return own.call(interpreter.materialize(in));
    }
    OutVariants.Twin twin =
        OutVariants.of(ov, n.arguments())
            .orElseThrow(
                () ->
                    interpreter.unsupported(
                        n, "no functional overload of it takes its arguments without out="));
    AtenOp op =
        interpreter
            .lookup(twin.overload())
            .orElseThrow(
                () ->
                    interpreter.unsupported(
                        n,
                        "neither it nor its functional twin %s is implemented"
                            .formatted(twin.overload())));
    return op.call(interpreter.materialize(twin.arguments(in, outDtype)));
  }

  /**
   * Writes an op's result into an {@code out=} tensor: cast to its dtype where PyTorch allows it; a
   * tensor of another shape is resized to the result's (libtorch warns when it held elements).
   */
  private void writeOut(Node n, TensorRef out, Array result) {
    String ov = n.overload();
    Array old = interpreter.read(out);
    Array value = OutTensors.castTo(ov, result, old.dtype());
    if (Arrays.equals(old.shape(), value.shape())) {
      assign(out, value);
      return;
    }
    if (!out.chain.isEmpty()) {
      throw interpreter.unsupported(
          n,
          ("resizing an out= tensor that is a view (shape %s to %s); pass an out= tensor of the"
                  + " result's shape")
              .formatted(Arrays.toString(old.shape()), Arrays.toString(value.shape())));
    }
    if (old.size() != 0) {
      LOG.log(
          System.Logger.Level.WARNING,
          ("%s: An output with one or more elements was resized since it had shape %s, which does"
                  + " not match the required output shape %s. This behavior is deprecated in"
                  + " PyTorch: pass an out= tensor of the result's shape, or one with zero"
                  + " elements.")
              .formatted(ov, Arrays.toString(old.shape()), Arrays.toString(value.shape())));
    }
    interpreter.writes().set(out.storage, value);
  }

  /** Writes {@code value} into the tensor {@code ref} names, through its view chain. */
  void assign(TensorRef ref, Array value) {
    interpreter.writes().set(ref.storage, ref.baseWith(value));
  }

  /** {@code aten::add_.Tensor} to {@code aten::add.Tensor}. */
  static String functionalTwin(String ov) {
    int dot = ov.indexOf('.');
    String name = dot < 0 ? ov : ov.substring(0, dot);
    String rest = dot < 0 ? "" : ov.substring(dot);
    return (name.endsWith("_") ? name.substring(0, name.length() - 1) : name) + rest;
  }

  /** The result of an in-place op cast to {@code self}'s dtype and shape, as PyTorch requires. */
  private static Array fitInPlace(String ov, Array r, Array self) {
    r = OutTensors.castTo(ov, r, self.dtype());
    if (Arrays.equals(r.shape(), self.shape())) {
      return r;
    }
    if (!Shapes.broadcastsTo(r.shape(), self.shape())) {
      throw new IllegalArgumentException(
          "%s: output with shape %s doesn't match the broadcast shape %s"
              .formatted(ov, Arrays.toString(self.shape()), Arrays.toString(r.shape())));
    }
    return Jnp.broadcastTo(r, self.shape());
  }
}
