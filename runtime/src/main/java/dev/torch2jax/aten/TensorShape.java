package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.hlo.ComparisonDirection;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shape overloads (ATen's TensorShape): {@code view}, {@code view_as}, {@code reshape}, {@code
 * permute}, {@code expand}, transposes, squeezes, flattening, repeats, rolls, flips, triangles,
 * diagonals and {@code as_strided}. TensorShape are values (the interpreter functionalizes
 * mutation), so each returns a new array; in-place twins return the new value. Joining and
 * splitting are in {@link Joining}, indexing views ({@code select}, {@code slice}, {@code narrow})
 * in {@link Selection}.
 */
public final class TensorShape {
  private TensorShape() {}

  /** The same elements in {@code shape} (one -1 inferred). */
  @Implements("aten::reshape aten::view")
  public static Array reshape(Array self, long[] shape) {
    return Jnp.reshape(self, shape);
  }

  /** Axes reordered by {@code dims}. */
  @Implements("aten::permute")
  public static Array permute(Array self, long[] dims) {
    return Jnp.transpose(self, dims);
  }

  /** The transpose of a matrix (vectors and scalars unchanged). */
  @Implements("aten::t")
  public static Array t(Array self) {
    if (self.ndim() > 2) {
      throw new IllegalArgumentException(
          "aten::t expects a tensor with at most 2 dimensions, got shape "
              + Arrays.toString(self.shape()));
    }
    return Jnp.transpose(self);
  }

  /** {@code x.T}: every dim reversed. */
  @Implements("aten::numpy_T")
  public static Array numpyT(Array self) {
    return Jnp.transpose(self);
  }

  /** Broadcast to {@code size}; -1 keeps a dimension. */
  @Implements(value = "aten::expand", ignores = "implicit")
  public static Array expand(Array self, long[] size) {
    long[] target = size.clone();
    long[] s = self.shape();
    int offset = target.length - s.length;
    for (int i = 0; i < target.length; i++) {
      if (target[i] == -1) {
        if (i < offset) {
          throw new IllegalArgumentException(
              "aten::expand: -1 is not allowed for the new leading dimension "
                  + i
                  + " in "
                  + Arrays.toString(size));
        }
        target[i] = s[i - offset];
      }
    }
    return Jnp.broadcastTo(self, target);
  }

  /** {@code reshape} without the aliasing checks ({@code view}'s functional twin). */
  @Implements("aten::_unsafe_view aten::view_copy")
  public static Array unsafeView(Array self, long[] size) {
    return Jnp.reshape(self, size);
  }

  /** {@code self} viewed in {@code other}'s shape. */
  @Implements("aten::view_as aten::reshape_as")
  public static Array viewAs(Array self, Array other) {
    return Jnp.reshape(self, other.shape());
  }

  /** {@code self} broadcast to {@code other}'s shape. */
  @Implements("aten::expand_as")
  public static Array expandAs(Array self, Array other) {
    return Jnp.broadcastTo(self, other.shape());
  }

  /** Dims {@code dim0} and {@code dim1} swapped. */
  @Implements("aten::transpose.int aten::transpose_ aten::swapaxes aten::swapdims")
  public static Array transpose(Array self, long dim0, long dim1) {
    int rank = self.ndim();
    int a = Dims.wrap("transpose", dim0, rank);
    int b = Dims.wrap("transpose", dim1, rank);
    if (a == b) {
      return self;
    }
    int[] perm = identity(rank);
    perm[a] = b;
    perm[b] = a;
    return AxisOps.permute(self, perm);
  }

  /** Dim {@code source} moved to {@code destination}, the others in order. */
  @Implements("aten::movedim.int aten::moveaxis.int")
  public static Array movedim(Array self, long source, long destination) {
    int rank = self.ndim();
    if (rank == 0) {
      Dims.wrap("movedim", source, rank);
      Dims.wrap("movedim", destination, rank);
      return self;
    }
    return AxisOps.moveAxis(
        self, Dims.wrap("movedim", source, rank), Dims.wrap("movedim", destination, rank));
  }

  /** Dims {@code start_dim..end_dim} merged into one; a 0-d tensor becomes shape {@code [1]}. */
  @Implements("aten::flatten.using_ints")
  public static Array flatten(Array self, long startDim, long endDim) {
    int rank = self.ndim();
    int s = Dims.wrap("flatten", startDim, rank);
    int e = Dims.wrap("flatten", endDim, rank);
    if (s > e) {
      throw new IllegalArgumentException(
          "flatten() has invalid args: start_dim cannot come after end_dim");
    }
    if (rank == 0) {
      return ShapeOps.reshape(self, new long[] {1});
    }
    long[] shape = self.shape();
    long merged = 1;
    for (int i = s; i <= e; i++) {
      merged *= shape[i];
    }
    long[] out = new long[rank - (e - s)];
    System.arraycopy(shape, 0, out, 0, s);
    out[s] = merged;
    System.arraycopy(shape, e + 1, out, s + 1, rank - e - 1);
    return AxisOps.reshape(self, out);
  }

  /** All elements in one dim. */
  @Implements("aten::ravel")
  public static Array ravel(Array self) {
    return AxisOps.reshape(self, new long[] {self.size()});
  }

  /** Dim {@code dim} split into {@code sizes} (one may be -1). */
  @Implements("aten::unflatten.int")
  public static Array unflatten(Array self, long dim, long[] sizes) {
    int rank = self.ndim();
    int d = Dims.wrap("unflatten", dim, rank);
    if (sizes.length == 0) {
      throw new IllegalArgumentException("unflatten: sizes must be non-empty");
    }
    long n = rank == 0 ? 1 : self.shape()[d];
    long[] resolved = sizes.clone();
    long known = 1;
    int inferred = -1;
    for (int i = 0; i < sizes.length; i++) {
      if (sizes[i] == -1) {
        if (inferred >= 0) {
          throw new IllegalArgumentException("unflatten: only one dimension can be inferred");
        }
        inferred = i;
      } else {
        known *= sizes[i];
      }
    }
    if (inferred >= 0) {
      if (known == 0 || n % known != 0) {
        throw new IllegalArgumentException(
            "unflatten: provided sizes " + Arrays.toString(sizes) + " don't multiply up to " + n);
      }
      resolved[inferred] = n / known;
    } else if (known != n) {
      throw new IllegalArgumentException(
          "unflatten: provided sizes "
              + Arrays.toString(sizes)
              + " don't multiply up to the size of dim "
              + dim
              + " ("
              + n
              + ") in the input tensor");
    }
    long[] shape = rank == 0 ? new long[] {1} : self.shape();
    return ShapeOps.reshape(self, AxisOps.replaceAxis(shape, d, resolved));
  }

  /** Every size-1 dim removed. */
  @Implements("aten::squeeze aten::squeeze_ aten::squeeze_copy")
  public static Array squeeze(Array self) {
    long[] s = self.shape();
    return AxisOps.reshape(self, Arrays.stream(s).filter(x -> x != 1).toArray());
  }

  /** Dim {@code dim} removed if its size is 1; otherwise {@code self} unchanged. */
  @Implements("aten::squeeze.dim aten::squeeze_.dim aten::squeeze_copy.dim")
  public static Array squeezeDim(Array self, long dim) {
    return squeezeDims(self, new long[] {dim});
  }

  /** Those of {@code dims} of size 1 removed. */
  @Implements("aten::squeeze.dims aten::squeeze_.dims aten::squeeze_copy.dims")
  public static Array squeezeDims(Array self, long[] dims) {
    int rank = self.ndim();
    long[] s = self.shape();
    boolean[] drop = new boolean[Math.max(rank, 1)];
    for (long d : dims) {
      drop[Dims.wrap("squeeze", d, rank)] = true;
    }
    if (rank == 0) {
      return self;
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < rank; i++) {
      if (!(drop[i] && s[i] == 1)) {
        out.add(s[i]);
      }
    }
    return AxisOps.reshape(self, out.stream().mapToLong(Long::longValue).toArray());
  }

  /** A size-1 dim inserted at {@code dim} (of the result). */
  @Implements("aten::unsqueeze aten::unsqueeze_ aten::unsqueeze_copy")
  public static Array unsqueeze(Array self, long dim) {
    return AxisOps.unsqueeze(self, Dims.wrap("unsqueeze", dim, self.ndim() + 1));
  }

  /** The elements reversed along each of {@code dims}. */
  @Implements("aten::flip")
  public static Array flip(Array self, long[] dims) {
    int rank = self.ndim();
    boolean[] seen = new boolean[Math.max(rank, 1)];
    List<Long> axes = new ArrayList<>();
    for (long d : dims) {
      int a = Dims.wrap("flip", d, rank);
      if (seen[a]) {
        throw new IllegalArgumentException("flip: dim " + a + " appears multiple times in dims");
      }
      seen[a] = true;
      if (rank > 0) {
        axes.add((long) a);
      }
    }
    if (axes.isEmpty()) {
      return self;
    }
    return ShapeOps.rev(self, axes.stream().mapToLong(Long::longValue).toArray());
  }

  /**
   * Elements shifted by {@code shifts} along {@code dims}, wrapping around; with no dims the
   * flattened tensor is rolled and the shape restored.
   */
  @Implements("aten::roll")
  public static Array roll(Array self, long[] shifts, long[] dims) {
    if (dims.length == 0) {
      if (shifts.length != 1) {
        throw new IllegalArgumentException(
            "roll: shifts " + Arrays.toString(shifts) + " need dims to roll along");
      }
      Array flat = AxisOps.reshape(self, new long[] {self.size()});
      return AxisOps.reshape(rollAxis(flat, 0, shifts[0]), self.shape());
    }
    if (shifts.length != dims.length) {
      throw new IllegalArgumentException(
          "roll: shifts and dimensions must align. shifts: "
              + shifts.length
              + ", dims:"
              + dims.length);
    }
    Array out = self;
    for (int i = 0; i < dims.length; i++) {
      int a = Dims.wrap("roll", dims[i], self.ndim());
      if (self.ndim() > 0) {
        out = rollAxis(out, a, shifts[i]);
      }
    }
    return out;
  }

  private static Array rollAxis(Array x, int axis, long shift) {
    long n = x.shape()[axis];
    if (n == 0) {
      return x;
    }
    long s = Math.floorMod(shift, n);
    if (s == 0) {
      return x;
    }
    Array tail = AxisOps.sliceAxis(x, axis, n - s, n, 1);
    Array head = AxisOps.sliceAxis(x, axis, 0, n - s, 1);
    return ShapeOps.concatenate(List.of(tail, head), axis);
  }

  /** {@code self} repeated {@code repeats[i]} times along dim i; extra leading repeats add dims. */
  @Implements("aten::repeat")
  public static Array repeat(Array self, long[] repeats) {
    int rank = self.ndim();
    if (repeats.length < rank) {
      throw new IllegalArgumentException(
          "repeat: number of repeat dims ("
              + repeats.length
              + ") can not be smaller than number of dimensions of tensor ("
              + rank
              + ")");
    }
    int n = repeats.length;
    long[] padded = new long[n];
    Arrays.fill(padded, 1);
    System.arraycopy(self.shape(), 0, padded, n - rank, rank);
    // [s0, s1, ...] broadcast to [r0, s0, r1, s1, ...], then merged pairwise.
    long[] wide = new long[2 * n];
    long[] dims = new long[n];
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      if (repeats[i] < 0) {
        throw new IllegalArgumentException(
            "repeat: repeats can not be negative, got " + Arrays.toString(repeats));
      }
      wide[2 * i] = repeats[i];
      wide[2 * i + 1] = padded[i];
      dims[i] = 2L * i + 1;
      out[i] = repeats[i] * padded[i];
    }
    Array x = AxisOps.reshape(self, padded);
    return ShapeOps.reshape(ShapeOps.broadcastInDim(x, wide, dims), out);
  }

  /** {@code repeat} with {@code dims} padded with leading 1s to the tensor's rank. */
  @Implements("aten::tile")
  public static Array tile(Array self, long[] dims) {
    int rank = self.ndim();
    long[] reps = dims;
    if (dims.length < rank) {
      reps = new long[rank];
      Arrays.fill(reps, 1);
      System.arraycopy(dims, 0, reps, rank - dims.length, dims.length);
    }
    return repeat(self, reps);
  }

  /** The lower triangle of the last two dims (on and below diagonal {@code diagonal}). */
  @Implements("aten::tril aten::tril_")
  public static Array tril(Array self, long diagonal) {
    return triangle("tril", self, diagonal, true);
  }

  /** The upper triangle of the last two dims (on and above diagonal {@code diagonal}). */
  @Implements("aten::triu aten::triu_")
  public static Array triu(Array self, long diagonal) {
    return triangle("triu", self, diagonal, false);
  }

  private static Array triangle(String op, Array self, long k, boolean lower) {
    int rank = self.ndim();
    if (rank < 2) {
      throw new IllegalArgumentException(
          op + ": input tensor must have at least 2 dimensions, got " + rank);
    }
    long[] s = self.shape();
    long[] mat = {s[rank - 2], s[rank - 1]};
    Array cols = Constants.iota(DType.I64, mat, 1);
    Array rowsPlusK =
        ElementwiseOps.add(Constants.iota(DType.I64, mat, 0), Constants.full(mat, k, DType.I64));
    Array keep =
        ElementwiseOps.compare(
            lower ? ComparisonDirection.LE : ComparisonDirection.GE, cols, rowsPlusK);
    Array mask = ShapeOps.broadcastInDim(keep, s, new long[] {rank - 2, rank - 1});
    return ElementwiseOps.select(mask, self, Constants.full(s, 0L, self.dtype()));
  }

  /**
   * The diagonal {@code offset} of the matrices in dims {@code dim1} and {@code dim2}, appended as
   * the last dim.
   */
  @Implements("aten::diagonal aten::diagonal_copy")
  public static Array diagonal(Array self, long offset, long dim1, long dim2) {
    int rank = self.ndim();
    int a = Dims.wrap("diagonal", dim1, rank);
    int b = Dims.wrap("diagonal", dim2, rank);
    if (a == b) {
      throw new IllegalArgumentException(
          "diagonal dimensions cannot be identical " + dim1 + ", " + dim2);
    }
    int[] perm = new int[rank];
    for (int i = 0, k = 0; i < rank; i++) {
      if (i != a && i != b) {
        perm[k++] = i;
      }
    }
    perm[rank - 2] = a;
    perm[rank - 1] = b;
    Array x = AxisOps.permute(self, perm);
    long[] s = x.shape();
    long n1 = s[rank - 2];
    long n2 = s[rank - 1];
    long r0 = Math.max(-offset, 0);
    long c0 = Math.max(offset, 0);
    long len = Math.max(0, Math.min(n1 - r0, n2 - c0));
    long[] batch = Arrays.copyOf(s, rank - 2);
    long[] start = new long[rank];
    long[] limit = s.clone();
    start[rank - 2] = Math.min(r0, n1);
    start[rank - 1] = Math.min(c0, n2);
    limit[rank - 2] = start[rank - 2] + len;
    limit[rank - 1] = start[rank - 1] + len;
    Array square = ShapeOps.slice(x, start, limit);
    // Row-major, element (i, i) of an L x L block sits at i * (L + 1).
    Array flat = ShapeOps.reshape(square, append(batch, len * len));
    Array diag = AxisOps.sliceAxis(flat, rank - 2, 0, len * len, len + 1);
    return AxisOps.reshape(diag, append(batch, len));
  }

  /**
   * Matrices in dims {@code dim1}, {@code dim2} of the result whose diagonal {@code offset} holds
   * the last dim of {@code self}, zeros elsewhere.
   */
  @Implements("aten::diag_embed")
  public static Array diagEmbed(Array self, long offset, long dim1, long dim2) {
    int outRank = self.ndim() + 1;
    int a = Dims.wrap("diag_embed", dim1, outRank);
    int b = Dims.wrap("diag_embed", dim2, outRank);
    if (a == b) {
      throw new IllegalArgumentException(
          "diagonal dimensions cannot be identical " + dim1 + ", " + dim2);
    }
    long[] s = self.ndim() == 0 ? new long[] {1} : self.shape();
    Array v = AxisOps.reshape(self, s);
    int last = s.length - 1;
    long n = s[last];
    long m = n + Math.abs(offset);
    long[] batch = Arrays.copyOf(s, last);
    Array zero = Constants.scalar(0L, self.dtype());
    Array matrix;
    if (n == 0) {
      matrix = Constants.full(append(batch, m, m), 0L, self.dtype());
    } else {
      // Interior padding of n puts element i at i * (n + 1) of an n * n row-major matrix.
      long[] lo = new long[s.length];
      long[] hi = new long[s.length];
      long[] in = new long[s.length];
      in[last] = n;
      Array spread = ShapeOps.pad(v, zero, lo, hi, in);
      Array sq = ShapeOps.reshape(spread, append(batch, n, n));
      long[] lo2 = new long[s.length + 1];
      long[] hi2 = new long[s.length + 1];
      long[] in2 = new long[s.length + 1];
      long k = Math.abs(offset);
      if (offset >= 0) {
        lo2[last + 1] = k;
        hi2[last] = k;
      } else {
        lo2[last] = k;
        hi2[last + 1] = k;
      }
      matrix = k == 0 ? sq : ShapeOps.pad(sq, zero, lo2, hi2, in2);
    }
    int[] perm = new int[outRank];
    for (int i = 0, k = 0; i < outRank; i++) {
      if (i == a) {
        perm[i] = outRank - 2;
      } else if (i == b) {
        perm[i] = outRank - 1;
      } else {
        perm[i] = k++;
      }
    }
    return AxisOps.permute(matrix, perm);
  }

  /**
   * The view {@code size}/{@code stride}/{@code storage_offset} of a contiguous tensor's elements:
   * element {@code i} of the result is element {@code offset + sum(i_k * stride_k)} of {@code self}
   * flattened. Inputs are values here, so this is exact for tensors libtorch would hold
   * contiguously (e.g. fresh results), which is what traced graphs pass.
   */
  @Implements("aten::as_strided aten::as_strided_ aten::as_strided_copy")
  public static Array asStrided(Array self, long[] size, long[] stride, Long storageOffset) {
    if (size.length != stride.length) {
      throw new IllegalArgumentException(
          "as_strided: mismatch in length of strides and shape ("
              + Arrays.toString(size)
              + ", "
              + Arrays.toString(stride)
              + ")");
    }
    long offset = storageOffset == null ? 0 : storageOffset;
    long max = offset;
    for (int i = 0; i < size.length; i++) {
      if (size[i] < 0 || stride[i] < 0) {
        throw new IllegalArgumentException(
            "as_strided: negative size or stride (" + size[i] + ", " + stride[i] + ")");
      }
      if (size[i] == 0) {
        max = -1;
        break;
      }
      max += (size[i] - 1) * stride[i];
    }
    if (max >= self.size() || offset < 0) {
      throw new IllegalArgumentException(
          "as_strided: size "
              + Arrays.toString(size)
              + ", stride "
              + Arrays.toString(stride)
              + " and storage offset "
              + offset
              + " reach element "
              + max
              + ", out of bounds for a tensor of "
              + self.size()
              + " elements");
    }
    if (Shapes.size(size) == 0) {
      return Constants.full(size, 0L, self.dtype());
    }
    Array linear = Constants.full(size, offset, DType.I64);
    for (int i = 0; i < size.length; i++) {
      if (size[i] > 1) {
        linear =
            ElementwiseOps.add(
                linear,
                ElementwiseOps.mul(
                    Constants.iota(DType.I64, size, i),
                    Constants.full(size, stride[i], DType.I64)));
      }
    }
    Array flat = AxisOps.reshape(self, new long[] {self.size()});
    return Gathers.take(flat, 0, linear);
  }

  static int[] identity(int rank) {
    int[] p = new int[rank];
    Arrays.setAll(p, i -> i);
    return p;
  }

  static long[] append(long[] head, long... tail) {
    long[] out = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, out, head.length, tail.length);
    return out;
  }
}
