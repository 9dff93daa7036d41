package dev.torch2jax.aten;

import dev.torch2jax.Array;
import dev.torch2jax.DType;
import dev.torch2jax.Jnp;
import dev.torch2jax.annotations.Implements;
import dev.torch2jax.lax.ElementwiseOps;
import dev.torch2jax.lax.LinalgOps;
import dev.torch2jax.lax.ReductionOps;
import dev.torch2jax.lax.ShapeOps;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matrix products (ATen's LinearAlgebra): {@code matmul}, {@code mm}, {@code bmm}, the fused {@code
 * addmm}/{@code baddbmm}/{@code addmv}, vector products, {@code linear} and {@code einsum}.
 */
public final class LinearAlgebra {
  private LinearAlgebra() {}

  /** {@code torch.matmul}: vectors, matrices and broadcast batches. */
  @Implements("aten::matmul")
  public static Array matmul(Array self, Array other) {
    return Jnp.matmul(self, other);
  }

  /** A 2-D by 2-D product. */
  @Implements("aten::mm")
  public static Array mm(Array self, Array mat2) {
    if (self.ndim() != 2 || mat2.ndim() != 2) {
      throw new IllegalArgumentException(
          "aten::mm needs two matrices, got shapes "
              + Arrays.toString(self.shape())
              + " and "
              + Arrays.toString(mat2.shape()));
    }
    return Jnp.matmul(self, mat2);
  }

  /** A batch of matrix products: {@code (b, n, m) @ (b, m, p)}. */
  @Implements("aten::bmm")
  public static Array bmm(Array self, Array mat2) {
    operands("bmm", self, 3, "batch1", mat2, 3, "batch2");
    long[] a = self.shape();
    long[] b = mat2.shape();
    if (a[0] != b[0] || a[2] != b[1]) {
      throw new IllegalArgumentException(
          "bmm: shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + " do not match");
    }
    return LinalgOps.dotGeneral(
        self, mat2, new long[] {2}, new long[] {1}, new long[] {0}, new long[] {0});
  }

  /** {@code beta * self + alpha * (mat1 @ mat2)}; with {@code beta = 0} self is ignored. */
  @Implements("aten::addmm aten::addmm_")
  public static Array addmm(Array self, Array mat1, Array mat2, Number beta, Number alpha) {
    return fused("addmm", self, LinearAlgebra.mm(mat1, mat2), beta, alpha);
  }

  /** {@code beta * self + alpha * bmm(batch1, batch2)}. */
  @Implements("aten::baddbmm aten::baddbmm_")
  public static Array baddbmm(Array self, Array batch1, Array batch2, Number beta, Number alpha) {
    return fused("baddbmm", self, bmm(batch1, batch2), beta, alpha);
  }

  /** {@code beta * self + alpha * (mat @ vec)}. */
  @Implements("aten::addmv aten::addmv_")
  public static Array addmv(Array self, Array mat, Array vec, Number beta, Number alpha) {
    return fused("addmv", self, mv(mat, vec), beta, alpha);
  }

  /** Matrix times vector. */
  @Implements("aten::mv")
  public static Array mv(Array self, Array vec) {
    operands("mv", self, 2, "self", vec, 1, "vec");
    return Jnp.matmul(self, vec);
  }

  /** The inner product of two vectors of one dtype. */
  @Implements("aten::dot")
  public static Array dot(Array self, Array tensor) {
    operands("dot", self, 1, "self", tensor, 1, "tensor");
    return Jnp.matmul(self, tensor);
  }

  /** The outer product of two vectors (promoted). */
  @Implements("aten::outer aten::ger")
  public static Array outer(Array self, Array vec2) {
    rank("outer", self, 1, "self");
    rank("outer", vec2, 1, "vec2");
    return Jnp.multiply(Jnp.reshape(self, -1, 1), vec2);
  }

  /** {@code input @ weight.T + bias}. */
  @Implements("aten::linear")
  public static Array linear(Array input, Array weight, Array bias) {
    Array y;
    if (weight.ndim() == 2 && input.ndim() >= 1 && input.dtype() == weight.dtype()) {
      // x's last dim contracted with W's dim 1 directly: W^T is never formed (XLA CPU would copy
      // the whole weight on every call), and leading dims of x stay free, not broadcast batches.
      if (input.shape()[input.ndim() - 1] != weight.shape()[1]) {
        throw new IllegalArgumentException(
            "linear: mat1 and mat2 shapes cannot be multiplied (input %s, weight %s)"
                .formatted(Arrays.toString(input.shape()), Arrays.toString(weight.shape())));
      }
      long[] none = {};
      y =
          LinalgOps.dotGeneral(
              input, weight, new long[] {input.ndim() - 1}, new long[] {1}, none, none);
    } else {
      y = Jnp.matmul(input, weight.ndim() == 2 ? Jnp.transpose(weight) : weight);
    }
    return bias == null ? y : Jnp.add(y, bias);
  }

  private static Array fused(String op, Array self, Array product, Number beta, Number alpha) {
    DType t = product.dtype();
    if (!t.isFloatingPoint()
        && (beta instanceof Double
            || beta instanceof Float
            || alpha instanceof Double
            || alpha instanceof Float)) {
      throw new IllegalArgumentException(
          op + ": for integral input tensors, beta and alpha must be integers");
    }
    Array p = Constants.times(product, alpha.doubleValue());
    double b = beta.doubleValue();
    if (b == 0) {
      return p;
    }
    Array s = Jnp.broadcastTo(Jnp.astype(self, t), p.shape());
    return ElementwiseOps.add(Constants.times(s, b), p);
  }

  /** Checks the ranks of a product's two operands and that they share a dtype. */
  private static void operands(
      String op, Array a, int rankA, String nameA, Array b, int rankB, String nameB) {
    rank(op, a, rankA, nameA);
    rank(op, b, rankB, nameB);
    DTypeChecks.requireSameDtype(op, "%s and %s".formatted(nameA, nameB), a, b);
  }

  private static void rank(String op, Array a, int rank, String name) {
    if (a.ndim() != rank) {
      throw new IllegalArgumentException(
          "%s: %s must be a %dD tensor, got shape %s"
              .formatted(op, name, rank, Arrays.toString(a.shape())));
    }
  }

  // ---- einsum --------------------------------------------------------------------------------

  /**
   * {@code torch.einsum}: operands' subscripts (letters, one {@code ...} each) and an optional
   * {@code ->} output. Repeated letters within one operand take diagonals; letters absent from the
   * output are summed; pairs of operands contract left to right with {@code dot_general}.
   */
  @Implements(value = "aten::einsum", ignores = "path")
  public static Array einsum(String equation, List<Array> tensors) {
    String eq = equation.replace(" ", "");
    String lhs;
    String rhs;
    int arrow = eq.indexOf("->");
    if (arrow >= 0) {
      lhs = eq.substring(0, arrow);
      rhs = eq.substring(arrow + 2);
    } else {
      lhs = eq;
      rhs = null;
    }
    String[] specs = lhs.split(",", -1);
    if (specs.length != tensors.size()) {
      throw new IllegalArgumentException(
          "einsum(): more operands were provided than specified in the equation \""
              + equation
              + "\" ("
              + tensors.size()
              + " tensors, "
              + specs.length
              + " subscripts)");
    }
    // Ellipsis dimensions get labels of their own (upper-case private code points), right-aligned.
    int ellRank = 0;
    for (int i = 0; i < specs.length; i++) {
      if (specs[i].contains("...")) {
        int letters = specs[i].length() - 3;
        ellRank = Math.max(ellRank, tensors.get(i).ndim() - letters);
      }
    }
    StringBuilder ellLabels = new StringBuilder();
    for (int i = 0; i < ellRank; i++) {
      ellLabels.append((char) (0x2460 + i));
    }
    List<String> labels = new ArrayList<>();
    List<Array> ops = new ArrayList<>();
    Map<Character, Long> sizes = new HashMap<>();
    for (int i = 0; i < specs.length; i++) {
      Array t = tensors.get(i);
      String s = specs[i];
      if (s.contains("...")) {
        int k = t.ndim() - (s.length() - 3);
        s = s.replace("...", ellLabels.substring(ellRank - k));
      }
      if (s.length() != t.ndim()) {
        throw new IllegalArgumentException(
            ("einsum(): the number of subscripts in the equation (%d) does not match the number of"
                    + " dimensions (%d) for operand %d")
                .formatted(s.length(), t.ndim(), i));
      }
      for (int d = 0; d < s.length(); d++) {
        long n = t.shape()[d];
        Long prev = sizes.get(s.charAt(d));
        if (prev == null || prev == 1) {
          sizes.put(s.charAt(d), n);
        } else if (n != 1 && n != prev) {
          throw new IllegalArgumentException(
              "einsum(): operands do not broadcast with remapped shapes: subscript '"
                  + s.charAt(d)
                  + "' has sizes "
                  + prev
                  + " and "
                  + n);
        }
      }
      labels.add(s);
      ops.add(t);
    }
    String out;
    if (rhs != null) {
      out = rhs.replace("...", ellLabels.toString());
    } else {
      Map<Character, Integer> counts = new LinkedHashMap<>();
      for (String s : labels) {
        for (char c : s.toCharArray()) {
          counts.merge(c, 1, Integer::sum);
        }
      }
      StringBuilder o = new StringBuilder(ellLabels);
      counts.entrySet().stream()
          .filter(e -> e.getValue() == 1 && e.getKey() < 0x2460)
          .map(Map.Entry::getKey)
          .sorted()
          .forEach(o::append);
      out = o.toString();
    }
    // Broadcast size-1 dimensions, take diagonals, sum letters used nowhere else.
    for (int i = 0; i < ops.size(); i++) {
      Array t = ops.get(i);
      String s = labels.get(i);
      long[] target = new long[s.length()];
      for (int d = 0; d < s.length(); d++) {
        target[d] = sizes.get(s.charAt(d));
      }
      t = Jnp.broadcastTo(t, target);
      for (int d = 0; d < s.length(); d++) {
        int e = s.indexOf(s.charAt(d), d + 1);
        while (e >= 0) {
          t = diagonal(t, d, e);
          s = s.substring(0, e) + s.substring(e + 1);
          e = s.indexOf(s.charAt(d), d + 1);
        }
      }
      StringBuilder kept = new StringBuilder();
      List<Long> summed = new ArrayList<>();
      for (int d = 0; d < s.length(); d++) {
        char c = s.charAt(d);
        if (out.indexOf(c) < 0 && !usedElsewhere(labels, i, c)) {
          summed.add((long) d);
        } else {
          kept.append(c);
        }
      }
      if (!summed.isEmpty()) {
        t = ReductionOps.reduceSum(t, summed.stream().mapToLong(Long::longValue).toArray());
      }
      ops.set(i, t);
      labels.set(i, kept.toString());
    }
    DType dt = ops.getFirst().dtype();
    for (Array a : ops) {
      dt = dev.torch2jax.core.Promotion.promoteTypes(dt, a.dtype());
    }
    Array acc = Jnp.astype(ops.getFirst(), dt);
    String accLabels = labels.getFirst();
    for (int i = 1; i < ops.size(); i++) {
      Array b = Jnp.astype(ops.get(i), dt);
      String bl = labels.get(i);
      List<Long> batchA = new ArrayList<>();
      List<Long> batchB = new ArrayList<>();
      List<Long> conA = new ArrayList<>();
      List<Long> conB = new ArrayList<>();
      StringBuilder batchL = new StringBuilder();
      for (int d = 0; d < accLabels.length(); d++) {
        char c = accLabels.charAt(d);
        int e = bl.indexOf(c);
        if (e < 0) {
          continue;
        }
        boolean needed = out.indexOf(c) >= 0 || usedAfter(labels, i, c);
        if (needed) {
          batchA.add((long) d);
          batchB.add((long) e);
          batchL.append(c);
        } else {
          conA.add((long) d);
          conB.add((long) e);
        }
      }
      StringBuilder freeA = new StringBuilder();
      for (int d = 0; d < accLabels.length(); d++) {
        if (bl.indexOf(accLabels.charAt(d)) < 0) {
          freeA.append(accLabels.charAt(d));
        }
      }
      StringBuilder freeB = new StringBuilder();
      for (int d = 0; d < bl.length(); d++) {
        if (accLabels.indexOf(bl.charAt(d)) < 0) {
          freeB.append(bl.charAt(d));
        }
      }
      acc =
          LinalgOps.dotGeneral(
              acc, b, toArray(conA), toArray(conB), toArray(batchA), toArray(batchB));
      accLabels = batchL.toString() + freeA + freeB;
    }
    // Letters still present but not in the output (single operand) were summed above.
    long[] perm = new long[out.length()];
    for (int d = 0; d < out.length(); d++) {
      int p = accLabels.indexOf(out.charAt(d));
      if (p < 0) {
        throw new IllegalArgumentException(
            "einsum(): output subscript " + out.charAt(d) + " does not appear in the operands");
      }
      perm[d] = p;
    }
    return perm.length == 0 ? acc : ShapeOps.transpose(acc, perm);
  }

  private static boolean usedElsewhere(List<String> labels, int i, char c) {
    for (int j = 0; j < labels.size(); j++) {
      if (j != i && labels.get(j).indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean usedAfter(List<String> labels, int i, char c) {
    for (int j = i + 1; j < labels.size(); j++) {
      if (labels.get(j).indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static long[] toArray(List<Long> l) {
    return l.stream().mapToLong(Long::longValue).toArray();
  }

  /** The diagonal of axes {@code a < b} kept at {@code a}; axis {@code b} disappears. */
  private static Array diagonal(Array t, int a, int b) {
    long[] s = t.shape();
    long n = s[a];
    Array eye =
        Jnp.equal(
            ShapeOps.iota(DType.I64, new long[] {n, n}, 0),
            ShapeOps.iota(DType.I64, new long[] {n, n}, 1));
    long[] dims = {a, b};
    Array mask = ShapeOps.broadcastInDim(eye, s, dims);
    Array masked = ElementwiseOps.select(mask, t, Jnp.zerosLike(t));
    return ReductionOps.reduceSum(masked, new long[] {b});
  }
}
