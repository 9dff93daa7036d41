package dev.torch2jax.lax;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.annotations.AbstractEval;
import dev.torch2jax.annotations.BatchRule;
import dev.torch2jax.annotations.Lowering;
import dev.torch2jax.annotations.VjpRule;
import dev.torch2jax.core.Params;
import dev.torch2jax.core.Primitive;
import dev.torch2jax.core.ShapedArray;
import dev.torch2jax.core.rules.Batched;
import dev.torch2jax.core.rules.LoweringContext;
import dev.torch2jax.hlo.FunctionBuilder;
import dev.torch2jax.hlo.Value;
import java.util.List;

/**
 * Complex-number primitives, like {@code jax.lax}: {@code real}, {@code imag}, {@code complex}
 * (from two real arrays) and {@code conj}.
 *
 * <p>Their VJPs follow JAX's convention for complex numbers: a cotangent is the transpose of the
 * linear map, without conjugation, so the gradient of a real function of {@code z = x + iy} is
 * {@code df/dx - i df/dy} (PyTorch's is its conjugate). Real inputs and outputs are unaffected.
 */
public final class ComplexOps {
  private static final Primitive REAL = Primitive.of("real");
  private static final Primitive IMAG = Primitive.of("imag");
  private static final Primitive COMPLEX = Primitive.of("complex");
  private static final Primitive CONJ = Primitive.of("conj");

  private ComplexOps() {}

  /** The real parts of complex {@code z}, float32 for complex64 and float64 for complex128. */
  public static Array real(Array z) {
    return REAL.bind1(Params.EMPTY, z);
  }

  /** The imaginary parts of complex {@code z}. */
  public static Array imag(Array z) {
    return IMAG.bind1(Params.EMPTY, z);
  }

  /** {@code re + i im} from two float32 or two float64 arrays of one shape. */
  public static Array complex(Array re, Array im) {
    return COMPLEX.bind1(Params.EMPTY, re, im);
  }

  /** The complex conjugate of complex {@code z}. */
  public static Array conj(Array z) {
    return CONJ.bind1(Params.EMPTY, z);
  }

  /** real, imag: a complex operand, a result of its parts' type; conj: a complex operand. */
  @AbstractEval({"real", "imag", "conj"})
  public static List<ShapedArray> partAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray z = in.getFirst();
    if (!z.dtype().isComplex()) {
      throw new IllegalArgumentException(p + " needs a complex operand, got " + z);
    }
    DType out = p == CONJ ? z.dtype() : z.dtype().realType();
    return List.of(new ShapedArray(z.shape(), out));
  }

  /** Two float32 or two float64 operands of one shape. */
  @AbstractEval("complex")
  public static List<ShapedArray> complexAval(Primitive p, List<ShapedArray> in, Params params) {
    ShapedArray re = in.get(0);
    ShapedArray im = in.get(1);
    DType t = re.dtype();
    if (!re.equals(im) || (t != DType.F32 && t != DType.F64)) {
      throw new IllegalArgumentException(
          p + " needs two float32 or two float64 operands of one shape, got " + re + " and " + im);
    }
    return List.of(new ShapedArray(re.shape(), t.complexType()));
  }

  /** {@code stablehlo.real}, {@code imag}, {@code complex}; conj rebuilds with the negated part. */
  @Lowering({"real", "imag", "complex", "conj"})
  public static List<Value> complexLowering(
      LoweringContext ctx, Primitive p, List<Value> in, Params params) {
    FunctionBuilder b = ctx.builder();
    Value z = in.getFirst();
    return List.of(
        switch (p.name()) {
          case "real" -> b.real(z);
          case "imag" -> b.imag(z);
          case "complex" -> b.complex(z, in.get(1));
          case "conj" -> b.complex(b.real(z), b.negate(b.imag(z)));
          default -> throw new IllegalStateException("no lowering for " + p);
        });
  }

  /**
   * JAX's transposes: real gets {@code ct + 0i}, imag {@code 0 - i ct}, complex {@code (re ct, -im
   * ct)}, conj {@code conj(ct)}.
   */
  @VjpRule({"real", "imag", "complex", "conj"})
  public static List<Array> complexVjp(
      Primitive p, List<Array> cts, List<Array> primals, List<Array> outs, Params params) {
    Array ct = cts.getFirst();
    return switch (p.name()) {
      case "real" -> List.of(complex(ct, ElementwiseOps.fullLike(ct, 0)));
      case "imag" -> List.of(complex(ElementwiseOps.fullLike(ct, 0), ElementwiseOps.neg(ct)));
      case "complex" -> List.of(real(ct), ElementwiseOps.neg(imag(ct)));
      case "conj" -> List.of(conj(ct));
      default -> throw new IllegalStateException("no VJP for " + p);
    };
  }

  /** Elementwise: one operand keeps its batch axis; two mapped differently get it in front. */
  @BatchRule({"real", "imag", "complex", "conj"})
  public static Batched complexBatch(Primitive p, List<Array> in, int[] bdims, Params params) {
    if (in.size() == 1 || bdims[0] == bdims[1]) {
      return Batched.of(p.bind(params, in).getFirst(), bdims[0]);
    }
    long size = BatchAxes.size(in, bdims);
    Array re = BatchAxes.materialize(in.get(0), bdims[0], size);
    Array im = BatchAxes.materialize(in.get(1), bdims[1], size);
    return Batched.of(p.bind1(params, re, im), 0);
  }
}
