package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.CustomVjp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.core.Shapes;
import dev.torch2jax.lax.ReductionOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * p-norm distances between rows: {@code _cdist_forward} (every row of one set against every row of
 * another, batch dimensions broadcast) and {@code _pdist_forward} (every pair of rows of one
 * matrix). p = 0 counts differing coordinates, p = inf takes the largest difference. Their VJPs are
 * libtorch's {@code _cdist_backward} and {@code _pdist_backward}, which define the gradient at
 * non-smooth points: zero where a distance is zero, zero for p = 0, zero at equal coordinates for p
 * below 1, and for p = inf the full gradient to every coordinate that attains the maximum.
 */
public final class Distances {
  private Distances() {}

  /**
   * The distances between the rows of {@code x1} ({@code [..., r1, m]}) and of {@code x2} ({@code
   * [..., r2, m]}): {@code [..., r1, r2]}, the batch dimensions broadcast. For p = 2, {@code
   * compute_mode} 1 (or None with more than 25 rows on a side) uses libtorch's matrix-product form
   * {@code sqrt(max(|a|^2 - 2ab + |b|^2, 0))}; 2 and the other cases take the differences directly.
   */
  @Implements("aten::_cdist_forward")
  public static Array cdistForward(Array x1, Array x2, double p, Long computeMode) {
    checkCdist(x1, x2, p, computeMode);
    long[] batch =
        Shapes.broadcast("_cdist_forward", batchShape(x1.shape(), 2), batchShape(x2.shape(), 2));
    long r1 = x1.shape()[x1.ndim() - 2];
    long r2 = x2.shape()[x2.ndim() - 2];
    long m = x1.shape()[x1.ndim() - 1];
    long[] out = append(batch, r1, r2);
    if (Shapes.size(out) == 0 || m == 0) {
      return Jnp.zeros(out, x1.dtype());
    }
    long mode = computeMode == null ? 0 : computeMode;
    if (p == 2 && (mode == 1 || (mode == 0 && (r1 > 25 || r2 > 25)))) {
      return Jnp.broadcastTo(euclideanByMatmul(x1, x2), out);
    }
    return norm(Jnp.abs(differences(x1, x2)), p);
  }

  /** libtorch's {@code _cdist_backward} for both inputs (batch broadcasting summed back). */
  @CustomVjp("aten::_cdist_forward")
  public static List<Object> cdistVjp(List<Object> args, Object output, Object cotangent) {
    Array x1 = (Array) args.get(0);
    Array x2 = (Array) args.get(1);
    double p = (Double) args.get(2);
    Array terms =
        pairTerms(
            differences(x1, x2), trailingAxis((Array) cotangent), trailingAxis((Array) output), p);
    Array g1 = sumTo(Jnp.sum(terms, -2, false), x1.shape());
    Array g2 = sumTo(Jnp.negative(Jnp.sum(terms, -3, false)), x2.shape());
    return Arrays.asList(g1, g2, null, null);
  }

  /**
   * The distances between rows {@code i < j} of the 2-D {@code self}, in row-major order of the
   * pairs ({@code (0,1), (0,2), ..., (1,2), ...}): {@code n(n-1)/2} values.
   */
  @Implements("aten::_pdist_forward")
  public static Array pdistForward(Array self, double p) {
    if (self.ndim() != 2) {
      throw new IllegalArgumentException(
          "_pdist_forward: pdist only supports 2D tensors, got shape "
              + Arrays.toString(self.shape()));
    }
    requireFloat("_pdist_forward", "self", self);
    long n = self.shape()[0];
    long m = self.shape()[1];
    long pairs = n * (n - 1) / 2;
    if (n <= 1 || m == 0) {
      return Jnp.zeros(new long[] {pairs}, self.dtype());
    }
    Array all = norm(Jnp.abs(differences(self, self)), p);
    return Gathers.take(
        ShapeOps.reshape(all, new long[] {n * n}), 0, Constants.longs(upperPairs(n), pairs));
  }

  /**
   * libtorch's {@code _pdist_backward}: each pair's term is added to its first row and subtracted
   * from its second, i.e. a row gets the terms against every other row with the pair's cotangent.
   */
  @CustomVjp("aten::_pdist_forward")
  public static List<Object> pdistVjp(List<Object> args, Object output, Object cotangent) {
    Array self = (Array) args.get(0);
    double p = (Double) args.get(1);
    long n = self.shape()[0];
    if (n <= 1 || self.shape()[1] == 0) {
      return Arrays.asList(Jnp.zerosLike(self), null);
    }
    Array grad = symmetric((Array) cotangent, n);
    Array dist = symmetric((Array) output, n);
    Array terms = pairTerms(differences(self, self), trailingAxis(grad), trailingAxis(dist), p);
    return Arrays.asList(Jnp.sum(terms, -2, false), null);
  }

  // ---- forward --------------------------------------------------------------------------------

  /** {@code x1[..., i, :] - x2[..., j, :]} for every pair: {@code [..., r1, r2, m]}. */
  private static Array differences(Array x1, Array x2) {
    Array a = ShapeOps.expandDims(x1, new long[] {x1.ndim() - 1});
    Array b = ShapeOps.expandDims(x2, new long[] {x2.ndim() - 2});
    return Jnp.subtract(a, b);
  }

  /** The p-norm over the last axis of the absolute differences {@code d}. */
  private static Array norm(Array d, double p) {
    int last = d.ndim() - 1;
    DType t = d.dtype();
    if (p == 0) {
      return Jnp.sum(Jnp.minimum(Jnp.ceil(d), Jnp.scalarOf(1, t)), last);
    }
    if (p == 1) {
      return Jnp.sum(d, last);
    }
    if (p == 2) {
      return Jnp.sqrt(Jnp.sum(Jnp.multiply(d, d), last));
    }
    if (Double.isInfinite(p)) {
      return Jnp.max(d, last, false);
    }
    Array sum = Jnp.sum(Jnp.power(d, Jnp.scalarOf(p, t)), last);
    return Jnp.power(sum, Jnp.scalarOf(1.0 / p, t));
  }

  /** libtorch's {@code _euclidean_dist}: one matrix product, clamped at 0 before the root. */
  private static Array euclideanByMatmul(Array x1, Array x2) {
    DType t = x1.dtype();
    Array n1 = Jnp.sum(Jnp.multiply(x1, x1), x1.ndim() - 1, true);
    Array n2 = Jnp.sum(Jnp.multiply(x2, x2), x2.ndim() - 1, true);
    Array a =
        Jnp.concatenate(List.of(Jnp.multiply(x1, Jnp.scalarOf(-2, t)), n1, Jnp.onesLike(n1)), -1);
    Array b = Jnp.concatenate(List.of(x2, Jnp.onesLike(n2), n2), -1);
    Array sq = Jnp.matmul(a, Jnp.transpose(b, swapLast(b.ndim())));
    return Jnp.sqrt(Jnp.maximum(sq, Jnp.scalarOf(0, t)));
  }

  // ---- backward -------------------------------------------------------------------------------

  /**
   * The gradient of one pair's distance with respect to the first row, times the pair's cotangent
   * {@code g}, per coordinate of the difference {@code d}; {@code dist} is the pair's distance.
   */
  private static Array pairTerms(Array d, Array g, Array dist, double p) {
    DType t = d.dtype();
    Array zero = Jnp.scalarOf(0, t);
    if (p == 0) {
      return Jnp.zerosLike(Jnp.multiply(d, g));
    }
    if (p == 1) {
      return Jnp.multiply(g, Jnp.sign(d));
    }
    Array atZero = Jnp.equal(dist, zero);
    if (Double.isInfinite(p)) {
      Array attains = Jnp.astype(Jnp.equal(Jnp.abs(d), dist), t);
      return Jnp.multiply(Jnp.multiply(g, Jnp.sign(d)), attains);
    }
    if (p == 2) {
      return Jnp.where(atZero, zero, Jnp.divide(Jnp.multiply(g, d), dist));
    }
    Array distPow = Jnp.power(dist, Jnp.scalarOf(p - 1, t));
    if (p < 2) {
      Array r =
          Jnp.divide(
              Jnp.multiply(
                  Jnp.multiply(Jnp.sign(d), Jnp.power(Jnp.abs(d), Jnp.scalarOf(p - 1, t))), g),
              distPow);
      r = Jnp.where(atZero, zero, r);
      return p < 1 ? Jnp.where(Jnp.equal(d, zero), zero, r) : r;
    }
    Array r =
        Jnp.divide(
            Jnp.multiply(Jnp.multiply(d, Jnp.power(Jnp.abs(d), Jnp.scalarOf(p - 2, t))), g),
            distPow);
    return Jnp.where(atZero, zero, r);
  }

  /** The pair values {@code v} (row-major pairs {@code i < j}) as a symmetric n x n matrix. */
  private static Array symmetric(Array v, long n) {
    long[] pairOf = new long[(int) (n * n)];
    boolean[] offDiagonal = new boolean[pairOf.length];
    long k = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        pairOf[(int) (i * n + j)] = k;
        pairOf[(int) (j * n + i)] = k;
        offDiagonal[(int) (i * n + j)] = true;
        offDiagonal[(int) (j * n + i)] = true;
        k++;
      }
    }
    Array picked = Gathers.take(v, 0, Constants.longs(pairOf, n * n));
    Array mask = Array.of(offDiagonal, n * n);
    Array full = Jnp.where(mask, picked, Jnp.scalarOf(0, v.dtype()));
    return ShapeOps.reshape(full, new long[] {n, n});
  }

  // ---- shapes and checks ----------------------------------------------------------------------

  private static void checkCdist(Array x1, Array x2, double p, Long computeMode) {
    String op = "_cdist_forward";
    if (x1.ndim() < 2 || x2.ndim() < 2) {
      throw new IllegalArgumentException(
          op
              + ": cdist only supports at least 2D tensors, got shapes "
              + Arrays.toString(x1.shape())
              + " and "
              + Arrays.toString(x2.shape()));
    }
    if (x1.shape()[x1.ndim() - 1] != x2.shape()[x2.ndim() - 1]) {
      throw new IllegalArgumentException(
          op
              + ": X1 and X2 must have the same number of columns, got shapes "
              + Arrays.toString(x1.shape())
              + " and "
              + Arrays.toString(x2.shape()));
    }
    requireFloat(op, "X1", x1);
    requireFloat(op, "X2", x2);
    DTypeChecks.requireSameDtype(op, "X1 and X2", x1, x2);
    if (!(p >= 0)) {
      throw new IllegalArgumentException(
          op + ": cdist only supports non-negative p values, got " + p);
    }
    if (computeMode != null && (computeMode < 0 || computeMode > 2)) {
      throw new IllegalArgumentException(
          op + ": compute_mode must be 0, 1, 2 or None, got " + computeMode);
    }
  }

  private static void requireFloat(String op, String name, Array x) {
    if (!x.dtype().isFloatingPoint()) {
      throw new IllegalArgumentException(
          op
              + ": only floating-point inputs are supported, "
              + name
              + " is "
              + x.dtype().torchName());
    }
  }

  /** The flat positions {@code i * n + j} of the pairs {@code i < j}, row-major. */
  private static long[] upperPairs(long n) {
    long[] out = new long[(int) (n * (n - 1) / 2)];
    int k = 0;
    for (long i = 0; i < n; i++) {
      for (long j = i + 1; j < n; j++) {
        out[k++] = i * n + j;
      }
    }
    return out;
  }

  /** {@code a} with a trailing axis of size 1 (to broadcast against coordinates). */
  private static Array trailingAxis(Array a) {
    return ShapeOps.expandDims(a, new long[] {a.ndim()});
  }

  /** {@code a} summed over the dimensions that broadcasting added or stretched to reach it. */
  private static Array sumTo(Array a, long[] shape) {
    long[] s = a.shape();
    int lead = s.length - shape.length;
    List<Long> axes = new ArrayList<>();
    for (int i = 0; i < s.length; i++) {
      if (i < lead || (shape[i - lead] == 1 && s[i] != 1)) {
        axes.add((long) i);
      }
    }
    if (axes.isEmpty()) {
      return a;
    }
    Array r = ReductionOps.reduceSum(a, axes.stream().mapToLong(Long::longValue).toArray());
    return ShapeOps.reshape(r, shape.clone());
  }

  private static long[] batchShape(long[] shape, int trailing) {
    return Arrays.copyOf(shape, shape.length - trailing);
  }

  private static long[] append(long[] shape, long... more) {
    long[] out = Arrays.copyOf(shape, shape.length + more.length);
    System.arraycopy(more, 0, out, shape.length, more.length);
    return out;
  }

  private static long[] swapLast(int rank) {
    long[] perm = new long[rank];
    Arrays.setAll(perm, i -> i);
    perm[rank - 1] = rank - 2;
    perm[rank - 2] = rank - 1;
    return perm;
  }
}
