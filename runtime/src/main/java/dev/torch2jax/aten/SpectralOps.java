package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.hlo.FftType;
import dev.torch2jax.lax.ComplexOps;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.FftOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.Arrays;
import java.util.List;

/**
 * Discrete Fourier transforms ({@code _fft_r2c}, {@code _fft_c2r}, {@code _fft_c2c} and the {@code
 * torch.fft} functions on one dim) and complex-number ops ({@code view_as_real}, {@code
 * view_as_complex}, {@code real}, {@code imag}, {@code complex}, {@code conj}).
 *
 * <p>The {@code normalization} of the {@code _fft_*} ops is PyTorch's {@code fft_norm_mode}: 0
 * leaves the sums unscaled (forward or inverse), 1 divides by {@code sqrt(n)}, 2 by {@code n}, the
 * number of elements of the transformed signal. XLA transforms at most three trailing axes at a
 * time, dividing inverse transforms by {@code n}: the axes are moved last, transformed in groups of
 * up to three, moved back and rescaled. The complex views are values here, like every view.
 */
public final class SpectralOps {
  private SpectralOps() {}

  // ---- the primitive transforms -------------------------------------------------------------

  /**
   * The forward transform of real {@code self} over {@code dim}; {@code onesided} keeps only the
   * first {@code n / 2 + 1} frequencies of the last of {@code dim}.
   */
  @Implements("aten::_fft_r2c")
  public static Array fftR2c(Array self, long[] dim, long normalization, boolean onesided) {
    String op = "aten::_fft_r2c";
    if (self.dtype() != DType.F32 && self.dtype() != DType.F64) {
      throw new IllegalArgumentException(
          op + " expects a float32 or float64 input, got " + self.dtype().torchName());
    }
    int[] axes = axes(op, dim, self.ndim(), false);
    double n = signalSize(self.shape(), axes, -1);
    if (!onesided) {
      return scale(
          c2c(ElementwiseOps.convert(self, self.dtype().complexType()), axes, true),
          op,
          normalization,
          n,
          true);
    }
    int k = axes.length;
    int[] last = Arrays.copyOfRange(axes, Math.max(0, k - 3), k);
    Array y = along(self, last, FftType.RFFT, -1);
    y = c2c(y, Arrays.copyOfRange(axes, 0, Math.max(0, k - 3)), true);
    return scale(y, op, normalization, n, true);
  }

  /**
   * The inverse transform of Hermitian-symmetric complex {@code self} over {@code dim}, giving
   * reals whose last transformed dim has {@code last_dim_size} elements (the input keeps its first
   * {@code last_dim_size / 2 + 1} there, zero-padded if it has fewer).
   */
  @Implements("aten::_fft_c2r")
  public static Array fftC2r(Array self, long[] dim, long normalization, long lastDimSize) {
    String op = "aten::_fft_c2r";
    requireComplex(op, self);
    if (lastDimSize < 1) {
      throw new IllegalArgumentException(
          op + ": last_dim_size must be at least 1, got " + lastDimSize);
    }
    int[] axes = axes(op, dim, self.ndim(), false);
    int k = axes.length;
    int lastAxis = axes[k - 1];
    Array x = resize(self, lastAxis, lastDimSize / 2 + 1);
    double n = signalSize(self.shape(), axes, lastDimSize);
    x = c2c(x, Arrays.copyOfRange(axes, 0, Math.max(0, k - 3)), false);
    Array y = along(x, Arrays.copyOfRange(axes, Math.max(0, k - 3), k), FftType.IRFFT, lastDimSize);
    return scale(y, op, normalization, n, false);
  }

  /**
   * The forward ({@code forward}) or inverse transform of complex {@code self} over {@code dim}.
   */
  @Implements("aten::_fft_c2c")
  public static Array fftC2c(Array self, long[] dim, long normalization, boolean forward) {
    String op = "aten::_fft_c2c";
    requireComplex(op, self);
    int[] axes = axes(op, dim, self.ndim(), true);
    double n = signalSize(self.shape(), axes, -1);
    return scale(c2c(self, axes, forward), op, normalization, n, forward);
  }

  // ---- torch.fft functions on one dim -------------------------------------------------------

  /** {@code torch.fft.fft}: the forward transform along {@code dim}, resized to {@code n}. */
  @Implements("aten::fft_fft")
  public static Array fftFft(Array self, Long n, long dim, String norm) {
    return alongDim("aten::fft_fft", toComplex(self), n, dim, norm, true, false);
  }

  /** {@code torch.fft.ifft}: the inverse transform along {@code dim}, resized to {@code n}. */
  @Implements("aten::fft_ifft")
  public static Array fftIfft(Array self, Long n, long dim, String norm) {
    return alongDim("aten::fft_ifft", toComplex(self), n, dim, norm, false, false);
  }

  /**
   * The transform of {@code x} along {@code dim}, resized there to {@code n} when given: forward
   * ({@code forward}) or inverse of complex {@code x}, or the one-sided ({@code oneSided}) forward
   * transform of real {@code x}.
   */
  private static Array alongDim(
      String op, Array x, Long n, long dim, String norm, boolean forward, boolean oneSided) {
    int axis = Dims.wrap(op, dim, x.ndim());
    Array resized = n == null ? x : resize(x, axis, positive(op, n));
    long[] axes = {axis};
    long mode = normMode(op, norm, forward);
    return oneSided ? fftR2c(resized, axes, mode, true) : fftC2c(resized, axes, mode, forward);
  }

  /** {@code torch.fft.rfft}: the one-sided forward transform of reals along {@code dim}. */
  @Implements("aten::fft_rfft")
  public static Array fftRfft(Array self, Long n, long dim, String norm) {
    String op = "aten::fft_rfft";
    if (self.dtype().isComplex()) {
      throw new IllegalArgumentException(
          op + " expects a real input tensor, but got " + self.dtype().torchName());
    }
    Array x = self.dtype().isFloatingPoint() ? self : Jnp.astype(self, DType.F32);
    return alongDim(op, x, n, dim, norm, true, true);
  }

  /**
   * {@code torch.fft.irfft}: reals of {@code n} elements (default {@code 2 * (m - 1)}) along {@code
   * dim} from their one-sided spectrum.
   */
  @Implements("aten::fft_irfft")
  public static Array fftIrfft(Array self, Long n, long dim, String norm) {
    String op = "aten::fft_irfft";
    Array x = toComplex(self);
    int axis = Dims.wrap(op, dim, x.ndim());
    long size = n != null ? positive(op, n) : 2 * (x.shape()[axis] - 1);
    if (size < 1) {
      throw new IllegalArgumentException(
          op + ": invalid number of data points (" + size + ") specified");
    }
    return fftC2r(x, new long[] {axis}, normMode(op, norm, false), size);
  }

  // ---- complex numbers ----------------------------------------------------------------------

  /** The complex {@code self} as reals with a last dim of 2: real part, imaginary part. */
  @Implements("aten::view_as_real")
  public static Array viewAsReal(Array self) {
    requireComplex("aten::view_as_real", self);
    return Jnp.stack(List.of(ComplexOps.real(self), ComplexOps.imag(self)), self.ndim());
  }

  /** Float32 or float64 {@code self} with a last dim of 2 read as (real, imaginary) pairs. */
  @Implements("aten::view_as_complex")
  public static Array viewAsComplex(Array self) {
    String op = "aten::view_as_complex";
    long[] s = self.shape();
    if (self.dtype() != DType.F32 && self.dtype() != DType.F64) {
      throw new IllegalArgumentException(
          op
              + " is only supported for float32 and float64 tensors, but got a tensor of scalar"
              + " type "
              + self.dtype().torchName());
    }
    if (s.length == 0 || s[s.length - 1] != 2) {
      throw new IllegalArgumentException(
          op + ": Tensor must have a last dimension of size 2, got shape " + Arrays.toString(s));
    }
    return ComplexOps.complex(part(self, 0), part(self, 1));
  }

  /** The real part of a complex tensor; a real tensor itself. */
  @Implements("aten::real")
  public static Array real(Array self) {
    return self.dtype().isComplex() ? ComplexOps.real(self) : self;
  }

  /** The imaginary part of a complex tensor. */
  @Implements("aten::imag")
  public static Array imag(Array self) {
    if (!self.dtype().isComplex()) {
      throw new IllegalArgumentException(
          "aten::imag is not implemented for tensors with non-complex dtypes (got "
              + self.dtype().torchName()
              + ")");
    }
    return ComplexOps.imag(self);
  }

  /** {@code real + i imag}, broadcast, from two float32 or two float64 tensors. */
  @Implements("aten::complex")
  public static Array complex(Array real, Array imag) {
    String op = "aten::complex";
    if (real.dtype() != imag.dtype() || (real.dtype() != DType.F32 && real.dtype() != DType.F64)) {
      throw new IllegalArgumentException(
          op
              + " expects real and imag of one dtype, float32 or float64, got "
              + real.dtype().torchName()
              + " and "
              + imag.dtype().torchName());
    }
    long[] shape = ResultTypes.broadcastShape(op, real, imag);
    return ComplexOps.complex(Jnp.broadcastTo(real, shape), Jnp.broadcastTo(imag, shape));
  }

  /** The complex conjugate; a real tensor itself. */
  @Implements("aten::conj aten::_conj aten::conj_physical")
  public static Array conj(Array self) {
    return self.dtype().isComplex() ? ComplexOps.conj(self) : self;
  }

  /**
   * {@code self}: PyTorch's lazy conjugate and negative views are materialized here already (every
   * conj and neg computes its values).
   */
  @Implements("aten::resolve_conj aten::resolve_neg")
  public static Array resolve(Array self) {
    return self;
  }

  // ---- helpers ------------------------------------------------------------------------------

  /** {@code dim} wrapped and checked distinct ({@code allowEmpty}: no dims is the identity). */
  private static int[] axes(String op, long[] dim, int rank, boolean allowEmpty) {
    if (dim.length == 0 && !allowEmpty) {
      throw new IllegalArgumentException(op + ": dim must name at least one dimension");
    }
    int[] out = new int[dim.length];
    for (int i = 0; i < dim.length; i++) {
      out[i] = Dims.wrap(op, dim[i], rank);
      for (int j = 0; j < i; j++) {
        if (out[j] == out[i]) {
          throw new IllegalArgumentException(
              op + ": dim " + Arrays.toString(dim) + " names dimension " + out[i] + " twice");
        }
      }
    }
    return out;
  }

  /** The number of transformed elements; {@code lastSize >= 0} replaces the last axis's size. */
  private static double signalSize(long[] shape, int[] axes, long lastSize) {
    double n = 1;
    for (int i = 0; i < axes.length; i++) {
      n *= i == axes.length - 1 && lastSize >= 0 ? lastSize : shape[axes[i]];
    }
    return n;
  }

  /** Complex-to-complex transforms over {@code axes}, three at a time. */
  private static Array c2c(Array x, int[] axes, boolean forward) {
    Array y = x;
    for (int i = 0; i < axes.length; i += 3) {
      int[] group = Arrays.copyOfRange(axes, i, Math.min(axes.length, i + 3));
      y = along(y, group, forward ? FftType.FFT : FftType.IFFT, -1);
    }
    return y;
  }

  /**
   * The XLA transform {@code type} over {@code axes} (1 to 3, the last one last): the axes are
   * moved to the end, transformed and moved back. {@code lastLength} is IRFFT's output length.
   */
  private static Array along(Array x, int[] axes, FftType type, long lastLength) {
    int rank = x.ndim();
    long[] perm = new long[rank];
    boolean[] moved = new boolean[rank];
    for (int a : axes) {
      moved[a] = true;
    }
    int next = 0;
    for (int a = 0; a < rank; a++) {
      if (!moved[a]) {
        perm[next++] = a;
      }
    }
    for (int a : axes) {
      perm[next++] = a;
    }
    Array xt = ShapeOps.transpose(x, perm);
    long[] lengths = new long[axes.length];
    for (int i = 0; i < axes.length; i++) {
      lengths[i] = x.shape()[axes[i]];
    }
    if (type == FftType.IRFFT) {
      lengths[axes.length - 1] = lastLength;
    }
    Array y = FftOps.fft(xt, type, lengths);
    long[] inverse = new long[rank];
    for (int i = 0; i < rank; i++) {
      inverse[(int) perm[i]] = i;
    }
    return ShapeOps.transpose(y, inverse);
  }

  /**
   * {@code y} scaled to {@code normalization} (see the class comment). XLA's inverse transforms
   * already divided by {@code n}.
   */
  private static Array scale(Array y, String op, long normalization, double n, boolean forward) {
    double wanted =
        switch ((int) normalization) {
          case 0 -> 1;
          case 1 -> 1 / Math.sqrt(n);
          case 2 -> 1 / n;
          default ->
              throw new IllegalArgumentException(
                  op
                      + ": normalization must be 0 (none), 1 (by sqrt(n)) or 2 (by n), got "
                      + normalization);
        };
    double factor = forward ? wanted : wanted * n;
    return factor == 1 ? y : ElementwiseOps.mul(y, ElementwiseOps.fullLike(y, factor));
  }

  /** {@code x} cut or zero-padded to {@code size} along {@code axis}. */
  private static Array resize(Array x, int axis, long size) {
    long[] shape = x.shape();
    if (shape[axis] >= size) {
      if (shape[axis] == size) {
        return x;
      }
      long[] limit = shape.clone();
      limit[axis] = size;
      return ShapeOps.slice(x, new long[shape.length], limit);
    }
    long[] zeros = new long[shape.length];
    long[] high = new long[shape.length];
    high[axis] = size - shape[axis];
    return ShapeOps.pad(x, Jnp.zeros(new long[0], x.dtype()), zeros, high, zeros);
  }

  /** Element {@code i} of the last axis, that axis dropped. */
  private static Array part(Array x, long i) {
    long[] shape = x.shape();
    int last = shape.length - 1;
    long[] start = new long[shape.length];
    long[] limit = shape.clone();
    start[last] = i;
    limit[last] = i + 1;
    return ShapeOps.squeeze(ShapeOps.slice(x, start, limit), new long[] {last});
  }

  /** PyTorch's {@code norm_from_string}: 0 none, 1 by sqrt(n), 2 by n. */
  private static long normMode(String op, String norm, boolean forward) {
    if (norm == null || norm.equals("backward")) {
      return forward ? 0 : 2;
    }
    return switch (norm) {
      case "forward" -> forward ? 2 : 0;
      case "ortho" -> 1;
      default ->
          throw new IllegalArgumentException(
              op
                  + ": Invalid normalization mode: \""
                  + norm
                  + "\" (use \"backward\", \"forward\" or \"ortho\")");
    };
  }

  /** {@code self} as complex: floats keep their precision, integers and bools become complex64. */
  private static Array toComplex(Array self) {
    if (self.dtype().isComplex()) {
      return self;
    }
    DType t = self.dtype() == DType.F64 ? DType.C128 : DType.C64;
    return Jnp.astype(self, t);
  }

  private static void requireComplex(String op, Array self) {
    if (!self.dtype().isComplex()) {
      throw new IllegalArgumentException(
          op + " expects a complex input tensor, but got " + self.dtype().torchName());
    }
  }

  private static long positive(String op, long n) {
    if (n < 1) {
      throw new IllegalArgumentException(op + ": Invalid number of data points (" + n + ")");
    }
    return n;
  }
}
