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

  /** The arguments of {@code to} and {@code clone} that change nothing for an immutable array. */
  private static final String COPY_FLAGS = "non_blocking copy memory_format";

  /** {@link #COPY_FLAGS} and the placement: every array lives on its one PJRT device. */
  private static final String IGNORED = TensorFactories.PLACEMENT + " " + COPY_FLAGS;

  /**
   * {@code self} converted to {@code dtype} when given: {@code to} with a dtype, a device or both,
   * and the {@code _to_copy} it decomposes to.
   */
  @Implements(
      value = "aten::to.dtype aten::to.dtype_layout aten::to.device aten::_to_copy",
      ignores = IGNORED)
  public static Array to(Array self, DType dtype) {
    return dtype == null ? self : Jnp.astype(self, dtype);
  }

  /**
   * TorchScript's {@code x.to(dtype)} and {@code x.to(device, dtype)}: an int dtype code, None
   * keeps the dtype.
   */
  @Implements(
      value = "aten::to.prim_dtype aten::to.prim_Device",
      ignores = "device non_blocking copy")
  public static Array toPrimDtype(Array self, Long dtype) {
    return dtype == null ? self : Jnp.astype(self, scalarType(dtype));
  }

  /** {@code self} converted to {@code other}'s dtype. */
  @Implements(value = "aten::type_as aten::to.other", ignores = COPY_FLAGS)
  public static Array typeAs(Array self, Array other) {
    return Jnp.astype(self, other.dtype());
  }

  /**
   * {@code self}: a value, so copies are free and there are no strides (every array is contiguous);
   * TorchScript's {@code x.to()} changes nothing.
   */
  @Implements(
      value = {
        "aten::alias aten::alias_copy aten::lift_fresh aten::clone aten::contiguous",
        "aten::lift aten::lift_fresh_copy aten::positive aten::to.prim_other"
      },
      ignores = COPY_FLAGS)
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
  @Implements(value = "aten::copy aten::copy_", ignores = "non_blocking")
  public static Array copy(Array self, Array src) {
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
