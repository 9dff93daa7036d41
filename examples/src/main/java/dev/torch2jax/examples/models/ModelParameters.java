package dev.torch2jax.examples.models;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.NamedTensor;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.named_parameter_iterator;
import org.bytedeco.pytorch.named_parameter_list;

/** A module's parameters (not buffers), by state-dict key. */
public final class ModelParameters {
  private ModelParameters() {}

  /**
   * The parameters of {@code m} and its submodules by state-dict key: references to the module's
   * own tensors (setting {@code requires_grad} on them affects the module).
   */
  public static Map<String, Tensor> names(JitModule m) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    named_parameter_list ps = m.named_parameters(true);
    for (named_parameter_iterator it = ps.begin(); it.notEquals(ps.end()); it = it.increment()) {
      NamedTensor nt = it.access();
      out.put(nt.name().getString(), new Tensor(nt.value()));
      java.lang.ref.Reference.reachabilityFence(nt);
    }
    return out;
  }

  /** The number of parameter elements. */
  public static long count(JitModule m) {
    return names(m).values().stream().mapToLong(Tensor::numel).sum();
  }
}
