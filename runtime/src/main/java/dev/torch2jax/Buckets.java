package dev.torch2jax;

import dev.torch2jax.transform.Jit;
import dev.torch2jax.transform.TreeDef;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shape buckets for {@code jit}: one dynamic dimension (a batch, or a sequence length) is padded up
 * to the next bucket size before the call and the outputs are sliced back after it, so a service
 * that sees every size from 1 to 64 compiles a handful of programs instead of 64.
 *
 * <pre>{@code
 * Fn classify = Buckets.powersOfTwo(64).jit(a -> model.call(params, (Array) a[0]));
 * Array logits = (Array) classify.apply(batchOf37);   // runs the program of batch 64
 * }</pre>
 *
 * <p>Semantics:
 *
 * <ul>
 *   <li>Padded arguments: argument 0 unless {@link #pad} names others. Every array of a padded
 *       argument (an array or a pytree of arrays) must have the same size {@code n} along the axis
 *       ({@link #alongAxis}, 0 by default); that size picks the bucket: the smallest bucket size at
 *       least {@code n}. The new entries hold the argument's pad value (0 unless {@link #pad} says
 *       otherwise; nonzero is {@code true} for a boolean array). Other arguments pass unchanged.
 *   <li>Outputs: every array of the result whose size along the axis equals the bucket size is
 *       sliced back to its first {@code n} entries there; other arrays (and non-array leaves) are
 *       returned as computed. An output that does not follow the padded dimension but happens to
 *       have the bucket size along the axis would be sliced too: avoid returning one.
 *   <li>Safe functions: those in which entries along the axis do not interact, so the first {@code
 *       n} results do not depend on the padding: a model's per-example forward pass in eval mode.
 *       Not safe: batch statistics (batch norm in training mode), reductions or means over the
 *       padded axis, attention over a padded sequence without a mask. For sequences, pass a
 *       key-padding mask as a padded argument with pad value 1 ({@code true}: PyTorch's "ignore
 *       this position"), so that no real position attends to a padded one.
 *   <li>Padding and slicing copy through host memory (no program per size); a size above the
 *       largest bucket is refused.
 * </ul>
 *
 * <p>Instances are immutable; the with-methods return a new policy.
 */
public final class Buckets {
  private final long[] sizes;
  private final int axis;
  private final Map<Integer, Double> padValues;

  private Buckets(long[] sizes, int axis, Map<Integer, Double> padValues) {
    this.sizes = sizes;
    this.axis = axis;
    this.padValues = padValues;
  }

  /**
   * Buckets 1, 2, 4, ... up to {@code max}, a power of two.
   *
   * @throws IllegalArgumentException when {@code max} is not a positive power of two
   */
  public static Buckets powersOfTwo(long max) {
    if (max < 1 || Long.bitCount(max) != 1) {
      throw new IllegalArgumentException(
          "the largest bucket must be a positive power of two, got %d".formatted(max));
    }
    long[] sizes = new long[Long.numberOfTrailingZeros(max) + 1];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = 1L << i;
    }
    return new Buckets(sizes, 0, Map.of());
  }

  /**
   * The bucket sizes given, in increasing order.
   *
   * @throws IllegalArgumentException when there are none, or they are not positive and increasing
   */
  public static Buckets of(long... sizes) {
    if (sizes.length == 0) {
      throw new IllegalArgumentException("give at least one bucket size");
    }
    for (int i = 0; i < sizes.length; i++) {
      if (sizes[i] < 1 || (i > 0 && sizes[i] <= sizes[i - 1])) {
        throw new IllegalArgumentException(
            "bucket sizes must be positive and increasing, got %s"
                .formatted(Arrays.toString(sizes)));
      }
    }
    return new Buckets(sizes.clone(), 0, Map.of());
  }

  /** The same buckets along {@code axis} of the padded arguments and of the outputs. */
  public Buckets alongAxis(int axis) {
    if (axis < 0) {
      throw new IllegalArgumentException("the bucketed axis must be >= 0, got %d".formatted(axis));
    }
    return new Buckets(sizes, axis, padValues);
  }

  /** Also pads argument {@code argument} (0-based), with {@code value}. */
  public Buckets pad(int argument, double value) {
    if (argument < 0) {
      throw new IllegalArgumentException("argument indices start at 0, got %d".formatted(argument));
    }
    Map<Integer, Double> more = new TreeMap<>(padValues);
    more.put(argument, value);
    return new Buckets(sizes, axis, Collections.unmodifiableMap(more));
  }

  /** The bucket sizes, increasing. */
  public long[] sizes() {
    return sizes.clone();
  }

  /**
   * The smallest bucket size at least {@code n}.
   *
   * @throws IllegalArgumentException when {@code n} is below 1 or above the largest bucket
   */
  public long bucketFor(long n) {
    for (long s : sizes) {
      if (s >= n && n >= 1) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "size %d along axis %d is outside the buckets %s: split the input or add a larger bucket"
            .formatted(n, axis, Arrays.toString(sizes)));
  }

  /** {@code f} jitted with these buckets (see the class comment for what is padded and sliced). */
  public Fn jit(Fn f) {
    Jit jitted = new Jit(f, "jit_bucketed");
    Map<Integer, Double> padded = padValues.isEmpty() ? Map.of(0, 0.0) : padValues;
    return args -> call(jitted, padded, args);
  }

  private Object call(Jit jitted, Map<Integer, Double> padded, Object[] args) {
    long n = commonSize(padded, args);
    long bucket = bucketFor(n);
    if (bucket == n) {
      return jitted.apply(args);
    }
    Object[] grown = args.clone();
    List<Array> temporaries = new ArrayList<>();
    Object result;
    try {
      for (var e : padded.entrySet()) {
        TreeDef.Flat flat = TreeDef.flatten(args[e.getKey()]);
        List<Array> leaves = new ArrayList<>();
        for (Array a : flat.leaves()) {
          Array p = HostRows.pad(a, axis, bucket, e.getValue());
          temporaries.add(p);
          leaves.add(p);
        }
        grown[e.getKey()] = flat.def().unflatten(leaves);
      }
      result = jitted.apply(grown);
    } finally {
      // Also when the call is refused: a service sees bad inputs all day.
      temporaries.forEach(Array::close);
    }
    TreeDef.Flat out = TreeDef.flatten(result);
    List<Array> sliced = new ArrayList<>();
    for (Array a : out.leaves()) {
      if (a.ndim() > axis && a.shape()[axis] == bucket) {
        sliced.add(HostRows.take(a, axis, n));
        a.close();
      } else {
        sliced.add(a);
      }
    }
    return out.def().unflatten(sliced);
  }

  /** The size along the axis shared by every array of the padded arguments. */
  private long commonSize(Map<Integer, Double> padded, Object[] args) {
    long n = -1;
    String first = null;
    for (int index : padded.keySet()) {
      if (index >= args.length) {
        throw new IllegalArgumentException(
            "argument %d is to be padded, but the call has %d arguments"
                .formatted(index, args.length));
      }
      for (Array a : TreeDef.flatten(args[index]).leaves()) {
        String where = "argument %d (%s%s)".formatted(index, a.dtype(), Arrays.toString(a.shape()));
        if (a.ndim() <= axis) {
          throw new IllegalArgumentException(
              "%s has no axis %d to pad to a bucket".formatted(where, axis));
        }
        long size = a.shape()[axis];
        if (n >= 0 && size != n) {
          throw new IllegalArgumentException(
              "%s has size %d along axis %d but %s has %d: padded arguments must agree"
                  .formatted(where, size, axis, first, n));
        }
        n = size;
        first = where;
      }
    }
    if (n < 0) {
      throw new IllegalArgumentException(
          "the padded arguments %s hold no arrays".formatted(padded.keySet()));
    }
    return n;
  }
}
