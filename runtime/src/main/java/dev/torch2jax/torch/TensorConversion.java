package dev.torch2jax.torch;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch.ScalarType;

/**
 * Bit-exact copies between libtorch tensors and arrays: the tensor's elements in row-major order,
 * whatever its strides, reinterpreted as bytes (no numeric conversion).
 */
final class TensorConversion {
  private TensorConversion() {}

  static Array toArray(Tensor t) {
    if (t == null || t.isNull()) {
      throw new IllegalArgumentException("t2j: the tensor is null or undefined");
    }
    if (!t.is_cpu()) {
      throw new IllegalArgumentException(
          "t2j: the tensor is on "
              + t.device().str().getString()
              + "; move it to the CPU first (tensor.cpu())");
    }
    if (t.is_sparse() || t.is_quantized() || t.is_meta()) {
      throw new IllegalArgumentException(
          "t2j: sparse, quantized and meta tensors are not supported; convert to a dense CPU tensor");
    }
    DType dtype = ScalarTypes.toDType(t.scalar_type());
    long[] shape = t.shape();
    byte[] bytes = new byte[Math.toIntExact(t.numel() * dtype.byteSize())];
    if (bytes.length > 0) {
      // Flatten (copying if strided), then view the elements as bytes.
      Tensor raw = t.detach().contiguous().reshape(-1).view(ScalarType.Byte);
      ByteBuffer b = raw.createBuffer();
      b.get(bytes);
    }
    return Array.fromBytes(bytes, dtype, shape);
  }

  static Tensor toTensor(Array a) {
    byte[] bytes = a.toBytes();
    long[] shape = a.shape();
    // JavaCPP cannot create a tensor from an empty Java array: narrow a one-byte one instead.
    Tensor raw =
        bytes.length == 0
            ? Tensor.create(new byte[] {0}, false, 1).narrow(0, 0, 0)
            : Tensor.create(bytes, false, bytes.length);
    Tensor flat = raw.view(ScalarTypes.toScalarType(a.dtype()));
    Tensor out = flat.reshape(shape).clone();
    if (!Arrays.equals(out.shape(), shape)) {
      throw new IllegalStateException(
          "j2t produced shape " + Arrays.toString(out.shape()) + " for " + Arrays.toString(shape));
    }
    return out;
  }
}
