package dev.torch2jax.lax;

import dev.torch2jax.Array;
import dev.torch2jax.annotations.AbstractEval;
import dev.torch2jax.annotations.BatchRule;
import dev.torch2jax.annotations.Lowering;
import dev.torch2jax.annotations.VjpRule;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.core.rules.LoweringContext;
import dev.torch2jax.hlo.FftType;
import dev.torch2jax.hlo.TensorType;
import dev.torch2jax.hlo.TypeRules;
import dev.torch2jax.hlo.Value;
import java.util.List;

/**
 * The discrete Fourier transform primitive {@code fft}, like {@code jax.lax.fft}: {@link FftType}
 * {@code fft_type} over the trailing {@code fft_lengths} (1 to 3) dimensions, unnormalized forward
 * and divided by the number of transformed elements inverse.
 *
 * <p>The VJP follows JAX's transpose rules (and its complex convention, see {@link ComplexOps}):
 * FFT and IFFT are symmetric linear maps, so they transpose to themselves; RFFT transposes as a
 * complex FFT of the zero-padded cotangent, whose real part is kept; IRFFT transposes to the
 * conjugate of the RFFT of the cotangent, divided by the number of elements and doubled at the
 * frequencies RFFT stores once for two.
 */
public final class FftOps {
  private static final Primitive FFT = Primitive.of("fft");

  private FftOps() {}

  /**
   * The transform {@code type} over the last {@code fftLengths.length} axes of {@code x}: complex
   * for FFT, IFFT and IRFFT, float32 or float64 for RFFT. FFT, IFFT and RFFT need the trailing axes
   * to be {@code fftLengths}; IRFFT needs them to be {@code fftLengths} with the last one {@code
   * fftLengths[last] / 2 + 1}, and gives reals of {@code fftLengths}.
   */
  public static Array fft(Array x, FftType type, long[] fftLengths) {
    return FFT.bind1(Params.of("fft_type", type, "fft_lengths", fftLengths), x);
  }

  /** The result's shape and dtype for the transform type (see {@link #fft}). */
  @AbstractEval("fft")
  public static List<ShapedArray> fftAval(Primitive p, List<ShapedArray> in, Params params) {
    TensorType t =
        TypeRules.fft(
            p.name(),
            in.getFirst(),
            params.get("fft_type", FftType.class),
            params.longs("fft_lengths"));
    return List.of(new ShapedArray(t.shape(), t.dtype()));
  }

  /** {@code stablehlo.fft}. */
  @Lowering("fft")
  public static List<Value> fftLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    return List.of(
        ctx.builder()
            .fft(
                in.getFirst(), params.get("fft_type", FftType.class), params.longs("fft_lengths")));
  }

  /** JAX's transposes of the four transforms (see the class comment). */
  @VjpRule("fft")
  public static List<Array> fftVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array ct = cts.getFirst();
    FftType type = params.get("fft_type", FftType.class);
    long[] lengths = params.longs("fft_lengths");
    return List.of(
        switch (type) {
          case FFT, IFFT -> fft(ct, type, lengths);
          case RFFT -> rfftTranspose(ct, lengths);
          case IRFFT -> irfftTranspose(ct, lengths);
        });
  }

  /** Batch axis to the front, away from the transformed trailing axes. */
  @BatchRule("fft")
  public static Batched fftBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    return Batched.of(p.bind1(params, BatchAxes.toFront(in.getFirst(), bdims[0])), 0);
  }

  /**
   * RFFT is a complex FFT of the reals cut to the first {@code n / 2 + 1} last frequencies: its
   * transpose pads the cotangent back with zeros, applies the (symmetric) FFT and keeps the real
   * part (the transpose of real-to-complex conversion).
   */
  private static Array rfftTranspose(Array ct, long[] lengths) {
    long n = lengths[lengths.length - 1];
    int rank = ct.ndim();
    long[] none = new long[rank];
    long[] high = new long[rank];
    high[rank - 1] = n - ct.shape()[rank - 1];
    Array padded = ShapeOps.pad(ct, ShapeOps.scalar(0, ct.dtype()), none, high, none);
    return ComplexOps.real(fft(padded, FftType.FFT, lengths));
  }

  /**
   * IRFFT's transpose: {@code conj(rfft(ct) * mask / N)}, where {@code N} is the number of
   * transformed elements and {@code mask} is 2 at the last-axis frequencies whose mirror image RFFT
   * drops (all but the first, and the last when the length is even), else 1.
   */
  private static Array irfftTranspose(Array ct, long[] lengths) {
    Array x = fft(ct, FftType.RFFT, lengths);
    long[] shape = x.shape();
    int m = Math.toIntExact(shape[shape.length - 1]);
    long n = lengths[lengths.length - 1];
    double total = 1;
    for (long l : lengths) {
      total *= l;
    }
    double[] mask = new double[m];
    for (int i = 0; i < m; i++) {
      boolean single = i == 0 || (n % 2 == 0 && i == m - 1);
      mask[i] = (single ? 1 : 2) / total;
    }
    Array parts = ElementwiseOps.convert(Array.of(mask), x.dtype().realType());
    Array scale =
        ElementwiseOps.convert(
            ShapeOps.broadcastInDim(parts, shape, new long[] {shape.length - 1}), x.dtype());
    return ComplexOps.conj(ElementwiseOps.mul(x, scale));
  }
}
