package dev.torch2jax.torch;

import dev.torch2jax.Array;
import org.bytedeco.pytorch.Tensor;

/**
 * The bridge from PyTorch: libtorch tensors to arrays and back ({@link #t2j(Tensor)}, {@link
 * #j2t(Array)}), bit-exact for every dtype both sides have.
 */
public final class T2J {
  private T2J() {}

  /**
   * A device array with the tensor's dtype, shape and bits (strided and non-contiguous tensors are
   * read element by element in row-major order).
   *
   * @throws IllegalArgumentException for a tensor not on the CPU, of a dtype XLA lacks, or
   *     sparse/quantized
   */
  public static Array t2j(Tensor tensor) {
    return TensorConversion.toArray(tensor);
  }

  /** A new contiguous CPU tensor with the array's dtype, shape and bits. */
  public static Tensor j2t(Array array) {
    return TensorConversion.toTensor(array);
  }
}
