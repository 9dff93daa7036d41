package dev.torch2jax.lax;

import dev.torch2jax.Array;
import dev.torch2jax.core.rules.Batched;
import java.util.ArrayList;
import java.util.List;

/** Helpers for batching rules: moving a batch axis, giving an unmapped operand one. */
public final class BatchAxes {
  private BatchAxes() {}

  /** {@code x} with its batch axis {@code bdim} moved to the front (unchanged if already 0). */
  public static Array toFront(Array x, int bdim) {
    if (bdim == 0) {
      return x;
    }
    int rank = x.ndim();
    long[] perm = new long[rank];
    perm[0] = bdim;
    for (int i = 1, src = 0; i < rank; i++, src++) {
      if (src == bdim) {
        src++;
      }
      perm[i] = src;
    }
    return ShapeOps.transpose(x, perm);
  }

  /**
   * {@code x} with a batch axis at the front: moved there when mapped ({@code bdim >= 0}),
   * broadcast to {@code size} when not mapped.
   */
  public static Array materialize(Array x, int bdim, long size) {
    if (bdim != Batched.NOT_MAPPED) {
      return toFront(x, bdim);
    }
    long[] s = x.shape();
    long[] shape = new long[s.length + 1];
    shape[0] = size;
    System.arraycopy(s, 0, shape, 1, s.length);
    long[] dims = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      dims[i] = i + 1;
    }
    return ShapeOps.broadcastInDim(x, shape, dims);
  }

  /** Each of {@code xs} with a batch axis of {@code size} at the front, as {@link #materialize}. */
  public static List<Array> materializeAll(List<Array> xs, int[] bdims, long size) {
    List<Array> out = new ArrayList<>(xs.size());
    for (int i = 0; i < xs.size(); i++) {
      out.add(materialize(xs.get(i), bdims[i], size));
    }
    return out;
  }

  /** The batch size: the size of the first mapped input's batch axis. */
  public static long size(List<Array> inputs, int[] bdims) {
    for (int i = 0; i < bdims.length; i++) {
      if (bdims[i] != Batched.NOT_MAPPED) {
        return inputs.get(i).shape()[bdims[i]];
      }
    }
    throw new IllegalArgumentException("no input is batched");
  }
}
