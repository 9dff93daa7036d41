package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.Promotion;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Joining and splitting: cat, stack and their h/v/d forms, split, chunk, unbind. */
public final class Joining {
  private Joining() {}

  /**
   * The tensors joined along {@code dim}, dtypes promoted. As in libtorch, 1-d empty tensors (shape
   * {@code [0]}) are skipped whatever the others' shapes.
   */
  @Implements("aten::cat")
  public static Array cat(List<Array> tensors, long dim) {
    if (tensors.isEmpty()) {
      throw new IllegalArgumentException("torch.cat(): expected a non-empty list of Tensors");
    }
    Promotion.ResultType rt = new Promotion.ResultType();
    tensors.forEach(t -> rt.tensor(t.dtype(), Math.max(1, t.ndim())));
    List<Array> kept = new ArrayList<>();
    for (Array t : tensors) {
      if (!(t.ndim() == 1 && t.size() == 0)) {
        kept.add(t);
      }
    }
    if (kept.isEmpty()) {
      return ElementwiseOps.convert(tensors.getFirst(), rt.result());
    }
    Array first = kept.getFirst();
    if (first.ndim() == 0) {
      throw new IllegalArgumentException(
          "torch.cat(): zero-dimensional tensor (at position 0) cannot be concatenated");
    }
    int d = Dims.wrap("cat", dim, first.ndim());
    List<Array> converted = new ArrayList<>();
    for (Array t : kept) {
      long[] s = t.shape();
      long[] f = first.shape();
      if (t.ndim() != first.ndim()) {
        throw new IllegalArgumentException(
            "torch.cat(): tensors must have same number of dimensions: got "
                + first.ndim()
                + " and "
                + t.ndim());
      }
      s[d] = 0;
      f[d] = 0;
      if (!Arrays.equals(s, f)) {
        throw new IllegalArgumentException(
            "torch.cat(): sizes of tensors must match except in dimension "
                + d
                + ": "
                + Arrays.toString(first.shape())
                + " and "
                + Arrays.toString(t.shape()));
      }
      converted.add(ElementwiseOps.convert(t, rt.result()));
    }
    return converted.size() == 1 ? converted.getFirst() : ShapeOps.concatenate(converted, d);
  }

  /** The tensors (of one shape) stacked along a new dim {@code dim}. */
  @Implements("aten::stack")
  public static Array stack(List<Array> tensors, long dim) {
    if (tensors.isEmpty()) {
      throw new IllegalArgumentException("stack expects a non-empty TensorList");
    }
    long[] first = tensors.getFirst().shape();
    int d = Dims.wrap("stack", dim, first.length + 1);
    for (int i = 1; i < tensors.size(); i++) {
      long[] s = tensors.get(i).shape();
      if (!Arrays.equals(s, first)) {
        throw new IllegalArgumentException(
            "stack expects each tensor to be equal size, but got %s at entry 0 and %s at entry %d"
                .formatted(Arrays.toString(first), Arrays.toString(s), i));
      }
    }
    return cat(tensors.stream().map(t -> AxisOps.unsqueeze(t, d)).toList(), d);
  }

  /** Joined along dim 1 (dim 0 for 1-d tensors); 0-d tensors count as 1-d. */
  @Implements("aten::hstack")
  public static Array hstack(List<Array> tensors) {
    List<Array> t = atLeast(tensors, 1);
    return cat(t, t.getFirst().ndim() == 1 ? 0 : 1);
  }

  /** Joined along dim 0, each tensor at least 2-d. */
  @Implements("aten::vstack aten::row_stack")
  public static Array vstack(List<Array> tensors) {
    return cat(atLeast(tensors, 2), 0);
  }

  /** Joined along dim 2, each tensor at least 3-d. */
  @Implements("aten::dstack")
  public static Array dstack(List<Array> tensors) {
    return cat(atLeast(tensors, 3), 2);
  }

  /** 1-d and 0-d tensors as columns, the others as they are, joined along dim 1. */
  @Implements("aten::column_stack")
  public static Array columnStack(List<Array> tensors) {
    List<Array> cols = new ArrayList<>();
    for (Array t : tensors) {
      cols.add(t.ndim() <= 1 ? AxisOps.reshape(t, new long[] {t.size(), 1}) : t);
    }
    return cat(cols, 1);
  }

  /** {@code self} as at least 1-d. */
  @Implements("aten::atleast_1d")
  public static Array atleast1d(Array self) {
    return atLeast(List.of(self), 1).getFirst();
  }

  /** {@code self} as at least 2-d. */
  @Implements("aten::atleast_2d")
  public static Array atleast2d(Array self) {
    return atLeast(List.of(self), 2).getFirst();
  }

  /** {@code self} as at least 3-d. */
  @Implements("aten::atleast_3d")
  public static Array atleast3d(Array self) {
    return atLeast(List.of(self), 3).getFirst();
  }

  private static List<Array> atLeast(List<Array> tensors, int rank) {
    if (tensors.isEmpty()) {
      throw new IllegalArgumentException("expected a non-empty list of Tensors");
    }
    List<Array> out = new ArrayList<>();
    for (Array t : tensors) {
      long[] s = t.shape();
      long[] r =
          switch (s.length) {
            case 0 ->
                rank == 1 ? new long[] {1} : rank == 2 ? new long[] {1, 1} : new long[] {1, 1, 1};
            case 1 -> rank == 1 ? s : rank == 2 ? new long[] {1, s[0]} : new long[] {1, s[0], 1};
            case 2 -> rank <= 2 ? s : new long[] {s[0], s[1], 1};
            default -> s;
          };
      out.add(AxisOps.reshape(t, r));
    }
    return out;
  }

  /** Pieces of {@code split_size} along {@code dim}, the last one smaller if need be. */
  @Implements("aten::split.Tensor aten::unsafe_split.Tensor")
  public static List<Array> split(Array self, long splitSize, long dim) {
    int d = Dims.wrap("split", dim, self.ndim());
    if (self.ndim() == 0) {
      throw new IllegalArgumentException("split expects at least a 1-dimensional tensor");
    }
    long n = self.shape()[d];
    if (splitSize < 0 || (splitSize == 0 && n != 0)) {
      throw new IllegalArgumentException(
          "split_size can only be 0 if dimension size is 0, but got dimension size of " + n);
    }
    long pieces = splitSize == 0 ? 1 : Math.max(1, Math.ceilDiv(n, splitSize));
    long[] sizes = new long[(int) pieces];
    for (int i = 0; i < pieces; i++) {
      sizes[i] = Math.min(splitSize, n - i * splitSize);
    }
    return splitWithSizes(self, sizes, d);
  }

  /** Pieces of the given sizes along {@code dim}; the sizes add up to the dim's size. */
  @Implements({
    "aten::split_with_sizes aten::split.sizes aten::split",
    "aten::split_with_sizes_copy aten::unsafe_split_with_sizes"
  })
  public static List<Array> splitWithSizes(Array self, long[] splitSizes, long dim) {
    if (self.ndim() == 0) {
      throw new IllegalArgumentException("split expects at least a 1-dimensional tensor");
    }
    int d = Dims.wrap("split_with_sizes", dim, self.ndim());
    long n = self.shape()[d];
    long total = 0;
    for (long s : splitSizes) {
      if (s < 0) {
        throw new IllegalArgumentException(
            "split_with_sizes expects split_sizes have only non-negative entries, but got "
                + Arrays.toString(splitSizes));
      }
      total += s;
    }
    if (total != n) {
      throw new IllegalArgumentException(
          "split_with_sizes expects split_sizes to sum exactly to "
              + n
              + " (input tensor's size at dimension "
              + d
              + "), but got split_sizes="
              + Arrays.toString(splitSizes));
    }
    List<Array> out = new ArrayList<>();
    long start = 0;
    for (long s : splitSizes) {
      out.add(AxisOps.sliceAxis(self, d, start, start + s, 1));
      start += s;
    }
    return out;
  }

  /** {@code chunks} pieces of equal size ({@code ceil(n / chunks)}) along {@code dim}, or fewer. */
  @Implements("aten::chunk aten::unsafe_chunk")
  public static List<Array> chunk(Array self, long chunks, long dim) {
    if (self.ndim() == 0) {
      throw new IllegalArgumentException("chunk expects at least a 1-dimensional tensor");
    }
    if (chunks <= 0) {
      throw new IllegalArgumentException(
          "chunk expects `chunks` to be greater than 0, got: " + chunks);
    }
    int d = Dims.wrap("chunk", dim, self.ndim());
    long n = self.shape()[d];
    long size = Math.ceilDiv(n, chunks);
    if (size == 0 && n == 0) {
      long[] sizes = new long[(int) chunks];
      return splitWithSizes(self, sizes, d);
    }
    return split(self, size, d);
  }

  /** {@code sections} nearly equal pieces (the first {@code n % sections} one larger). */
  @Implements("aten::tensor_split.sections")
  public static List<Array> tensorSplitSections(Array self, long sections, long dim) {
    if (sections <= 0) {
      throw new IllegalArgumentException(
          "number of sections must be larger than 0, got " + sections);
    }
    int d = Dims.wrap("tensor_split", dim, self.ndim());
    long n = self.shape()[d];
    long[] sizes = new long[(int) sections];
    for (int i = 0; i < sections; i++) {
      sizes[i] = n / sections + (i < n % sections ? 1 : 0);
    }
    return splitWithSizes(self, sizes, d);
  }

  /** Pieces cut at the positions {@code indices} (clamped to the dim, like Python slices). */
  @Implements("aten::tensor_split.indices")
  public static List<Array> tensorSplitIndices(Array self, long[] indices, long dim) {
    int d = Dims.wrap("tensor_split", dim, self.ndim());
    long n = self.shape()[d];
    List<Array> out = new ArrayList<>();
    long start = 0;
    for (int i = 0; i <= indices.length; i++) {
      long end = i < indices.length ? indices[i] : n;
      long lo = clampIndex(start, n);
      long hi = Math.max(lo, clampIndex(end, n));
      out.add(AxisOps.sliceAxis(self, d, lo, hi, 1));
      start = end;
    }
    return out;
  }

  private static long clampIndex(long i, long n) {
    long w = i < 0 ? i + n : i;
    return Math.max(0, Math.min(n, w));
  }

  /** The slices along {@code dim}, each without that dim. */
  @Implements("aten::unbind.int aten::unbind_copy.int")
  public static List<Array> unbind(Array self, long dim) {
    if (self.ndim() == 0) {
      throw new IllegalArgumentException("Dimension specified as 0 but tensor has no dimensions");
    }
    int d = Dims.wrap("unbind", dim, self.ndim());
    long[] s = self.shape();
    long[] rest = new long[s.length - 1];
    for (int i = 0, k = 0; i < s.length; i++) {
      if (i != d) {
        rest[k++] = s[i];
      }
    }
    List<Array> out = new ArrayList<>();
    for (long i = 0; i < s[d]; i++) {
      out.add(ShapeOps.reshape(AxisOps.sliceAxis(self, d, i, i + 1, 1), rest));
    }
    return out;
  }
}
