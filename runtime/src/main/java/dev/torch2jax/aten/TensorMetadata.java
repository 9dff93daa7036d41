package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.ConcretizationException;

/**
 * Sizes, strides, contiguity and scalar reads of a tensor. An {@link Array} has no strides: here it
 * is a contiguous tensor with storage offset 0. The TorchScript interpreter answers these ops
 * itself for tensors that are views (a transpose, a slice), from the view chain, as libtorch does.
 */
public final class TensorMetadata {
  private TensorMetadata() {}

  /** The size of dim {@code dim} (negative counts from the end). */
  @Implements("aten::sym_size.int")
  public static long symSize(Array self, long dim) {
    return self.shape()[queriedDim("aten::sym_size.int", dim, self.ndim())];
  }

  /** Every dim's size. */
  @Implements("aten::sym_size")
  public static long[] symSizes(Array self) {
    return self.shape();
  }

  /** The number of elements. */
  @Implements("aten::sym_numel")
  public static long symNumel(Array self) {
    return self.size();
  }

  /** The row-major stride of dim {@code dim} (negative counts from the end). */
  @Implements("aten::sym_stride.int aten::stride.int")
  public static long symStride(Array self, long dim) {
    return strides(self)[queriedDim("aten::sym_stride.int", dim, self.ndim())];
  }

  /** Every dim's row-major stride. */
  @Implements("aten::sym_stride aten::stride")
  public static long[] strides(Array self) {
    return contiguousStrides(self.shape());
  }

  /** 0: an array starts its own storage. */
  @Implements("aten::sym_storage_offset aten::storage_offset")
  public static long symStorageOffset(Array self) {
    return 0;
  }

  /**
   * Whether the row-major elements lie in {@code memoryFormat}'s order (see {@link
   * #isContiguous(long[], long[], Object)}).
   */
  @Implements("aten::sym_is_contiguous aten::is_contiguous.memory_format")
  public static boolean symIsContiguous(Array self, Object memoryFormat) {
    long[] shape = self.shape();
    return isContiguous(shape, contiguousStrides(shape), memoryFormat);
  }

  /** Row-major contiguity: always. */
  @Implements("aten::is_contiguous")
  public static boolean isContiguous(Array self) {
    return true;
  }

  /**
   * The tensor's first element as a Java number: a {@code Double} for float dtypes, else a {@code
   * Long} (bool tensors give 1 or 0; the interpreter gives a {@code Boolean}). {@code
   * Tensor.item()} calls it after checking there is exactly one element; libtorch reads the first
   * element of a larger tensor, and so does this.
   *
   * @throws ConcretizationException under {@code jit} or {@code vmap}, where values are unknown
   * @throws IllegalArgumentException for a tensor with no elements
   */
  @Implements("aten::_local_scalar_dense")
  public static Number localScalarDense(Array self) {
    if (self.size() == 0) {
      throw new IllegalArgumentException(
          "aten::_local_scalar_dense: the tensor of shape "
              + java.util.Arrays.toString(self.shape())
              + " has no elements to read");
    }
    double[] values;
    try {
      values = self.toDoubleArray();
    } catch (ConcretizationException e) {
      throw new ConcretizationException(
          "aten::_local_scalar_dense (Tensor.item()) reads a tensor's value into a Java number,"
              + " which jit and vmap do not know while tracing; keep the value a tensor (e.g."
              + " torch.where instead of an if on it) or read it outside the traced function ("
              + e.getMessage()
              + ")");
    }
    DType t = self.dtype();
    if (t == DType.BOOL) {
      return values[0] != 0 ? 1L : 0L;
    }
    return t.isFloatingPoint() ? (Number) values[0] : (Number) self.toLongArray()[0];
  }

  /** Every dim's size ({@code x.size()}, {@code x.shape}). */
  @Implements("aten::size")
  public static long[] size(Array self) {
    return self.shape();
  }

  /** The size of dim {@code dim} (negative counts from the end). */
  @Implements("aten::size.int")
  public static long size(Array self, long dim) {
    return self.shape()[queriedDim("aten::size.int", dim, self.ndim())];
  }

  /** The number of dims. */
  @Implements("aten::dim")
  public static long dim(Array self) {
    return self.ndim();
  }

  /** The number of elements. */
  @Implements("aten::numel")
  public static long numel(Array self) {
    return self.size();
  }

  /** {@code len(x)}: the size of the first dim. */
  @Implements("aten::len.Tensor")
  public static long len(Array t) {
    if (t.ndim() == 0) {
      throw new IllegalArgumentException("len() of a 0-d tensor");
    }
    return t.shape()[0];
  }

  /** Whether the dtype is a floating-point one. */
  @Implements("aten::is_floating_point")
  public static boolean isFloatingPoint(Array self) {
    return self.dtype().isFloatingPoint();
  }

  /** Whether the dtype is complex. */
  @Implements("aten::is_complex")
  public static boolean isComplex(Array self) {
    return self.dtype().isComplex();
  }

  /** -1, libtorch's answer for a CPU tensor: arrays are not tied to a CUDA device index. */
  @Implements("aten::get_device")
  public static long getDevice(Array self) {
    return -1;
  }

  /**
   * {@code x.item()}: the value of a one-element tensor as a Java number ({@code Double} for float
   * dtypes, else {@code Long}; bool tensors give 1 or 0).
   *
   * @throws IllegalArgumentException unless the tensor has exactly one element
   * @throws ConcretizationException under {@code jit} or {@code vmap}, where values are unknown
   */
  @Implements("aten::item aten::ScalarImplicit")
  public static Number item(Array self) {
    checkOneElement("item", self);
    return localScalarDense(self);
  }

  /** {@code int(x)} of a one-element tensor (float values truncated toward zero). */
  @Implements("aten::Int.Tensor aten::IntImplicit")
  public static long toInt(Array a) {
    checkOneElement("Int", a);
    Number n = localScalarDense(a);
    return n instanceof Double d ? (long) d.doubleValue() : n.longValue();
  }

  /** {@code float(x)} of a one-element tensor. */
  @Implements("aten::Float.Tensor aten::FloatImplicit")
  public static double toFloat(Array a) {
    checkOneElement("Float", a);
    return localScalarDense(a).doubleValue();
  }

  /** {@code bool(x)} of a one-element tensor: whether it is non-zero. */
  @Implements("aten::Bool.Tensor")
  public static boolean toBool(Array a) {
    checkOneElement("Bool", a);
    return localScalarDense(a).doubleValue() != 0;
  }

  private static void checkOneElement(String op, Array a) {
    if (a.size() != 1) {
      throw new IllegalArgumentException(
          "aten::%s: a Tensor with %d elements cannot be converted to Scalar"
              .formatted(op, a.size()));
    }
  }

  // ---- shared with the interpreter ----------------------------------------------------------

  /** libtorch's strides of a contiguous tensor of {@code shape} (size-0 dims step like size-1). */
  public static long[] contiguousStrides(long[] shape) {
    long[] out = new long[shape.length];
    long step = 1;
    for (int d = shape.length - 1; d >= 0; d--) {
      out[d] = step;
      step *= Math.max(shape[d], 1);
    }
    return out;
  }

  /**
   * libtorch's {@code is_contiguous(memory_format)} of a tensor with these sizes and strides:
   * row-major for {@code contiguous_format} (code 0 or null; an empty tensor always is), channels
   * innermost for {@code channels_last} (code 2, 4-d) and {@code channels_last_3d} (code 3, 5-d);
   * size-1 dims never break contiguity.
   *
   * @throws IllegalArgumentException for another memory format
   */
  public static boolean isContiguous(long[] sizes, long[] strides, Object memoryFormat) {
    long code = memoryFormat == null ? 0 : memoryFormatCode(memoryFormat);
    if (code == 0) {
      for (long s : sizes) {
        if (s == 0) {
          return true;
        }
      }
      int[] order = new int[sizes.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = order.length - 1 - i;
      }
      return denseInOrder(sizes, strides, order);
    }
    if (code == 2) {
      return sizes.length == 4 && denseInOrder(sizes, strides, 1, 3, 2, 0);
    }
    if (code == 3) {
      return sizes.length == 5 && denseInOrder(sizes, strides, 1, 4, 3, 2, 0);
    }
    throw new IllegalArgumentException(
        "is_contiguous: memory format code "
            + code
            + " is not supported; pass torch.contiguous_format (0), torch.channels_last (2) or"
            + " torch.channels_last_3d (3)");
  }

  /**
   * The dim {@code dim} of a {@code rank}-d tensor for a size or stride query, wrapped by {@link
   * Dims#wrap}; unlike other ops, these refuse a 0-d tensor, as libtorch does.
   *
   * @throws IndexOutOfBoundsException when out of range, or for a 0-d tensor
   */
  public static int queriedDim(String op, long dim, int rank) {
    if (rank == 0) {
      throw new IndexOutOfBoundsException(
          "%s: Dimension specified as %d but tensor has no dimensions".formatted(op, dim));
    }
    return Dims.wrap(op, dim, rank);
  }

  private static long memoryFormatCode(Object format) {
    if (format instanceof Long || format instanceof Integer) {
      return ((Number) format).longValue();
    }
    throw new IllegalArgumentException(
        "is_contiguous: expected a memory format (torch.contiguous_format, torch.channels_last,"
            + " ...), got "
            + format);
  }

  /** Whether the dims, innermost first in {@code order}, step through storage without gaps. */
  private static boolean denseInOrder(long[] sizes, long[] strides, int... order) {
    long expected = 1;
    for (int d : order) {
      if (sizes[d] != 1) {
        if (strides[d] != expected) {
          return false;
        }
        expected *= sizes[d];
      }
    }
    return true;
  }
}
