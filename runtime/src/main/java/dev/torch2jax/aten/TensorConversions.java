package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.CustomVjp;
import dev.torch2jax.annotations.Implements;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Dtype conversions and identity-like ops. Arrays are immutable values here, so {@code clone},
 * {@code contiguous}, {@code alias} and a {@code to} that changes nothing return their input; the
 * interpreter tracks aliasing itself. Devices, layouts and memory formats are accepted and ignored
 * (there is one device per array and no strides). Float to integer conversion truncates toward
 * zero, as in PyTorch; out-of-range values differ (XLA saturates, libtorch is undefined).
 */
public final class TensorConversions {
  private TensorConversions() {}

  /** {@code self} converted to {@code dtype}. */
  @Implements("aten::to.dtype")
  public static Array toDtype(
      Array self, DType dtype, boolean nonBlocking, boolean copy, Object memoryFormat) {
    return Jnp.astype(self, dtype);
  }

  /** {@code self} converted to {@code dtype} when given; layout, device and pinning are ignored. */
  @Implements("aten::to.dtype_layout")
  public static Array toDtypeLayout(
      Array self,
      DType dtype,
      Object layout,
      Object device,
      Boolean pinMemory,
      boolean nonBlocking,
      boolean copy,
      Object memoryFormat) {
    return dtype == null ? self : Jnp.astype(self, dtype);
  }

  /** {@code self} converted to {@code dtype}; the device is ignored. */
  @Implements("aten::to.device")
  public static Array toDevice(
      Array self,
      Object device,
      DType dtype,
      boolean nonBlocking,
      boolean copy,
      Object memoryFormat) {
    return Jnp.astype(self, dtype);
  }

  /** {@code self} converted to {@code other}'s dtype. */
  @Implements("aten::to.other")
  public static Array toOther(
      Array self, Array other, boolean nonBlocking, boolean copy, Object memoryFormat) {
    return Jnp.astype(self, other.dtype());
  }

  /** TorchScript's {@code x.to(dtype)} with an int dtype code (None keeps the dtype). */
  @Implements("aten::to.prim_dtype")
  public static Array toPrimDtype(Array self, Long dtype, boolean nonBlocking, boolean copy) {
    return dtype == null ? self : Jnp.astype(self, scalarType(dtype));
  }

  /** TorchScript's {@code x.to(device, dtype)}: the device is ignored. */
  @Implements("aten::to.prim_Device")
  public static Array toPrimDevice(
      Array self, Object device, Long dtype, boolean nonBlocking, boolean copy) {
    return dtype == null ? self : Jnp.astype(self, scalarType(dtype));
  }

  /** TorchScript's {@code x.to()}: unchanged. */
  @Implements("aten::to.prim_other")
  public static Array toPrimOther(Array self, boolean nonBlocking, boolean copy) {
    return self;
  }

  /** A copy of {@code self}, converted to {@code dtype} when given. */
  @Implements("aten::_to_copy")
  public static Array toCopy(
      Array self,
      DType dtype,
      Object layout,
      Object device,
      Boolean pinMemory,
      boolean nonBlocking,
      Object memoryFormat) {
    return dtype == null ? self : Jnp.astype(self, dtype);
  }

  /** {@code self} converted to {@code other}'s dtype. */
  @Implements("aten::type_as")
  public static Array typeAs(Array self, Array other) {
    return Jnp.astype(self, other.dtype());
  }

  /** {@code self} (a value: copies are free). */
  @Implements("aten::clone")
  public static Array clone(Array self, Object memoryFormat) {
    return self;
  }

  /** {@code self} (no strides here: every array is contiguous). */
  @Implements("aten::contiguous")
  public static Array contiguous(Array self, Object memoryFormat) {
    return self;
  }

  /** {@code self}. */
  @Implements({
    "aten::alias aten::alias_copy aten::lift_fresh",
    "aten::lift aten::lift_fresh_copy aten::positive"
  })
  public static Array alias(Array self) {
    return self;
  }

  /** {@code self}, cut from the graph of gradients: its VJP is zero ({@code stop_gradient}). */
  @Implements("aten::detach aten::detach_")
  public static Array detach(Array self) {
    return self;
  }

  /** No cotangent flows through {@code detach}. */
  @CustomVjp({"aten::detach", "aten::detach_"})
  public static List<Object> detachVjp(List<Object> args, Object output, Object cotangent) {
    return Collections.singletonList(null);
  }

  /** {@code src} broadcast to {@code self}'s shape and converted to its dtype. */
  @Implements("aten::copy aten::copy_")
  public static Array copy(Array self, Array src, boolean nonBlocking) {
    long[] shape = self.shape();
    long[] b = ResultTypes.broadcastShape("aten::copy", self, src);
    if (!Arrays.equals(b, shape)) {
      throw new IllegalArgumentException(
          "aten::copy: the source of shape "
              + Arrays.toString(src.shape())
              + " cannot be broadcast to the destination's shape "
              + Arrays.toString(shape));
    }
    return Jnp.broadcastTo(Jnp.astype(src, self.dtype()), shape);
  }

  private static DType scalarType(long code) {
    DType t = Args.fromScalarTypeCode(code);
    if (t == null) {
      throw new IllegalArgumentException("aten::to: unsupported ScalarType code " + code);
    }
    return t;
  }
}
