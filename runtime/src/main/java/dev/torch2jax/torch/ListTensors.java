package dev.torch2jax.torch;

import dev.torch2jax.Array;
import dev.torch2jax.Jnp;
import dev.torch2jax.aten.Args;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code torch.tensor([[1, 2], [3, 4]])} of nested Python lists ({@code aten::tensor}): shape from
 * the nesting, dtype from the elements (bools, ints as int64, any float as float32) unless given.
 */
final class ListTensors {
  private ListTensors() {}

  /** The tensor of {@code aten::tensor(data, dtype, device, requires_grad)}'s arguments. */
  static Array tensor(String ov, List<Object> in) {
    Array t = of(in.get(0));
    Object dtype = InterpreterValues.arg(in, 1, null);
    return dtype == null ? t : Jnp.astype(t, Args.scalarType(ov, "dtype", dtype));
  }

  private static Array of(Object data) {
    List<Long> shape = new ArrayList<>();
    Object level = data;
    while (level instanceof List<?> l) {
      shape.add((long) l.size());
      level = l.isEmpty() ? null : l.getFirst();
    }
    List<Object> flat = new ArrayList<>();
    flatten(data, flat);
    long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
    boolean anyFloat = flat.stream().anyMatch(o -> o instanceof Double);
    boolean allBool = !flat.isEmpty() && flat.stream().allMatch(o -> o instanceof Boolean);
    if (allBool) {
      boolean[] b = new boolean[flat.size()];
      for (int i = 0; i < b.length; i++) {
        b[i] = (Boolean) flat.get(i);
      }
      return Array.of(b, dims);
    }
    if (anyFloat || flat.isEmpty()) {
      float[] f = new float[flat.size()];
      for (int i = 0; i < f.length; i++) {
        f[i] = ScalarOps.num(flat.get(i)).floatValue();
      }
      return Array.of(f, dims);
    }
    long[] v = new long[flat.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = ScalarOps.num(flat.get(i)).longValue();
    }
    return Array.of(v, dims);
  }

  private static void flatten(Object data, List<Object> out) {
    if (data instanceof List<?> l) {
      for (Object o : l) {
        flatten(o, out);
      }
    } else if (data instanceof TensorRef) {
      throw new IllegalArgumentException("torch.tensor() of tensors is not supported");
    } else if (data instanceof TracedScalar t) {
      throw new IllegalArgumentException(
          "torch.tensor() of a number read from traced data (by %s): keep it a tensor"
              .formatted(t.from()));
    } else {
      out.add(data);
    }
  }
}
