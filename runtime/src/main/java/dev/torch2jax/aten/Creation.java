package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.DeviceArray;
import dev.torch2jax.core.Promotion;

/**
 * New tensors: {@code zeros}, {@code ones}, {@code full} (and their {@code _like} forms) and {@code
 * torch.tensor} of a Python number. Without a dtype, PyTorch's defaults apply: float32 for {@code
 * zeros}/{@code ones} and float fills, int64 for int fills and ints, bool for bools. Device, layout
 * and pinning arguments are accepted as the schema's converters allow (CPU, strided).
 */
public final class Creation {
  private Creation() {}

  /** {@code torch.tensor(2.5)}: a 0-d float32 tensor unless a dtype is given. */
  @Implements("aten::tensor.float")
  public static Array tensorFloat(double t, DType dtype, Object device, boolean requiresGrad) {
    return DeviceArray.scalar(t, dtype == null ? Promotion.DEFAULT_FLOAT : dtype);
  }

  /** {@code torch.tensor(3)}: a 0-d int64 tensor unless a dtype is given. */
  @Implements("aten::tensor.int")
  public static Array tensorInt(long t, DType dtype, Object device, boolean requiresGrad) {
    return DeviceArray.scalar(t, dtype == null ? DType.I64 : dtype);
  }

  /** {@code torch.tensor(True)}: a 0-d bool tensor unless a dtype is given. */
  @Implements("aten::tensor.bool")
  public static Array tensorBool(boolean t, DType dtype, Object device, boolean requiresGrad) {
    // Array.of reads an empty shape as "1-D of the data's length": build the 0-d array directly.
    return DeviceArray.scalar(t ? 1L : 0L, dtype == null ? DType.BOOL : dtype);
  }
}
