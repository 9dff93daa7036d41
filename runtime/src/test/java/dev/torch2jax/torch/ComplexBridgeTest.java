package dev.torch2jax.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jax;
import dev.torch2jax.Jnp;
import dev.torch2jax.core.Promotion;
import dev.torch2jax.lax.ComplexOps;
import java.nio.ByteBuffer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.junit.jupiter.api.Test;

/** complex64 and complex128 through the dtype, the libtorch bridge, PJRT buffers and promotion. */
class ComplexBridgeTest {
  /** Real and imaginary parts with the values bit-exactness is about: -0, NaN, inf, subnormals. */
  private static final double[] PARTS = {
    1.5,
    -2.25,
    -0.0,
    0.0,
    Double.NaN,
    Double.POSITIVE_INFINITY,
    Double.NEGATIVE_INFINITY,
    1e-310,
    3.0e38,
    -7.0,
    0.1,
    12345.678
  };

  private static byte[] bytesOf(Tensor t) {
    Tensor raw = t.contiguous().reshape(-1).view(ScalarType.Byte);
    byte[] out = new byte[(int) raw.numel()];
    ByteBuffer b = raw.createBuffer();
    b.get(out);
    return out;
  }

  /** A complex tensor of shape [2, 3] whose parts are {@link #PARTS}, interleaved. */
  private static Tensor complexTensor(DType dtype) {
    Tensor parts =
        dtype == DType.C64
            ? Tensor.create(toFloats(PARTS), PARTS.length)
            : Tensor.create(PARTS, PARTS.length);
    return parts.view(ScalarTypes.toScalarType(dtype)).reshape(2, 3);
  }

  private static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  @Test
  void dtypeFacts() {
    assertEquals("complex<f32>", DType.C64.xlaName());
    assertEquals("complex<f64>", DType.C128.xlaName());
    assertEquals(DType.C64, DType.fromPjrtCode(14));
    assertEquals(DType.C128, DType.fromPjrtCode(15));
    assertEquals(16, DType.C128.byteSize());
    assertEquals(DType.F32, DType.C64.realType());
    assertEquals(DType.C128, DType.F64.complexType());
    assertEquals(DType.C64, DType.fromTorchName("torch.complex64"));
    assertThrows(IllegalArgumentException.class, DType.F16::complexType);
  }

  @Test
  void libtorchTensorsRoundTripBitExact() {
    for (DType dtype : new DType[] {DType.C64, DType.C128}) {
      Tensor t = complexTensor(dtype);
      Array a = T2J.t2j(t);
      assertEquals(dtype, a.dtype());
      assertArrayEquals(new long[] {2, 3}, a.shape());
      assertArrayEquals(bytesOf(t), a.toBytes());
      double[] expected = dtype == DType.C64 ? asDoubles(toFloats(PARTS)) : PARTS;
      assertArrayEquals(expected, a.toDoubleArray());
      Tensor back = T2J.j2t(a);
      assertEquals(t.scalar_type().value, back.scalar_type().value);
      assertArrayEquals(bytesOf(t), bytesOf(back));
      // A transposed (strided) complex tensor is read in logical order.
      assertArrayEquals(bytesOf(t.t().contiguous()), T2J.t2j(t.t()).toBytes());
    }
  }

  @Test
  void deviceBuffersRoundTripAndCompute() {
    byte[] bytes = bytesOf(complexTensor(DType.C128));
    Array a = Array.fromBytes(bytes, DType.C128, 3, 2);
    assertArrayEquals(bytes, a.toBytes());
    // (1 + 2i)(3 + 4i) = -5 + 10i; (1 + 2i) + (3 + 4i) = 4 + 6i; -(1 + 2i).
    Array z = ComplexOps.complex(Array.of(new float[] {1}), Array.of(new float[] {2}));
    Array w = ComplexOps.complex(Array.of(new float[] {3}), Array.of(new float[] {4}));
    assertArrayEquals(new float[] {-5, 10}, Jnp.multiply(z, w).toFloatArray());
    assertArrayEquals(new float[] {4, 6}, Jnp.add(z, w).toFloatArray());
    assertArrayEquals(new float[] {-1, -2}, Jnp.negative(z).toFloatArray());
    Array jitted = (Array) Jax.jit(xs -> Jnp.subtract((Array) xs[0], (Array) xs[1])).apply(z, w);
    assertArrayEquals(new float[] {-2, -2}, jitted.toFloatArray());
    // Complex to real keeps the real part, as a cast does.
    assertArrayEquals(new float[] {1}, Jnp.astype(z, DType.F32).toFloatArray());
    assertEquals("Array(complex64[1],\n[(1.0+2.0j)])", z.toString());
  }

  @Test
  void promotionFollowsPyTorch() {
    assertEquals(DType.C128, Promotion.promoteTypes(DType.C64, DType.F64));
    assertEquals(DType.C64, Promotion.promoteTypes(DType.I64, DType.C64));
    assertEquals(DType.C64, Promotion.promoteTypes(DType.F16, DType.C64));
    assertEquals(DType.C128, Promotion.promoteTypes(DType.C64, DType.C128));
    // A 0-d complex operand keeps a dimensioned float operand's precision.
    assertEquals(
        DType.C64, new Promotion.ResultType().tensor(DType.F32, 1).tensor(DType.C128, 0).result());
    assertEquals(
        DType.C128, new Promotion.ResultType().tensor(DType.I64, 1).tensor(DType.C128, 0).result());
    assertEquals(
        DType.C64, new Promotion.ResultType().tensor(DType.C64, 2).tensor(DType.F64, 0).result());
    assertEquals(DType.C64, new Promotion.ResultType().tensor(DType.C64, 1).scalar(2.5).result());
  }

  private static double[] asDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
