package dev.torch2jax.examples.zoo;

import dev.torch2jax.Array;
import dev.torch2jax.torch.T2J;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.NamedTensor;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.named_buffer_iterator;
import org.bytedeco.pytorch.named_buffer_list;

/**
 * A zoo model loaded with libtorch, with the fixed inputs and the outputs Python computed (read
 * from the {@code .io.pt} container's buffers {@code input_0..} and {@code output_0..}).
 */
final class ZooFixture {
  final ZooEntry entry;
  final JitModule module;
  final List<Tensor> inputs;
  final List<Tensor> expected;

  private ZooFixture(ZooEntry entry, JitModule module, List<Tensor> inputs, List<Tensor> expected) {
    this.entry = entry;
    this.module = module;
    this.inputs = inputs;
    this.expected = expected;
  }

  /** Loads the model file and the io file of {@code entry} from {@code dir}. */
  static ZooFixture load(Path dir, ZooEntry entry) {
    JitModule module = loadModel(dir, entry);
    JitModule io = torch.load(entry.io(dir).toString());
    TreeMap<Integer, Tensor> in = new TreeMap<>();
    TreeMap<Integer, Tensor> out = new TreeMap<>();
    named_buffer_list buffers = io.named_buffers(false);
    for (named_buffer_iterator it = buffers.begin();
        it.notEquals(buffers.end());
        it = it.increment()) {
      NamedTensor nt = it.access();
      String name = nt.name().getString();
      Tensor copy = new Tensor(nt.value()).clone();
      java.lang.ref.Reference.reachabilityFence(nt);
      int cut = name.lastIndexOf('_');
      int index = Integer.parseInt(name.substring(cut + 1));
      switch (name.substring(0, cut)) {
        case "input" -> in.put(index, copy);
        case "output" -> out.put(index, copy);
        default ->
            throw new IllegalStateException(
                "%s: unexpected buffer %s".formatted(entry.ioFile(), name));
      }
    }
    java.lang.ref.Reference.reachabilityFence(io);
    return new ZooFixture(entry, module, List.copyOf(in.values()), List.copyOf(out.values()));
  }

  /**
   * A fresh copy of the model from its file, in eval mode. (Not {@code JitModule.deepcopy()}: it
   * clones parameters that require grad through autograd, so the copies are not leaves and get no
   * {@code .grad}.)
   */
  static JitModule loadModel(Path dir, ZooEntry entry) {
    JitModule module = torch.load(entry.model(dir).toString());
    module.eval();
    return module;
  }

  /** The inputs as arrays, in the order the model's forward takes them. */
  Object[] arrayInputs() {
    return inputs.stream().map(T2J::t2j).toArray();
  }

  /** libtorch's eager forward of the loaded module on the fixed inputs, flattened. */
  @SuppressWarnings("try") // the guard only needs to be open
  List<Tensor> libtorchForward() {
    try (NoGradGuard guard = new NoGradGuard()) {
      return libtorchForward(module, inputs);
    }
  }

  /** {@code m}'s forward on {@code x} (with autograd as the caller set it), flattened. */
  static List<Tensor> libtorchForward(JitModule m, List<Tensor> x) {
    IValueVector args = new IValueVector();
    for (Tensor t : x) {
      args.push_back(new IValue(t));
    }
    IValue result = m.forward(args);
    List<Tensor> out = T2J.tensors(result);
    java.lang.ref.Reference.reachabilityFence(result);
    java.lang.ref.Reference.reachabilityFence(args);
    return out;
  }

  /** The expected outputs as arrays. */
  List<Array> expectedArrays() {
    return expected.stream().map(T2J::t2j).toList();
  }
}
