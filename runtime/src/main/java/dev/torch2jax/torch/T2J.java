package dev.torch2jax.torch;

import dev.torch2jax.Array;
import dev.torch2jax.export.ExportedFunction;
import dev.torch2jax.export.Pt2Loader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.pytorch.GenericDict;
import org.bytedeco.pytorch.GenericDictIterator;
import org.bytedeco.pytorch.GenericList;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TupleElements;
import org.bytedeco.pytorch.named_buffer_iterator;
import org.bytedeco.pytorch.named_buffer_list;
import org.bytedeco.pytorch.named_module_iterator;
import org.bytedeco.pytorch.named_module_list;
import org.bytedeco.pytorch.named_parameter_iterator;
import org.bytedeco.pytorch.named_parameter_list;

/**
 * The bridge from PyTorch: libtorch tensors to arrays and back ({@link #t2j(Tensor)}, {@link
 * #j2t(Array)}), bit-exact for every dtype both sides have; TorchScript modules and functions to
 * traceable functions ({@link #t2j(JitModule)}, {@link #t2j(org.bytedeco.pytorch.Function)}) and
 * their parameters and buffers to a state dict ({@link #stateDict(JitModule)}).
 */
public final class T2J {
  private T2J() {}

  /**
   * A device array with the tensor's dtype, shape and bits (strided and non-contiguous tensors are
   * read element by element in row-major order).
   *
   * @throws IllegalArgumentException for a tensor not on the CPU, of a dtype XLA lacks, or
   *     sparse/quantized
   */
  public static Array t2j(Tensor tensor) {
    return TensorConversion.toArray(tensor);
  }

  /** A new contiguous CPU tensor with the array's dtype, shape and bits. */
  public static Tensor j2t(Array array) {
    return TensorConversion.toTensor(array);
  }

  /**
   * A module's {@code forward} as a function of its state dict and inputs: {@code call(stateDict,
   * inputs...)} or {@code apply(stateDict, inputs...)}. The module's mode ({@code module.train()}
   * or {@code eval()}) decides how batch norm and dropout compute, unless {@link
   * TorchFunction#training(boolean)} overrides it; {@link TorchFunction#callWithState} also returns
   * the buffers a training-mode call updates.
   */
  public static TorchFunction t2j(JitModule module) {
    return TorchFunction.ofModule(module);
  }

  /** A TorchScript function (e.g. from {@code torch.compile(source).get_function(...)}). */
  public static TorchFunction t2j(org.bytedeco.pytorch.Function function) {
    return TorchFunction.ofFunction(function);
  }

  /**
   * A program saved with {@code torch.export.save} ({@code .pt2}), as exported (TRAINING dialect)
   * or after {@code run_decompositions()} (ATEN dialect), read without Python or libtorch: {@code
   * apply(stateDict, inputs...)} with {@code stateDict()} from the archive, {@code callWithState}
   * for the buffers it updates.
   *
   * @throws dev.torch2jax.export.Pt2ArchiveException if the file is not a readable PT2 archive of a
   *     supported schema version
   * @throws dev.torch2jax.export.UnsupportedOpException if the program has an op torch2jax cannot
   *     run
   */
  public static ExportedFunction load(Path file) {
    return Pt2Loader.load(file);
  }

  /**
   * Copies of the tensors in a libtorch result, depth first: tuples and lists in order, dicts in
   * their insertion order, {@code None} skipped (the order in which t2j's results flatten).
   *
   * @throws IllegalArgumentException for a leaf that is neither a tensor nor {@code None}
   */
  public static List<Tensor> tensors(IValue result) {
    List<Tensor> out = new ArrayList<>();
    collectTensors(result, out);
    return out;
  }

  private static void collectTensors(IValue v, List<Tensor> out) {
    if (v.isNone()) {
      return;
    }
    if (v.isTensor()) {
      out.add(v.toTensor().clone());
    } else if (v.isTuple()) {
      TupleElements e = v.toTuple().elements();
      for (int i = 0; i < e.size(); i++) {
        collectTensors(e.get(i), out);
      }
    } else if (v.isList() || v.isTensorList()) {
      GenericList l = v.toList();
      for (int i = 0; i < l.size(); i++) {
        collectTensors(l.get(i), out);
      }
    } else if (v.isGenericDict()) {
      GenericDict d = v.toGenericDict();
      for (GenericDictIterator it = d.begin(); !it.equals(d.end()); it = it.increment()) {
        collectTensors(it.access().value(), out);
      }
    } else {
      throw new IllegalArgumentException(
          "a libtorch result holds a %s where a tensor, tuple, list or dict was expected"
              .formatted(v.tagKind().getString()));
    }
  }

  /**
   * The module's parameters and buffers as arrays, keyed like PyTorch's {@code state_dict()}
   * ({@code layer1.0.bn1.running_mean}), parameters first, each group in module order.
   */
  public static Map<String, Array> stateDict(JitModule module) {
    Map<String, Array> out = new LinkedHashMap<>();
    stateTensors(module).forEach((k, t) -> out.put(k, t2j(t)));
    return Collections.unmodifiableMap(out);
  }

  /**
   * The module's parameters and buffers (recursively), by state-dict key, in {@code state_dict()}
   * order: a module's own parameters, then its own buffers, then each child's entries.
   */
  static Map<String, Tensor> stateTensors(JitModule module) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    collect(module, "", out);
    return out;
  }

  private static void collect(JitModule module, String prefix, Map<String, Tensor> out) {
    named_parameter_list params = module.named_parameters(false);
    for (named_parameter_iterator it = params.begin();
        it.notEquals(params.end());
        it = it.increment()) {
      putNamed(it.access(), prefix, out);
    }
    named_buffer_list buffers = module.named_buffers(false);
    for (named_buffer_iterator it = buffers.begin();
        it.notEquals(buffers.end());
        it = it.increment()) {
      putNamed(it.access(), prefix, out);
    }
    named_module_list children = module.named_children();
    for (named_module_iterator it = children.begin();
        it.notEquals(children.end());
        it = it.increment()) {
      org.bytedeco.pytorch.NamedJitModule named = it.access();
      collect(new JitModule(named.value()), prefix + named.name().getString() + ".", out);
      java.lang.ref.Reference.reachabilityFence(named);
    }
  }

  /** Adds a parameter or buffer under {@code prefix} + its name, unless the key is taken. */
  private static void putNamed(
      org.bytedeco.pytorch.NamedTensor named, String prefix, Map<String, Tensor> out) {
    // value() is a reference into the NamedTensor: copy it (a new reference to the same tensor).
    out.putIfAbsent(prefix + named.name().getString(), new Tensor(named.value()));
    java.lang.ref.Reference.reachabilityFence(named);
  }
}
