package dev.torch2jax.examples.zoo;

import dev.torch2jax.Array;
import dev.torch2jax.torch.T2J;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.NamedTensor;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.named_buffer_iterator;
import org.bytedeco.pytorch.named_buffer_list;

/**
 * The buffers of an io file written by the zoo scripts (a scripted module holding tensors, read
 * with libtorch alone): {@code input_0..} the inputs, {@code output_0..} Python's flattened
 * outputs, and for a training-mode export {@code state__KEY} the new value of buffer {@code KEY}
 * (its dots written as {@code __}).
 */
record IoFile(List<Tensor> inputs, List<Array> outputs, Map<String, Array> newState) {
  private static final String STATE = "state__";

  static IoFile load(Path file) {
    JitModule io = torch.load(file.toString());
    TreeMap<Integer, Tensor> in = new TreeMap<>();
    TreeMap<Integer, Array> out = new TreeMap<>();
    Map<String, Array> state = new TreeMap<>();
    named_buffer_list buffers = io.named_buffers(false);
    for (named_buffer_iterator it = buffers.begin();
        it.notEquals(buffers.end());
        it = it.increment()) {
      NamedTensor nt = it.access();
      String name = nt.name().getString();
      Tensor copy = new Tensor(nt.value()).clone();
      java.lang.ref.Reference.reachabilityFence(nt);
      if (name.startsWith(STATE)) {
        state.put(name.substring(STATE.length()).replace("__", "."), T2J.t2j(copy));
      } else if (name.startsWith("input_")) {
        in.put(Integer.parseInt(name.substring("input_".length())), copy);
      } else if (name.startsWith("output_")) {
        out.put(Integer.parseInt(name.substring("output_".length())), T2J.t2j(copy));
      } else {
        throw new IllegalStateException("%s: unexpected buffer %s".formatted(file, name));
      }
    }
    java.lang.ref.Reference.reachabilityFence(io);
    return new IoFile(List.copyOf(in.values()), List.copyOf(out.values()), state);
  }

  /** The inputs as arrays. */
  Object[] arrayInputs() {
    return inputs.stream().map(T2J::t2j).toArray();
  }
}
