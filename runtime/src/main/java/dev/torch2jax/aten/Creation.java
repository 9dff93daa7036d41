package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
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

  /** Zeros of {@code size}. */
  @Implements("aten::zeros")
  public static Array zeros(
      long[] size, DType dtype, Object layout, Object device, Boolean pinMemory) {
    return Jnp.zeros(size, dtype == null ? Promotion.DEFAULT_FLOAT : dtype);
  }

  /** Ones of {@code size}. */
  @Implements("aten::ones")
  public static Array ones(
      long[] size, DType dtype, Object layout, Object device, Boolean pinMemory) {
    return Jnp.ones(size, dtype == null ? Promotion.DEFAULT_FLOAT : dtype);
  }

  /** {@code size} filled with {@code fillValue}, of the value's default dtype unless given. */
  @Implements("aten::full")
  public static Array full(
      long[] size, Number fillValue, DType dtype, Object layout, Object device, Boolean pinMemory) {
    DType t = dtype != null ? dtype : defaultDType(fillValue);
    return Jnp.broadcastTo(DeviceArray.scalar(fillValue, t), size);
  }

  /** Zeros shaped like {@code self}, of its dtype unless given. */
  @Implements("aten::zeros_like")
  public static Array zerosLike(
      Array self,
      DType dtype,
      Object layout,
      Object device,
      Boolean pinMemory,
      Object memoryFormat) {
    return Jnp.zeros(self.shape(), dtype == null ? self.dtype() : dtype);
  }

  /** Ones shaped like {@code self}, of its dtype unless given. */
  @Implements("aten::ones_like")
  public static Array onesLike(
      Array self,
      DType dtype,
      Object layout,
      Object device,
      Boolean pinMemory,
      Object memoryFormat) {
    return Jnp.ones(self.shape(), dtype == null ? self.dtype() : dtype);
  }

  /** {@code fillValue} shaped like {@code self}, of its dtype unless given. */
  @Implements("aten::full_like")
  public static Array fullLike(
      Array self,
      Number fillValue,
      DType dtype,
      Object layout,
      Object device,
      Boolean pinMemory,
      Object memoryFormat) {
    return Jnp.broadcastTo(
        DeviceArray.scalar(fillValue, dtype == null ? self.dtype() : dtype), self.shape());
  }

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
    Array b = Array.of(new boolean[] {t}, new long[0]);
    return dtype == null ? b : Jnp.astype(b, dtype);
  }

  private static DType defaultDType(Number v) {
    return v instanceof Double || v instanceof Float ? Promotion.DEFAULT_FLOAT : DType.I64;
  }
}
